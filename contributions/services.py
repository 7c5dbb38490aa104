"""The rules of the school's annual review report: who may read and change it, what a
complete report holds, and its draft, submitted and returned states. Recording the review's
"report received" step on submission is the portal's, through the same orchestration as
officers (workbench.steps), in the same transaction as `report_mark_submitted`."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from audit.services import event_record
from contributions.models import (
    OUTCOMES_MAX,
    PLAN_SECTIONS,
    SHORT_TEXT_MAX_CHARS,
    TEXT_MAX_CHARS,
    AnnualReviewReport,
    Recommendation,
    ReportOutcome,
    ReportStatus,
)
from contributions.selectors import school_review_get_for_user
from reviews.models import Review, ReviewStatus

# The report's free text saved part by part, with its words for a message.
REPORT_TEXT_FIELDS = {
    "attendees": "Who attended the meeting",
    "child_views": "The child's views",
    "child_views_not_obtained": "Why the child's views were not obtained",
    "parent_views": "The parents' views",
    "parent_views_not_obtained": "Why the parents' views were not obtained",
}

# The review's states in which the school writes its report: after the meeting, until the
# council has decided.
REPORT_STATES = frozenset({ReviewStatus.MEETING_HELD, ReviewStatus.REPORT_RECEIVED})


def school_report_get_for_user(
    user: User, review_id: int, *, write: bool = False
) -> AnnualReviewReport | None:
    """The school's report of the review (None before it is started); 404 if the person may
    not see the review, 403 if they ask to change a report that is submitted."""
    review = school_review_get_for_user(user, review_id)
    report = AnnualReviewReport.objects.filter(review=review).first()
    if write and report is not None and not report.is_editable:
        raise PermissionDenied("The report is submitted: it cannot be changed.")
    return report


def report_start(*, actor: User, review_id: int) -> AnnualReviewReport:
    """The report of the review, started now if it was not; only after the meeting."""
    review = school_review_get_for_user(actor, review_id, write=True)
    existing = AnnualReviewReport.objects.filter(review=review).first()
    if existing is not None:
        return existing
    if review.status not in REPORT_STATES:
        raise ValidationError("Record the meeting held before writing its report.")
    assert review.plan.setting is not None  # the selector gives only reviews at a school
    with transaction.atomic():
        report = AnnualReviewReport.objects.create(
            review=review, setting=review.plan.setting, started_by=actor
        )
        event_record(
            actor=actor,
            action="school_report.started",
            target=review,
            details={"urn": review.plan.setting.urn, "school": review.plan.setting.name},
        )
    return report


def _check_length(label: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise ValidationError(f"{label} must be {limit:,} characters or fewer")


@transaction.atomic
def report_save_part(*, actor: User, report_id: int, fields: dict[str, str]) -> AnnualReviewReport:
    """Save some of the report's text (one part of the form); a draft or returned report only."""
    report = AnnualReviewReport.objects.select_for_update().get(pk=report_id)
    if not report.is_editable:
        raise PermissionDenied("The report is submitted: it cannot be changed.")
    for name, value in fields.items():
        if name not in REPORT_TEXT_FIELDS:
            raise ValueError(f"{name} is not a part of the report's text")
        limit = SHORT_TEXT_MAX_CHARS if name.endswith("not_obtained") else TEXT_MAX_CHARS
        _check_length(REPORT_TEXT_FIELDS[name], value, limit)
        setattr(report, name, value.strip())
    report.save()
    return report


@transaction.atomic
def report_save_recommendation(
    *, actor: User, report_id: int, recommendation: Recommendation, changes: dict[str, str]
) -> AnnualReviewReport:
    report = AnnualReviewReport.objects.select_for_update().get(pk=report_id)
    if not report.is_editable:
        raise PermissionDenied("The report is submitted: it cannot be changed.")
    keys = {key for key, _ in PLAN_SECTIONS}
    kept = {key: text.strip() for key, text in changes.items() if key in keys and text.strip()}
    for key, text in kept.items():
        _check_length(f"The proposed change to section {key}", text, TEXT_MAX_CHARS)
    report.recommendation = recommendation
    report.proposed_changes = kept if recommendation == Recommendation.AMEND else {}
    report.save()
    return report


@transaction.atomic
def report_save_outcomes(
    *, actor: User, report_id: int, outcomes: list[tuple[str, str]]
) -> AnnualReviewReport:
    """Replace the report's outcomes and progress with `outcomes`, in order."""
    report = AnnualReviewReport.objects.select_for_update().get(pk=report_id)
    if not report.is_editable:
        raise PermissionDenied("The report is submitted: it cannot be changed.")
    kept = [(o.strip(), p.strip()) for o, p in outcomes if o.strip() or p.strip()]
    if len(kept) > OUTCOMES_MAX:
        raise ValidationError(f"A report can give at most {OUTCOMES_MAX} outcomes")
    for number, (outcome, progress) in enumerate(kept, start=1):
        if not outcome or not progress:
            raise ValidationError(f"Outcome {number}: enter both the outcome and the progress")
        _check_length(f"Outcome {number}", outcome, SHORT_TEXT_MAX_CHARS)
        _check_length(f"The progress towards outcome {number}", progress, TEXT_MAX_CHARS)
    report.outcomes.all().delete()
    ReportOutcome.objects.bulk_create(
        ReportOutcome(report=report, position=n, outcome=o, progress=p)
        for n, (o, p) in enumerate(kept, start=1)
    )
    report.save()
    return report


def report_missing(report: AnnualReviewReport) -> list[str]:
    """What the report still needs before it can be submitted, in words (empty: complete)."""
    missing = []
    if not report.attendees:
        missing.append("Enter who attended the meeting")
    if not (report.child_views or report.child_views_not_obtained):
        missing.append("Enter the child's views, or why they were not obtained")
    if not (report.parent_views or report.parent_views_not_obtained):
        missing.append("Enter the parents' views, or why they were not obtained")
    if not report.outcomes.exists():
        missing.append("Enter the progress towards at least one outcome")
    if not report.recommendation:
        missing.append("Choose the school's recommendation")
    elif report.recommendation == Recommendation.AMEND and not report.proposed_changes:
        missing.append("Enter the proposed change to at least one section of the plan")
    return missing


def report_mark_submitted(
    *, actor: User, report_id: int, on: date
) -> tuple[AnnualReviewReport, bool]:
    """Mark the report submitted on `on`; call inside the transaction that records the step.
    Returns the report and whether this is its first submission (the step is recorded once;
    a resubmission after a return keeps the date the report was first received)."""
    report = (
        AnnualReviewReport.objects.select_for_update().select_related("review").get(pk=report_id)
    )
    if not report.is_editable:
        raise PermissionDenied("The report is already submitted.")
    missing = report_missing(report)
    if missing:
        raise ValidationError(missing)
    first = report.review.status == ReviewStatus.MEETING_HELD
    report.status = ReportStatus.SUBMITTED
    report.submitted_on = on
    report.submitted_by = actor
    report.save()
    event_record(
        actor=actor,
        action="school_report.submitted",
        target=report.review,
        details={
            "on": on.isoformat(),
            "urn": report.setting.urn,
            "school": report.setting.name,
            **({} if first else {"resubmitted": "yes"}),
        },
    )
    return report, first


@transaction.atomic
def report_return(*, actor: User, review: Review, reason: str) -> AnnualReviewReport:
    """The council returns a submitted report to the school with a reason. `review` has
    passed the council's access check (reviews.selectors.review_get_for_user, write=True)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter why the report is being returned")
    _check_length("The reason", reason, SHORT_TEXT_MAX_CHARS)
    report = AnnualReviewReport.objects.select_for_update().filter(review=review).first()
    if report is None or report.status != ReportStatus.SUBMITTED:
        raise ValidationError("Only a submitted report can be returned")
    report.status = ReportStatus.RETURNED
    report.returned_reason = reason
    report.returned_by = actor
    report.save()
    event_record(
        actor=actor,
        action="school_report.returned",
        target=review,
        details={"reasons": reason, "school": report.setting.name},
    )
    return report
