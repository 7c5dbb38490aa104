"""How a SENCO joins the programme: invited by the council, or registering interest.

An invitation creates the SENCO's account without a usable password and emails a link to
set one. The link is a Django password-reset style token with its own salt, so it works
once (setting a password changes what the token is made from) and expires after
JOIN_LINK_MAX_AGE rather than the much shorter password-reset timeout.
"""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from accounts.models import Role, User
from accounts.services import user_create
from audit.services import event_record
from common.notices import notice_send
from organisation.models import Setting
from volunteers.agreements import programme_managers
from volunteers.models import InterestStatus, VolunteerInterest, VolunteerProfile

JOIN_LINK_MAX_AGE = datetime.timedelta(days=7)


class JoinTokenGenerator(PasswordResetTokenGenerator):
    """Password-reset tokens with a separate salt and a week to use them."""

    key_salt = "volunteers.joining.JoinTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, s), token)
            for s in secrets
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= JOIN_LINK_MAX_AGE.total_seconds()


join_token_generator = JoinTokenGenerator()


def join_url(user: User, *, page: str = "volunteers:join") -> str:
    """The emailed link that lets an invited person set a password: a volunteer's by default,
    or another invitation `page` taking the same uidb64 and token."""
    path = reverse(
        page,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": join_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def volunteer_invite(*, actor: User, full_name: str, email: str, school: Setting) -> User:
    """Create the SENCO's account and email them a link to join. Refuses an address that
    already has an account, whatever its role."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": f"{email} already has an account. They can sign in or reset a password."}
        )
    with transaction.atomic():
        user = user_create(
            email=email,
            role=Role.VOLUNTEER,
            full_name=full_name.strip(),
            setting=school,
            created_by=actor,
        )
        VolunteerProfile.objects.create(user=user, invited_by=actor, invited_at=timezone.now())
        event_record(
            actor=actor,
            action="volunteer.invited",
            target=user,
            details={"school": school.urn, "email": email},
        )
        transaction.on_commit(lambda: _email_invitation(user, actor), robust=True)
    return user


def volunteer_join(*, user: User, full_name: str, trained_on: datetime.date, password: str) -> User:
    """The invited SENCO sets their password and confirms their name and training date."""
    if trained_on > timezone.localdate():
        raise ValidationError({"trained_on": "The training date cannot be in the future."})
    with transaction.atomic():
        user.full_name = full_name.strip()
        user.set_password(password)
        user.save(update_fields=["full_name", "password"])
        profile, _ = VolunteerProfile.objects.get_or_create(user=user)
        profile.trained_on = trained_on
        profile.joined_at = timezone.now()
        profile.save(update_fields=["trained_on", "joined_at"])
        event_record(
            actor=user,
            action="volunteer.joined",
            target=user,
            details={"trained_on": trained_on.isoformat()},
        )
    return user


def interest_register(
    *, full_name: str, email: str, school: Setting, message: str = ""
) -> VolunteerInterest | None:
    """A SENCO registers interest from the public page; managers are told.

    The page thanks everyone alike, so that it tells nobody whether an address has an
    account or has registered already: an account holder is emailed how to sign in or reset
    their password instead, and a second registration while one is pending changes nothing.
    Returns the new registration, if one was made.
    """
    email = email.strip().lower()
    holder = User.objects.filter(email__iexact=email).first()
    if holder is not None:
        event_record(actor=None, action="volunteer.interest_from_account_holder", target=holder)
        transaction.on_commit(lambda: _email_already_has_account(holder), robust=True)
        return None
    if VolunteerInterest.objects.filter(email=email, status=InterestStatus.PENDING).exists():
        return None
    with transaction.atomic():
        interest = VolunteerInterest.objects.create(
            full_name=full_name.strip(), email=email, setting=school, message=message.strip()
        )
        event_record(
            actor=None,
            action="volunteer.interest_registered",
            target=interest,
            details={"school": school.urn},
        )
        transaction.on_commit(lambda: _email_interest_to_managers(interest), robust=True)
    return interest


def interest_decide(
    *, actor: User, interest_id: int, accept: bool, reason: str = ""
) -> VolunteerInterest:
    """A manager accepts (the SENCO is invited) or declines (with a reason they are sent)."""
    with transaction.atomic():
        interest = VolunteerInterest.objects.select_for_update().get(pk=interest_id)
        if interest.status != InterestStatus.PENDING:
            raise ValidationError(
                f"This registration was already {interest.get_status_display().lower()}."
            )
        if not accept and not reason.strip():
            raise ValidationError({"reason": "Give the reason for declining."})
        if accept:
            volunteer_invite(
                actor=actor,
                full_name=interest.full_name,
                email=interest.email,
                school=interest.setting,
            )
        interest.status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
        interest.reason = "" if accept else reason.strip()
        interest.decided_by = actor
        interest.decided_at = timezone.now()
        interest.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        event_record(
            actor=actor,
            action=f"volunteer.interest_{interest.status}",
            target=interest,
            details={"reason": interest.reason} if interest.reason else {},
        )
        if not accept:
            transaction.on_commit(lambda: _email_interest_declined(interest), robust=True)
    return interest


def _email_invitation(user: User, actor: User) -> None:
    notice_send(
        "Join the volunteer reviewer programme",
        "volunteers/email/invitation.txt",
        {"user": user, "actor": actor, "join_url": join_url(user)},
        [user.email],
    )


def _email_interest_to_managers(interest: VolunteerInterest) -> None:
    notice_send(
        f"A SENCO registered interest: {interest.full_name}",
        "volunteers/email/interest_registered.txt",
        {"interest": interest},
        [m.email for m in programme_managers()],
    )


def _email_already_has_account(user: User) -> None:
    notice_send(
        "You already have an account",
        "volunteers/email/already_has_account.txt",
        {
            "user": user,
            "sign_in_url": f"{settings.SITE_URL}{reverse('accounts:sign-in')}",
            "reset_url": f"{settings.SITE_URL}{reverse('accounts:password-reset')}",
        },
        [user.email],
    )


def _email_interest_declined(interest: VolunteerInterest) -> None:
    notice_send(
        "Your interest in the volunteer reviewer programme",
        "volunteers/email/interest_declined.txt",
        {"interest": interest},
        [interest.email],
    )
