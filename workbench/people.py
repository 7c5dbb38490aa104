"""Staff accounts and area teams, managed in the browser by managers (decision 0015).

An invitation makes the account without a usable password (accounts.services.user_create)
and emails a link to set one, made by the volunteer programme's join-link generator: it
works once and for a week. Switching someone off keeps their account and its history;
Django then refuses their sign-in and their session, and the save ends their API tokens.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from accounts.models import Role, User
from accounts.services import PROGRAMME_MANAGERS, user_create
from audit.services import event_record
from common.notices import notice_send
from organisation.models import AreaTeam
from reviews.models import Review
from volunteers.joining import join_url

STAFF_ROLES = (Role.CASE_OFFICER, Role.MANAGER, Role.LOCALOFFER_EDITOR)


def staff_list() -> QuerySet[User]:
    """Everyone who works for the council in the service (school staff are in the programme)."""
    return (
        User.objects.filter(role__in=STAFF_ROLES)
        .prefetch_related(Prefetch("areas", queryset=AreaTeam.objects.order_by("name")))
        .order_by("-is_active", "full_name", "email")
    )


def staff_get(pk: int) -> User | None:
    return staff_list().filter(pk=pk).first()


def open_work_of(user: User) -> QuerySet[Review]:
    """The open reviews of the plans the person is case officer of: what needs a new officer
    when they are switched off."""
    return (
        Review.objects.open()
        .filter(plan__case_officer=user)
        .select_related("plan", "plan__child", "plan__area")
        .order_by("due_on", "plan__plan_ref")
    )


def staff_join_url(user: User) -> str:
    return join_url(user, page="workbench:staff-join")


def _areas_rule(role: Role, areas: list[AreaTeam]) -> None:
    if role == Role.CASE_OFFICER and not areas:
        raise ValidationError({"areas": "Choose at least one area team for a case officer"})
    if role != Role.CASE_OFFICER and areas:
        raise ValidationError({"areas": "Only case officers belong to area teams"})


def staff_invite(
    *, actor: User, full_name: str, email: str, role: Role, areas: Iterable[AreaTeam] = ()
) -> User:
    """Make the staff member's account and email them a link to set their password."""
    email = email.strip().lower()
    areas = list(areas)
    if role not in STAFF_ROLES:
        raise ValidationError({"role": "Choose a staff role"})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"{email} already has an account"})
    _areas_rule(role, areas)
    with transaction.atomic():
        user = user_create(
            email=email, role=role, full_name=full_name.strip(), areas=areas, created_by=actor
        )
        event_record(
            actor=actor,
            action="staff.invited",
            target=user,
            details={"role": role.value, "areas": [a.name for a in areas], "email": email},
        )
        transaction.on_commit(lambda: _email_invitation(user, actor), robust=True)
    return user


def staff_invite_again(*, actor: User, user_id: int) -> User:
    """Email a new link to someone invited who has not set a password yet (the link lasts a
    week; a forgotten-password email is not sent to an account without a password)."""
    user = User.objects.get(pk=user_id, role__in=STAFF_ROLES)
    if not user.is_active or user.has_usable_password():
        raise ValidationError(f"{user} has already set a password: they can sign in.")
    with transaction.atomic():
        event_record(actor=actor, action="staff.invited_again", target=user)
        transaction.on_commit(lambda: _email_invitation(user, actor), robust=True)
    return user


def staff_join(*, user: User, password: str) -> User:
    """The invited staff member sets their password (the form has validated it)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        event_record(actor=user, action="staff.joined", target=user)
    return user


def _active_managers_other_than(user: User) -> bool:
    return User.objects.filter(role=Role.MANAGER, is_active=True).exclude(pk=user.pk).exists()


def staff_change(
    *, actor: User, user_id: int, role: Role, areas: Iterable[AreaTeam] = ()
) -> list[str]:
    """Change a staff member's role and area teams; what changed, in words."""
    areas = list(areas)
    if role not in STAFF_ROLES:
        raise ValidationError({"role": "Choose a staff role"})
    _areas_rule(role, areas)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id, role__in=STAFF_ROLES)
        before_role = Role(user.role)
        before_areas = sorted(a.name for a in user.areas.all())
        after_areas = sorted(a.name for a in areas)
        if role != before_role:
            if user.pk == actor.pk:
                raise ValidationError({"role": "You cannot change your own role"})
            if before_role == Role.MANAGER and not _active_managers_other_than(user):
                raise ValidationError(
                    {"role": f"{user} is the only manager: make someone else a manager first"}
                )
        changed = []
        if role != before_role:
            user.role = role
            user.is_staff = role == Role.MANAGER
            user.save(update_fields=["role", "is_staff"])
            managers_group, _ = Group.objects.get_or_create(name=PROGRAMME_MANAGERS)
            if role == Role.MANAGER:
                user.groups.add(managers_group)
            else:
                user.groups.remove(managers_group)
            changed.append(f"role is now {role.label.lower()}")
        if after_areas != before_areas:
            user.areas.set(areas)
            changed.append(
                ("area teams are now " + ", ".join(after_areas)) if after_areas else "no area teams"
            )
        if changed:
            event_record(
                actor=actor,
                action="staff.changed",
                target=user,
                details={
                    "role": [before_role.value, role.value],
                    "areas": [before_areas, after_areas],
                },
            )
    return changed


def staff_switch(*, actor: User, user_id: int, on: bool) -> User:
    """Switch a staff member off (they can no longer sign in) or back on."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id, role__in=STAFF_ROLES)
        if user.is_active == on:
            return user
        if not on:
            if user.pk == actor.pk:
                raise ValidationError("You cannot switch yourself off")
            if user.role == Role.MANAGER and not _active_managers_other_than(user):
                raise ValidationError(
                    f"{user} is the only manager: make someone else a manager first"
                )
        user.is_active = on
        user.save(update_fields=["is_active"])
        event_record(
            actor=actor,
            action="staff.switched_on" if on else "staff.switched_off",
            target=user,
            details={"open_reviews": open_work_of(user).count()},
        )
    return user


def area_team_create(*, actor: User, name: str) -> AreaTeam:
    name = name.strip()
    if AreaTeam.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already an area team called {name}"})
    with transaction.atomic():
        area = AreaTeam.objects.create(name=name)
        event_record(actor=actor, action="area_team.created", target=area, details={"name": name})
    return area


def area_team_rename(*, actor: User, area_id: int, name: str) -> AreaTeam:
    name = name.strip()
    with transaction.atomic():
        area = AreaTeam.objects.select_for_update().get(pk=area_id)
        if AreaTeam.objects.filter(name__iexact=name).exclude(pk=area.pk).exists():
            raise ValidationError({"name": f"There is already an area team called {name}"})
        before = area.name
        if before == name:
            return area
        area.name = name
        area.save(update_fields=["name"])
        event_record(
            actor=actor, action="area_team.renamed", target=area, details={"name": [before, name]}
        )
    return area


def area_team_districts_change(*, actor: User, area_id: int, districts: list[str]) -> AreaTeam:
    """Set the districts an area team serves (new schools of the register join it); a
    district another team already lists is refused, so each new school has one team."""
    districts = list(dict.fromkeys(d.strip() for d in districts if d.strip()))
    with transaction.atomic():
        area = AreaTeam.objects.select_for_update().get(pk=area_id)
        wanted = {d.lower() for d in districts}
        for other in AreaTeam.objects.exclude(pk=area.pk).order_by("name"):
            taken = sorted(d for d in other.districts if d.lower() in wanted)
            if taken:
                raise ValidationError(
                    {"districts": f"{other.name} already serves {', '.join(taken)}"}
                )
        before = list(area.districts)
        if before == districts:
            return area
        area.districts = districts
        area.save(update_fields=["districts"])
        event_record(
            actor=actor,
            action="area_team.districts_changed",
            target=area,
            details={"districts": [before, districts]},
        )
    return area


def _email_invitation(user: User, actor: User) -> None:
    notice_send(
        "Set your password for Manage EHCP annual reviews",
        "workbench/email/staff_invitation.txt",
        {"user": user, "actor": actor, "join_url": staff_join_url(user)},
        [user.email],
    )
