"""The Local Offer editor's form: what a service's owner may change, checked with messages
an officer understands. The change itself is `localoffer.services.service_update`."""

from typing import Any
from urllib.parse import urlsplit

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fluid, Layout, Size
from django import forms
from django.conf import settings

from localoffer import taxonomy
from localoffer.models import Service, ServiceStatus, TaxonomyTerm
from localoffer.services import ContactDetails, ServiceDetails, service_main_contact

# The Local Offer covers children and young people up to 25 (Children and Families Act
# 2014, s30), so a service's ages are within 0 to 25.
OLDEST = 25
PHONE_CHARACTERS = frozenset("0123456789 +()-")
STATUS_HINTS = {
    ServiceStatus.ACTIVE: "Families can find it in the Local Offer.",
    ServiceStatus.TEMPORARILY_CLOSED: "Hidden from the Local Offer search until it reopens.",
    ServiceStatus.INACTIVE: "Hidden from the Local Offer search.",
    ServiceStatus.DEFUNCT: "Hidden from the Local Offer search. Links to it still work.",
}
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org"
URL_INVALID = "Enter a web address in the correct format, like https://www.example.org/help"


def _numeric() -> forms.TextInput:
    # GOV.UK asks for text inputs with a numeric keyboard, not type="number".
    return forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


def _age_field(which: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"{which} age (optional)",
        required=False,
        min_value=0,
        max_value=OLDEST,
        widget=_numeric(),
        error_messages={
            "invalid": f"Enter the {which.lower()} age as a whole number of years, like 5",
            "min_value": f"{which} age must be 0 or more",
            "max_value": f"{which} age must be {OLDEST} or less",
        },
    )


def _terms_field(label: str, help_text: str, *, invalid: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": invalid},
    )


class ServiceForm(forms.Form):
    name = forms.CharField(
        label="Name of the service",
        max_length=200,
        error_messages={
            "required": "Enter the name of the service",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        help_text="What the service does, who it helps and how to use it.",
        widget=forms.Textarea,
        error_messages={"required": "Enter a description of the service"},
    )
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the service is running",
            "invalid_choice": "Select whether the service is running",
        },
    )
    alert = forms.CharField(
        label="Alert (optional)",
        help_text="A short notice shown above the service, like a change of venue.",
        required=False,
        max_length=500,
        widget=forms.Textarea,
        error_messages={"max_length": "The alert must be 500 characters or fewer"},
    )
    minimum_age = _age_field("Minimum")
    maximum_age = _age_field("Maximum")
    sections = _terms_field(
        "Local Offer sections",
        "Where families look for it. Select all that apply.",
        invalid="Select the Local Offer sections from the list",
    )
    needs = _terms_field(
        "Special educational needs",
        "The needs it supports. Select all that apply.",
        invalid="Select the special educational needs from the list",
    )
    url = forms.URLField(
        label="Website (optional)",
        help_text="The full web address, like https://www.example.org/help",
        required=False,
        max_length=500,
        assume_scheme="https",
        # A plain text input styled by GOV.UK Frontend; `novalidate` leaves checking to us.
        widget=forms.TextInput(attrs={"type": "url", "spellcheck": "false"}),
        error_messages={
            "invalid": URL_INVALID,
            "max_length": "The web address must be 500 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address of the service (optional)",
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )
    contact_name = forms.CharField(
        label="Contact name (optional)",
        help_text="A person or a team, like Family hub reception.",
        required=False,
        max_length=200,
        error_messages={"max_length": "The contact's name must be 200 characters or fewer"},
    )
    contact_phone = forms.CharField(
        label="Contact telephone number (optional)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel"}),
        error_messages={"max_length": "The telephone number must be 30 characters or fewer"},
    )
    contact_email = forms.EmailField(
        label="Contact email address (optional)",
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )
    fees_description = forms.CharField(
        label="Fees (optional)",
        help_text="What it costs families, or that it is free.",
        required=False,
        widget=forms.Textarea,
    )
    confirmed_correct = forms.BooleanField(
        label="I have checked this information is correct",
        required=False,
    )

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self._initial(service))
        super().__init__(*args, **kwargs)
        terms = list(
            TaxonomyTerm.objects.filter(
                taxonomy__code__in=[taxonomy.SECTIONS, taxonomy.NEEDS]
            ).select_related("taxonomy")
        )
        self.terms = {str(term.pk): term for term in terms}
        for field_name, code in (("sections", taxonomy.SECTIONS), ("needs", taxonomy.NEEDS)):
            field = self.fields[field_name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = [
                Choice(str(term.pk), term.name, hint=term.description)
                for term in terms
                if term.taxonomy.code == code
            ]
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [
            Choice(value, label, hint=STATUS_HINTS[ServiceStatus(value)])
            for value, label in ServiceStatus.choices
        ]
        interval = settings.LOCALOFFER_REVIEW_INTERVAL_DAYS
        self.fields["confirmed_correct"].help_text = (
            f"Tick this when you have checked every answer. The next check is due in "
            f"{interval} days."
        )
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            HTML('<h2 class="govuk-heading-m">About the service</h2>'),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.textarea("description", rows=6),
            Field.radios("status", legend_size=Size.SMALL),
            Field.textarea("alert", rows=2),
            HTML('<h2 class="govuk-heading-m">Who it is for</h2>'),
            Field.text("minimum_age", field_width=2),
            Field.text("maximum_age", field_width=2),
            Field.checkboxes("sections", legend_size=Size.SMALL, small=True),
            Field.checkboxes("needs", legend_size=Size.SMALL, small=True),
            HTML('<h2 class="govuk-heading-m">How families get in touch</h2>'),
            Field.text("url", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            HTML('<h3 class="govuk-heading-s">Contact</h3>'),
            Field.text("contact_name", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_phone", field_width=20),
            Field.text("contact_email", field_width=Fluid.TWO_THIRDS),
            HTML('<h2 class="govuk-heading-m">Cost</h2>'),
            Field.textarea("fees_description", rows=3),
            HTML('<h2 class="govuk-heading-m">Check and save</h2>'),
            Field.checkbox("confirmed_correct"),
            Button("submit", "Save changes"),
        )

    @staticmethod
    def _initial(service: Service) -> dict[str, Any]:
        contact = service_main_contact(service)
        terms = list(service.terms.values_list("pk", "taxonomy__code"))
        return {
            "name": service.name,
            "description": service.description,
            "status": service.status,
            "alert": service.alert,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "sections": [str(pk) for pk, code in terms if code == taxonomy.SECTIONS],
            "needs": [str(pk) for pk, code in terms if code == taxonomy.NEEDS],
            "url": service.url,
            "email": service.email,
            "contact_name": contact.name if contact else "",
            "contact_phone": contact.phone if contact else "",
            "contact_email": contact.email if contact else "",
            "fees_description": service.fees_description,
        }

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        if url and urlsplit(url).scheme not in {"http", "https"}:
            raise forms.ValidationError(URL_INVALID)
        return url

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_contact_email(self) -> str:
        return str(self.cleaned_data["contact_email"]).strip().lower()

    def clean_contact_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data["contact_phone"]).split())
        digits = sum(character.isdigit() for character in phone)
        if phone and (not set(phone) <= PHONE_CHARACTERS or not 10 <= digits <= 15):
            raise forms.ValidationError(
                "Enter a telephone number, like 01622 696000 or +44 1622 696000"
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error("maximum_age", "Maximum age must not be less than the minimum age")
        return data

    def details(self) -> ServiceDetails:
        """The validated answers, as `service_update` takes them."""
        data = self.cleaned_data
        chosen = [*data["sections"], *data["needs"]]
        return ServiceDetails(
            name=data["name"],
            description=data["description"],
            status=data["status"],
            alert=data["alert"],
            minimum_age=data["minimum_age"],
            maximum_age=data["maximum_age"],
            url=data["url"],
            email=data["email"],
            fees_description=data["fees_description"],
            terms=tuple(self.terms[pk] for pk in chosen),
            contact=ContactDetails(
                name=data["contact_name"],
                phone=data["contact_phone"],
                email=data["contact_email"],
            ),
        )
