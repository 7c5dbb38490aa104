"""The API's schema tells the truth (finding 13): nulls, pagination, error answers, page size
limits and filter values as the answers really are."""

import pytest

from tests.factories import PlanFactory
from tests.reviews_api_cases import (
    STEPS,
    api,
    fixture_north_review,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# The schema tells the truth (finding 13) ------------------------------------------------------


def schema_of(user):
    return api(user).get("/api/schema/?format=json").json()


def test_a_review_without_a_decision_says_null_and_its_schema_allows_it(
    officer_north, north_review
):
    assert api(officer_north).get(f"/api/v1/reviews/{north_review.pk}/").json()["decision"] is None
    decision = schema_of(officer_north)["components"]["schemas"]["Review"]["properties"]["decision"]
    assert decision.get("nullable") is True


def test_an_active_plan_has_a_null_cease_reason_and_its_schema_allows_a_null_upn(
    officer_north, north_review
):
    body = api(officer_north).get("/api/v1/plans/EHCP-NORTH-1/").json()
    assert body["cease_reason"] is None
    assert body["upn"] is None
    plan = schema_of(officer_north)["components"]["schemas"]["Plan"]["properties"]
    assert plan["cease_reason"].get("nullable") is True
    assert plan["upn"].get("nullable") is True


def test_a_reviews_history_is_paginated_as_its_schema_says(officer_north, north_review):
    client = api(officer_north)
    client.post(f"/api/v1/reviews/{north_review.pk}/hold-meeting/", {"on": "2026-11-20"})
    body = client.get(f"/api/v1/reviews/{north_review.pk}/events/?page_size=1").json()
    assert body["count"] == 1
    assert body["results"][0]["action"] == "review.meeting_held"
    operation = schema_of(officer_north)["paths"]["/api/v1/reviews/{id}/events/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"page", "page_size"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedEventList"
    }


def test_every_review_step_documents_its_error_answers(officer_north):
    paths = schema_of(officer_north)["paths"]
    for step in STEPS:
        responses = paths[f"/api/v1/reviews/{{id}}/{step}/"]["post"]["responses"]
        assert set(responses) >= {"200", "400", "401", "403", "404", "409"}, step
    for path in ["/api/v1/reviews/", "/api/v1/plans/", "/api/v1/assignments/"]:
        assert set(paths[path]["get"]["responses"]) >= {"200", "400", "401", "403", "404"}


def test_the_schema_states_the_page_size_limits(officer_north):
    operation = schema_of(officer_north)["paths"]["/api/v1/reviews/"]["get"]
    page_size = next(p for p in operation["parameters"] if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("in_backlog=0.5", "Enter true or false."),
        ("in_backlog=1", "Enter true or false."),
        ("overdue_for=", "Give a value, or leave the filter out."),
        ("ncy=", "Give a value, or leave the filter out."),
        ("ncy=7.5", "Enter a whole number."),
    ],
)
def test_a_review_filter_with_a_value_its_schema_does_not_allow_is_refused(
    manager, north_review, query, message
):
    response = api(manager).get(f"/api/v1/reviews/?{query}")
    assert response.status_code == 400
    assert response.json() == {query.split("=")[0]: [message]}


@pytest.mark.parametrize("resource", ["volunteers", "release-agreements", "assignments", "qa"])
def test_an_id_with_a_dot_is_not_found_in_json_like_any_other(manager, resource):
    response = api(manager).get(f"/api/v1/{resource}/1.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_plan_without_a_school_or_officer_says_null_and_its_schema_allows_it(manager, north):
    PlanFactory.create(area=north, plan_ref="EHCP-NO-SCHOOL", setting=None, case_officer=None)
    body = api(manager).get("/api/v1/plans/EHCP-NO-SCHOOL/").json()
    assert (body["setting_urn"], body["setting_name"], body["case_officer_email"]) == (None,) * 3
    plan = schema_of(manager)["components"]["schemas"]["Plan"]["properties"]
    for field in ["setting_urn", "setting_name", "case_officer_email"]:
        assert plan[field].get("nullable") is True, field


def test_an_api_address_that_matches_nothing_is_a_json_not_found(officer_north):
    response = api(officer_north).get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
