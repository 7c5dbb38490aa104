"""The case page's timeline in words people use: each event's label, who did it, and its
details with labels instead of stored names ("Status: Report received", not
`status: report_received`), long dates and names instead of ids.

The event log stores names and ids (audit sits low in the layers and knows no review or
document); this is the one place that reads them back with the owning apps' labels.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from accounts.models import User
from audit.models import Event
from audit.templatetags.audit_tags import detail_label, detail_value, event_label
from casework.models import CeaseReason
from contributions.advice import ADVICE_REMINDERS
from contributions.advice_models import AdviceService
from documents.models import DocumentKind
from reviews.models import Decision, ReviewStatus

# The words for each stored detail's name; a name not here reads from itself ("Meeting on").
_KEY_LABELS: Mapping[str, str] = {
    "status": "Status",
    "due_on": "Due",
    "meeting_planned_on": "Meeting planned for",
    "invitations_sent_on": "Invitations sent on",
    "advice_circulated_on": "Advice circulated on",
    "meeting_on": "Meeting held on",
    "report_received_on": "Report received on",
    "decision": "Decision",
    "decision_notified_on": "Decision notified on",
    "amendment_notice_on": "Proposed amendments sent on",
    "final_plan_issued_on": "Final amended plan issued on",
    "amendments_withdrawn_on": "Decided not to amend on",
    "reasons": "Reasons",
    "planned_move_on": "Move planned for",
    "concluded_on": "Concluded on",
    "ceased_on": "Plan ceased on",
    "cease_reason": "Reason",
    "kind": "Kind",
    "title": "Document",
    "page": "Read on",
    "via": "Read through",
    "officer": "Now with",
    "from": "Case officer before",
    "changed": "Changed",
    "name": "Professional",
    "service": "Service",
    "reminder": "Reminder",
    "files": "Files",
    "late": "After the due date",
    "school": "School",
    "resubmitted": "Submitted again after a return",
    "step": "Step",
    "on": "Date",
}

_PAGES: Mapping[str, str] = {
    "case": "The case page",
    "volunteer review": "The volunteer's review page",
    "school review": "The school's review page",
    "school report": "The school's report page",
    "school home": "The school's home page",
}
_VIA: Mapping[str, str] = {"api": "The API"}


def _choice(labels: Mapping[str, str]) -> Callable[[object], str]:
    return lambda value: labels.get(str(value), detail_value(value))


_VALUES: Mapping[str, Callable[[object], str]] = {
    "status": _choice({s.value: s.label for s in ReviewStatus}),
    "decision": _choice({d.value: d.label for d in Decision}),
    "kind": _choice({k.value: k.label for k in DocumentKind}),
    "cease_reason": _choice({r.value: r.label for r in CeaseReason}),
    "page": _choice(_PAGES),
    "via": _choice(_VIA),
    "service": _choice({s.value: s.label for s in AdviceService}),
    "reminder": _choice(ADVICE_REMINDERS),
}

# Ids and machine-only details a person cannot use: the document's id (its title is shown),
# the new officer's id (their name is shown), what an API call asked for.
_HIDDEN = frozenset({"document", "to", "plan_refs", "query", "sha256", "request", "urn"})


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    title: str
    details: list[tuple[str, str]]
    by: str = "the service"


# Events done by someone without an account: the person is named in the details.
_BY_PROFESSIONAL = frozenset({"advice.link_opened", "advice.received"})


def _by(event: Event, details: Mapping[str, object]) -> str:
    if event.actor is not None:
        return str(event.actor)
    if event.action in _BY_PROFESSIONAL and details.get("name"):
        return f"{details['name']}, through the emailed link"
    return "the service"


def _officer_names(events: list[Event]) -> dict[str, str]:
    """The names of the officers a plan moved from, in one query."""
    ids = {
        event.details.get("from")
        for event in events
        if event.action == "plan.officer_changed" and isinstance(event.details, dict)
    }
    ids.discard(None)
    return {str(user.pk): str(user) for user in User.objects.filter(pk__in=ids)}


def _detail(key: str, value: object, officers: Mapping[str, str]) -> tuple[str, str]:
    label = _KEY_LABELS.get(key, detail_label(key))
    if key == "from":
        return label, officers.get(str(value), "Not allocated") if value else "Not allocated"
    shown = _VALUES.get(key, detail_value)
    if isinstance(value, list):
        return label, ", ".join(shown(item) for item in value)
    return label, shown(value)


def timeline_entries(events: Iterable[Event]) -> list[TimelineEntry]:
    """The events as the case page shows them, newest first as given."""
    events = list(events)
    officers = _officer_names(events)
    entries = []
    for event in events:
        details = event.details if isinstance(event.details, dict) else {}
        rows = [
            _detail(key, value, officers)
            for key, value in details.items()
            if key not in _HIDDEN and value not in (None, "", [], {})
        ]
        entries.append(
            TimelineEntry(
                event=event, title=event_label(event), details=rows, by=_by(event, details)
            )
        )
    return entries
