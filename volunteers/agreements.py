"""Release agreements between a SENCO and their headteacher (DESIGN section 4).

A SENCO asks for release (a weekday, a start date, a number of weeks). Their headteacher
approves or declines it, from the site or from a single-use link in an email
(volunteers.links), and may later pause, resume or end it. Every change is an event with
who, when and why, and the SENCO and the programme's manager are emailed the decision.

    requested --approve--> approved --pause--> paused --resume--> approved
        |                      |                  |
        +--decline--> declined +-----end-----> ended <--end--+

The rules are enforced here, not in forms, so the site, the email link and any later API
obey the same ones.
"""

import datetime
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from common.dates import weekday_date
from common.notices import notice_send
from volunteers.models import (
    AgreementStatus,
    ApprovalLink,
    ProgrammeSettings,
    ReleaseAgreement,
    Weekday,
)
from volunteers.selectors import agreement_may_decide

LIVE = frozenset({AgreementStatus.REQUESTED, AgreementStatus.APPROVED, AgreementStatus.PAUSED})


class AgreementTransitionNotAllowed(Exception):
    """The agreement is not in a state that allows the change; the message says why."""


@dataclass(frozen=True)
class Transition:
    verb: str
    past: str
    sources: frozenset[AgreementStatus]
    target: AgreementStatus
    needs_reason: bool


TRANSITIONS: dict[str, Transition] = {
    t.verb: t
    for t in (
        Transition(
            "approve",
            "approved",
            frozenset({AgreementStatus.REQUESTED}),
            AgreementStatus.APPROVED,
            False,
        ),
        Transition(
            "decline",
            "declined",
            frozenset({AgreementStatus.REQUESTED}),
            AgreementStatus.DECLINED,
            True,
        ),
        Transition(
            "pause", "paused", frozenset({AgreementStatus.APPROVED}), AgreementStatus.PAUSED, True
        ),
        Transition(
            "resume",
            "resumed",
            frozenset({AgreementStatus.PAUSED}),
            AgreementStatus.APPROVED,
            False,
        ),
        Transition(
            "end",
            "ended",
            frozenset({AgreementStatus.APPROVED, AgreementStatus.PAUSED}),
            AgreementStatus.ENDED,
            True,
        ),
    )
}


def agreement_transitions_open(agreement: ReleaseAgreement) -> list[Transition]:
    """The changes a headteacher may make to the agreement now."""
    return [t for t in TRANSITIONS.values() if agreement.status in t.sources]


def _overlaps(a_first: datetime.date, a_last: datetime.date, b: ReleaseAgreement) -> bool:
    return a_first <= b.last_day and b.first_day <= a_last


def agreement_request(
    *,
    volunteer: User,
    weekday: int,
    start_on: datetime.date,
    weeks: int,
    today: datetime.date | None = None,
) -> ReleaseAgreement:
    """Record a SENCO's request for release and email their headteacher a link to decide.

    Raises ValidationError (keyed by field) when the request breaks the programme's limits."""
    today = today or timezone.localdate()
    programme = ProgrammeSettings.current()
    errors: dict[str, str] = {}
    if volunteer.role != Role.VOLUNTEER or not volunteer.is_active:
        raise ValidationError("Only an active volunteer reviewer can ask for release.")
    if weekday not in Weekday.values:
        errors["weekday"] = "Choose a weekday from Monday to Friday."
    if start_on < today:
        errors["start_on"] = f"The start date must be today ({weekday_date(today)}) or later."
    if not 1 <= weeks <= programme.max_weeks:
        errors["weeks"] = f"The number of weeks must be between 1 and {programme.max_weeks}."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One request at a time per volunteer, so two tabs cannot both pass the weekly limit.
        User.objects.select_for_update().get(pk=volunteer.pk)
        agreement = ReleaseAgreement(
            volunteer=volunteer, weekday=weekday, start_on=start_on, weeks=weeks
        )
        overlapping = [
            other
            for other in ReleaseAgreement.objects.filter(volunteer=volunteer, status__in=LIVE)
            if _overlaps(agreement.first_day, agreement.last_day, other)
        ]
        if any(other.weekday == weekday for other in overlapping):
            raise ValidationError(
                {
                    "weekday": f"You already have a {Weekday(weekday).label} release "
                    "requested or agreed for some of these weeks."
                }
            )
        if len(overlapping) + 1 > programme.days_per_week:
            limit = programme.days_per_week
            days = "one day" if limit == 1 else f"{limit} days"
            raise ValidationError(
                {
                    "start_on": f"The programme asks for at most {days} a week, and you "
                    "already have a release requested or agreed for some of these weeks."
                }
            )
        agreement.save()
        event_record(
            actor=volunteer,
            action="agreement.requested",
            target=agreement,
            details={
                "weekday": agreement.get_weekday_display(),
                "start_on": start_on.isoformat(),
                "weeks": weeks,
            },
        )
        links = [
            ApprovalLink.objects.create(agreement=agreement, headteacher=head)
            for head in User.objects.filter(
                role=Role.HEADTEACHER, is_active=True, setting=volunteer.setting
            )
        ]
        transaction.on_commit(lambda: _email_request(agreement, links), robust=True)
    return agreement


def agreement_decide(
    *,
    actor: User,
    agreement_id: int,
    verb: str,
    reason: str = "",
    resume_on: datetime.date | None = None,
    via: str = "site",
    link: ApprovalLink | None = None,
    today: datetime.date | None = None,
) -> ReleaseAgreement:
    """Apply a headteacher's decision: approve, decline, pause, resume or end.

    Raises AgreementTransitionNotAllowed when the agreement's status does not allow it (for
    example a request already decided), and ValidationError for a missing reason or a
    resume date in the past."""
    transition = TRANSITIONS.get(verb)
    if transition is None:
        raise AgreementTransitionNotAllowed(f"There is no decision called '{verb}'.")
    today = today or timezone.localdate()
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": f"Give the reason the release is {transition.past}."})
    if verb == "pause" and resume_on is not None and resume_on <= today:
        raise ValidationError({"resume_on": "The resume date must be after today."})
    with transaction.atomic():
        agreement = (
            ReleaseAgreement.objects.select_for_update(of=("self",))
            .select_related("volunteer", "volunteer__setting")
            .get(pk=agreement_id)
        )
        if not agreement_may_decide(actor, agreement):
            raise AgreementTransitionNotAllowed(
                "Only the headteacher of the SENCO's school can decide on their release."
            )
        if agreement.status not in transition.sources:
            decided = ""
            if agreement.decided_by and agreement.decided_at:
                decided = (
                    f" by {agreement.decided_by} on "
                    f"{weekday_date(timezone.localtime(agreement.decided_at).date())}"
                )
            raise AgreementTransitionNotAllowed(
                f"This release cannot be {transition.past}: it is "
                f"{agreement.get_status_display().lower()}{decided}."
            )
        previous = agreement.status
        agreement.status = transition.target
        agreement.decided_by = actor
        agreement.decided_at = timezone.now()
        if transition.needs_reason:
            agreement.reason = reason
        agreement.resume_on = resume_on if verb == "pause" else None
        agreement.save(update_fields=["status", "decided_by", "decided_at", "reason", "resume_on"])
        # A decision uses up every emailed link for the agreement, not only the one clicked.
        agreement.approval_links.filter(used_at__isnull=True).update(used_at=agreement.decided_at)
        details: dict[str, Any] = {"from": previous, "to": agreement.status, "via": via}
        if reason:
            details["reason"] = reason
        if resume_on:
            details["resume_on"] = resume_on.isoformat()
        if link is not None:
            details["link"] = link.pk
        event_record(actor=actor, action=f"agreement.{verb}", target=agreement, details=details)
        transaction.on_commit(lambda: _email_decision(agreement, transition), robust=True)
    return agreement


def agreements_resume_due(*, today: datetime.date | None = None) -> int:
    """Resume paused agreements whose resume date has come (the daily task)."""
    today = today or timezone.localdate()
    resumed = 0
    for agreement_id in ReleaseAgreement.objects.filter(
        status=AgreementStatus.PAUSED, resume_on__lte=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            agreement = ReleaseAgreement.objects.select_for_update().get(pk=agreement_id)
            if agreement.status != AgreementStatus.PAUSED:
                continue
            agreement.status = AgreementStatus.APPROVED
            agreement.resume_on = None
            agreement.save(update_fields=["status", "resume_on"])
            event_record(
                actor=None,
                action="agreement.resume",
                target=agreement,
                details={"from": "paused", "to": "approved", "via": "resume date"},
            )
            transaction.on_commit(
                partial(_email_decision, agreement, TRANSITIONS["resume"]), robust=True
            )
            resumed += 1
    return resumed


def programme_managers() -> list[User]:
    """Who hears of release decisions: the programme's manager, or every active manager."""
    chosen = ProgrammeSettings.current().manager
    if chosen is not None and chosen.is_active:
        return [chosen]
    return list(User.objects.filter(role=Role.MANAGER, is_active=True))


def _email_request(agreement: ReleaseAgreement, links: list[ApprovalLink]) -> None:
    from volunteers.links import approval_link_url

    volunteer = agreement.volunteer
    for link in links:
        notice_send(
            f"{volunteer} asks to be released to volunteer as a reviewer",
            "volunteers/email/agreement_requested.txt",
            {
                "agreement": agreement,
                "headteacher": link.headteacher,
                "link_url": approval_link_url(link),
            },
            [link.headteacher.email],
        )
    if not links:
        # Nobody can approve it yet: the programme's manager sets up the headteacher.
        notice_send(
            f"{volunteer} asked for release, but their school has no headteacher account",
            "volunteers/email/agreement_no_headteacher.txt",
            {"agreement": agreement},
            [m.email for m in programme_managers()],
        )


def _email_decision(agreement: ReleaseAgreement, transition: Transition) -> None:
    context = {"agreement": agreement, "transition": transition}
    subject = f"Volunteer release {transition.past}: {agreement.volunteer}, {agreement}"
    notice_send(
        subject, "volunteers/email/agreement_decided.txt", context, [agreement.volunteer.email]
    )
    notice_send(
        subject,
        "volunteers/email/agreement_decided.txt",
        {**context, "for_manager": True},
        [m.email for m in programme_managers()],
    )
