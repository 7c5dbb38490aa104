"""The demo school's annual-review work: children at Sam Senco's school (URN 900004) whose
reviews stand at every stage of the school's work, from a review not yet 10 weeks away to a
report the council returned (DESIGN section 9). Safe to run again: it changes nothing then."""

from datetime import date, timedelta

from django.db import transaction

from accounts.models import Role, User
from casework.models import Child, Plan, PrimaryNeed
from contributions.models import (
    AnnualReviewReport,
    Recommendation,
    ReportOutcome,
    ReportStatus,
)
from organisation.models import Setting
from reviews.models import Review, ReviewStatus
from reviews.statutory import first_review_due

SCHOOL_URN = "900004"
PLAN_REF = "SCHOOL-WORK-{}"

# (forename, surname, weeks until the review is due, what is recorded)
STAGES = (
    ("Ada", "Fielding", 14, "not yet"),
    ("Ben", "Okafor", 8, "to plan"),
    ("Cleo", "Marsh", 5, "planned"),
    ("Dan", "Pryce", 3, "invited"),
    ("Eve", "Lowther", -1, "held"),
    ("Finn", "Agarwal", -2, "draft report"),
    ("Gail", "Doyle", -4, "submitted"),
    ("Hugo", "Brennan", -5, "returned"),
)


@transaction.atomic
def demo_school_work_seed(*, today: date) -> int:
    """Create the school's children and reviews once; how many were created."""
    if Plan.objects.filter(plan_ref=PLAN_REF.format(1)).exists():
        return 0
    school = Setting.objects.get(urn=SCHOOL_URN)
    officer = User.objects.filter(role=Role.CASE_OFFICER, areas=school.area).first()
    senco = User.objects.filter(school_places__setting=school, role=Role.SCHOOL).first()
    for n, (forename, surname, weeks, stage) in enumerate(STAGES, start=1):
        issued = today + timedelta(weeks=weeks) - timedelta(days=364)
        due = first_review_due(plan_issued_on=issued)
        child = Child.objects.create(
            forename=forename,
            surname=surname,
            date_of_birth=today - timedelta(days=9 * 365 + 100),
        )
        plan = Plan.objects.create(
            plan_ref=PLAN_REF.format(n),
            child=child,
            issued_on=issued,
            setting=school,
            area=school.area,
            case_officer=officer,
            primary_need=PrimaryNeed.SPLD,
        )
        review = Review(plan=plan, due_on=due, is_first_review=True)
        if stage in ("planned", "invited"):
            review.meeting_planned_on = due - timedelta(days=2)
        if stage == "invited":
            review.invitations_sent_on = today - timedelta(days=3)
        if stage in ("held", "draft report", "submitted", "returned"):
            review.meeting_planned_on = review.meeting_on = due
            review.invitations_sent_on = due - timedelta(weeks=3)
            review.status = ReviewStatus.MEETING_HELD
        if stage in ("submitted", "returned"):
            review.report_received_on = due + timedelta(days=8)
            review.status = ReviewStatus.REPORT_RECEIVED
        review.save()
        if stage in ("draft report", "submitted", "returned") and senco is not None:
            _report(review, school, senco, stage, officer)
    return len(STAGES)


def _report(review: Review, school: Setting, senco: User, stage: str, officer: User | None) -> None:
    status = {
        "draft report": ReportStatus.DRAFT,
        "submitted": ReportStatus.SUBMITTED,
        "returned": ReportStatus.RETURNED,
    }[stage]
    report = AnnualReviewReport.objects.create(
        review=review,
        setting=school,
        status=status,
        started_by=senco,
        attendees=f"{review.plan.child}'s parents\n{senco.full_name}, SENCO\nClass teacher",
        child_views="Likes reading with a friend; finds the dinner hall too loud.",
        parent_views="Pleased with progress in reading; worried about moving to secondary.",
        recommendation=Recommendation.AMEND if stage != "draft report" else "",
        proposed_changes={"F": "Add a weekly speech and language session."}
        if stage != "draft report"
        else {},
        submitted_on=review.report_received_on,
        submitted_by=senco if stage != "draft report" else None,
        returned_reason="Please add the speech and language therapist's advice to outcome 2."
        if stage == "returned"
        else "",
        returned_by=officer if stage == "returned" else None,
    )
    ReportOutcome.objects.bulk_create(
        [
            ReportOutcome(report=report, position=1, outcome="Read fluently", progress="Met."),
            ReportOutcome(
                report=report, position=2, outcome="Join in group work", progress="Partly met."
            ),
        ]
    )
