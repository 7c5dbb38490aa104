from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from audit.models import Event


def event_list_for_target(target: models.Model) -> models.QuerySet[Event]:
    """The timeline of one object, newest first."""
    return Event.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


READ_ACTIONS = (
    "plan.viewed",
    "plan.listed",
    "plan.searched",
    "document.viewed",
    "document.downloaded",
)


def event_list_for_targets(
    targets: Iterable[models.Model], *, include_reads: bool = False
) -> models.QuerySet[Event]:
    """The timeline of several objects (a plan, its reviews, its documents), newest first.

    Reads of a child's record are recorded too; they are left out unless asked for, so the
    timeline shows what happened to the case rather than who looked at it.
    """
    condition = Q(pk__in=[])
    by_type: dict[ContentType, list[str]] = {}
    for target in targets:
        by_type.setdefault(ContentType.objects.get_for_model(target), []).append(str(target.pk))
    for content_type, ids in by_type.items():
        condition |= Q(target_type=content_type, target_id__in=ids)
    events = Event.objects.filter(condition).select_related("actor")
    return events if include_reads else events.exclude(action__in=READ_ACTIONS)
