"""Caseload import (DESIGN section 6): read a council's CSV or XLSX export, check every row,
then upsert by `plan_ref` in one transaction, or save nothing.

Reading, checking and comparing happen before anything is written, so a file with errors
leaves the database untouched unless the officer chooses to save only the valid rows, and
even then each row is saved whole or not at all. Everything is bulk: a handful of queries
for the whole file, and one set-based recompute of the affected reviews at the end.
"""

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from casework.models import PLAN_REF_RULE, Child, Plan, PrimaryNeed, plan_ref_validator
from casework.selectors import area_list_for_user, in_visible_areas, plan_list_for_user
from common.table_rows import (
    CONTROL_CHARACTERS,
    CellError,
    parse_date,
    printable,
    read_table,
)
from common.tabular import FORMULA_STARTS
from organisation.models import AreaTeam, Setting, SettingPhase
from reviews import statutory
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews

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
ANOTHER_TEAMS_PLAN = "plan reference already used by another team's caseload; ask a manager"
ANOTHER_TEAMS_UPN = "UPN already used by another team's caseload; ask a manager"
WARNING_LENGTH = 500


@dataclass
class PlanRow:
    """One row, checked and typed."""

    row: int
    plan_ref: str
    upn: str | None
    forename: str
    surname: str
    date_of_birth: date
    primary_need: str
    setting_urn: str
    setting_name: str
    setting_phase: str
    area: AreaTeam
    plan_issued_on: date
    last_review_meeting_on: date | None
    last_review_decision_on: date | None
    last_review_outcome: str  # one of OUTCOMES, or "" when not known
    looked_after: bool
    case_officer: User | None


@dataclass
class RowOutcome:
    row: int
    plan_ref: str
    outcome: str  # new, changed, unchanged, error
    messages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.plan_ref = printable(self.plan_ref)  # as the file has it, for the page and report


@dataclass
class ImportResult:
    filename: str
    sha256: str
    outcomes: list[RowOutcome]
    warnings: list[str]
    saved: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(o.outcome for o in self.outcomes)
        return {kind: counted.get(kind, 0) for kind in ("new", "changed", "unchanged", "error")}

    @property
    def errors(self) -> list[str]:
        return [m for o in self.outcomes if o.outcome == "error" for m in o.messages]


# --- Reading the file ----------------------------------------------------------------------


def caseload_rows(
    data: bytes, filename: str, warnings: list[str], *, max_rows: int | None = None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """A caseload file's columns and rows (common.table_rows.read_table with its columns)."""
    return read_table(
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
    if not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", upn):
        return False
    total = 0
    for position, char in enumerate(upn[1:], start=2):
        value = int(char) if char.isdigit() else UPN_CHECK_LETTERS.find(char)
        if value < 0:
            return False
        total += value * position
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


def _searchable(values: Iterable[str]) -> set[str]:
    """The values worth looking up: a cell the check refuses whole (a NUL, which no query can
    carry, or one too long for any field) is left out, and its row refused by the check."""
    longest = max(MAX_LENGTHS.values())
    return {v for v in values if v and len(v) <= longest and not CONTROL_CHARACTERS.search(v)}


class _Reach:
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

    def plans_named(self, refs: set[str]) -> dict[str, Plan]:
        """The plans of `refs` within the person's reach, with what a row compares."""
        named = self.plans().filter(plan_ref__in=refs).select_related("child", "setting")
        return {p.plan_ref: p for p in named}

    def refs_of_other_teams(self, refs: set[str], *, seen: dict[str, Plan]) -> set[str]:
        """Those of `refs` that name a plan outside the person's reach (`seen`: those within)."""
        if self.person is None:
            return set()
        stored = Plan.objects.filter(plan_ref__in=refs).values_list("plan_ref", flat=True)
        return set(stored) - set(seen)

    def upns_of_other_teams(self, upns: set[str]) -> set[str]:
        """Those of `upns` held by a child whose every plan is outside the person's reach."""
        if self.person is None:
            return set()
        held = Child.objects.filter(upn__in=upns, plans__isnull=False).values_list("upn", flat=True)
        seen = self.plans().filter(child__upn__in=upns).values_list("child__upn", flat=True)
        return {upn for upn in held if upn} - set(seen)


class _Lookups:
    """What the rows name, read once for the whole file."""

    def __init__(self, rows: list[tuple[int, dict[str, str]]], reach: _Reach) -> None:
        self.areas = {a.name.lower(): a for a in AreaTeam.objects.all()}
        self.own_areas = list(reach.areas().order_by("name"))
        emails = _searchable(r.get("case_officer_email", "").lower() for _, r in rows)
        officers = User.objects.filter(email__in=emails, role=Role.CASE_OFFICER, is_active=True)
        self.officers = {u.email: u for u in officers.prefetch_related("areas")}

    def area_refusal(self, area: AreaTeam | None) -> str | None:
        """Why a row may not name `area` (None: no such area team), or None if it may."""
        if area is not None and area in self.own_areas:
            return None
        what = "is not an area team" if area is None else "is not one of your area teams"
        if not self.own_areas:
            return f"{what}; you work in none, so ask a manager"
        return f"{what}; expected one of {', '.join(a.name for a in self.own_areas)}"


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
    if column == "plan_ref":
        try:
            plan_ref_validator(value)
        except ValidationError:
            return f"is not a plan reference; expected {PLAN_REF_RULE}"
    return None


def parse_row(
    number: int, raw: dict[str, str], lookups: _Lookups, today: date
) -> PlanRow | list[CellError]:
    errors: list[CellError] = []

    def fail(column: str, expected: str) -> None:
        errors.append(CellError(number, column, raw.get(column, ""), expected))

    for column in COLUMNS:
        problem = _cell_problem(column, raw.get(column, ""))
        if problem:
            fail(column, problem)
    if errors:
        return errors

    def date_of(column: str) -> date | None:
        value = raw.get(column, "")
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            fail(column, "is not a real date; expected YYYY-MM-DD or DD/MM/YYYY")
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
        fail(
            "last_review_outcome",
            f"is not a review outcome; expected one of {', '.join(OUTCOMES)}, or blank if "
            "not known",
        )
    elif outcome and not decided:
        fail("last_review_outcome", "needs the last_review_decision_on date it was notified")

    upn = raw.get("upn", "").upper() or None
    if upn and not upn_is_valid(upn):
        fail(
            "upn",
            "is not a valid UPN: 13 characters, a check letter then 12 digits (the last may be a letter)",
        )
    need = raw["primary_need"].upper()
    if need not in PrimaryNeed.values:
        fail(
            "primary_need",
            f"is not an SEN2 need code; expected one of {', '.join(PrimaryNeed.values)}",
        )
    phase = raw["setting_phase"].lower()
    if phase not in SettingPhase.values:
        fail(
            "setting_phase",
            f"is not a setting phase; expected one of {', '.join(SettingPhase.values)}",
        )
    if not re.fullmatch(r"\d{6}", raw["setting_urn"]):
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
    elif officer and area and not area_refusal and area not in officer.areas.all():
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
    return PlanRow(
        row=number, plan_ref=raw["plan_ref"], upn=upn, forename=raw["forename"], surname=raw["surname"],
        date_of_birth=born, primary_need=need, setting_urn=raw["setting_urn"], setting_name=raw["setting_name"],
        setting_phase=phase, area=area, plan_issued_on=issued, last_review_meeting_on=meeting,
        last_review_decision_on=decided, last_review_outcome=outcome, looked_after=flag == "Y",
        case_officer=officer,
    )  # fmt: skip


# --- Comparing with what is stored -----------------------------------------------------------


CHILD_FIELDS = ["upn", "forename", "surname", "date_of_birth", "looked_after"]
PLAN_FIELDS = ["issued_on", "area_id", "primary_need", "case_officer_id", "setting_id"]
REVIEW_FIELDS = ["is_first_review", "previous_meeting_on", "due_on", "meeting_on", "status"]
# Where a review's meeting-held state comes from: the open review a row may still change.
CHANGEABLE_BY_FILE = {ReviewStatus.PLANNING, ReviewStatus.MEETING_HELD}


def _child_fields(row: PlanRow) -> dict[str, Any]:
    return {"upn": row.upn, "forename": row.forename, "surname": row.surname,
            "date_of_birth": row.date_of_birth, "looked_after": row.looked_after}  # fmt: skip


def _plan_fields(row: PlanRow, setting: Setting | None) -> dict[str, Any]:
    return {"issued_on": row.plan_issued_on, "area_id": row.area.pk, "primary_need": row.primary_need,
            "case_officer_id": row.case_officer.pk if row.case_officer else None,
            "setting_id": setting.pk if setting else None}  # fmt: skip


def _review_fields(row: PlanRow, *, earlier_meeting_on: date | None) -> dict[str, Any]:
    """The open review's fields as the row's history gives them (DESIGN section 6);
    `earlier_meeting_on`: the meeting of the plan's latest concluded review, if one is stored
    before the row's last meeting."""
    meeting = row.last_review_meeting_on
    if meeting is not None and row.last_review_decision_on is None:
        held = statutory.held_review_from_history(
            plan_issued_on=row.plan_issued_on,
            meeting_on=meeting,
            earlier_meeting_on=earlier_meeting_on,
        )
        return {
            "is_first_review": held.is_first_review,
            "previous_meeting_on": held.previous_meeting_on,
            "due_on": held.due_on,
            "meeting_on": meeting,
            "status": ReviewStatus.MEETING_HELD,
        }
    opening = statutory.open_review_from_history(
        plan_issued_on=row.plan_issued_on,
        last_review_meeting_on=meeting,
        last_review_decision_on=row.last_review_decision_on,
    )
    return {
        "is_first_review": opening.is_first_review,
        "previous_meeting_on": opening.previous_meeting_on,
        "due_on": opening.due_on,
        "meeting_on": opening.meeting_on,
        "status": ReviewStatus.MEETING_HELD if opening.meeting_on else ReviewStatus.PLANNING,
    }


def _concluded_fields(row: PlanRow, *, earlier_meeting_on: date | None) -> dict[str, Any]:
    """The concluded review of a row with a meeting and a decision (DESIGN section 6): its
    meeting, decision date and outcome, concluded on the decision date. An amendment's
    final plan is left blank: the row does not say when, or whether, it was issued."""
    meeting, decided = row.last_review_meeting_on, row.last_review_decision_on
    assert meeting is not None
    assert decided is not None
    held = statutory.held_review_from_history(
        plan_issued_on=row.plan_issued_on, meeting_on=meeting, earlier_meeting_on=earlier_meeting_on
    )
    return {
        "status": ReviewStatus.CONCLUDED,
        "is_first_review": held.is_first_review,
        "previous_meeting_on": held.previous_meeting_on,
        "due_on": held.due_on,
        "meeting_on": meeting,
        "decision": row.last_review_outcome,
        "decision_notified_on": decided,
        "concluded_on": decided,
        "decision_outside_period": statutory.decision_outside_period(
            period_ends_on=held.due_on
            if held.is_first_review or held.previous_meeting_on
            else None,
            decision_notified_on=decided,
            today=decided,
        ),
    }


@dataclass(frozen=True)
class _RowHistory:
    """What saving a row does to its plan's reviews.

    `open_fields`: the open review's new fields (None: the open review is left as it is);
    `concluded`: the fields of a concluded review to add (None: none to add); `kept`: the
    row names a review already stored as concluded, whose decision date or outcome differ
    from the row's and are kept as stored.
    """

    open_fields: dict[str, Any] | None
    concluded: dict[str, Any] | None = None
    kept: bool = False


def _row_history(row: PlanRow, stored: "_Stored", plan: Plan | None) -> _RowHistory:
    """The row's review history against what is stored for its plan (DESIGN section 6).

    The file never undoes work recorded in the service, and never takes a plan's history
    backwards: an open review that has gone past its meeting (a report, a decision or more
    recorded) keeps everything; a row whose last meeting is older than the plan's latest
    concluded review, or that names that review without its decision, or no review at all
    when one is concluded, leaves the reviews as they are. A concluded review is added once
    per meeting date, so importing the same file again adds nothing.
    """
    if plan is None:
        return _RowHistory(
            open_fields=_review_fields(row, earlier_meeting_on=None),
            concluded=_concluded_fields(row, earlier_meeting_on=None)
            if row.last_review_decision_on
            else None,
        )
    review = stored.open_reviews.get(plan.pk)
    if review is None or review.status not in CHANGEABLE_BY_FILE:
        return _RowHistory(open_fields=None)
    concluded = stored.concluded.get(plan.pk, {})
    latest = max(concluded, default=None)
    meeting, decided = row.last_review_meeting_on, row.last_review_decision_on
    if latest is not None and (
        meeting is None or meeting < latest or (meeting == latest and decided is None)
    ):
        return _RowHistory(open_fields=None)
    if meeting is not None and meeting == latest:
        stored_decision = concluded[meeting]
        kept = stored_decision[0] != decided or (
            bool(row.last_review_outcome) and stored_decision[1] != row.last_review_outcome
        )
        return _RowHistory(open_fields=_review_fields(row, earlier_meeting_on=None), kept=kept)
    return _RowHistory(
        open_fields=_review_fields(row, earlier_meeting_on=latest),
        concluded=_concluded_fields(row, earlier_meeting_on=latest) if decided else None,
    )


def _differs(obj: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


@dataclass
class _Stored:
    """The records the file's valid rows name, within the person's reach."""

    plans: dict[str, Plan]
    open_reviews: dict[int, Review]
    # plan id -> meeting date -> (decision date, outcome) of its concluded reviews
    concluded: dict[int, dict[date, tuple[date | None, str]]]
    settings: dict[str, Setting]
    own_settings: set[str]  # URNs of the settings the person may rename or re-phase
    upn_owners: dict[str, int]

    @classmethod
    def read(cls, parsed: list[PlanRow], named: dict[str, Plan], reach: _Reach) -> "_Stored":
        plans = {r.plan_ref: named[r.plan_ref] for r in parsed if r.plan_ref in named}
        urns = {r.setting_urn for r in parsed}
        concluded: dict[int, dict[date, tuple[date | None, str]]] = {}
        for plan_id, meeting_on, decided, decision in (
            Review.objects.concluded()
            .filter(plan__in=plans.values())
            .values_list("plan_id", "meeting_on", "decision_notified_on", "decision")
        ):
            if meeting_on is not None:
                concluded.setdefault(plan_id, {})[meeting_on] = (decided, decision)
        return cls(
            plans=plans,
            open_reviews={
                r.plan_id: r for r in Review.objects.open().filter(plan__in=plans.values())
            },
            concluded=concluded,
            settings={s.urn: s for s in Setting.objects.filter(urn__in=urns)},
            own_settings=set(reach.settings().filter(urn__in=urns).values_list("urn", flat=True)),
            upn_owners={
                upn: pk
                for upn, pk in Child.objects.filter(
                    upn__in={r.upn for r in parsed if r.upn}
                ).values_list("upn", "id")
                if upn
            },
        )

    def setting_changes(self, row: PlanRow) -> bool:
        """Whether saving the row creates its setting or changes one the person may change."""
        setting = self.settings.get(row.setting_urn)
        if setting is None:
            return True
        return row.setting_urn in self.own_settings and bool(
            _differs(setting, {"name": row.setting_name, "phase": row.setting_phase})
        )

    def child_of(self, row: PlanRow) -> object:
        """The child record the row's plan will belong to once saved."""
        plan = self.plans.get(row.plan_ref)
        if plan is not None:
            return plan.child_id
        return self.upn_owners.get(row.upn or "", ("new", row.upn))


def _upn_refusals(parsed: list[PlanRow], stored: _Stored) -> dict[int, CellError]:
    """Rows whose UPN the save could not store: one already on another child's record, or one
    this file gives to two children (which the database's unique UPN would refuse)."""
    refused: dict[int, CellError] = {}
    given: dict[str, dict[object, list[int]]] = {}
    for row in parsed:
        if not row.upn:
            continue
        plan = stored.plans.get(row.plan_ref)
        owner = stored.upn_owners.get(row.upn)
        if plan is not None and owner is not None and owner != plan.child_id:
            # Moving a UPN onto another child's record would merge two children: refuse it.
            refused[row.row] = CellError(
                row.row, "upn", row.upn, "already belongs to another child's record; check the UPN"
            )
            continue
        given.setdefault(row.upn, {}).setdefault(stored.child_of(row), []).append(row.row)
    for upn, children in given.items():
        if len(children) < 2:
            continue
        numbers = sorted(n for rows in children.values() for n in rows)
        for number in numbers:
            refused[number] = CellError(
                number,
                "upn",
                upn,
                f"is given to more than one child's record in this file (rows "
                f"{', '.join(map(str, numbers))}); check the UPN, or import these rows in "
                "two files",
            )
    return refused


# --- The import ----------------------------------------------------------------------------


def _checked_rows(
    rows: list[tuple[int, dict[str, str]]],
    reach: _Reach,
    named: dict[str, Plan],
    result: ImportResult,
) -> list[PlanRow]:
    """Each row checked on its own and against the person's reach (`named`: the plans the
    file names within it); refusals go to `result`."""
    today = timezone.localdate()
    lookups = _Lookups(rows, reach)
    refs = Counter(raw.get("plan_ref", "") for _, raw in rows)
    others_refs = reach.refs_of_other_teams(_searchable(refs), seen=named)
    others_upns = reach.upns_of_other_teams(
        _searchable(raw.get("upn", "").upper() for _, raw in rows)
    )
    first_row: dict[str, int] = {}
    parsed: list[PlanRow] = []
    for number, raw in rows:
        ref = raw.get("plan_ref", "")
        outcome = parse_row(number, raw, lookups, today)
        errors = outcome if isinstance(outcome, list) else []
        if ref in others_refs:
            # Said the same whatever the other team's plan holds: the row reveals nothing of it.
            errors.append(CellError(number, "plan_ref", ref, ANOTHER_TEAMS_PLAN))
        elif raw.get("upn", "").upper() in others_upns:
            errors.append(CellError(number, "upn", raw["upn"], ANOTHER_TEAMS_UPN))
        if ref and refs[ref] > 1:
            if ref in first_row:
                errors.append(CellError(
                    number, "plan_ref", ref,
                    f"appears more than once in the file (first on row {first_row[ref]})",
                ))  # fmt: skip
            first_row.setdefault(ref, number)
        if errors:
            result.outcomes.append(RowOutcome(number, ref, "error", [str(e) for e in errors]))
        else:
            assert isinstance(outcome, PlanRow)
            parsed.append(outcome)
    duplicated = {ref for ref, n in refs.items() if n > 1}
    for row in [r for r in parsed if r.plan_ref in duplicated]:
        # Every copy of a duplicated reference is refused: which one is right is the officer's call.
        parsed.remove(row)
        result.outcomes.append(RowOutcome(row.row, row.plan_ref, "error", [
            str(CellError(row.row, "plan_ref", row.plan_ref, "appears more than once in the file"))
        ]))  # fmt: skip
    return parsed


def _compared_rows(
    parsed: list[PlanRow], stored: _Stored, result: ImportResult
) -> tuple[dict[str, list[str]], dict[str, _RowHistory]]:
    """What saving each row would change, and what it does to its plan's reviews; rows the
    save could not store go to `result` as errors and leave `parsed`."""
    refused = _upn_refusals(parsed, stored)
    plan_changes: dict[str, list[str]] = {}
    histories: dict[str, _RowHistory] = {}
    for row in list(parsed):
        if row.row in refused:
            parsed.remove(row)
            result.outcomes.append(
                RowOutcome(row.row, row.plan_ref, "error", [str(refused[row.row])])
            )
            continue
        plan = stored.plans.get(row.plan_ref)
        history = histories[row.plan_ref] = _row_history(row, stored, plan)
        if plan is None:
            result.outcomes.append(RowOutcome(row.row, row.plan_ref, "new"))
            continue
        setting = stored.settings.get(row.setting_urn)
        changes = _differs(plan.child, _child_fields(row)) + _differs(
            plan, _plan_fields(row, setting)
        )
        if stored.setting_changes(row):
            changes.append("setting")
        review = stored.open_reviews.get(plan.pk)
        if review is not None and history.open_fields is not None:
            changes += _differs(review, history.open_fields)
        if history.concluded is not None:
            changes.append("last_review_decision_on")
        plan_changes[row.plan_ref] = changes
        kind = "changed" if changes else "unchanged"
        result.outcomes.append(
            RowOutcome(
                row.row, row.plan_ref, kind, [f"changed: {', '.join(changes)}"] if changes else []
            )
        )
    return plan_changes, histories


def _kept_decisions_warning(parsed: list[PlanRow], histories: dict[str, _RowHistory]) -> list[str]:
    kept = [r.row for r in parsed if histories[r.plan_ref].kept]
    if not kept:
        return []
    shown = ", ".join(map(str, kept[:10])) + (
        f" and {len(kept) - 10} more" if len(kept) > 10 else ""
    )
    return [
        "These rows give another decision date or outcome for a review already recorded as "
        f"concluded, and the recorded decision was kept: {shown}."
    ]


def _settings_warning(parsed: list[PlanRow], stored: _Stored) -> list[str]:
    kept = sorted(
        {
            r.setting_urn
            for r in parsed
            if r.setting_urn in stored.settings and r.setting_urn not in stored.own_settings
        }
    )
    if not kept:
        return []
    shown = ", ".join(kept[:10]) + (f" and {len(kept) - 10} more" if len(kept) > 10 else "")
    return [
        f"Settings of other area teams keep the name and phase they are registered with: {shown}."
    ]


def caseload_import(
    *,
    data: bytes,
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    save_valid_rows: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check a caseload file and, unless it is a dry run, save it.

    `actor` is the person importing, in the check as in the save: a row for an area team
    they do not work in, or for a plan or child of another team, is an error on that row
    that reveals nothing of what the other team holds. None is the operator at the server's
    command line, who reaches every area.

    With errors, nothing is saved unless `save_valid_rows`; then the valid rows are saved
    and the rows in error are left out whole. Raises ImportFileError for an unreadable file.
    """
    report = progress or (lambda percent: None)
    warnings: list[str] = []
    result = ImportResult(
        filename=filename, sha256=hashlib.sha256(data).hexdigest(), outcomes=[], warnings=warnings
    )
    _, rows = caseload_rows(data, filename, warnings)
    report(20)
    reach = _Reach(actor)
    named = reach.plans_named(_searchable(raw.get("plan_ref", "") for _, raw in rows))
    parsed = _checked_rows(rows, reach, named, result)
    report(50)
    stored = _Stored.read(parsed, named, reach)
    plan_changes, histories = _compared_rows(parsed, stored, result)
    warnings += _settings_warning(parsed, stored)
    warnings += _kept_decisions_warning(parsed, histories)
    # Warnings quote the file's own header names: keep them printable and short.
    warnings[:] = [printable(w, limit=WARNING_LENGTH) for w in warnings]
    result.outcomes.sort(key=lambda o: o.row)

    report(70)
    has_errors = result.counts["error"] > 0
    if dry_run or (has_errors and not save_valid_rows):
        return result
    with transaction.atomic():
        _save(parsed, stored, plan_changes, histories)
        result.saved = True
        event_record(
            actor=actor,
            action="caseload.imported",
            details={"file": filename, "sha256": result.sha256, **result.counts},
        )
    return result


# New rows go in by COPY, with ids taken from their sequences first: Django's bulk_create
# spends most of its time building SQL (measured by bench/import.py).


def _next_ids(model: type[Any], count: int) -> list[int]:
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_by_copy(model: type[models.Model], objects: list[Any]) -> list[Any]:
    """Insert new `objects` with one COPY, their ids taken from the table's sequence first and
    set on them; every column written, each object's own default where nothing was given."""
    if not objects:
        return objects
    for obj, pk in zip(objects, _next_ids(model, len(objects)), strict=True):
        obj.pk = pk
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for obj in objects:
                copy.write_row(tuple(getattr(obj, f.attname) for f in fields))
    return objects


def _save(
    parsed: list[PlanRow],
    stored: _Stored,
    plan_changes: dict[str, list[str]],
    histories: dict[str, _RowHistory],
) -> None:
    existing, open_reviews, settings_by_urn = stored.plans, stored.open_reviews, stored.settings
    # Settings: create the new, correct the changed ones the person may change.
    new_settings = {}
    for row in parsed:
        setting = settings_by_urn.get(row.setting_urn)
        if setting is None:
            new_settings[row.setting_urn] = Setting(
                urn=row.setting_urn, name=row.setting_name, phase=row.setting_phase, area=row.area
            )
        elif stored.setting_changes(row):
            setting.name, setting.phase = row.setting_name, row.setting_phase
            setting.save(update_fields=["name", "phase"])
    for setting in Setting.objects.bulk_create(new_settings.values()):
        settings_by_urn[setting.urn] = setting

    to_create = [r for r in parsed if r.plan_ref not in existing]
    to_update = [r for r in parsed if plan_changes.get(r.plan_ref)]
    # Children: matched by UPN when they have one, otherwise new.
    known = {c.upn: c for c in Child.objects.filter(upn__in=[r.upn for r in to_create if r.upn])}
    children = {}
    for row in to_create:
        child = known.get(row.upn) if row.upn else None
        if child is None:
            child = Child(**_child_fields(row))
            if row.upn:
                known[row.upn] = child  # a second plan for the same child in this file
        children[row.plan_ref] = child
    new_children = list({id(c): c for c in children.values() if c.pk is None}.values())
    insert_by_copy(Child, new_children)
    new_plans = insert_by_copy(
        Plan,
        [
            Plan(
                plan_ref=row.plan_ref,
                child=children[row.plan_ref],
                **_plan_fields(row, settings_by_urn[row.setting_urn]),
            )
            for row in to_create
        ],
    )
    opened = [
        Review(plan_id=plan.pk, **(histories[row.plan_ref].open_fields or {}))
        for plan, row in zip(new_plans, to_create, strict=True)
    ]
    # The concluded reviews the rows record, for new plans and for stored ones.
    plan_ids = {row.plan_ref: plan.pk for plan, row in zip(new_plans, to_create, strict=True)}
    plan_ids.update({ref: plan.pk for ref, plan in existing.items()})
    concluded = [
        Review(plan_id=plan_ids[row.plan_ref], **fields)
        for row in parsed
        if (fields := histories[row.plan_ref].concluded) is not None
    ]
    insert_by_copy(Review, opened + concluded)
    affected = [review.pk for review in opened]

    changed_children, changed_plans, changed_reviews = [], [], []
    for row in to_update:
        plan = existing[row.plan_ref]
        for name, value in _child_fields(row).items():
            setattr(plan.child, name, value)
        changed_children.append(plan.child)
        for name, value in _plan_fields(row, settings_by_urn[row.setting_urn]).items():
            setattr(plan, name, value)
        changed_plans.append(plan)
        review = open_reviews.get(plan.pk)
        open_fields = histories[row.plan_ref].open_fields
        if review is not None and open_fields is not None:
            for name, value in open_fields.items():
                setattr(review, name, value)
            changed_reviews.append(review)
        if review is not None:
            affected.append(review.pk)
    if to_update:
        Child.objects.bulk_update(changed_children, CHILD_FIELDS, batch_size=2000)
        Plan.objects.bulk_update(changed_plans, PLAN_FIELDS, batch_size=2000)
    if changed_reviews:
        Review.objects.bulk_update(changed_reviews, REVIEW_FIELDS, batch_size=2000)
    if affected:
        recompute_reviews(review_ids=affected)
