"""Forms of the managers' pages for staff, area teams and schools."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import SetPasswordForm

from accounts.models import Role
from common.forms import UploadForm
from organisation.models import AreaTeam, Setting, SettingPhase
from workbench.people import STAFF_ROLES

ROLE_HINTS = {
    Role.CASE_OFFICER: "Works the reviews of their area teams.",
    Role.MANAGER: "Sees and works every area, and manages people, teams and schools.",
    Role.LOCALOFFER_EDITOR: "Keeps the Local Offer's services up to date.",
}


def _helper(*fields: Any, button: str) -> FormHelper:
    helper = FormHelper()
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class _RoleAndAreas(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=[(r.value, r.label) for r in STAFF_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    areas = forms.ModelMultipleChoiceField(
        label="Area teams",
        queryset=AreaTeam.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Case officers only: the area teams whose reviews they work.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        areas = data.get("areas") or []
        if data.get("role") == Role.CASE_OFFICER and not areas:
            self.add_error("areas", "Choose at least one area team for a case officer")
        elif data.get("role") and data.get("role") != Role.CASE_OFFICER and areas:
            self.add_error("areas", "Only case officers belong to area teams: untick them")
        return data


class StaffInviteForm(_RoleAndAreas):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the full name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="They sign in with it, and the invitation is sent to it.",
        error_messages={
            "required": "Enter the email address",
            "invalid": "Enter an email address in the correct format, like name@kent.gov.uk",
        },
    )
    field_order = ["full_name", "email", "role", "areas"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size=Size.SMALL),
            Field.checkboxes("areas", legend_size=Size.SMALL, small=True),
            button="Send the invitation",
        )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class StaffChangeForm(_RoleAndAreas):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("role", legend_size=Size.SMALL),
            Field.checkboxes("areas", legend_size=Size.SMALL, small=True),
            button="Save changes",
        )


class StaffJoinForm(SetPasswordForm):  # type: ignore[type-arg]
    """An invited staff member sets their password."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            button="Set your password",
        )


class AreaTeamForm(forms.Form):
    name = forms.CharField(
        label="Name of the area team",
        max_length=100,
        error_messages={"required": "Enter the name of the area team"},
    )

    def __init__(self, *args: Any, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name", field_width=Fluid.TWO_THIRDS), button=button)


class AreaTeamDistrictsForm(forms.Form):
    districts = forms.CharField(
        label="Districts the area team serves",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text="One district a line, as Get Information about Schools names it (its "
        "DistrictAdministrative column), like Tunbridge Wells. A new school in one of them "
        "joins this team when the schools register is loaded.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("districts"), button="Save the districts")

    def clean_districts(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["districts"].splitlines()]
        too_long = [line for line in lines if len(line) > 100]
        if too_long:
            raise forms.ValidationError("Each district must be 100 characters or fewer")
        return [line for line in lines if line]


class SchoolForm(forms.ModelForm):  # type: ignore[type-arg]
    """A school's details: its name, URN, phase, area team and address."""

    class Meta:
        model = Setting
        fields = ["name", "urn", "phase", "area", "address"]
        labels = {"name": "Name", "urn": "URN", "phase": "Phase", "area": "Area team"}
        help_texts = {
            "urn": "The school's unique reference number from Get information about schools, "
            "like 118234.",
            "address": "With its postcode.",
        }
        error_messages = {
            "name": {"required": "Enter the school's name"},
            "urn": {
                "required": "Enter the school's URN",
                "unique": "Another school already has this URN",
            },
            "phase": {"required": "Choose the school's phase"},
            "area": {"required": "Choose the area team the school is in"},
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.empty_label = "Choose an area team"
        phase = self.fields["phase"]
        assert isinstance(phase, forms.ChoiceField)
        phase.choices = [("", "Choose a phase"), *SettingPhase.choices]
        self.helper = _helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("urn", field_width=10),
            Field.select("phase"),
            Field.select("area"),
            Field.textarea("address"),
            button=button,
        )

    def clean_urn(self) -> str:
        urn = str(self.cleaned_data["urn"]).strip()
        if not urn.isdigit():
            raise forms.ValidationError("Enter the URN as digits only, like 118234")
        return urn


class SchoolsRegisterForm(UploadForm):
    """A GIAS establishment extract to check (of the size and kind any upload may be), its
    LA code, and where new schools go."""

    file = forms.FileField(
        label="Upload a Get Information about Schools extract",
        help_text="The establishment fields extract as a CSV file, as Get Information about "
        "Schools downloads it.",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
        },
    )
    la_code = forms.RegexField(
        label="Local authority code",
        regex=r"^\d{3}$",
        help_text="The 3-digit code of your council in the register, like 886.",
        error_messages={
            "required": "Enter your council's local authority code",
            "invalid": "Enter the local authority code as 3 digits, like 886",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    area = forms.ModelChoiceField(
        label="Area team for new schools (optional)",
        queryset=AreaTeam.objects.order_by("name"),
        required=False,
        empty_label="Only by their district",
        help_text="A new school joins the area team whose districts include its district; "
        "choose a team here for new schools in a district no team lists.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("file"), Field.text("la_code", field_width=4), Field.select("area"),
            button="Upload and check",
        )  # fmt: skip
