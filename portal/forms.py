"""Forms of the school's pages."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import SetPasswordForm

from accounts.models import SchoolJob


def _helper(*fields: Any, button: str) -> FormHelper:
    helper = FormHelper()
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class SchoolStaffAddForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the full name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="They sign in with it. Someone new is emailed a link to set a password.",
        error_messages={
            "required": "Enter the email address",
            "invalid": "Enter an email address in the correct format, like name@school.sch.uk",
        },
    )
    job = forms.ChoiceField(
        label="Their job at the school",
        choices=SchoolJob.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their job at the school"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("job", legend_size=Size.SMALL),
            button="Add to the staff list",
        )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class SchoolJoinForm(SetPasswordForm):  # type: ignore[type-arg]
    """An invited member of a school's staff sets their password."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            button="Set your password",
        )
