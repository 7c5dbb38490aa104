"""django-import-export resource for the service import (`localoffer.importing`).

Every cell is read by a widget that raises ValueError saying what was expected, so that
django-import-export gathers all the problems of a row, field by field, and the import can
name the row and column of each. The details a service keeps outside its own table (its
sections and needs, a contact, a location) are read by the same widgets and saved in the
resource's hooks, so that a row is saved whole or not at all.

- A row updates the service named by `service_id`, or else the one with the same name at
  the same organisation (case-insensitive); otherwise it adds a service.
- A column left out of the file leaves that detail as it is; a blank cell clears it. A
  blank or missing `review_by` is the last review plus the review interval.
- The contact and the location of a row are matched by name among the service's own;
  when all their cells are blank the service's contacts and locations are left alone.
- A Local Offer editor imports services they keep: `owner_email` is blank or their own
  address, and a row may not update a service another editor keeps. A manager, or the
  command line, imports for any active editor; a new service then needs `owner_email`.
"""

import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeGuard

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from import_export import fields, resources, widgets

from accounts.models import Role, User
from common.table_rows import parse_date
from common.tabular import FORMULA_STARTS
from localoffer import taxonomy
from localoffer.models import (
    Contact,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from localoffer.selectors import service_import_only_own, service_list_for_user

MAX_AGE = 25
UK_POSTCODE = re.compile(r"(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})")
PHONE = re.compile(r"\+?[\d ()-]+")
WHOLE_NUMBER = re.compile(r"\d+(\.0+)?")

# Column names of the details saved beside the service, and the attribute each sets.
CONTACT_COLUMNS = {"contact_name": "name", "contact_phone": "phone", "contact_email": "email"}
LOCATION_COLUMNS = {
    "location_name": "name",
    "address_1": "address_1",
    "city": "city",
    "postcode": "postal_code",
    "latitude": "latitude",
    "longitude": "longitude",
}
TERM_COLUMNS = {"sections": taxonomy.SECTIONS, "needs": taxonomy.NEEDS}
# A foreign key is compared by its id, so that reading a service does not fetch its owner.
ATTNAMES = {f.name: f.attname for f in Service._meta.concrete_fields}


def _is_editor(user: User | None) -> TypeGuard[User]:
    """Whether the person importing may import only the services they keep themselves."""
    return user is not None and service_import_only_own(user)


# --- Cells ---------------------------------------------------------------------------------


class Cell(widgets.Widget):  # type: ignore[misc]
    """One cell: trimmed, checked for presence and length, then parsed by `parse`."""

    def __init__(self, *, required: bool = False, max_length: int | None = None) -> None:
        super().__init__()
        self.required = required
        self.max_length = max_length

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise ValueError("is required")
            return self.blank()
        if self.max_length is not None and len(text) > self.max_length:
            raise ValueError(f"is {len(text)} characters long; expected at most {self.max_length}")
        return self.parse(text)

    def blank(self) -> Any:
        return ""

    def parse(self, text: str) -> Any:
        return text


class TextCell(Cell):
    """Free text, refused when a spreadsheet would run it as a formula."""

    def parse(self, text: str) -> Any:
        if text.startswith(FORMULA_STARTS):
            raise ValueError("looks like a spreadsheet formula; enter the value itself")
        return text


class EmailCell(TextCell):
    def parse(self, text: str) -> Any:
        text = super().parse(text)
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(
                "is not an email address; expected one like name@example.org"
            ) from None
        return text


class WebAddressCell(Cell):
    check = URLValidator(schemes=["http", "https"])

    def parse(self, text: str) -> Any:
        try:
            self.check(text)
        except ValidationError:
            raise ValueError(
                "is not a web address; expected a full address starting https://"
            ) from None
        return text


class StatusCell(Cell):
    """A service status by its value or its label; a blank cell means active."""

    def blank(self) -> Any:
        return ServiceStatus.ACTIVE

    def parse(self, text: str) -> Any:
        wanted = text.lower().replace("_", " ")
        for status in ServiceStatus:
            if wanted in {status.value, str(status.label).lower()}:
                return status.value
        raise ValueError(
            f"is not a service status; expected one of {', '.join(ServiceStatus.values)}"
        )


class NullableCell(Cell):
    """A cell whose blank is None (no value) rather than empty text."""

    def blank(self) -> Any:
        return None


class AgeCell(NullableCell):
    def parse(self, text: str) -> Any:
        if WHOLE_NUMBER.fullmatch(text) and int(float(text)) <= MAX_AGE:
            return int(float(text))
        raise ValueError(f"expected a whole number of years from 0 to {MAX_AGE}")


class CoordinateCell(NullableCell):
    def __init__(self, *, limit: int) -> None:
        super().__init__(max_length=20)
        self.limit = limit

    def parse(self, text: str) -> Any:
        try:
            degrees = float(text)
        except ValueError:
            degrees = math.nan
        if not -self.limit <= degrees <= self.limit:  # also refuses nan
            raise ValueError(f"expected a number of degrees from -{self.limit} to {self.limit}")
        return degrees


class DateCell(NullableCell):
    def parse(self, text: str) -> Any:
        day = parse_date(text)
        if day is None:
            raise ValueError("is not a real date; expected YYYY-MM-DD or DD/MM/YYYY")
        return day


class PostcodeCell(Cell):
    def parse(self, text: str) -> Any:
        code = re.sub(r"\s+", " ", text.upper())
        if not UK_POSTCODE.fullmatch(code):
            raise ValueError("is not a UK postcode; expected one like ME14 1XQ")
        if " " not in code:
            code = f"{code[:-3]} {code[-3:]}"
        return code


class PhoneCell(Cell):
    def parse(self, text: str) -> Any:
        digits = sum(c.isdigit() for c in text)
        if not PHONE.fullmatch(text) or not 3 <= digits <= 15:
            raise ValueError(
                "is not a phone number; expected digits and spaces, like 01632 960 123"
            )
        return text


class TermsCell(Cell):
    """Semicolon-separated terms of one taxonomy, each by its code or its name."""

    def __init__(self, *, what: str, examples: str) -> None:
        super().__init__()
        self.what, self.examples = what, examples
        self.terms: dict[str, TaxonomyTerm] = {}

    def blank(self) -> Any:
        return []

    def parse(self, text: str) -> Any:
        found: dict[uuid.UUID, TaxonomyTerm] = {}
        for piece in filter(None, (p.strip() for p in text.split(";"))):
            term = self.terms.get(piece.lower())
            if term is None:
                raise ValueError(f"'{piece}' is not {self.what}; expected {self.examples}")
            found[term.pk] = term
        return list(found.values())


class OrganisationCell(TextCell):
    """An organisation by name; one not yet in the Local Offer is made, unsaved, on first use."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.known: dict[str, Organization] = {}

    def parse(self, text: str) -> Any:
        name = super().parse(text)
        return self.known.setdefault(name.lower(), Organization(name=name))


class OwnerCell(Cell):
    """The Local Offer editor who will keep the service current, by email address."""

    def __init__(self, *, actor: User | None) -> None:
        super().__init__(max_length=254)
        self.actor = actor
        self.editors: dict[str, User] = {}

    def blank(self) -> Any:
        return self.actor if _is_editor(self.actor) else None

    def parse(self, text: str) -> Any:
        email = text.lower()
        if _is_editor(self.actor):
            if email != self.actor.email.lower():
                raise ValueError(
                    "is not your email address; you can import only services you keep "
                    "yourself (leave it blank, or ask a manager)"
                )
            return self.actor
        editor = self.editors.get(email)
        if editor is None:
            raise ValueError("is not the email address of an active Local Offer editor")
        return editor


# --- The resource --------------------------------------------------------------------------

_ABSENT = object()  # the column is not in the file
_INVALID = object()  # the cell is in error


@dataclass
class RowPlan:
    """What importing the current row would do beyond the service's own fields."""

    number: int
    new: bool = True
    before: dict[str, Any] = field(default_factory=dict)
    previous_owner_id: int | None = None
    terms: list[TaxonomyTerm] | None = None
    contact: Contact | None = None
    location: Location | None = None
    link_location: bool = False
    changes: list[str] = field(default_factory=list)


def _add(errors: dict[str, list[ValidationError]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(ValidationError(message))


class ServiceResource(resources.ModelResource):  # type: ignore[misc]
    name = fields.Field(
        attribute="name", column_name="name", widget=TextCell(required=True, max_length=200)
    )
    organisation = fields.Field(
        attribute="organization",
        column_name="organisation",
        widget=OrganisationCell(required=True, max_length=200),
    )
    description = fields.Field(
        attribute="description", column_name="description", widget=TextCell(required=True)
    )
    website = fields.Field(
        attribute="url", column_name="website", widget=WebAddressCell(max_length=500)
    )
    email = fields.Field(attribute="email", column_name="email", widget=EmailCell(max_length=254))
    status = fields.Field(attribute="status", column_name="status", widget=StatusCell())
    minimum_age = fields.Field(attribute="minimum_age", column_name="minimum_age", widget=AgeCell())
    maximum_age = fields.Field(attribute="maximum_age", column_name="maximum_age", widget=AgeCell())
    # A blank owner leaves an existing service with the editor who keeps it.
    owner_email = fields.Field(
        attribute="owner",
        column_name="owner_email",
        widget=OwnerCell(actor=None),
        saves_null_values=False,
    )
    last_reviewed_on = fields.Field(
        attribute="last_reviewed_on", column_name="last_reviewed_on", widget=DateCell(required=True)
    )
    review_by = fields.Field(attribute="review_by", column_name="review_by", widget=DateCell())
    fees = fields.Field(attribute="fees_description", column_name="fees", widget=TextCell())

    class Meta:
        model = Service
        fields = [
            "name", "organisation", "description", "website", "email", "status", "minimum_age",
            "maximum_age", "owner_email", "last_reviewed_on", "review_by", "fees",
        ]  # fmt: skip
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        skip_diff = True

    def __init__(self, *, actor: User | None, row_numbers: list[int]) -> None:
        super().__init__()
        self.actor = actor
        self.row_numbers = row_numbers
        self.fields["owner_email"].widget = OwnerCell(actor=actor)
        self.sections = TermsCell(
            what="a Local Offer section",
            examples="section codes or names such as under-5s; school-age; leisure",
        )
        self.needs = TermsCell(
            what="an SEN2 need code",
            examples=f"one of {', '.join(code for code, _, _ in taxonomy.NEED_TERMS)}",
        )
        self.contact_cells: dict[str, Cell] = {
            "contact_name": TextCell(max_length=200),
            "contact_phone": PhoneCell(max_length=30),
            "contact_email": EmailCell(max_length=254),
        }
        self.location_cells: dict[str, Cell] = {
            "location_name": TextCell(max_length=200),
            "address_1": TextCell(max_length=200),
            "city": TextCell(max_length=100),
            "postcode": PostcodeCell(max_length=10),
            "latitude": CoordinateCell(limit=90),
            "longitude": CoordinateCell(limit=180),
        }
        self.by_id: dict[uuid.UUID, Service] = {}
        self.by_key: dict[tuple[str, str], list[Service]] = {}
        self.claimed: dict[uuid.UUID, int] = {}
        self.plans: dict[int, RowPlan] = {}
        self.plan = RowPlan(number=0)

    @property
    def columns_by_attribute(self) -> dict[str, str]:
        return {f.attribute: f.column_name for f in self.fields.values()}

    def _services(self, *, visible: bool) -> QuerySet[Service]:
        """Services with what a row compares; with `visible`, only those the actor may see."""
        services = Service.objects.all()
        if visible and self.actor is not None:
            services = service_list_for_user(self.actor)
        return services.select_related("organization").prefetch_related(
            "terms", "contacts", "at_locations__location"
        )

    # Everything a row may refer to is read once, before the first row.
    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        columns = set(dataset.headers or [])

        def cells(column: str) -> list[str]:
            return [str(v).strip() for v in dataset[column]] if column in columns else []

        ids = []
        for text in cells("service_id"):
            try:
                ids.append(uuid.UUID(text))
            except ValueError:
                continue
        self.by_id = {s.pk: s for s in self._services(visible=True).filter(pk__in=ids)}
        # Every editor's services, so that a row cannot add a second copy of another's.
        names = {n.lower() for n in cells("name")}
        for service in (
            self._services(visible=False)
            .annotate(lower_name=Lower("name"))
            .filter(lower_name__in=names)
        ):
            key = (service.organization.name.lower(), service.name.lower())
            self.by_key.setdefault(key, []).append(service)
        organisations = {n.lower() for n in cells("organisation")}
        organisation_cell = self.fields["organisation"].widget
        organisation_cell.known = {
            o.name.lower(): o
            for o in Organization.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in=organisations
            )
        }
        emails = {e.lower() for e in cells("owner_email")}
        self.fields["owner_email"].widget.editors = {
            u.email.lower(): u
            for u in User.objects.annotate(lower_email=Lower("email")).filter(
                lower_email__in=emails, role=Role.LOCALOFFER_EDITOR, is_active=True
            )
        }
        for cell, code in ((self.sections, taxonomy.SECTIONS), (self.needs, taxonomy.NEEDS)):
            for term in TaxonomyTerm.objects.filter(taxonomy__code=code):
                cell.terms[term.name.lower()] = term
                cell.terms[term.code.lower()] = term

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self.plan = RowPlan(number=self.row_numbers[kwargs["row_number"] - 1])
        self.plans[self.plan.number] = self.plan

    def get_instance(self, instance_loader: Any, row: Any) -> Service | None:
        text = str(row.get("service_id") or "").strip()
        if text:
            try:
                pk = uuid.UUID(text)
            except ValueError:
                raise ValidationError(
                    {"service_id": "is not a service id; expected the id the Local Offer gives it"}
                ) from None
            service = self.by_id.get(pk)
            if service is None:
                whose = "you keep" if _is_editor(self.actor) else "in the Local Offer"
                raise ValidationError({"service_id": f"is not the id of a service {whose}"})
            return service
        key = (
            str(row.get("organisation", "")).strip().lower(),
            str(row.get("name", "")).strip().lower(),
        )
        matches = self.by_key.get(key, [])
        if len(matches) > 1:
            several = f"matches {len(matches)} services of this organisation"
            raise ValidationError({"name": f"{several}; add a service_id to say which"})
        return matches[0] if matches else None

    def after_init_instance(self, instance: Service, new: bool, row: Any, **kwargs: Any) -> None:
        self.plan.new = new
        if new:
            return
        first = self.claimed.setdefault(instance.pk, self.plan.number)
        if first != self.plan.number:
            column = "service_id" if row.get("service_id") else "name"
            raise ValidationError({column: f"is the same service as row {first}"})
        self.plan.previous_owner_id = instance.owner_id
        self.plan.before = self._snapshot(instance)

    def _snapshot(self, service: Service) -> dict[str, Any]:
        return {
            attribute: getattr(service, ATTNAMES[attribute])
            for attribute in self.columns_by_attribute
        }

    def import_instance(self, instance: Service, row: Any, **kwargs: Any) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._check_service(instance, row, errors)
        self._plan_terms(instance, row, errors)
        self._plan_contact(instance, row, errors)
        self._plan_location(instance, row, errors)
        if errors:
            raise ValidationError(errors)
        if not self.plan.new:
            after = self._snapshot(instance)
            columns = self.columns_by_attribute
            changed = [columns[a] for a, value in after.items() if self.plan.before[a] != value]
            self.plan.changes[:0] = sorted(changed, key=self._meta.fields.index)

    def _check_service(
        self, service: Service, row: Any, errors: dict[str, list[ValidationError]]
    ) -> None:
        if service.owner_id is None and _is_editor(self.actor):
            service.owner = self.actor  # with no owner_email column, as with a blank one
        if service.owner_id is None and "owner" not in errors:
            _add(
                errors,
                "owner",
                "is required: the email address of the Local Offer editor who will keep the "
                "service current",
            )
        if (
            self.plan.previous_owner_id is not None
            and _is_editor(self.actor)
            and self.plan.previous_owner_id != self.actor.pk
        ):
            _add(
                errors,
                "name",
                "is a service of this organisation that another editor keeps; ask a manager "
                "to import it",
            )
        low, high = service.minimum_age, service.maximum_age
        ages_read = not {"minimum_age", "maximum_age"} & errors.keys()
        if ages_read and low is not None and high is not None and low > high:
            _add(errors, "maximum_age", f"is below the minimum age ({low})")
        if "last_reviewed_on" in errors or "review_by" in errors:
            return
        reviewed: date = service.last_reviewed_on
        if reviewed > timezone.localdate():
            _add(errors, "last_reviewed_on", "is in the future")
        if not row.get("review_by"):
            service.review_by = reviewed + timedelta(days=settings.LOCALOFFER_REVIEW_INTERVAL_DAYS)
        elif service.review_by < reviewed:
            _add(errors, "review_by", f"is before last_reviewed_on ({reviewed:%d/%m/%Y})")

    def _read(
        self, row: Any, column: str, cell: Cell, errors: dict[str, list[ValidationError]]
    ) -> Any:
        if column not in row:
            return _ABSENT
        try:
            return cell.clean(row[column])
        except ValueError as error:
            _add(errors, column, str(error))
            return _INVALID

    def _plan_terms(
        self, service: Service, row: Any, errors: dict[str, list[ValidationError]]
    ) -> None:
        read = {
            "sections": self._read(row, "sections", self.sections, errors),
            "needs": self._read(row, "needs", self.needs, errors),
        }
        if all(value is _ABSENT for value in read.values()):
            return
        current = [] if self.plan.new else list(service.terms.all())
        terms: list[TaxonomyTerm] = []
        for column, code in TERM_COLUMNS.items():
            had = [t for t in current if t.taxonomy_id == taxonomy.taxonomy_id(code)]
            wanted = had if read[column] in (_ABSENT, _INVALID) else read[column]
            if {t.pk for t in wanted} != {t.pk for t in had}:
                self.plan.changes.append(column)
            terms += wanted
        self.plan.terms = terms

    def _read_group(
        self,
        row: Any,
        cells: dict[str, Cell],
        names: dict[str, str],
        errors: dict[str, list[ValidationError]],
    ) -> dict[str, Any] | None:
        """The attributes a group of columns sets, or None if they are all blank or absent."""
        values = {names[c]: self._read(row, c, cell, errors) for c, cell in cells.items()}
        given = {k: v for k, v in values.items() if v is not _ABSENT}
        if not any(v not in ("", None) for v in given.values()):
            return None
        return given

    def _plan_contact(
        self, service: Service, row: Any, errors: dict[str, list[ValidationError]]
    ) -> None:
        values = self._read_group(row, self.contact_cells, CONTACT_COLUMNS, errors)
        if values is None or _INVALID in values.values():
            return
        name = str(values.get("name", "")).lower()
        contacts = [] if self.plan.new else list(service.contacts.all())
        contact = next((c for c in contacts if c.name.lower() == name), None)
        if contact is None:
            contact = Contact()
        elif not [k for k, v in values.items() if getattr(contact, k) != v]:
            return
        for attribute, value in values.items():
            setattr(contact, attribute, value)
        self.plan.contact = contact
        self.plan.changes.append("contact")

    def _plan_location(
        self, service: Service, row: Any, errors: dict[str, list[ValidationError]]
    ) -> None:
        values = self._read_group(row, self.location_cells, LOCATION_COLUMNS, errors)
        if values is None:
            return
        if _INVALID in values.values():
            return
        if not values.get("name"):
            _add(
                errors, "location_name", "is required when the row gives an address or coordinates"
            )
            return
        name = str(values["name"]).lower()
        places = [] if self.plan.new else [s.location for s in service.at_locations.all()]
        location = next((p for p in places if p.name.lower() == name), None)
        self.plan.link_location = location is None
        location = location or Location()
        changed = [k for k, v in values.items() if getattr(location, k) != v]
        for attribute, value in values.items():
            setattr(location, attribute, value)
        for column, other in (("latitude", "longitude"), ("longitude", "latitude")):
            if getattr(location, column) is None and getattr(location, other) is not None:
                _add(errors, column, f"is required when {other} is given")
                return
        if changed or self.plan.link_location:
            self.plan.location = location
            self.plan.changes.append("location")

    def skip_row(
        self, instance: Service, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        return not (import_validation_errors or self.plan.new or self.plan.changes)

    def validate_instance(
        self, instance: Service, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        # The organisation may be new, saved with the service, and the owner was found among
        # the active editors; the table's constraints are the cells' own checks above.
        errors = dict(import_validation_errors or {})
        # A review date left to follow a last review that is in error has nothing to show.
        derived = ["review_by"] if "last_reviewed_on" in errors else []
        try:
            instance.full_clean(
                exclude=[*errors, *derived, "organization", "owner"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance: Service, row: Any, **kwargs: Any) -> None:
        if instance.organization._state.adding:
            instance.organization.save()

    def after_save_instance(self, instance: Service, row: Any, **kwargs: Any) -> None:
        if self.plan.contact is not None:
            self.plan.contact.service = instance
            self.plan.contact.save()
        if self.plan.location is not None:
            self.plan.location.save()
            if self.plan.link_location:
                ServiceAtLocation.objects.create(service=instance, location=self.plan.location)

    def save_m2m(self, instance: Service, row: Any, **kwargs: Any) -> None:
        if self.plan.terms is not None:
            instance.terms.set(self.plan.terms)

    def cell_column(self, key: str) -> str:
        """The column an error key (a model attribute or a column) belongs to."""
        if key == NON_FIELD_ERRORS:
            return key
        return self.columns_by_attribute.get(key, key)
