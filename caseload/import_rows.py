"""A caseload file's rows (DESIGN section 6): its columns, reading it, and checking each row
on its own, within the reach of the person importing, into typed values (`parse_row`).

Nothing here compares a row with what is stored (caseload.import_stored) or saves it
(caseload.import_save); caseload.importing runs the three in turn.
"""

import operator
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import models
from django.db.models import QuerySet

from accounts.models import Role, User
from casework.models import PLAN_REF_RULE, Child, Plan, PrimaryNeed, plan_ref_validator
from casework.selectors import area_list_for_user, in_visible_areas, plan_list_for_user
from common.table_rows import CONTROL_CHARACTERS, CellError, parse_date, stream_table
from common.tabular import FORMULA_STARTS
from organisation.models import AreaTeam, Setting, SettingPhase
from reviews.models import Decision

COLUMNS = [
    "plan_ref", "upn", "forename", "surname", "date_of_birth", "primary_need", "setting_urn",
    "setting_name", "setting_phase", "area", "plan_issued_on", "last_review_meeting_on",
    "last_review_decision_on", "last_review_outcome", "looked_after", "case_officer_email",
]  # fmt: skip
# Columns a file must have. The review history columns are required even though their
# cells may be blank: without them every plan would look never reviewed. The outcome of
# the last review is optional: a council's records may not hold it.
REQUIRED_COLUMNS = [
    c for c in COLUMNS if c not in {"upn", "last_review_outcome", "case_officer_email"}
]
OPTIONAL_VALUES = {
    "upn", "last_review_meeting_on", "last_review_decision_on", "last_review_outcome",
    "case_officer_email",
}  # fmt: skip
OUTCOMES = Decision.values  # last_review_outcome: maintain, amend or cease (SEN2 M, A, C)
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# What each character of a UPN after the first counts for its check letter: a digit its value,
# a letter its place among the check letters.
UPN_VALUES = {**{str(d): d for d in range(10)}, **{c: i for i, c in enumerate(UPN_CHECK_LETTERS)}}
UPN_SHAPE = re.compile(r"[A-Z]\d{11}[0-9A-Z]")


# --- Reading the file ----------------------------------------------------------------------


def caseload_rows(
    data: bytes, filename: str, warnings: list[str], *, max_rows: int | None = None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """A caseload file's columns and rows, all at once (common.table_rows.read_table)."""
    headers, rows = caseload_row_stream(data, filename, warnings, max_rows=max_rows)
    return headers, list(rows)


def caseload_row_stream(
    data: bytes, filename: str, warnings: list[str], *, max_rows: int | None = None
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """A caseload file's columns, and its rows one at a time (common.table_rows.stream_table)."""
    return stream_table(
        data,
        filename,
        warnings,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        noun="plans",
        max_rows=max_rows,
    )


# --- Checking each row ---------------------------------------------------------------------


def upn_is_valid(upn: str) -> bool:
    """A 13-character UPN whose first letter is the check letter of characters 2-13.

    DfE "Unique pupil numbers (UPN)" guidance: characters 2-12 are digits, character 13 a
    digit or (for a temporary UPN) a letter; the check letter is the sum of each
    character's value times its position (2-13), modulo 23, in the alphabet without I, O, S.
    """
    if not UPN_SHAPE.fullmatch(upn) or upn[12] not in UPN_VALUES:
        return False
    total = sum(map(operator.mul, map(UPN_VALUES.__getitem__, upn[1:]), range(2, 14)))
    return upn[0] == UPN_CHECK_LETTERS[total % 23]


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField)
    assert field.max_length is not None
    return field.max_length


# The longest value the save can store from each column, read from the field it goes into.
MAX_LENGTHS = {
    column: _max_length(model, name)
    for column, (model, name) in {
        "plan_ref": (Plan, "plan_ref"), "upn": (Child, "upn"), "forename": (Child, "forename"),
        "surname": (Child, "surname"), "primary_need": (Plan, "primary_need"),
        "setting_urn": (Setting, "urn"), "setting_name": (Setting, "name"),
        "setting_phase": (Setting, "phase"), "area": (AreaTeam, "name"),
        "case_officer_email": (User, "email"),
    }.items()
}  # fmt: skip


def searchable(values: Iterable[str]) -> set[str]:
    """The values worth looking up: a cell the check refuses whole (a NUL, which no query can
    carry, or one too long for any field) is left out, and its row refused by the check."""
    longest = max(MAX_LENGTHS.values())
    return {v for v in values if v and len(v) <= longest and not CONTROL_CHARACTERS.search(v)}


def _ids_sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The ids of `queryset` as SQL to put in a subquery (one that selects none when the
    queryset can match nothing, which Django does not compile)."""
    try:
        sql, params = queryset.values("pk").query.sql_with_params()
    except EmptyResultSet:
        return "SELECT NULL::int WHERE false", ()
    return sql, tuple(params)


class Reach:
    """Where the person importing may import (DESIGN section 6): the plans they may see and
    the area teams they work in, by the casework access rule (casework.selectors). Nobody
    (None) is the operator at the server's command line, who reaches every area."""

    def __init__(self, person: User | None) -> None:
        self.person = person

    def plans(self) -> QuerySet[Plan]:
        return Plan.objects.all() if self.person is None else plan_list_for_user(self.person)

    def areas(self) -> QuerySet[AreaTeam]:
        return AreaTeam.objects.all() if self.person is None else area_list_for_user(self.person)

    def settings(self) -> QuerySet[Setting]:
        settings = Setting.objects.all()
        return (
            settings
            if self.person is None
            else in_visible_areas(self.person, settings, area_field="area")
        )

    def plan_ids_sql(self) -> tuple[str, tuple[Any, ...]] | None:
        """The ids of the plans within reach as a subquery (None: every plan)."""
        if self.person is None:
            return None
        return _ids_sql(self.plans())

    def setting_ids_sql(self) -> tuple[str, tuple[Any, ...]]:
        """The ids of the settings the person may rename or re-phase, as a subquery."""
        return _ids_sql(self.settings())


class Lookups:
    """What rows may name, read once for the whole file: area teams, and the active case
    officers with the area teams they work in."""

    def __init__(self, reach: Reach) -> None:
        self.areas = {a.name.lower(): a for a in AreaTeam.objects.all()}
        self.own_areas = list(reach.areas().order_by("name"))
        officers = User.objects.filter(role=Role.CASE_OFFICER, is_active=True)
        self.officers: dict[str, tuple[int, set[int]]] = {}
        for pk, email, area_id in officers.values_list("pk", "email", "areas"):
            self.officers.setdefault(email, (pk, set()))[1].add(area_id)

    @cached_property
    def own_area_ids(self) -> set[int]:
        return {a.pk for a in self.own_areas}

    def area_refusal(self, area: AreaTeam | None) -> str | None:
        """Why a row may not name `area` (None: no such area team), or None if it may."""
        if area is not None and area.pk in self.own_area_ids:
            return None
        what = "is not an area team" if area is None else "is not one of your area teams"
        if not self.own_areas:
            return f"{what}; you work in none, so ask a manager"
        return f"{what}; expected one of {', '.join(a.name for a in self.own_areas)}"


# A caseload repeats the same dates many times over: each is parsed once.
parsed_date = lru_cache(maxsize=65_536)(parse_date)

# Each rule's values and message read once, not for every row.
NEEDS = frozenset(PrimaryNeed.values)
NOT_A_NEED = f"is not an SEN2 need code; expected one of {', '.join(PrimaryNeed.values)}"
PHASES = frozenset(SettingPhase.values)
NOT_A_PHASE = f"is not a setting phase; expected one of {', '.join(SettingPhase.values)}"
NOT_AN_OUTCOME = (
    f"is not a review outcome; expected one of {', '.join(OUTCOMES)}, or blank if not known"
)
NOT_A_DATE = "is not a real date; expected YYYY-MM-DD or DD/MM/YYYY"
NOT_A_UPN = (
    "is not a valid UPN: 13 characters, a check letter then 12 digits (the last may be a letter)"
)
URN = re.compile(r"\d{6}")
REQUIRED_VALUES = operator.itemgetter(*[c for c in COLUMNS if c not in OPTIONAL_VALUES])
LIMITED = [c for c in COLUMNS if c in MAX_LENGTHS]  # some optional: a file may not have them
LIMITS = [MAX_LENGTHS[c] for c in LIMITED]
BLANKS = [""] * len(LIMITED)
# A formula's first character at the start of any cell, the cells joined by line breaks
# (which no cell that passes the control-character check holds).
FORMULA_AT_START = re.compile("^[" + re.escape("".join(FORMULA_STARTS)) + "]", re.MULTILINE)


def _cell_problem(column: str, value: str) -> str | None:
    """What is wrong with a cell whatever its row says, as the save would find it."""
    if CONTROL_CHARACTERS.search(value):
        return (
            "contains a control character (such as a NUL byte, a tab or a line break); "
            "remove it and enter the value on one line"
        )
    limit = MAX_LENGTHS.get(column)
    if limit is not None and len(value) > limit:
        return f"is {len(value)} characters long; expected at most {limit}"
    if value.startswith(FORMULA_STARTS):
        return "looks like a spreadsheet formula; enter the value itself"
    if not value and column not in OPTIONAL_VALUES:
        return "is required"
    if column == "plan_ref" and not _is_plan_ref(value):
        return f"is not a plan reference; expected {PLAN_REF_RULE}"
    return None


def _is_plan_ref(value: str) -> bool:
    try:
        plan_ref_validator(value)
    except ValidationError:
        return False
    return True


def _cells_pass(raw: dict[str, str]) -> bool:
    """Whether no cell of the row has a `_cell_problem`, checked at once for the whole row (the
    common case); a row that fails is checked cell by cell for its messages."""
    cells = raw.values()
    return not (
        CONTROL_CHARACTERS.search("".join(cells))
        or FORMULA_AT_START.search("\n".join(cells))
        or any(map(operator.gt, map(len, map(raw.get, LIMITED, BLANKS)), LIMITS))
        or not all(REQUIRED_VALUES(raw))
        or not _is_plan_ref(raw["plan_ref"])
    )


class CheckedRow(NamedTuple):
    """A row's values, checked and typed, in the order caseload.import_staging stages them
    (its staging table's columns are these)."""

    forename: str
    surname: str
    date_of_birth: date
    primary_need: str
    setting_urn: str
    setting_name: str
    setting_phase: str
    area_id: int
    plan_issued_on: date
    last_review_meeting_on: date | None
    last_review_decision_on: date | None
    last_review_outcome: str  # one of OUTCOMES, or "" when not known
    looked_after: bool
    case_officer_id: int | None


def parse_row(
    number: int, raw: dict[str, str], lookups: Lookups, today: date
) -> CheckedRow | list[CellError]:
    """The row's values, checked and typed, or what is wrong with them (CellError's words)."""
    errors: list[CellError] = []

    def fail(column: str, expected: str) -> None:
        errors.append(CellError(number, column, raw.get(column, ""), expected))

    if not _cells_pass(raw):
        for column in COLUMNS:
            problem = _cell_problem(column, raw.get(column, ""))
            if problem:
                fail(column, problem)
        return errors

    def date_of(column: str) -> date | None:
        value = raw.get(column, "")
        if not value:
            return None
        parsed = parsed_date(value)
        if parsed is None:
            fail(column, NOT_A_DATE)
        return parsed

    born, issued = date_of("date_of_birth"), date_of("plan_issued_on")
    meeting, decided = date_of("last_review_meeting_on"), date_of("last_review_decision_on")
    if born and born > today:
        fail("date_of_birth", "is in the future")
    if born and issued and issued < born:
        fail("plan_issued_on", f"is before the date of birth ({born:%d/%m/%Y})")
    for column, day in (
        ("plan_issued_on", issued),
        ("last_review_meeting_on", meeting),
        ("last_review_decision_on", decided),
    ):
        if day and day > today:
            fail(column, "is in the future")
    if meeting and issued and meeting < issued:
        fail("last_review_meeting_on", f"is before the plan was issued ({issued:%d/%m/%Y})")
    if decided and not meeting:
        fail("last_review_decision_on", "needs a last_review_meeting_on date")
    if decided and meeting and decided < meeting:
        fail("last_review_decision_on", f"is before the meeting ({meeting:%d/%m/%Y})")
    outcome = raw.get("last_review_outcome", "").lower()
    if outcome and outcome not in OUTCOMES:
        fail("last_review_outcome", NOT_AN_OUTCOME)
    elif outcome and not decided:
        fail("last_review_outcome", "needs the last_review_decision_on date it was notified")

    upn = raw.get("upn", "").upper() or None
    if upn and not upn_is_valid(upn):
        fail("upn", NOT_A_UPN)
    need = raw["primary_need"].upper()
    if need not in NEEDS:
        fail("primary_need", NOT_A_NEED)
    phase = raw["setting_phase"].lower()
    if phase not in PHASES:
        fail("setting_phase", NOT_A_PHASE)
    urn = raw["setting_urn"]
    if not URN.fullmatch(urn):
        fail("setting_urn", "is not a URN; expected 6 digits")
    area = lookups.areas.get(raw["area"].lower())
    area_refusal = lookups.area_refusal(area)
    if area_refusal:
        fail("area", area_refusal)
    flag = raw["looked_after"].upper()
    if flag not in {"Y", "N"}:
        fail("looked_after", "expected Y or N")
    email = raw.get("case_officer_email", "").lower()
    officer = lookups.officers.get(email) if email else None
    if email and officer is None:
        fail("case_officer_email", "is not the email address of an active case officer")
    elif officer and area and not area_refusal and area.pk not in officer[1]:
        fail(
            "case_officer_email",
            f"does not work in {area.name}; expected the email address of a case officer of "
            "that area team",
        )
    if errors:
        return errors
    assert born is not None
    assert issued is not None
    assert area is not None
    return CheckedRow(
        raw["forename"], raw["surname"], born, need, urn, raw["setting_name"], phase, area.pk,
        issued, meeting, decided, outcome, flag == "Y", officer[0] if officer else None,
    )  # fmt: skip
