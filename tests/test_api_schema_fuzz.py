"""The API keeps the promises of its own schema, for every role.

schemathesis reads the live schema from the app (as a signed-in caller would: the schema is
per person), generates requests for every operation from it, valid and invalid, and sends
them to the app itself (its WSGI application, inside this test's database transaction) with
each role's API token, obtained through the public token endpoint. Any 5xx, or any answer
the schema does not describe (status, content type, headers, body), or invalid input that is
accepted, fails the test, listing every operation that failed and a request to reproduce it.

The examples are bounded (8 valid and 8 invalid per operation) and derandomized, so a run is
repeatable; the whole module takes about a minute. No operation is left out. Two things are:
- generated credentials: the role's token is fixed, so what varies is the API's input (the
  token endpoint is fuzzed like any other operation; tests/test_api_tokens.py covers tokens);
- the `positive_data_acceptance` check, which expects every schema-valid request to succeed:
  a valid-looking request may still break a rule no schema states (a wrong password, a
  meeting date in the future), and its documented 400 or 409 is still judged by the others.

schemathesis' own pytest loader (`schemathesis.pytest.from_fixture`) does not run under
pytest 9.2, so each operation's Hypothesis test is built here from `as_strategy`.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
import werkzeug.test
from django.core.handlers.wsgi import WSGIHandler as WSGIApp
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.schemas import APIOperation

from accounts.models import User
from casework.models import CeaseReason, PlanStatus
from qa.models import (
    ChecklistTemplate,
    Response,
)
from reviews.models import Decision, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import (
    PASSWORD,
    ChildFactory,
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from tests.programme_api_cases import assign, checklist_for, template
from volunteers.models import AgreementStatus

__all__ = ["template"]  # a fixture from tests/programme_api_cases.py

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

ROLES = ["officer_north", "volunteer", "headteacher", "manager", "editor", "senco"]


@pytest.fixture
def app(settings) -> Iterator[WSGIApp]:
    """The app's WSGI handler, kept inside the test's transaction: a real handler closes the
    database connection after each request, which would end the transaction (Django's own
    test client does the same)."""
    # schemathesis' WSGI client calls the app "localhost".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def caseload(personas: dict[str, User], north, west, template: ChecklistTemplate) -> None:
    """Realistic data in the personas' areas: reviews at several stages (one concluded with a
    decision, one ceased plan, children with and without a UPN), the volunteer's open and
    closed assignments with checklists, and release agreements."""
    for n, status in enumerate([ReviewStatus.PLANNING, ReviewStatus.MEETING_HELD]):
        ReviewFactory.create(
            plan=PlanFactory.create(area=north, child=ChildFactory.create(upn=f"A12345678901{n}")),
            status=status,
            meeting_on=date(2026, 11, 2) if status == ReviewStatus.MEETING_HELD else None,
        )
    # A review the school staff persona sees, with its report still to submit.
    ReviewFactory.create(
        plan=PlanFactory.create(area=north, setting=personas["senco"].setting),
        status=ReviewStatus.MEETING_HELD,
        meeting_on=date(2026, 11, 2),
    )
    concluded = PlanFactory.create(area=north)
    ReviewFactory.create(
        plan=concluded,
        status=ReviewStatus.CONCLUDED,
        meeting_on=date(2025, 1, 10),
        decision=Decision.MAINTAIN,
        decision_notified_on=date(2025, 2, 1),
        concluded_on=date(2025, 2, 1),
    )
    ReviewFactory.create(plan=concluded, is_first_review=False, due_on=date(2026, 1, 10))
    PlanFactory.create(
        area=north,
        status=PlanStatus.CEASED,
        ceased_on=date(2026, 3, 1),
        cease_reason=CeaseReason.NEEDS_MET,
    )
    ReviewFactory.create(plan=PlanFactory.create(area=west))

    volunteer = personas["volunteer"]
    other = VolunteerFactory.create(setting=SettingFactory.create(area=north))
    for who, closed in [(volunteer, False), (volunteer, True), (other, False)]:
        assignment = assign(who, north, closed=closed)
        checklist_for(assignment, template, [Response.MET] * 4 if closed else None)
    ReleaseAgreementFactory.create(volunteer=volunteer)
    ReleaseAgreementFactory.create(volunteer=other, status=AgreementStatus.REQUESTED)
    recompute_reviews()


def token_for(app: WSGIApp, user: User) -> str:
    """The person's API token, asked for as any client asks for one."""
    response = werkzeug.test.Client(app).post(
        "/api/v1/auth/token/",
        json={"email": user.email, "password": PASSWORD},
        headers={"Host": "localhost"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return str((response.json or {})["token"])


EXAMPLES = settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def failures_of(
    operation: APIOperation[Any, Any, Any, Any], mode: GenerationMode, headers: dict[str, str]
) -> str:
    """What schemathesis found wrong with one operation's answers, or "" if nothing."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @EXAMPLES
    def exercise(case: Any) -> None:
        # Every check but one: a request the schema allows may still break a rule the schema
        # cannot state (a wrong password, a meeting date in the future); its 400 or 409 is
        # documented, and the response checks still judge it.
        case.call_and_validate(
            headers=headers, excluded_checks=[schemathesis.checks.positive_data_acceptance]
        )

    try:
        exercise()
    except Unsatisfiable:  # nothing in this operation can be made invalid: nothing to try
        return ""
    except (Exception, BaseExceptionGroup) as failure:  # all are reported together
        return f"{operation.label} ({mode.value} data):\n{failure}"
    return ""


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_keeps_to_the_schema_for_every_role(
    role: str, app: WSGIApp, personas: dict[str, User], caseload: None
) -> None:
    headers = {"Authorization": f"Token {token_for(app, personas[role])}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, headers=headers)
    # The role's token is fixed: what is tried is the API's input, not other credentials.
    schema.config.generation.update(with_security_parameters=False)
    failures = [
        failures_of(result.ok(), mode, headers)  # type: ignore[union-attr]
        for result in schema.get_all_operations()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    failures = [failure for failure in failures if failure]
    assert not failures, "\n\n".join(failures)
    # Nothing in the run ended the role's own token, so every answer above was to the role.
    me = werkzeug.test.Client(app).get("/api/v1/me/", headers={**headers, "Host": "localhost"})
    assert me.status_code == 200
