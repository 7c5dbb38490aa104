"""Who may see and change plans and reviews through the API, and the record of who read
a child's record."""

import pytest

from audit.models import Event
from tests.reviews_api_cases import (
    MATRIX,
    api,
    fixture_north_review,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.mark.parametrize(("persona", "may_see", "may_change"), MATRIX)
def test_review_access_follows_the_persons_areas(
    persona, may_see, may_change, personas, north_review
):
    client = api(personas[persona])
    listed = client.get("/api/v1/reviews/").json()["results"]
    assert [r["id"] for r in listed] == ([north_review.pk] if may_see else [])
    assert client.get(f"/api/v1/reviews/{north_review.pk}/").status_code == (
        200 if may_see else 404
    )
    assert client.get(f"/api/v1/reviews/{north_review.pk}/events/").status_code == (
        200 if may_see else 404
    )
    response = client.post(f"/api/v1/reviews/{north_review.pk}/hold-meeting/", {"on": "2026-11-20"})
    assert response.status_code == (200 if may_change else 403 if may_see else 404)


@pytest.mark.parametrize(("persona", "may_see", "may_change"), MATRIX)
def test_plan_access_follows_the_persons_areas(
    persona, may_see, may_change, personas, north_review
):
    client = api(personas[persona])
    assert [p["plan_ref"] for p in client.get("/api/v1/plans/").json()["results"]] == (
        ["EHCP-NORTH-1"] if may_see else []
    )
    assert client.get("/api/v1/plans/EHCP-NORTH-1/").status_code == (200 if may_see else 404)
    assert client.post("/api/v1/plans/", {}).status_code in {403, 405}


def test_anonymous_callers_get_401(north_review):
    assert api().get("/api/v1/reviews/").status_code == 401
    assert (
        api()
        .post(f"/api/v1/reviews/{north_review.pk}/hold-meeting/", {"on": "2026-11-20"})
        .status_code
        == 401
    )


def test_reading_a_plan_records_who_read_the_childs_record(officer_north, manager, north_review):
    api(officer_north).get("/api/v1/plans/EHCP-NORTH-1/")
    api(manager).get("/api/v1/plans/EHCP-NORTH-1/")
    api(manager).get("/api/v1/plans/NO-SUCH-PLAN/")
    readers = Event.objects.filter(action="plan.viewed", target_id=str(north_review.plan_id))
    assert sorted(readers.values_list("actor__email", flat=True)) == [
        manager.email,
        officer_north.email,
    ]
    assert Event.objects.filter(action="plan.viewed").count() == 2


def test_listing_plans_records_which_childrens_records_were_read(manager, north_review):
    api(manager).get("/api/v1/plans/")
    event = Event.objects.get(action="plan.listed")
    assert event.actor == manager
    assert event.details["plan_refs"] == ["EHCP-NORTH-1"]


def test_listing_plans_that_finds_none_records_no_read(officer_west, north_review):
    api(officer_west).get("/api/v1/plans/")
    assert not Event.objects.filter(action="plan.listed").exists()
