"""The plans and reviews API: who may see and change what, and the statutory actions."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import Event
from audit.services import event_record
from reviews.models import Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory
from volunteers.models import Assignment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def north_review(north) -> Review:
    review = ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-NORTH-1"))
    recompute_reviews()
    return review


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# (persona, may see, may change)
MATRIX = [
    ("officer_north", True, True),
    ("officer_west", False, False),
    ("manager", True, False),
    ("volunteer", False, False),
    ("headteacher", False, False),
    ("editor", False, False),
]


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


def test_a_review_carries_the_fields_other_systems_rely_on(officer_north, north_review):
    body = api(officer_north).get(f"/api/v1/reviews/{north_review.pk}/").json()
    for field in [
        "id", "plan_ref", "ncy", "due_on", "meeting_on", "report_due_on", "decision_due_on", "decision",
        "decision_notified_on", "amendment_notice_on", "final_plan_due_on", "final_plan_issued_on",
        "phase_transfer_due_on", "state", "in_backlog", "days_overdue", "priority",
    ]:  # fmt: skip
        assert field in body, field
    assert body["plan_ref"] == "EHCP-NORTH-1"
    assert body["due_on"] == "2025-01-15"
    assert body["state"] == "overdue"
    assert body["in_backlog"] is True
    assert body["priority_reasons"][0].startswith("Overdue by 677 days")


def test_recording_the_meeting_moves_the_clock_and_is_on_the_timeline(officer_north, north_review):
    client = api(officer_north)
    body = client.post(
        f"/api/v1/reviews/{north_review.pk}/hold-meeting/", {"on": "2026-11-20"}
    ).json()
    assert body["status"] == "meeting_held"
    assert body["report_due_on"] == "2026-12-04"
    assert body["decision_due_on"] == "2026-12-18"
    events = client.get(f"/api/v1/reviews/{north_review.pk}/events/").json()["results"]
    assert events[0]["action"] == "review.meeting_held"
    assert events[0]["actor"] == officer_north.email


def test_a_step_from_the_wrong_state_answers_409_and_changes_nothing(officer_north, north_review):
    response = api(officer_north).post(
        f"/api/v1/reviews/{north_review.pk}/receive-report/", {"on": "2026-11-20"}
    )
    assert response.status_code == 409
    assert "while the review is 'meeting not yet held'" in response.json()["detail"]
    north_review.refresh_from_db()
    assert north_review.status == ReviewStatus.PLANNING


def test_an_impossible_date_answers_400_with_the_reason(officer_north, north_review):
    response = api(officer_north).post(
        f"/api/v1/reviews/{north_review.pk}/hold-meeting/", {"on": "2027-01-05"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The meeting date cannot be in the future (5 January 2027)."
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "on"),
        ({"on": "31/02/2026"}, "on"),
        ({"on": "2026-11-20", "decision": "postpone"}, "decision"),
    ],
)
def test_malformed_input_names_the_field(officer_north, payload, field):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=officer_north.areas.get()),
        status=ReviewStatus.MEETING_HELD,
        meeting_on=date(2026, 11, 1),
    )
    response = api(officer_north).post(f"/api/v1/reviews/{review.pk}/notify-decision/", payload)
    assert response.status_code == 400
    assert field in response.json()


def test_reviews_filter_by_area_state_and_backlog(officer_north, manager, north, west):
    overdue = ReviewFactory.create(plan=PlanFactory.create(area=north, issued_on=date(2024, 1, 1)))
    fresh = ReviewFactory.create(
        plan=PlanFactory.create(area=west, issued_on=date(2026, 6, 1)), due_on=date(2027, 6, 1)
    )
    recompute_reviews()
    client = api(manager)

    def ids(query: str) -> list[int]:
        return [r["id"] for r in client.get(f"/api/v1/reviews/?{query}").json()["results"]]

    assert ids("in_backlog=true") == [overdue.pk]
    assert ids("in_backlog=false") == [fresh.pk]
    assert ids("area=west") == [fresh.pk]
    assert ids("state=overdue") == [overdue.pk]
    assert ids("ordering=due_on") == [overdue.pk, fresh.pk]
    assert ids("ordering=-due_on") == [fresh.pk, overdue.pk]


def test_the_review_list_makes_the_same_queries_for_10_or_100_rows(manager, north):
    for _ in range(100):
        ReviewFactory.create(plan=PlanFactory.create(area=north))
    recompute_reviews()
    client = api(manager)

    def queries(page_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/reviews/?page_size={page_size}")
        assert len(response.json()["results"]) == page_size
        return len(captured.captured_queries)

    assert queries(10) == queries(100)


def test_the_plan_list_makes_the_same_queries_for_10_or_100_rows(manager, north):
    for _ in range(100):
        ReviewFactory.create(plan=PlanFactory.create(area=north))
    client = api(manager)

    def queries(page_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/plans/?page_size={page_size}")
        assert all(p["open_review"] for p in response.json()["results"])
        return len(captured.captured_queries)

    assert queries(10) == queries(100)


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


def test_a_step_sent_with_a_stale_version_answers_409_with_the_current_review(
    officer_north, north_review
):
    url = f"/api/v1/reviews/{north_review.pk}/"
    api(officer_north).post(url + "plan-meeting/", {"on": "2026-12-10", "version": 1})

    response = api(officer_north).post(url + "hold-meeting/", {"on": "2026-11-20", "version": 1})

    assert response.status_code == 409
    assert "Someone else changed this review" in response.json()["detail"]
    assert response.json()["current"]["meeting_planned_on"] == "2026-12-10"
    assert response.json()["current"]["version"] == 2
    assert Review.objects.get(pk=north_review.pk).status == ReviewStatus.PLANNING


# Deciding not to amend after all (reg 22(4)) ------------------------------------------------


@pytest.fixture
def amendments_proposed(north) -> Review:
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-NORTH-5"),
        status=ReviewStatus.AMENDMENT_NOTICE_SENT,
        meeting_on=date(2026, 10, 5),
        decision="amend",
        decision_notified_on=date(2026, 10, 19),
        decision_notes="Section F: weekly therapy.",
        amendment_notice_on=date(2026, 10, 20),
    )
    recompute_reviews()
    return review


def withdraw_url(review: Review) -> str:
    return f"/api/v1/reviews/{review.pk}/withdraw-amendments/"


@pytest.mark.parametrize(("persona", "may_see", "may_change"), MATRIX)
def test_deciding_not_to_amend_follows_the_persons_areas(
    persona, may_see, may_change, personas, amendments_proposed
):
    response = api(personas[persona]).post(
        withdraw_url(amendments_proposed), {"on": "2026-11-20", "reasons": "No change is needed."}
    )

    assert response.status_code == (200 if may_change else 403 if may_see else 404)
    amendments_proposed.refresh_from_db()
    assert (amendments_proposed.status == ReviewStatus.AMENDMENTS_WITHDRAWN) is may_change


def test_deciding_not_to_amend_meets_the_final_plan_step_and_keeps_the_reasons(
    officer_north, amendments_proposed
):
    client = api(officer_north)

    response = client.post(
        withdraw_url(amendments_proposed),
        {"on": "2026-11-20", "reasons": "The new school meets the need."},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "amendments_withdrawn"
    assert body["amendments_withdrawn_on"] == "2026-11-20"
    assert body["final_plan_due_on"] == "2026-12-15"  # 8 weeks after 20 October
    assert body["final_plan_state"] == "done_on_time"
    events = client.get(f"/api/v1/reviews/{amendments_proposed.pk}/events/").json()["results"]
    assert events[0]["action"] == "review.amendments_withdrawn"
    assert events[0]["details"]["reasons"] == "The new school meets the need."
    amendments_proposed.refresh_from_db()
    assert amendments_proposed.amendments_withdrawn_reasons == "The new school meets the need."


def test_deciding_not_to_amend_before_amendments_were_proposed_answers_409(
    officer_north, north_review
):
    response = api(officer_north).post(
        withdraw_url(north_review), {"on": "2026-11-20", "reasons": "No change is needed."}
    )

    assert response.status_code == 409
    assert "while the review is 'meeting not yet held'" in response.json()["detail"]
    north_review.refresh_from_db()
    assert (north_review.status, north_review.amendments_withdrawn_on) == (
        ReviewStatus.PLANNING,
        None,
    )


@pytest.mark.parametrize(
    ("payload", "answer"),
    [
        (
            {"on": "2026-11-24", "reasons": "No change is needed."},
            {
                "detail": "The decision not to amend date cannot be in the future (24 November 2026)."
            },
        ),
        (
            {"on": "2026-10-19", "reasons": "No change is needed."},
            {
                "detail": "The decision not to amend date (19 October 2026) cannot be before the "
                "amendment notice (20 October 2026)."
            },
        ),
        ({"on": "20/11/2026", "reasons": "No change is needed."}, "on"),
        ({"reasons": "No change is needed."}, "on"),
        ({"on": "2026-11-20"}, "reasons"),
        ({"on": "2026-11-20", "reasons": ""}, "reasons"),
    ],
    ids=["future", "before-the-notice", "not-a-date", "no-date", "no-reasons", "blank-reasons"],
)
def test_a_bad_date_for_deciding_not_to_amend_answers_400_and_changes_nothing(
    officer_north, amendments_proposed, payload, answer
):
    response = api(officer_north).post(withdraw_url(amendments_proposed), payload)

    assert response.status_code == 400
    if isinstance(answer, dict):  # the service's reason
        assert response.json() == answer
    else:  # the field the serializer names
        assert answer in response.json()
    amendments_proposed.refresh_from_db()
    assert (amendments_proposed.status, amendments_proposed.amendments_withdrawn_on) == (
        ReviewStatus.AMENDMENT_NOTICE_SENT,
        None,
    )


# What a volunteer may ask of their reviews (issue 14, finding 4) ------------------------------


@pytest.fixture
def assigned_review(volunteer, north) -> Review:
    review = ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-NORTH-9"))
    Assignment.objects.create(review=review, volunteer=volunteer, release_day=date(2026, 11, 24))
    recompute_reviews()
    return review


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=North", "You cannot filter by area."),
        ("setting=100001", "You cannot filter by setting."),
        ("status=planning", "You cannot filter by status."),
        ("in_backlog=true", "You cannot filter by in_backlog."),
        ("state=overdue", "You cannot filter by state."),
        ("overdue_for=more_than_52_weeks", "You cannot filter by overdue_for."),
        ("overdue_step=meeting", "You cannot filter by overdue_step."),
        ("phase_transfer=false", "You cannot filter by phase_transfer."),
        ("open=true", "You cannot filter by open."),
        ("assigned=yes", "You cannot filter by assigned."),
        ("volunteer=1", "You cannot filter by volunteer."),
        ("ordering=days_overdue", "You cannot order by days_overdue."),
        ("ordering=-priority", "You cannot order by priority."),
        ("ordering=due_on", "You cannot order by due_on."),
    ],
)
def test_a_volunteer_cannot_filter_or_order_reviews_by_what_their_record_hides(
    volunteer, assigned_review, query, message
):
    response = api(volunteer).get(f"/api/v1/reviews/?{query}")
    assert response.status_code == 400
    parameter = query.split("=")[0]
    assert response.json() == {parameter: [message]}


def test_a_volunteer_may_filter_and_order_reviews_by_what_their_record_shows(
    volunteer, assigned_review
):
    client = api(volunteer)
    for query in ["ncy=7", "primary_need=ASD", "ordering=-ncy", "page=1&page_size=10"]:
        response = client.get(f"/api/v1/reviews/?{query}")
        assert response.status_code == 200, query
        assert [r["id"] for r in response.json()["results"]] == [assigned_review.pk], query
    assert client.get("/api/v1/reviews/?ncy=3").json()["results"] == []


def test_a_case_officer_ordering_by_an_unknown_field_is_told_so(officer_north, north_review):
    response = api(officer_north).get("/api/v1/reviews/?ordering=child__surname")
    assert response.status_code == 400
    assert response.json() == {"ordering": ["You cannot order by child__surname."]}


# Bad input is a 400 or 404 with a message, never a 500 (finding 10) ---------------------------

STEPS = [
    "plan-meeting", "send-invitations", "circulate-advice", "hold-meeting", "receive-report",
    "notify-decision", "send-amendment-notice", "issue-final-plan",
    "conclude", "cease-plan",
]  # fmt: skip


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
