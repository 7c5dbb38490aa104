from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.models import User
from audit.models import Event


def event_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> Event:
    """Append one event. Call it inside the transaction that makes the change it records."""
    event = Event(actor=actor, action=action, details=details or {})
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
    event.save()
    return event
