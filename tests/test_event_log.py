import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import Event
from audit.selectors import event_list_for_target
from audit.services import event_record
from audit.templatetags.audit_tags import LABELS, detail_value, event_label
from reviews.transitions import TRANSITIONS as REVIEW_TRANSITIONS
from volunteers.agreements import TRANSITIONS
from volunteers.models import InterestStatus

pytestmark = pytest.mark.django_db


def test_an_event_records_who_did_what_to_which_object_and_when(manager, officer_north):
    event = event_record(
        actor=manager, action="user.viewed", target=officer_north, details={"why": "audit"}
    )
    assert event.actor == manager
    assert event.action == "user.viewed"
    assert event.target_id == str(officer_north.pk)
    assert event.occurred_at is not None
    assert list(event_list_for_target(officer_north)) == [event]


def test_the_timeline_of_an_object_leaves_out_other_objects(manager, officer_north, officer_west):
    event_record(actor=manager, action="user.viewed", target=officer_west)
    mine = event_record(actor=manager, action="user.viewed", target=officer_north)
    assert list(event_list_for_target(officer_north)) == [mine]


def test_a_saved_event_cannot_be_changed_through_the_model(manager):
    event = event_record(actor=manager, action="user.signed_in")
    event.action = "user.signed_out"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET action = 'tampered'", "DELETE FROM audit_event"]
)
def test_the_database_refuses_to_change_or_delete_events(manager, statement):
    event_record(actor=manager, action="user.signed_in")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert Event.objects.get().action == "user.signed_in"


def test_queryset_deletes_are_refused_too(manager):
    event_record(actor=manager, action="user.signed_in")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.all().delete()
    assert Event.objects.count() == 1


# Every action the code records has words for the timeline. The actions are collected from
# the Python sources by a regular expression over each `event_record(...)` call, so a new
# action without a label fails here rather than reading as its dotted name on a case page.

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCES = {".venv", "node_modules", "tests", "staticfiles", ".local", "bench"}
CALL = re.compile(r"(?<!def )\bevent_record\((?P<args>[^()]*(?:\([^()]*\)[^()]*)*)\)")
ACTION = re.compile(r"\baction=(?P<expr>.+?)(?:,\s*\w+=|,?\s*$)", re.DOTALL)
LITERAL = re.compile(r'(?P<f>f?)"(?P<text>[^"]*)"')


# How each action built at run time expands to the names it can take.
EXPANSIONS: dict[str, Callable[[], set[str]]] = {
    "review.{transition.action}": lambda: {
        f"review.{transition.action}" for transition in REVIEW_TRANSITIONS
    },
    "agreement.{verb}": lambda: {f"agreement.{verb}" for verb in TRANSITIONS},
    "volunteer.interest_{interest.status}": lambda: {
        f"volunteer.interest_{status}"
        for status in InterestStatus.values
        if status != InterestStatus.PENDING
    },
}


def recorded_actions(source: str, where: str) -> set[str]:
    """The action names the `event_record` calls in `source` can write."""
    calls = list(CALL.finditer(source))
    assert len(calls) == len(re.findall(r"(?<!def )\bevent_record\(", source)), (
        f"{where}: an event_record call the pattern cannot read"
    )
    actions: set[str] = set()
    for call in calls:
        action = ACTION.search(call["args"])
        assert action, f"{where}: an event_record call without action="
        literals = list(LITERAL.finditer(action["expr"]))
        assert literals, f"{where}: the action {action['expr']!r} is not written in the call"
        for literal in literals:
            if literal["f"]:
                assert literal["text"] in EXPANSIONS, (
                    f"{where}: say in EXPANSIONS which names {literal['text']!r} can take"
                )
                actions |= EXPANSIONS[literal["text"]]()
            else:
                actions.add(literal["text"])
    return actions


def code_actions() -> dict[str, str]:
    """Every action the code records, with the file that records it."""
    found: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if NOT_SOURCES & set(relative.parts):
            continue
        for action in recorded_actions(path.read_text(), str(relative)):
            found.setdefault(action, str(relative))
    return found


def unlabelled(actions: dict[str, str]) -> list[str]:
    return sorted(
        f"{action} ({where})" for action, where in actions.items() if action not in LABELS
    )


def test_the_pattern_finds_literal_conditional_and_built_actions():
    source = """
        event_record(actor=user, action="plan.viewed", target=plan, details={"a": f(x)})
        event_record(
            actor=user,
            action="document.viewed" if inline else "document.downloaded",
            target=document,
        )
        event_record(actor=actor, action=f"agreement.{verb}", target=agreement)
        def event_record(*, actor, action): ...
    """
    assert recorded_actions(source, "example") == {
        "plan.viewed",
        "document.viewed",
        "document.downloaded",
        *(f"agreement.{verb}" for verb in TRANSITIONS),
    }


def test_an_action_without_a_label_is_named_with_its_file():
    actions = {"plan.viewed": "casework/api.py", "plan.teleported": "casework/views.py"}
    assert unlabelled(actions) == ["plan.teleported (casework/views.py)"]


def test_an_action_built_in_a_way_the_test_does_not_know_fails_it():
    with pytest.raises(AssertionError, match="say in EXPANSIONS"):
        recorded_actions('event_record(actor=a, action=f"plan.{what}")', "example")


def test_every_action_the_code_records_has_words_for_the_timeline():
    actions = code_actions()
    # The pattern reaches the calls in every app, not only a few.
    assert {"review.meeting_held", "agreement.approve", "export.board_report"} <= set(actions)
    assert {"forecast_capacity.changed", "deadline_rules.changed"} <= set(actions)
    assert unlabelled(actions) == []


def test_changes_to_forecast_defaults_and_deadline_rules_read_in_words(manager):
    forecast = event_record(actor=manager, action="forecast_capacity.changed")
    rules = event_record(actor=manager, action="deadline_rules.changed")
    assert event_label(forecast) == "Default capacity for the backlog forecast changed"
    assert event_label(rules) == "Warning window and priority weights changed"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-11-20", "20 November 2026"),
        ("amendments_withdrawn", "Amendments withdrawn"),
        ("maintain", "Maintain"),
        ("The new school can meet the need.", "The new school can meet the need."),
        ("2026-02-30", "2026-02-30"),
        (3, "3"),
    ],
)
def test_an_event_detail_reads_as_words_not_stored_names_or_iso_dates(value, shown):
    assert detail_value(value) == shown
