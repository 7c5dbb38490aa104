"""What saving a caseload file's checked rows would change (DESIGN section 6): the records
the rows name, read once (`Stored`), each row's fields as the save writes them, what a row
does to its plan's reviews (`RowHistory`), and the UPNs the save could not store.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from caseload.import_rows import PlanRow, Reach
from casework.models import Child, Plan
from common.table_rows import CellError
from organisation.models import Setting
from reviews import figures, statutory
from reviews.models import Review, ReviewStatus

CHILD_FIELDS = ["upn", "forename", "surname", "date_of_birth", "looked_after"]
PLAN_FIELDS = ["issued_on", "area_id", "primary_need", "case_officer_id", "setting_id"]
REVIEW_FIELDS = ["is_first_review", "previous_meeting_on", "due_on", "meeting_on", "status"]
# Where a review's meeting-held state comes from: the open review a row may still change.
CHANGEABLE_BY_FILE = {ReviewStatus.PLANNING, ReviewStatus.MEETING_HELD}


def child_fields(row: PlanRow) -> dict[str, Any]:
    return {"upn": row.upn, "forename": row.forename, "surname": row.surname,
            "date_of_birth": row.date_of_birth, "looked_after": row.looked_after}  # fmt: skip


def plan_fields(row: PlanRow, setting: Setting | None) -> dict[str, Any]:
    return {"issued_on": row.plan_issued_on, "area_id": row.area.pk, "primary_need": row.primary_need,
            "case_officer_id": row.case_officer.pk if row.case_officer else None,
            "setting_id": setting.pk if setting else None}  # fmt: skip


def _review_fields(row: PlanRow, *, earlier_meeting_on: date | None) -> dict[str, Any]:
    """The open review's fields as the row's history gives them (DESIGN section 6);
    `earlier_meeting_on`: the meeting of the plan's latest concluded review, if one is stored
    before the row's last meeting."""
    meeting = row.last_review_meeting_on
    if meeting is not None and row.last_review_decision_on is None:
        held = figures.held_review_from_history(
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
    opening = figures.open_review_from_history(
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
    held = figures.held_review_from_history(
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
class RowHistory:
    """What saving a row does to its plan's reviews.

    `open_fields`: the open review's new fields (None: the open review is left as it is);
    `concluded`: the fields of a concluded review to add (None: none to add); `kept`: the
    row names a review already stored as concluded, whose decision date or outcome differ
    from the row's and are kept as stored.
    """

    open_fields: dict[str, Any] | None
    concluded: dict[str, Any] | None = None
    kept: bool = False


def row_history(row: PlanRow, stored: "Stored", plan: Plan | None) -> RowHistory:
    """The row's review history against what is stored for its plan (DESIGN section 6).

    The file never undoes work recorded in the service, and never takes a plan's history
    backwards: an open review that has gone past its meeting (a report, a decision or more
    recorded) keeps everything; a row whose last meeting is older than the plan's latest
    concluded review, or that names that review without its decision, or no review at all
    when one is concluded, leaves the reviews as they are. A concluded review is added once
    per meeting date, so importing the same file again adds nothing.
    """
    if plan is None:
        return RowHistory(
            open_fields=_review_fields(row, earlier_meeting_on=None),
            concluded=_concluded_fields(row, earlier_meeting_on=None)
            if row.last_review_decision_on
            else None,
        )
    review = stored.open_reviews.get(plan.pk)
    if review is None or review.status not in CHANGEABLE_BY_FILE:
        return RowHistory(open_fields=None)
    concluded = stored.concluded.get(plan.pk, {})
    latest = max(concluded, default=None)
    meeting, decided = row.last_review_meeting_on, row.last_review_decision_on
    if latest is not None and (
        meeting is None or meeting < latest or (meeting == latest and decided is None)
    ):
        return RowHistory(open_fields=None)
    if meeting is not None and meeting == latest:
        stored_decision = concluded[meeting]
        kept = stored_decision[0] != decided or (
            bool(row.last_review_outcome) and stored_decision[1] != row.last_review_outcome
        )
        return RowHistory(open_fields=_review_fields(row, earlier_meeting_on=None), kept=kept)
    return RowHistory(
        open_fields=_review_fields(row, earlier_meeting_on=latest),
        concluded=_concluded_fields(row, earlier_meeting_on=latest) if decided else None,
    )


def differs(obj: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


@dataclass
class Stored:
    """The records the file's valid rows name, within the person's reach."""

    plans: dict[str, Plan]
    open_reviews: dict[int, Review]
    # plan id -> meeting date -> (decision date, outcome) of its concluded reviews
    concluded: dict[int, dict[date, tuple[date | None, str]]]
    settings: dict[str, Setting]
    own_settings: set[str]  # URNs of the settings the person may rename or re-phase
    upn_owners: dict[str, int]

    @classmethod
    def read(cls, parsed: list[PlanRow], named: dict[str, Plan], reach: Reach) -> "Stored":
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
            differs(setting, {"name": row.setting_name, "phase": row.setting_phase})
        )

    def child_of(self, row: PlanRow) -> object:
        """The child record the row's plan will belong to once saved."""
        plan = self.plans.get(row.plan_ref)
        if plan is not None:
            return plan.child_id
        return self.upn_owners.get(row.upn or "", ("new", row.upn))


def upn_refusals(parsed: list[PlanRow], stored: Stored) -> dict[int, CellError]:
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
