"""The demo council's volunteer programme: SENCOs, headteachers and release agreements in
every state, an offer to volunteer waiting for a manager, an invitation not yet taken up,
and a day's reviews for the demo SENCO. Safe to run again: nothing is added twice."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from casework.conflicts import own_school_conflict
from organisation.models import Setting
from reviews.models import Review
from reviews.selectors import READY_FOR_CHECKING
from volunteers.models import (
    AgreementStatus,
    ApprovalLink,
    Assignment,
    InterestStatus,
    ReleaseAgreement,
    VolunteerInterest,
    VolunteerProfile,
)
from volunteers.services import assignments_create, volunteer_next_release_day

S = AgreementStatus


def _monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


def demo_programme_seed(*, today: date) -> None:
    monday = _monday(today)
    # (volunteer, headteacher, weekday, start, weeks, status, reason, resume_on)
    agreements = [
        ("senco@example.org", "head@example.org", 1, monday, 12, S.APPROVED, "", None),
        ("senco.chalk@example.org", "head.chalk@example.org", 3, monday + timedelta(weeks=1),
         10, S.REQUESTED, "", None),
        ("senco.downs@example.org", "head.downs@example.org", 2, monday - timedelta(weeks=3),
         12, S.PAUSED, "Ofsted inspection this week and next.", monday + timedelta(weeks=2)),
        ("senco.harbour@example.org", "head.harbour@example.org", 0,
         monday - timedelta(weeks=14), 8, S.ENDED, "Staff absence: SENCO needed in school.",
         None),
        ("senco.harbour@example.org", "head.harbour@example.org", 4, monday + timedelta(weeks=1),
         12, S.DECLINED, "Year 6 assessments this term; ask again after Easter.", None),
    ]  # fmt: skip
    for email, head_email, weekday, start_on, weeks, status, reason, resume_on in agreements:
        volunteer = User.objects.get(email=email)
        head = User.objects.get(email=head_email)
        VolunteerProfile.objects.get_or_create(
            user=volunteer,
            defaults={
                "trained_on": today - timedelta(days=30),
                "joined_at": timezone.now() - timedelta(days=25),
            },
        )
        if ReleaseAgreement.objects.filter(volunteer=volunteer, status=status).exists():
            continue
        decided = status != S.REQUESTED
        agreement = ReleaseAgreement.objects.create(
            volunteer=volunteer,
            weekday=weekday,
            start_on=start_on,
            weeks=weeks,
            status=status,
            reason=reason,
            resume_on=resume_on,
            decided_by=head if decided else None,
            decided_at=timezone.now() - timedelta(days=7) if decided else None,
        )
        event_record(actor=volunteer, action="agreement.requested", target=agreement)
        if decided:
            verb = {S.APPROVED: "approve", S.PAUSED: "pause", S.ENDED: "end"}.get(status, "decline")
            details = {"via": "site", "reason": reason} if reason else {"via": "site"}
            event_record(actor=head, action=f"agreement.{verb}", target=agreement, details=details)
        else:
            ApprovalLink.objects.create(agreement=agreement, headteacher=head)

    school = Setting.objects.get(urn="900006")
    VolunteerInterest.objects.get_or_create(
        email="offer.marsh@example.org",
        defaults={
            "full_name": "Mo Marsh",
            "setting": school,
            "message": "I am SENCO at Marsh Lane and trained last spring.",
            "status": InterestStatus.PENDING,
        },
    )
    if not User.objects.filter(email="invited.marsh@example.org").exists():
        invited = User.objects.create_user(
            "invited.marsh@example.org",
            None,
            full_name="Ivy Marsh",
            role=Role.VOLUNTEER,
            setting=school,
        )
        VolunteerProfile.objects.create(
            user=invited,
            invited_by=User.objects.filter(role=Role.MANAGER).first(),
            invited_at=timezone.now(),
        )


def demo_assignments_seed(*, today: date, reviews: int = 3) -> int:
    """Give the demo SENCO a few open reviews for their next release day, once."""
    volunteer = User.objects.get(email="senco@example.org")
    if Assignment.objects.filter(volunteer=volunteer).exists():
        return 0
    release = volunteer_next_release_day(volunteer, today=today)
    officer = User.objects.filter(email="officer.west@example.org").first()
    if release is None or officer is None:
        return 0
    candidates = list(
        Review.objects.in_backlog()
        .filter(READY_FOR_CHECKING, plan__area__in=officer.areas.all())
        .exclude(own_school_conflict(plan="plan", school=volunteer.setting_id))
        .select_related("plan")
        .with_urgency()
        .order_by("-priority", "id")[:reviews]
    )
    outcomes = assignments_create(
        actor=officer, volunteer=volunteer, reviews=candidates, today=today
    )
    return sum(1 for o in outcomes if o.assignment is not None)
