"""The cells of a service import row (`localoffer.resources`), one widget per kind of value.

Each widget trims its cell, checks that it is there if required and not too long, then parses
it, raising ValueError with what was expected ("is not a UK postcode; expected one like ME14
1XQ"), so that django-import-export can gather every problem of a row, cell by cell. Free text
that a spreadsheet would run as a formula is refused. The widgets that look things up (sections
and needs, organisations, owners) are given what a row may name before the first row.
"""

import math
import re
import uuid
from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from import_export import widgets

from accounts.models import User
from common.table_rows import parse_date
from common.tabular import FORMULA_STARTS
from localoffer.models import Organization, ServiceStatus, TaxonomyTerm
from localoffer.selectors import service_import_only_own

MAX_AGE = 25
UK_POSTCODE = re.compile(r"(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})")
PHONE = re.compile(r"\+?[\d ()-]+")
WHOLE_NUMBER = re.compile(r"\d+(\.0+)?")


def importer_is_editor(user: User | None) -> TypeGuard[User]:
    """Whether the person importing may import only the services they keep themselves."""
    return user is not None and service_import_only_own(user)


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
        return self.actor if importer_is_editor(self.actor) else None

    def parse(self, text: str) -> Any:
        email = text.lower()
        if importer_is_editor(self.actor):
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
