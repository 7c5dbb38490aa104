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
from localoffer.form_fields import (
    DAY_CHOICES,
    EMAIL_INVALID,
    URL_INVALID,
    age_field,
    terms_field,
    time_field,
)
from localoffer.models import Service, ServiceStatus, TaxonomyTerm
from localoffer.openreferral.geo import FULL_POSTCODE, postcode_compact
from localoffer.services import (
    ContactDetails,
    LocationDetails,
    ScheduleDetails,
    ServiceDetails,
    service_main_contact,
    service_main_location,
    service_main_schedule,
)

PHONE_CHARACTERS = frozenset("0123456789 +()-")
STATUS_HINTS = {
    ServiceStatus.ACTIVE: "Families can find it in the Local Offer.",
    ServiceStatus.TEMPORARILY_CLOSED: "Hidden from the Local Offer search until it reopens.",
    ServiceStatus.INACTIVE: "Hidden from the Local Offer search.",
    ServiceStatus.DEFUNCT: "Hidden from the Local Offer search. Links to it still work.",
}


class ServiceForm(forms.Form):
    # The fields in the order the page asks for them, so the error summary follows it.
    field_order = ["name", "organisation", "description", "status"]

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
    organisation = forms.CharField(
        label="Organisation that provides it",
        help_text="Its name as families know it, like Kent County Council. A name not yet in "
        "the Local Offer adds the organisation.",
        max_length=200,
        error_messages={
            "required": "Enter the name of the organisation that provides the service",
            "max_length": "The organisation's name must be 200 characters or fewer",
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
    minimum_age = age_field("Minimum")
    maximum_age = age_field("Maximum")
    sections = terms_field(
        "Local Offer sections",
        "Where families look for it. Select all that apply.",
        invalid="Select the Local Offer sections from the list",
    )
    needs = terms_field(
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
    location_name = forms.CharField(
        label="Name of the place (optional)",
        help_text="Where families go, like Maidstone Family Hub. Leave the place blank for a "
        "service online or by phone.",
        required=False,
        max_length=200,
        error_messages={"max_length": "The name of the place must be 200 characters or fewer"},
    )
    address_1 = forms.CharField(
        label="Building and street (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The building and street must be 200 characters or fewer"},
    )
    city = forms.CharField(
        label="Town or village (optional)",
        required=False,
        max_length=100,
        error_messages={"max_length": "The town or village must be 100 characters or fewer"},
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        help_text="Families searching near a postcode find the service by it.",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": "Enter a real postcode, like ME14 1XQ"},
    )
    days = forms.MultipleChoiceField(
        label="Days it is open (optional)",
        help_text="Select all that apply.",
        required=False,
        choices=DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select the days from the list"},
    )
    opens_at = time_field("Opens at")
    closes_at = time_field("Closes at")
    times_description = forms.CharField(
        label="Anything else about when it runs (optional)",
        help_text="For example, term time only, or the first Saturday of the month.",
        required=False,
        max_length=300,
        error_messages={"max_length": "This must be 300 characters or fewer"},
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

    def __init__(self, *args: Any, service: Service | None, **kwargs: Any) -> None:
        """The form for changing `service`; for adding one when `service` is None."""
        if service is not None:
            kwargs.setdefault("initial", self._initial(service))
        else:
            kwargs.setdefault("initial", {"status": ServiceStatus.ACTIVE})
        super().__init__(*args, **kwargs)
        self.creating = service is None
        if self.creating:
            del self.fields["confirmed_correct"]
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
        if not self.creating:
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
            Field.text("organisation", field_width=Fluid.TWO_THIRDS),
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
            HTML('<h2 class="govuk-heading-m">Where</h2>'),
            HTML(self._more_text(service, "at_locations", "place", "places")),
            Field.text("location_name", field_width=Fluid.TWO_THIRDS),
            Field.text("address_1", field_width=Fluid.TWO_THIRDS),
            Field.text("city", field_width=Fluid.ONE_HALF),
            Field.text("postcode", field_width=10),
            HTML('<h2 class="govuk-heading-m">When</h2>'),
            HTML(
                self._more_text(
                    service, "schedules", "set of opening times", "sets of opening times"
                )
            ),
            Field.checkboxes("days", legend_size=Size.SMALL, small=True),
            Field.text("opens_at", field_width=5),
            Field.text("closes_at", field_width=5),
            Field.text("times_description", field_width=Fluid.TWO_THIRDS),
            HTML('<h2 class="govuk-heading-m">Cost</h2>'),
            Field.textarea("fees_description", rows=3),
            *(
                [Button("submit", "Add the service")]
                if self.creating
                else [
                    HTML('<h2 class="govuk-heading-m">Check and save</h2>'),
                    Field.checkbox("confirmed_correct"),
                    Button("submit", "Save changes"),
                ]
            ),
        )

    @staticmethod
    def _more_text(service: Service | None, related: str, one: str, many: str) -> str:
        """A note that the form changes only the first of several places or opening times."""
        more = getattr(service, related).count() - 1 if service is not None else 0
        if more < 1:
            return ""
        return (
            f'<p class="govuk-inset-text">The service has {more} more '
            f"{one if more == 1 else many} than the one below. Its public page lists them all; "
            "change the others by importing a file of services.</p>"
        )

    @staticmethod
    def _initial(service: Service) -> dict[str, Any]:
        contact = service_main_contact(service)
        place = service_main_location(service)
        times = service_main_schedule(service)
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
            "organisation": service.organization.name,
            "location_name": place.name if place else "",
            "address_1": place.address_1 if place else "",
            "city": place.city if place else "",
            "postcode": place.postal_code if place else "",
            "days": [d for d in times.byday.replace(" ", "").split(",") if d] if times else [],
            "opens_at": f"{times.opens_at:%H:%M}" if times and times.opens_at else "",
            "closes_at": f"{times.closes_at:%H:%M}" if times and times.closes_at else "",
            "times_description": times.description if times else "",
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

    def clean_postcode(self) -> str:
        postcode = " ".join(str(self.cleaned_data["postcode"]).split()).upper()
        compact = postcode_compact(postcode)
        if postcode and (compact is None or not FULL_POSTCODE.fullmatch(compact)):
            raise forms.ValidationError("Enter a real postcode, like ME14 1XQ")
        return f"{compact[:-3]} {compact[-3:]}" if compact else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error("maximum_age", "Maximum age must not be less than the minimum age")
        address = [data.get(name) for name in ("address_1", "city", "postcode")]
        if any(address) and not data.get("location_name") and "location_name" not in self.errors:
            self.add_error("location_name", "Enter the name of the place, like Maidstone Library")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The closing time must be after the opening time")
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
            organisation=data["organisation"],
            location=LocationDetails(
                name=data["location_name"],
                address_1=data["address_1"],
                city=data["city"],
                postal_code=data["postcode"],
            ),
            schedule=ScheduleDetails(
                byday=",".join(code for code, _ in DAY_CHOICES if code in data["days"]),
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                description=data["times_description"],
            ),
        )
