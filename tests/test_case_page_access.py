"""Who may see the case page and its step forms, and the record of who read a child's
record."""

from datetime import date

import pytest
from django.test import Client

from audit.models import Event
from tests.case_page_cases import (
    case_url,
    date_fields,
    fixture_review,  # noqa: F401  (a fixture)
    step_url,
)
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def client_as(persona: str, personas) -> Client:
    return Client() if persona == "anonymous" else client_for(personas[persona])


# persona: (case page, step form GET, step form POST)
MATRIX = {
    "officer_north": (200, 200, 302),
    "officer_west": (404, 404, 404),
    "manager": (200, 200, 302),  # a manager works any area's reviews (decision 0015)
    "volunteer": (404, 404, 404),
    "headteacher": (404, 404, 404),
    "editor": (404, 404, 404),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_the_case_page_and_its_step_forms_follow_the_area_rule(persona, personas, review):
    client = client_as(persona, personas)
    case_status, form_status, post_status = MATRIX[persona]

    assert client.get(case_url(review)).status_code == case_status
    assert client.get(step_url(review, "hold-meeting")).status_code == form_status
    response = client.post(
        step_url(review, "hold-meeting"), date_fields(date(2026, 11, 20), review.version)
    )
    assert response.status_code == post_status
    review.refresh_from_db()
    assert (review.meeting_on is not None) == (persona in {"officer_north", "manager"})


def test_reading_the_case_page_records_who_read_the_childs_record(officer_north, review):
    client_for(officer_north).get(case_url(review))

    event = Event.objects.get(action="plan.viewed")
    assert (event.actor, event.target_id) == (officer_north, str(review.plan.pk))
