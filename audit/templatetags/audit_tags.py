import re
from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone

from audit.actions import ACTIONS_BY_NAME
from audit.models import Event

register = template.Library()


@register.filter
def event_label(event: Event) -> str:
    """A plain-English title for an event; a stored action no longer registered reads from
    its dotted name."""
    action = ACTIONS_BY_NAME.get(event.action)
    if action is None:
        return event.action.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return action.label


@register.filter
def detail_label(key: str) -> str:
    """`meeting_on` reads as "Meeting on"."""
    return key.replace("_", " ").capitalize()


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_NAME = re.compile(r"^[a-z]+(?:_[a-z0-9]+)*$")


@register.filter
def detail_value(value: object) -> str:
    """A detail as a person reads it: "2026-11-20" as "20 November 2026", a moment as
    "20 November 2026, 14:57" (local time), a stored name such as "amendments_withdrawn" as
    "Amendments withdrawn"; anything else as it was written."""
    text = str(value)
    if _ISO_DAY.match(text):
        try:
            return dateformat.format(date.fromisoformat(text), "j F Y")
        except ValueError:
            return text
    if _ISO_MOMENT.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return dateformat.format(moment, "j F Y, H:i")
    if _NAME.match(text):
        return text.replace("_", " ").capitalize()
    return text
