from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from knox.models import AuthToken

from accounts.models import SCHOOL_ROLES, Role, SchoolJob, SchoolStaff, User
from accounts.selectors import api_token_get_for_user
from audit.services import event_record
from organisation.models import AreaTeam, Setting

# Made by qa/migrations/0003_programme_managers_group.py.
PROGRAMME_MANAGERS = "Programme managers"


@transaction.atomic
def user_phone_change(*, user: User, phone: str) -> User:
    """Set the number printed on the person's letters to families; the change is an event."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = locked.phone
    if before != phone:
        locked.phone = phone
        locked.save(update_fields=["phone"])
        event_record(
            actor=locked,
            action="user.phone_changed",
            target=locked,
            details={"from": before, "to": phone},
        )
    return locked


@transaction.atomic
def user_create(
    *,
    email: str,
    role: Role,
    full_name: str = "",
    password: str | None = None,
    areas: Iterable[AreaTeam] = (),
    setting: Setting | None = None,
    job: SchoolJob = SchoolJob.OTHER,
    created_by: User | None = None,
) -> User:
    """Create a person with one role; case officers need an area team, school staff a school.

    A school staff account is put on its school's staff list as `job`.

    Without a password the account cannot sign in until the person resets it by email.
    """
    email = email.strip().lower()
    validate_email(email)
    areas = list(areas)
    if User.objects.filter(email=email).exists():
        raise ValidationError(f"There is already an account for {email}.")
    if role == Role.CASE_OFFICER and not areas:
        raise ValidationError("A case officer must belong to at least one area team.")
    if role in SCHOOL_ROLES and setting is None:
        raise ValidationError(
            "A volunteer, headteacher or member of school staff must belong to a school (its URN)."
        )
    if role not in SCHOOL_ROLES and setting is not None:
        raise ValidationError("Only volunteers, headteachers and school staff belong to a school.")
    if role != Role.CASE_OFFICER and areas:
        raise ValidationError("Only case officers belong to area teams.")

    user = User(email=email, role=role, full_name=full_name or email.split("@")[0], setting=setting)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    # Managers configure the programme (checklist templates, limits) in the admin.
    user.is_staff = role == Role.MANAGER
    user.full_clean(exclude=["password"])
    user.save()
    user.areas.set(areas)
    if role == Role.MANAGER:
        user.groups.add(Group.objects.get(name=PROGRAMME_MANAGERS))
    if role == Role.SCHOOL and setting is not None:
        # A school staff account is on its school's list from the start.
        SchoolStaff.objects.create(user=user, setting=setting, job=job, added_by=created_by)
    event_record(
        actor=created_by,
        action="user.created",
        target=user,
        details={
            "role": role.value,
            "areas": [a.name for a in areas],
            "setting": setting and setting.urn,
        },
    )
    return user


def api_token_issue(*, user: User) -> str:
    """A new API token for the person; only its digest is kept, so the key is shown once."""
    token, key = AuthToken.objects.create(user=user)
    event_record(actor=user, action="api.token_issued", details={"token": token.token_key[:8]})
    return str(key)


@transaction.atomic
def api_token_revoke(*, user: User, token_id: str, reason: str) -> None:
    """End one of the person's own tokens (404 for anyone else's)."""
    token = api_token_get_for_user(user, token_id)
    token.delete()
    event_record(
        actor=user,
        action="api.token_revoked",
        target=user,
        details={"token": token_id[:8], "reason": reason},
    )


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """End every token of the person (their password changed, or the account was switched
    off); how many there were."""
    count, _ = AuthToken.objects.filter(user=user).delete()
    if count:
        event_record(
            actor=None,
            action="api.tokens_revoked",
            target=user,
            details={"count": count, "reason": reason},
        )
    return int(count)
