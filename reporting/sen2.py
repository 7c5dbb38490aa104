"""The SEN2-aligned export: the annual-review items of the DfE person-level return (DESIGN
section 6), one row per plan, for the council's annual statutory return, as at a census day.

Which plans: every plan active on the census day, or at any time in the collection year
(the calendar year before the census day), ceased ones included: the return's "active plans"
and "recently ceased plans". A plan issued after the census day is not yet counted.

Which review items, read from all of the child's reviews (open and concluded alike), as the
DfE's item definitions read them:

- ReviewMeeting: the latest review meeting held on or before the census day.
- ReviewOutcome: the decision after that meeting (A amend, C cease, M maintain), when it was
  notified on or before the census day; blank otherwise.
- LastReview: the latest review decision notified to the family on or before the census day.
- ReviewDraft: for an amendment, the day the proposed amendments (the draft amended plan) were
  sent, when on or before the census day.
- PhaseTransferDueDate and PhaseTransferFinalDate: from the review that owns the phase
  transfer (DESIGN section 3: the review with a phase-transfer deadline), for a transfer due
  in the collection year or the census year: its deadline, and the day its outcome became
  final (or, for a review concluded before that day was recorded, its final plan's date),
  when on or before the census day.

Who: the UPN, the ULN, and, only when neither is known, the reason (UPNunknown). The file
carries no names or dates of birth.

Every item is a correlated subquery of the one query that reads the rows, so the query count
does not grow with the number of plans. The file is formatted in SQL and streamed from COPY
(`sen2_stream`); `sen2_row` formats the same values in Python, as the straightforward reading
the tests compare the file with.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connections, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from casework.models import Plan
from common.csv_stream import FormulaSafe, IsoDate, csv_copy_stream
from common.tabular import formula_safe
from organisation.models import AreaTeam
from reviews.models import Decision, Review

SEN2_COLUMNS: tuple[tuple[str, str], ...] = (
    ("PlanRef", "The council's plan reference."),
    ("UPN", "The child's unique pupil number; blank when not known."),
    ("UniqueLearnerNumber", "The young person's unique learner number; blank when not known."),
    ("UPNunknown", "When neither number is known, the DfE's code for why (UN1 to UN10)."),
    ("ReviewMeeting", "The latest annual review meeting on or before the census day."),
    ("ReviewOutcome", "The decision after that meeting: A amend, C cease, M maintain."),
    ("LastReview", "The latest review decision notified to the family by the census day."),
    ("ReviewDraft", "Date the draft amended plan (the proposed amendments) was issued."),
    ("PhaseTransferDueDate", "The phase-transfer deadline for the amended plan (Regs 18)."),
    ("PhaseTransferFinalDate", "Date the phase-transfer review's outcome became final."),
)
"""The export's columns, in order, with what each holds. Dates are YYYY-MM-DD."""

HEADER = [name for name, _ in SEN2_COLUMNS]
OUTCOME_CODES = {Decision.AMEND: "A", Decision.CEASE: "C", Decision.MAINTAIN: "M"}
CHUNK_SIZE = 2000

CENSUS_DAY = (1, 18)
"""The default census day (month, day). The DfE sets the SEN2 census day each year in its
guide (a Thursday in the middle of January: the spring school census day, the third Thursday,
fell on 16 January 2025); that definition could not be confirmed against the SEN2 guide when
this was written, so the default is 18 January and the manager chooses the year's actual
census day on the export page."""


def sen2_census_day_default(*, today: date) -> date:
    """The most recent 18 January on or before `today` (see CENSUS_DAY)."""
    this_year = date(today.year, *CENSUS_DAY)
    return this_year if this_year <= today else date(today.year - 1, *CENSUS_DAY)


@dataclass(frozen=True)
class Sen2Period:
    """A census day and its collection year: the whole calendar year before the census day.

    The return counts the plans active on the census day and those active at any time in the
    collection year (SEN2 2026, census day in January 2026, covers 1 January to 31 December
    2025). Sources: the DfE's EHC plan statistics, "active EHC plans at January of the
    calendar year; new EHC plans in the previous calendar year"; the return's active-plans
    module, "active EHC plan on census day ... at any time during the collection year".
    """

    census_day: date

    @property
    def collection_year(self) -> int:
        return self.census_day.year - 1

    @property
    def starts_on(self) -> date:
        return date(self.collection_year, 1, 1)

    @property
    def ends_on(self) -> date:
        return date(self.collection_year, 12, 31)

    @property
    def census_year_ends_on(self) -> date:
        return date(self.census_day.year, 12, 31)


def sen2_plans_in_scope(
    plans: QuerySet[Plan], *, period: Sen2Period, area: AreaTeam | None = None
) -> QuerySet[Plan]:
    """The plans of `plans` (what the person may see) active on the census day or at any
    time in the collection year, in one area or all. A plan is active from the day it was
    issued until the day it ceased."""
    census = period.census_day
    not_ceased_by = Q(ceased_on__isnull=True) | Q(ceased_on__gt=census)
    active_on_census_day = Q(issued_on__lte=census) & not_ceased_by
    active_in_year = Q(issued_on__lte=period.ends_on) & (
        Q(ceased_on__isnull=True) | Q(ceased_on__gte=period.starts_on)
    )
    plans = plans.filter(active_on_census_day | active_in_year)
    return plans if area is None else plans.filter(area=area)


NO_IDENTITY = (
    (Q(child__upn__isnull=True) | Q(child__upn=""))
    & Q(child__uln="")
    & Q(child__upn_unknown_reason="")
)
"""A child with no UPN, no ULN and no reason why neither is known."""


@dataclass(frozen=True)
class Sen2Summary:
    plans: int
    children_without_identity: int


def sen2_summary(plans: QuerySet[Plan]) -> Sen2Summary:
    """How many rows the export holds, and how many of its children have no UPN, no ULN and
    no reason recorded (the DfE will query them), in one query."""
    counts = plans.aggregate(
        plans=Count("id"),
        children_without_identity=Count("child", distinct=True, filter=NO_IDENTITY),
    )
    return Sen2Summary(**counts)


def _child_reviews() -> QuerySet[Review]:
    return Review.objects.filter(plan__child=OuterRef("child"))


def _first(reviews: QuerySet[Review], column: str) -> Subquery:
    return Subquery(reviews.values(column)[:1])


def _sen2_annotated(plans: QuerySet[Plan], *, census_day: date) -> QuerySet[Plan]:
    """`plans` (sen2_plans_in_scope) in plan reference order, each with its review items as
    correlated subqueries over the child's reviews."""
    year_ends_on = Sen2Period(census_day).census_year_ends_on
    year_starts_on = Sen2Period(census_day).starts_on
    decided_by_census = Q(decision_notified_on__lte=census_day)

    latest_meeting = (
        _child_reviews()
        .filter(meeting_on__lte=census_day)
        .order_by("-meeting_on", "-id")
        .annotate(
            outcome=Case(When(decided_by_census, then=F("decision")), default=Value("")),
            outcome_code=Case(
                *(
                    When(decided_by_census, decision=value, then=Value(code))
                    for value, code in OUTCOME_CODES.items()
                ),
                default=None,
                output_field=TextField(),
            ),
            draft_on=Case(
                When(
                    decided_by_census,
                    decision=Decision.AMEND,
                    amendment_notice_on__lte=census_day,
                    then=F("amendment_notice_on"),
                ),
                default=None,
                output_field=DateField(),
            ),
        )
    )
    latest_decision = (
        _child_reviews().filter(decided_by_census).order_by("-decision_notified_on", "-id")
    )
    transfer_owner = (
        _child_reviews()
        .filter(phase_transfer_due_on__range=(year_starts_on, year_ends_on))
        .order_by("-phase_transfer_due_on", "-id")
        .alias(final_on=Coalesce("phase_transfer_met_on", "final_plan_issued_on"))
        .annotate(
            final_by_census=Case(
                When(final_on__lte=census_day, then=F("final_on")),
                default=None,
                output_field=DateField(),
            )
        )
    )
    return plans.order_by("plan_ref").annotate(
        review_meeting=_first(latest_meeting, "meeting_on"),
        review_outcome=_first(latest_meeting, "outcome"),
        review_outcome_code=_first(latest_meeting, "outcome_code"),
        last_review=_first(latest_decision, "decision_notified_on"),
        review_draft=_first(latest_meeting, "draft_on"),
        transfer_due=_first(transfer_owner, "phase_transfer_due_on"),
        transfer_final=_first(transfer_owner, "final_by_census"),
    )


def sen2_plans(plans: QuerySet[Plan], *, census_day: date) -> "QuerySet[Plan, tuple[Any, ...]]":
    """One tuple of raw values per plan of `plans` (sen2_plans_in_scope), in plan reference
    order, in one query: each review item is a correlated subquery over the child's reviews.
    `sen2_row` turns a tuple into the file's cells."""
    return _sen2_annotated(plans, census_day=census_day).values_list(  # type: ignore[misc]
        "plan_ref",
        "child__upn",
        "child__uln",
        "child__upn_unknown_reason",
        "review_meeting",
        "review_outcome",
        "last_review",
        "review_draft",
        "transfer_due",
        "transfer_final",
    )


def sen2_csv_rows(
    plans: QuerySet[Plan], *, census_day: date
) -> "QuerySet[Plan, tuple[str | None, ...]]":
    """The file's cells of every plan of `plans`, formatted in SQL exactly as `sen2_row`
    formats them in Python, for `sen2_stream` to send through COPY."""
    known = ~Q(child__upn__isnull=True) & ~Q(child__upn="") | ~Q(child__uln="")
    return (
        _sen2_annotated(plans, census_day=census_day)
        .annotate(
            c_ref=FormulaSafe(F("plan_ref")),
            c_upn=FormulaSafe(F("child__upn")),
            c_uln=FormulaSafe(F("child__uln")),
            c_reason=Case(
                When(known, then=None),
                default=FormulaSafe(F("child__upn_unknown_reason")),
                output_field=TextField(),
            ),
            c_meeting=IsoDate(F("review_meeting")),
            c_outcome=F("review_outcome_code"),
            c_last=IsoDate(F("last_review")),
            c_draft=IsoDate(F("review_draft")),
            c_due=IsoDate(F("transfer_due")),
            c_final=IsoDate(F("transfer_final")),
        )
        .values_list(
            "c_ref",
            "c_upn",
            "c_uln",
            "c_reason",
            "c_meeting",
            "c_outcome",
            "c_last",
            "c_draft",
            "c_due",
            "c_final",
        )
    )


def _text(value: str | None) -> str:
    """A text cell a spreadsheet will not run as a formula (see caseload.exports)."""
    if not value:
        return ""
    return formula_safe(value)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def sen2_row(values: tuple[Any, ...]) -> list[str]:
    """The CSV cells of one plan, from one tuple of `sen2_plans`."""
    (
        plan_ref,
        upn,
        uln,
        reason,
        meeting,
        outcome,
        last_review,
        draft,
        transfer_due,
        transfer_final,
    ) = values
    return [
        _text(plan_ref),
        _text(upn),
        _text(uln),
        "" if upn or uln else _text(reason),
        _day(meeting),
        OUTCOME_CODES.get(outcome, ""),
        _day(last_review),
        _day(draft),
        _day(transfer_due),
        _day(transfer_final),
    ]


def sen2_rows(plans: "QuerySet[Plan, tuple[Any, ...]]") -> Iterator[list[str]]:
    """The header, then a row per plan formatted in Python (the straightforward reading of
    the file, which the tests compare `sen2_stream` with)."""
    yield HEADER
    with transaction.atomic(using=plans.db), connections[plans.db].cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # see common.csv_stream
        for values in plans.iterator(chunk_size=CHUNK_SIZE):
            yield sen2_row(values)


def sen2_stream(
    plans: QuerySet[Plan],
    *,
    census_day: date,
    when_sent: Callable[[int, str, int], None] | None = None,
) -> Iterator[bytes]:
    """The file, as CSV written by PostgreSQL's COPY a block at a time (common.csv_stream):
    the time is the database's and the memory constant, whatever the number of plans."""
    return csv_copy_stream(sen2_csv_rows(plans, census_day=census_day), HEADER, when_sent=when_sent)
