from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import SetPasswordForm

from organisation.models import Setting
from reviews.forms import DayMonthYearField
from volunteers.agreements import Transition
from volunteers.models import Weekday

EMAIL_ERRORS = {
    "required": "Enter the email address",
    "invalid": "Enter an email address in the correct format, like name@school.kent.sch.uk",
}


def _helper(*fields: Any, button: str) -> FormHelper:
    helper = FormHelper()
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class SchoolUrnField(forms.CharField):
    """A school's unique reference number, turned into the school."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "School URN")
        kwargs.setdefault("help_text", "The school's 6-digit unique reference number, like 118234.")
        super().__init__(max_length=8, **kwargs)
        self.error_messages["required"] = "Enter the school's URN"

    def clean(self, value: Any) -> Setting:
        urn = str(super().clean(value)).strip()
        if not urn.isdigit():
            raise forms.ValidationError("Enter the URN as digits only, like 118234")
        school = Setting.objects.filter(urn=urn).first()
        if school is None:
            raise forms.ValidationError(
                f"No school with URN {urn} is known to the service. Check the number on "
                "Get Information about Schools."
            )
        return school


class ReleaseRequestForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Which day of the week would you give?",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the day of the week"},
    )
    start_on = DayMonthYearField(
        label="When would you start?",
        help_text="The first week of your release, for example 12 1 2027.",
        require_all_fields=False,
    )

    def __init__(self, *args: Any, max_weeks: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weeks"] = forms.IntegerField(
            label="For how many weeks?",
            help_text=f"Up to {max_weeks} weeks.",
            min_value=1,
            max_value=max_weeks,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        )
        self.fields["weeks"].error_messages.update(
            {
                "required": "Enter the number of weeks",
                "invalid": "Enter the number of weeks as a whole number, like 12",
                "min_value": "The number of weeks must be at least 1",
                "max_value": f"The number of weeks must be {max_weeks} or fewer",
            }
        )
        self.fields["start_on"].error_messages.update(
            {"required": "Enter the start date", "invalid": "Enter a real date, like 12 1 2027"}
        )
        self.helper = _helper(
            Field.radios("weekday", legend_size=Size.SMALL),
            Field("start_on"),
            Field.text("weeks", field_width=2),
            button="Send the request to your headteacher",
        )


class DecisionForm(forms.Form):
    """A headteacher's decision, limited to those open for the agreement now."""

    decision = forms.ChoiceField(
        label="What would you like to do?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with the release"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to decline, pause or end. The SENCO and the programme's manager "
        "will see it.",
        max_length=1000,
    )
    resume_on = DayMonthYearField(
        label="Resume date (if pausing)",
        help_text="Optional. The release restarts on this date, for example 3 2 2027.",
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args: Any, transitions: list[Transition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "approve": "Approve the release",
            "decline": "Decline the request",
            "pause": "Pause the release",
            "resume": "Resume the release",
            "end": "End the release",
        }
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [(t.verb, labels[t.verb]) for t in transitions]
        self.fields["resume_on"].error_messages["invalid"] = "Enter a real date, like 3 2 2027"
        fields: list[Any] = [Field.radios("decision", legend_size=Size.SMALL), "reason"]
        if any(t.verb == "pause" for t in transitions):
            fields.append(Field("resume_on"))
        else:
            del self.fields["resume_on"]
        self.helper = _helper(*fields, button="Confirm")


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the full name"}
    )
    email = forms.EmailField(label="Email address", error_messages=EMAIL_ERRORS)
    school = SchoolUrnField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("school", field_width=5),
            button="Send the invitation",
        )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class InterestForm(InviteForm):
    message = forms.CharField(
        label="Anything you would like us to know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].label = "Your full name"
        self.fields["email"].label = "Your school email address"
        self.fields["school"].label = "Your school's URN"
        self.helper = _helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("school", field_width=5),
            "message",
            button="Register interest",
        )


class InterestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept and send an invitation"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or decline"},
    )
    reason = forms.CharField(
        label="Reason (to decline)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("decision", legend_size=Size.SMALL), "reason", button="Confirm"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not str(data.get("reason", "")).strip():
            self.add_error("reason", "Give the reason for declining; the SENCO will see it")
        return data


class JoinForm(SetPasswordForm):  # type: ignore[type-arg]
    """An invited SENCO sets a password and confirms their details."""

    full_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": "Enter your name"}
    )
    trained_on = DayMonthYearField(
        label="When did you complete the reviewer training?",
        help_text="For example 14 10 2026.",
        require_all_fields=False,
    )

    field_order = ["full_name", "trained_on", "new_password1", "new_password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trained_on"].error_messages.update(
            {
                "required": "Enter the date of your training",
                "invalid": "Enter a real date, like 14 10 2026",
            }
        )
        self.helper = _helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field("trained_on"),
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            button="Join the programme",
        )


class SchoolHolidayForm(forms.Form):
    """A school holiday the programme manager adds: release days in it are not worked."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example, Christmas holiday.",
        error_messages={"required": "Enter the holiday's name"},
    )
    start_on = DayMonthYearField(
        label="First day", help_text="For example, 21 12 2026.", require_all_fields=False
    )
    end_on = DayMonthYearField(
        label="Last day", help_text="For example, 1 1 2027.", require_all_fields=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, what in (("start_on", "first"), ("end_on", "last")):
            self.fields[name].error_messages.update(
                {
                    "required": f"Enter the holiday's {what} day",
                    "invalid": "Enter a real date, like 21 12 2026",
                }
            )
        self.helper = _helper(
            Field.text("name", field_width=20),
            Field("start_on"),
            Field("end_on"),
            button="Add the holiday",
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start_on, end_on = cleaned.get("start_on"), cleaned.get("end_on")
        if start_on and end_on and end_on < start_on:
            self.add_error("end_on", "The last day must be the same as or after the first day")
        return cleaned
