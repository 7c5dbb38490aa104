"""The SEN2-aligned export: the annual-review items of the DfE person-level return (DESIGN
section 6), one row per active plan, for the council's annual statutory return.

Each row describes the plan's latest review whose meeting has been held (the most recent
`meeting_on`); a plan whose reviews have no meeting yet is described by its open review, so
its review dates are blank but a coming phase-transfer deadline still shows. Ceased plans
are left out. The file carries no names or dates of birth: the plan reference and UPN
identify the child, as the return needs no more for these items.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import F, QuerySet

from casework.models import AreaTeam, Plan, PlanStatus
from common.tabular import formula_safe
from reviews.models import Decision

SEN2_COLUMNS: tuple[tuple[str, str], ...] = (
    ("PlanRef", "The council's plan reference."),
    ("UPN", "The child's unique pupil number; blank when not known."),
    ("ReviewMeeting", "Date of the annual review meeting."),
    ("ReviewOutcome", "The decision after the meeting: A amend, C cease, M maintain unchanged."),
    ("LastReview", "Date of the annual review decision, as notified to the family."),
    ("ReviewDraft", "Date the draft amended plan (the proposed amendments) was issued."),
    ("PhaseTransferDueDate", "The phase-transfer deadline for the amended plan (Regs 18)."),
    ("PhaseTransferFinalDate", "Date the final amended plan of a phase-transfer review issued."),
)
"""The export's columns, in order, with what each holds. Dates are YYYY-MM-DD."""

HEADER = [name for name, _ in SEN2_COLUMNS]
OUTCOME_CODES = {Decision.AMEND: "A", Decision.CEASE: "C", Decision.MAINTAIN: "M"}
CHUNK_SIZE = 2000

_FIELDS = (
    "plan_ref",
    "child__upn",
    "reviews__meeting_on",
    "reviews__decision",
    "reviews__decision_notified_on",
    "reviews__amendment_notice_on",
    "reviews__phase_transfer_due_on",
    "reviews__final_plan_issued_on",
)


def sen2_active_plans(plans: QuerySet[Plan], *, area: AreaTeam | None = None) -> QuerySet[Plan]:
    """The active plans of `plans` (what the person may see), in one area or all."""
    plans = plans.filter(status=PlanStatus.ACTIVE)
    return plans if area is None else plans.filter(area=area)


def sen2_plans(plans: QuerySet[Plan]) -> "QuerySet[Plan, tuple[Any, ...]]":
    """One tuple of raw values per plan of `plans` (sen2_active_plans), in plan reference
    order, in one query.

    DISTINCT ON keeps, of each plan's reviews, the one with the latest meeting (reviews
    without a meeting sort last, then the newest first); the outer join keeps a plan with
    no review at all, with blank review items.
    """
    return (
        plans.order_by(
            "plan_ref", F("reviews__meeting_on").desc(nulls_last=True), F("reviews__id").desc()
        )
        .distinct("plan_ref")
        .values_list(*_FIELDS)
    )


def _text(value: str | None) -> str:
    """A text cell a spreadsheet will not run as a formula (see casework.exports)."""
    if not value:
        return ""
    return formula_safe(value)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def sen2_row(values: tuple[Any, ...]) -> list[str]:
    """The CSV cells of one plan, from one tuple of `sen2_plans`."""
    plan_ref, upn, meeting, decision, decided, notice, transfer_due, final_issued = values
    return [
        _text(plan_ref),
        _text(upn),
        _day(meeting),
        OUTCOME_CODES.get(decision, ""),
        _day(decided),
        _day(notice) if decision == Decision.AMEND else "",
        _day(transfer_due),
        _day(final_issued) if transfer_due else "",
    ]


def sen2_rows(plans: "QuerySet[Plan, tuple[Any, ...]]") -> Iterator[list[str]]:
    """The header, then a row per plan, read from a server-side cursor in chunks."""
    yield HEADER
    for values in plans.iterator(chunk_size=CHUNK_SIZE):
        yield sen2_row(values)
