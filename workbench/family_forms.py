"""The case officer's form to invite a child's family to follow the plan."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from contributions.family_models import FamilyRelationship


class FamilyInviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="They sign in with it: we email them a code each time.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    relationship = forms.ChoiceField(
        label="Who are they to the child?",
        choices=FamilyRelationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are to the child"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        helper = FormHelper()
        helper.label_size = Size.SMALL
        helper.layout = Layout(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("relationship", legend_size=Size.SMALL),
            Button("submit", "Send the invitation"),
        )
        self.helper = helper

    def clean_full_name(self) -> str:
        name = " ".join(str(self.cleaned_data["full_name"]).split())
        if not name:
            raise forms.ValidationError("Enter their full name")
        return name

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()
