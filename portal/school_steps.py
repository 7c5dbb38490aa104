"""A school records a step of a review through the same guarded transitions and the same
orchestration after a step as the council's officers (reviews.transitions and
workbench.steps), and its event on the review's timeline says which school."""

from datetime import date

from django.db import transaction

from accounts.models import User
from audit.services import event_record
from common.notices import notice_send
from contributions.models import AnnualReviewReport
from contributions.services import report_mark_submitted
from organisation.models import Setting
from reviews import services
from reviews.models import Review
from reviews.transitions import Transition
from workbench.steps import review_step_record


def school_step_record(
    *,
    actor: User,
    review: Review,
    school: Setting,
    transition: Transition,
    on: date,
    expected_version: int | None,
) -> Review:
    """Record the step for the school; the step and the school's event are saved together."""
    with transaction.atomic():
        recorded = review_step_record(
            services.STEP_FUNCTIONS[transition.slug],
            review.pk,
            actor=actor,
            on=on,
            expected_version=expected_version,
        )
        event_record(
            actor=actor,
            action="school.step_recorded",
            target=recorded,
            details={
                "step": transition.title,
                "on": on.isoformat(),
                "urn": school.urn,
                "school": school.name,
            },
        )
    return recorded


def school_report_submit(*, actor: User, report_id: int, on: date) -> AnnualReviewReport:
    """Submit the school's report: the first submission records the review's "report
    received" step on `on` through the guarded transition, all or nothing; the case officer
    is told by email once it is saved."""
    with transaction.atomic():
        report, first = report_mark_submitted(actor=actor, report_id=report_id, on=on)
        if first:
            review_step_record(services.review_receive_report, report.review_id, actor=actor, on=on)
        officer = report.review.plan.case_officer
        if officer is not None and officer.is_active:
            transaction.on_commit(
                lambda: _tell_the_case_officer(report, officer, resubmitted=not first),
                robust=True,
            )
    return report


def _tell_the_case_officer(report: AnnualReviewReport, officer: User, *, resubmitted: bool) -> None:
    notice_send(
        f"Annual review report {'resubmitted' if resubmitted else 'received'}: "
        f"{report.review.plan.plan_ref}",
        "portal/email/report_submitted.txt",
        {"report": report, "officer": officer, "resubmitted": resubmitted},
        [officer.email],
    )
