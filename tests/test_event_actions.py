"""The registry of event actions (audit/actions.py) and the code that writes events agree: every
action written is registered with words for people, and every registered action is written.

The actions written are read from the Python sources with `ast`: each `event_record(...)` call's
`action=`, a literal, a choice of literals, or an f-string whose names EXPANSIONS gives."""

import ast
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.utils.html import escape

from audit.actions import ACTIONS, ACTIONS_BY_NAME
from audit.models import Event
from audit.selectors import READ_ACTIONS
from audit.services import event_record
from audit.templatetags.audit_tags import event_label
from reviews.recompute import recompute_reviews
from reviews.transitions import TRANSITIONS as REVIEW_TRANSITIONS
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory
from volunteers.agreements import TRANSITIONS
from volunteers.models import InterestStatus

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCES = {".venv", "node_modules", "tests", "static", "staticfiles", ".local", ".git"}


def sources() -> dict[str, str]:
    """Every Python file of the project but the tests, by its path from the root."""
    found: dict[str, str] = {}
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(name for name in subfolders if name not in NOT_SOURCES)
        for name in sorted(files):
            if name.endswith(".py"):
                path = Path(folder, name)
                found[str(path.relative_to(ROOT))] = path.read_text()
    return found


def _called(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _keyword(call: ast.Call, name: str, where: str) -> ast.expr:
    value = next((k.value for k in call.keywords if k.arg == name), None)
    assert value is not None, f"{where}:{call.lineno}: a {_called(call)} call without {name}="
    return value


def _template(built: ast.JoinedStr) -> str:
    """f"review.{action}" as "review.{action}"."""
    return "".join(
        str(part.value) if isinstance(part, ast.Constant) else f"{{{ast.unparse(part.value)}}}"
        for part in built.values
        if isinstance(part, ast.Constant | ast.FormattedValue)
    )


def _review_steps() -> set[str]:
    """reviews.services records each step of the transitions table as `review.<action>`."""
    return {f"review.{transition.action}" for transition in REVIEW_TRANSITIONS}


# How each action built at run time expands to the names it can take.
EXPANSIONS: dict[str, Callable[[], set[str]]] = {
    "review.{transition.action}": _review_steps,
    "agreement.{verb}": lambda: {f"agreement.{verb}" for verb in TRANSITIONS},
    "volunteer.interest_{interest.status}": lambda: {
        f"volunteer.interest_{status}"
        for status in InterestStatus.values
        if status != InterestStatus.PENDING
    },
}


def _names(action: ast.expr, where: str) -> set[str]:
    if isinstance(action, ast.Constant) and isinstance(action.value, str):
        return {action.value}
    if isinstance(action, ast.IfExp):
        return _names(action.body, where) | _names(action.orelse, where)
    if isinstance(action, ast.JoinedStr):
        template = _template(action)
        assert template in EXPANSIONS, (
            f"{where}: say in EXPANSIONS which names {template!r} can take"
        )
        return EXPANSIONS[template]()
    raise AssertionError(f"{where}: the action {ast.unparse(action)!r} is not written in the call")


def written_actions(source: str, where: str) -> set[str]:
    """The action names the `event_record` calls in `source` can write."""
    actions: set[str] = set()
    for call in ast.walk(ast.parse(source)):
        if isinstance(call, ast.Call) and _called(call) == "event_record":
            actions |= _names(_keyword(call, "action", where), f"{where}:{call.lineno}")
    return actions


def code_actions() -> dict[str, str]:
    """Every action the code writes, with the first file that writes it."""
    found: dict[str, str] = {}
    for where, source in sources().items():
        for action in written_actions(source, where):
            found.setdefault(action, where)
    return found


EVENT_WRITES = {"create", "bulk_create", "get_or_create", "update_or_create"}


def event_producers(source: str, where: str) -> list[str]:
    """The places in `source` that make Event rows other than through `event_record`."""
    found = [
        f"{where}:{call.lineno}"
        for call in sorted(
            (node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)),
            key=lambda node: node.lineno,
        )
        if (
            (isinstance(call.func, ast.Name) and call.func.id == "Event")
            or (
                isinstance(call.func, ast.Attribute)
                and call.func.attr in EVENT_WRITES
                and ast.unparse(call.func.value) == "Event.objects"
            )
        )
    ]
    if re.search(r"\bINSERT\s+INTO\s+audit_event\b", source, re.IGNORECASE):
        found.append(f"{where}: INSERT INTO audit_event")
    return found


# The scan itself ------------------------------------------------------------------------------


def test_the_scan_reads_literal_conditional_and_built_actions():
    source = """
def serve(user, plan, document, inline, actor, agreement, verb):
    event_record(actor=user, action="plan.viewed", target=plan, details={"a": f(x)})
    audit.services.event_record(
        actor=user,
        action="document.viewed" if inline else "document.downloaded",
        target=document,
    )
    event_record(actor=actor, action=f"agreement.{verb}", target=agreement)
"""
    assert written_actions(source, "example") == {
        "plan.viewed",
        "document.viewed",
        "document.downloaded",
        *(f"agreement.{verb}" for verb in TRANSITIONS),
    }


@pytest.mark.parametrize(
    ("call", "complaint"),
    [
        ('event_record(actor=a, action=f"plan.{what}")', "say in EXPANSIONS"),
        ("event_record(actor=a, action=name)", "is not written in the call"),
        ("event_record(actor=a)", "without action="),
    ],
)
def test_an_action_the_scan_cannot_name_fails_it(call, complaint):
    with pytest.raises(AssertionError, match=complaint):
        written_actions(call, "example")


def test_the_scan_finds_events_made_other_than_through_event_record():
    source = """
Event(actor=None, action="plan.viewed").save()
Event.objects.bulk_create([])
cursor.execute("insert into audit_event (action) values ('x')")
event_record(actor=None, action="plan.viewed")
"""
    assert event_producers(source, "example") == [
        "example:2",
        "example:3",
        "example: INSERT INTO audit_event",
    ]


# The registry and the code ---------------------------------------------------------------------


def test_every_action_written_anywhere_in_the_code_is_registered():
    actions = code_actions()
    # The scan reaches the calls in every app, the built names included.
    assert {"review.meeting_held", "agreement.approve", "volunteer.interest_declined"} <= set(
        actions
    )
    assert {"export.board_report", "document.downloaded", "caseload.imported"} <= set(actions)
    unregistered = sorted(
        f"{action} ({where})" for action, where in actions.items() if action not in ACTIONS_BY_NAME
    )
    assert unregistered == []


def test_every_registered_action_is_written_somewhere_in_the_code():
    assert sorted(set(ACTIONS_BY_NAME) - set(code_actions())) == []


def test_only_event_record_makes_event_rows():
    producers = [
        place
        for where, source in sources().items()
        if where != "audit/services.py"
        for place in event_producers(source, where)
    ]
    assert producers == []


def test_no_action_is_registered_twice():
    assert len(ACTIONS_BY_NAME) == len(ACTIONS)


def test_every_registered_action_has_a_label_and_says_what_its_details_hold():
    unsaid = [
        action.name
        for action in ACTIONS
        if not action.label.strip() or action.label == action.name or not action.details.strip()
    ]
    assert unsaid == []


def test_the_reads_the_timeline_hides_are_registered_actions():
    assert set(READ_ACTIONS) <= set(ACTIONS_BY_NAME)


# Writing and showing events --------------------------------------------------------------------


@pytest.mark.django_db
def test_recording_an_unregistered_action_raises_naming_it_and_writes_nothing(manager):
    with pytest.raises(ValueError, match=r"'plan\.teleported'"):
        event_record(actor=manager, action="plan.teleported", details={"to": "the moon"})
    assert not Event.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_every_registered_action_shows_its_label_on_the_case_page_timeline(officer_north, north):
    plan = PlanFactory.create(area=north)
    ReviewFactory.create(plan=plan, due_on=date(2026, 12, 1))
    recompute_reviews()
    for action in ACTIONS:
        event_record(actor=officer_north, action=action.name, target=plan)

    page = client_for(officer_north).get(f"/casework/plans/{plan.plan_ref}/?reads=shown")

    assert page.status_code == 200
    titles = re.findall(r'<h3 class="moj-timeline__title">(.*?)</h3>', page.content.decode())
    assert sorted(titles) == sorted(
        [escape(action.label) for action in ACTIONS]
        + [escape(ACTIONS_BY_NAME["plan.viewed"].label)]
    )


@pytest.mark.django_db
def test_an_event_stored_under_a_name_no_longer_registered_reads_from_its_dotted_name(manager):
    # History may hold names written before the registry; they still read as words.
    stored = Event(actor=manager, action="letter.generated")
    stored.save()
    assert event_label(stored) == "Generated"
