from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit.models import Event


def event_list_for_target(target: models.Model) -> models.QuerySet[Event]:
    """The timeline of one object, newest first."""
    return Event.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
