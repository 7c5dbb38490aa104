from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit.actions import ACTIONS_BY_NAME
from audit.models import Event

if TYPE_CHECKING:  # the event log sits below accounts: it names users, never imports them
    from accounts.models import User


def event_record(
    *,
    actor: "User | None",
    action: str,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> Event:
    """Append one event. Call it inside the transaction that makes the change it records.

    Raises ValueError for an action not in `audit.actions`, which gives it its label."""
    if action not in ACTIONS_BY_NAME:
        raise ValueError(
            f"No action is registered as {action!r}: add it to audit/actions.py with its label."
        )
    event = Event(actor=actor, action=action, details=_storable(details or {}))
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
    event.save()
    return event


def plans_listed_record(*, actor: "User", plan_refs: Iterable[str], **where: Any) -> Event | None:
    """Record that `actor` was shown these children's plans in a list (a page, or a page of
    the API): every read of a child's record is an event, a list of them as much as one.
    `where` says which list (`page="queue"`, or `via="api"` and the query asked). A list
    that showed no plan records nothing."""
    refs = list(plan_refs)
    if not refs:
        return None
    return event_record(actor=actor, action="plan.listed", details={**where, "plan_refs": refs})


def _storable(value: Any) -> Any:
    """The details with every NUL character written as U+FFFD: PostgreSQL's JSON refuses
    NUL, and recording what happened must never be what fails."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value
