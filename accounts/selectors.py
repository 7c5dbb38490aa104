"""Reads about people's own accounts: their API tokens and their places on schools' staff."""

import re

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import Role, SchoolJob, SchoolStaff, User
from organisation.models import Setting


def api_token_list_for_user(user: User) -> QuerySet[AuthToken]:
    """The person's API tokens that still work, newest first."""
    unexpired = Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    tokens: QuerySet[AuthToken] = AuthToken.objects.filter(unexpired, user=user)
    return tokens.order_by("-created")


def api_token_get_for_user(user: User, token_id: str) -> AuthToken:
    """One of the person's working API tokens by its id (the first characters of its key);
    404 for anyone else's, so that nobody learns which ids exist."""
    if not re.fullmatch(r"[0-9a-f]{8,25}", token_id):
        raise Http404("No such API token.")
    token = api_token_list_for_user(user).filter(token_key=token_id).first()
    if token is None:
        raise Http404("No such API token.")
    return token


def school_places_for(user: User) -> QuerySet[SchoolStaff]:
    """The person's current places on schools' staff lists (empty for most people)."""
    if not (user.is_authenticated and user.is_active):
        return SchoolStaff.objects.none()
    return SchoolStaff.objects.current().filter(user=user).select_related("setting")


def school_staff_may_manage(user: User, setting: Setting) -> bool:
    """Who adds and removes a school's staff: its headteacher (the headteacher role at that
    school, or a current place on its staff as headteacher), a case officer of its area, or a
    manager."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role == Role.MANAGER:
        return True
    if user.role == Role.CASE_OFFICER:
        return user.areas.filter(pk=setting.area_id).exists()
    if user.role == Role.HEADTEACHER and user.setting_id == setting.pk:
        return True
    return school_places_for(user).filter(setting=setting, job=SchoolJob.HEADTEACHER).exists()


def school_staff_list(setting: Setting) -> QuerySet[SchoolStaff]:
    """The school's current staff list, by name."""
    return (
        SchoolStaff.objects.current()
        .filter(setting=setting)
        .select_related("user", "added_by")
        .order_by("user__full_name", "user__email")
    )
