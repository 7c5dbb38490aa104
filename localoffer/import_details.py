"""The details a service keeps beside its own table, read from a service import row.

A row may give the service's sections and needs (taxonomy terms of localoffer.taxonomy), one
contact and one location. `RowDetails` reads their cells and plans, in the row's `RowPlan`,
what saving the row would change: the terms of each taxonomy given replace the service's own;
the contact and the location are matched by name among the service's own, and when all their
cells are blank the service's contacts and locations are left alone. The resource
(`localoffer.resources`) saves the plan in its hooks, so that a row is saved whole or not at
all.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from localoffer import taxonomy
from localoffer.import_cells import (
    Cell,
    CoordinateCell,
    EmailCell,
    PhoneCell,
    PostcodeCell,
    TermsCell,
    TextCell,
)
from localoffer.models import Contact, Location, Service, TaxonomyTerm

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


def add_error(errors: dict[str, list[ValidationError]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(ValidationError(message))


def read_cell(row: Any, column: str, cell: Cell, errors: dict[str, list[ValidationError]]) -> Any:
    """The cell's value; `_ABSENT` if the file has no such column, `_INVALID` if it is in error
    (the error is added to `errors`)."""
    if column not in row:
        return _ABSENT
    try:
        return cell.clean(row[column])
    except ValueError as error:
        add_error(errors, column, str(error))
        return _INVALID


class RowDetails:
    """The cells of a row's sections and needs, contact and location, and the plan of each."""

    def __init__(self) -> None:
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

    def load_terms(self) -> None:
        """Read the sections and needs a row may name, once, before the first row."""
        for cell, code in ((self.sections, taxonomy.SECTIONS), (self.needs, taxonomy.NEEDS)):
            for term in TaxonomyTerm.objects.filter(taxonomy__code=code):
                cell.terms[term.name.lower()] = term
                cell.terms[term.code.lower()] = term

    def plan(
        self,
        plan: RowPlan,
        service: Service,
        row: Any,
        errors: dict[str, list[ValidationError]],
    ) -> None:
        """Plan the change of each detail the row gives, adding the errors of its cells."""
        self._plan_terms(plan, service, row, errors)
        self._plan_contact(plan, service, row, errors)
        self._plan_location(plan, service, row, errors)

    def _plan_terms(
        self,
        plan: RowPlan,
        service: Service,
        row: Any,
        errors: dict[str, list[ValidationError]],
    ) -> None:
        read = {
            "sections": read_cell(row, "sections", self.sections, errors),
            "needs": read_cell(row, "needs", self.needs, errors),
        }
        if all(value is _ABSENT for value in read.values()):
            return
        current = [] if plan.new else list(service.terms.all())
        terms: list[TaxonomyTerm] = []
        for column, code in TERM_COLUMNS.items():
            had = [t for t in current if t.taxonomy_id == taxonomy.taxonomy_id(code)]
            wanted = had if read[column] in (_ABSENT, _INVALID) else read[column]
            if {t.pk for t in wanted} != {t.pk for t in had}:
                plan.changes.append(column)
            terms += wanted
        plan.terms = terms

    def _read_group(
        self,
        row: Any,
        cells: dict[str, Cell],
        names: dict[str, str],
        errors: dict[str, list[ValidationError]],
    ) -> dict[str, Any] | None:
        """The attributes a group of columns sets, or None if they are all blank or absent."""
        values = {names[c]: read_cell(row, c, cell, errors) for c, cell in cells.items()}
        given = {k: v for k, v in values.items() if v is not _ABSENT}
        if not any(v not in ("", None) for v in given.values()):
            return None
        return given

    def _plan_contact(
        self,
        plan: RowPlan,
        service: Service,
        row: Any,
        errors: dict[str, list[ValidationError]],
    ) -> None:
        values = self._read_group(row, self.contact_cells, CONTACT_COLUMNS, errors)
        if values is None or _INVALID in values.values():
            return
        name = str(values.get("name", "")).lower()
        contacts = [] if plan.new else list(service.contacts.all())
        contact = next((c for c in contacts if c.name.lower() == name), None)
        if contact is None:
            contact = Contact()
        elif not [k for k, v in values.items() if getattr(contact, k) != v]:
            return
        for attribute, value in values.items():
            setattr(contact, attribute, value)
        plan.contact = contact
        plan.changes.append("contact")

    def _plan_location(
        self,
        plan: RowPlan,
        service: Service,
        row: Any,
        errors: dict[str, list[ValidationError]],
    ) -> None:
        values = self._read_group(row, self.location_cells, LOCATION_COLUMNS, errors)
        if values is None:
            return
        if _INVALID in values.values():
            return
        if not values.get("name"):
            add_error(
                errors, "location_name", "is required when the row gives an address or coordinates"
            )
            return
        name = str(values["name"]).lower()
        places = [] if plan.new else [s.location for s in service.at_locations.all()]
        location = next((p for p in places if p.name.lower() == name), None)
        plan.link_location = location is None
        location = location or Location()
        changed = [k for k, v in values.items() if getattr(location, k) != v]
        for attribute, value in values.items():
            setattr(location, attribute, value)
        for column, other in (("latitude", "longitude"), ("longitude", "latitude")):
            if getattr(location, column) is None and getattr(location, other) is not None:
                add_error(errors, column, f"is required when {other} is given")
                return
        if changed or plan.link_location:
            plan.location = location
            plan.changes.append("location")
