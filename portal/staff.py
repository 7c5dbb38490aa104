"""A school's staff list: its headteacher (or the council) adds and removes the people who do
its annual-review work (DESIGN section 9).

The list belongs to the school (accounts.SchoolStaff): removing someone ends their place and
keeps the row, so the school's work and history stay with the school. Someone new gets a
school staff account without a password and an emailed link to set one, made by the same
join-link generator as the council's staff invitations (it works once and for a week).
A volunteer or headteacher of the same school is added with the account they already have.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role, SchoolJob, SchoolStaff, User
from accounts.services import user_create
from audit.services import event_record
from common.notices import notice_send
from organisation.models import Setting
from volunteers.joining import join_url


def school_join_url(user: User) -> str:
    return join_url(user, page="portal:school-join")


def _school_details(setting: Setting) -> dict[str, object]:
    return {"urn": setting.urn, "school": setting.name}


def school_staff_add(
    *, actor: User, setting: Setting, full_name: str, email: str, job: SchoolJob
) -> SchoolStaff:
    """Put the person on the school's staff list; invite them by email if they have no account.

    An existing account joins only if it belongs to this school (its volunteer or headteacher)
    or is a school staff account; nobody else's account is touched."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    invited = existing is None
    with transaction.atomic():
        if existing is None:
            user = user_create(
                email=email,
                role=Role.SCHOOL,
                full_name=full_name.strip(),
                setting=setting,
                job=job,
                created_by=actor,
            )
            place = SchoolStaff.objects.current().get(user=user, setting=setting)
        else:
            user = existing
            same_school = user.role in (Role.VOLUNTEER, Role.HEADTEACHER) and (
                user.setting_id == setting.pk
            )
            if not (same_school or user.role == Role.SCHOOL):
                raise ValidationError(
                    {"email": f"{email} has an account that cannot be added to a school's staff"}
                )
            if not user.is_active:
                raise ValidationError({"email": f"The account for {email} is switched off"})
            if SchoolStaff.objects.current().filter(user=user, setting=setting).exists():
                raise ValidationError({"email": f"{user} is already on {setting.name}'s staff"})
            try:
                with transaction.atomic():
                    place = SchoolStaff.objects.create(
                        user=user, setting=setting, job=job, added_by=actor
                    )
            except IntegrityError:
                raise ValidationError(
                    {"email": f"{user} is already on {setting.name}'s staff"}
                ) from None
        event_record(
            actor=actor,
            action="school_staff.added",
            target=user,
            details={**_school_details(setting), "job": job.value, "invited": invited},
        )
        if invited:
            transaction.on_commit(lambda: _email_invitation(user, actor, setting), robust=True)
    return place


def school_staff_remove(*, actor: User, place_id: int, setting: Setting) -> SchoolStaff:
    """End the person's place on the school's staff list; they keep their account and its
    history, and see nothing of the school from now on."""
    with transaction.atomic():
        place = (
            SchoolStaff.objects.current()
            .select_for_update()
            .select_related("user")
            .get(pk=place_id, setting=setting)
        )
        place.removed_at = timezone.now()
        place.removed_by = actor
        place.save(update_fields=["removed_at", "removed_by"])
        event_record(
            actor=actor,
            action="school_staff.removed",
            target=place.user,
            details={**_school_details(setting), "job": place.job},
        )
    return place


def school_staff_join(*, user: User, password: str) -> User:
    """The invited member of a school's staff sets their password (the form validated it)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        event_record(actor=user, action="school_staff.joined", target=user)
    return user


def _email_invitation(user: User, actor: User, setting: Setting) -> None:
    notice_send(
        "Set your password for Manage EHCP annual reviews",
        "portal/email/school_staff_invitation.txt",
        {"user": user, "actor": actor, "school": setting, "join_url": school_join_url(user)},
        [user.email],
    )
