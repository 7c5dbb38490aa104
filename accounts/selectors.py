"""Reads about people's own accounts: their API tokens."""

import re

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import User


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
