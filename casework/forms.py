import re
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms

from casework.models import Child

# A UK postcode: outward code, a space (optional as typed), inward code.
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


class ChildContactForm(forms.ModelForm):  # type: ignore[type-arg]
    """The parent or carer that letters go to, and their address (GOV.UK address pattern)."""

    class Meta:
        model = Child
        fields = [
            "contact_name",
            "contact_address_line_1",
            "contact_address_line_2",
            "contact_town",
            "contact_postcode",
        ]
        labels = {
            "contact_name": "Name of parent or carer",
            "contact_address_line_1": "Address line 1",
            "contact_address_line_2": "Address line 2 (optional)",
            "contact_town": "Town or city",
            "contact_postcode": "Postcode",
        }
        help_texts = {"contact_name": "Letters about the plan are addressed to them."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name != "contact_address_line_2"
            field.error_messages["max_length"] = (
                f"{field.label} must be {field.max_length} characters or fewer"  # type: ignore[attr-defined]
            )
        self.fields["contact_name"].error_messages["required"] = (
            "Enter the name of the parent or carer"
        )
        self.fields["contact_address_line_1"].error_messages["required"] = (
            "Enter address line 1, typically the building and street"
        )
        self.fields["contact_town"].error_messages["required"] = "Enter town or city"
        self.fields["contact_postcode"].error_messages["required"] = "Enter postcode"
        autocomplete = {
            "contact_name": "name",
            "contact_address_line_1": "address-line1",
            "contact_address_line_2": "address-line2",
            "contact_town": "address-level2",
            "contact_postcode": "postal-code",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("contact_name", field_width=Fluid.TWO_THIRDS),
            Fieldset(
                Field.text("contact_address_line_1"),
                Field.text("contact_address_line_2"),
                Field.text("contact_town", field_width=Fluid.TWO_THIRDS),
                Field.text("contact_postcode", field_width=10),
                legend="Address",
                legend_size=Size.MEDIUM,
            ),
            Button("submit", "Save contact details"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            cleaned[name] = " ".join(str(value or "").split())
        return cleaned

    def clean_contact_postcode(self) -> str:
        postcode = " ".join(str(self.cleaned_data["contact_postcode"]).upper().split())
        if postcode and not _POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
        if postcode and " " not in postcode:
            postcode = f"{postcode[:-3]} {postcode[-3:]}"
        return postcode
