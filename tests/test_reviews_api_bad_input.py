"""Bad input to the API is a 400 or 404 with a message, never a 500 (finding 10)."""

import pytest
from django.test import Client

from audit.models import Event
from audit.services import event_record
from tests.reviews_api_cases import (
    STEPS,
    api,
    fixture_north_review,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.mark.parametrize("review_id", ["abc", "1.5", "²", "99999999999999999999999"])
def test_a_review_id_that_is_not_a_review_number_is_not_found(officer_north, review_id):
    client = api(officer_north)
    for url in [f"/api/v1/reviews/{review_id}/", f"/api/v1/reviews/{review_id}/events/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "No such review."}
    for step in STEPS:
        response = client.post(f"/api/v1/reviews/{review_id}/{step}/", {"on": "2026-11-20"})
        assert response.status_code == 404, step
        assert response.json() == {"detail": "No such review."}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/?q=%00",
        "/api/v1/plans/?page=1&x%00=1",
        "/api/v1/plans/EHCP-NORTH-1%00/",
        "/api/v1/reviews/?area=%00",
        "/api/v1/reviews/?ordering=%00",
        "/api/v1/assignments/?volunteer=1%00",
    ],
)
def test_a_nul_character_in_an_api_address_is_refused_with_400(manager, north_review, url):
    response = api(manager).get(url)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The address contains a NUL character, which is not allowed. "
        "Check the link or the request and try again."
    }


def test_a_nul_character_in_the_reviews_download_filters_is_refused_with_400(
    officer_north, north_review
):
    client = Client()
    client.force_login(officer_north)
    response = client.get("/casework/export/reviews.csv?area=North&x=%00")
    assert response.status_code == 400
    assert not Event.objects.filter(action="caseload.exported").exists()


def test_an_event_whose_details_hold_a_nul_is_still_recorded(manager):
    event = event_record(
        actor=manager, action="plan.listed", details={"query": {"q\x00": ["a\x00b"]}}
    )
    event.refresh_from_db()
    assert event.details == {"query": {"q\ufffd": ["a\ufffdb"]}}


@pytest.mark.parametrize("page_size", ["null", "", "0", "-5", "2.5", "501", "ten"])
def test_a_page_size_outside_1_to_500_is_refused_with_the_rule(manager, north_review, page_size):
    response = api(manager).get(f"/api/v1/reviews/?page_size={page_size}")
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Enter a whole number from 1 to 500."]}
