"""The volunteer programme's API resources (DESIGN section 7): volunteers, release agreements,
assignments and QA checklists, each showing a person only the rows they may see, and never a
child's personal details to a volunteer or a headteacher."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Grade,
    Recommendation,
    Response,
)
from tests.factories import (
    AssignmentFactory,
    ChecklistFactory,
    ChecklistTemplateFactory,
    ChildFactory,
    PlanFactory,
    ReleaseAgreementFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import Assignment, VolunteerProfile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

CHILD_DETAILS = ["Zebedee", "Quixotic", "2015-03-10"]


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def ids(user: User, resource: str) -> set[int]:
    response = api_for(user).get(f"/api/v1/{resource}/?page_size=500")
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def template(db) -> ChecklistTemplate:
    """AR: weights 1 and 3; B: weights 1 and 1. Default thresholds (85, 70, 50)."""
    template = ChecklistTemplateFactory.create(name="API test checklist", version=3)
    for position, (code, weights) in enumerate([("AR", [1, 3]), ("B", [1, 1])], start=1):
        section = ChecklistSection.objects.create(
            template=template, position=position, code=code, title=code
        )
        for n, weight in enumerate(weights, start=1):
            ChecklistItem.objects.create(section=section, position=n, prompt="?", weight=weight)
    return template


def checklist_for(
    assignment: Assignment, template: ChecklistTemplate, responses: list[str] | None
) -> Checklist:
    """Submitted with `responses` (in item order), recommending amendments to Section B, or a
    blank draft when None."""
    amending = {
        "submitted": True,
        "recommendation": Recommendation.AMEND,
        "amend_sections": ["B"],
        "grade": Grade.REQUIRES_IMPROVEMENT,
        "score": Decimal("50.00"),
    }
    checklist = ChecklistFactory.create(
        assignment=assignment, template=template, **(amending if responses else {})
    )
    items = ChecklistItem.objects.filter(section__template=template).order_by(
        "section__position", "position"
    )
    Answer.objects.bulk_create(
        Answer(checklist=checklist, item=item, response=response)
        for item, response in zip(items, responses or [""] * 4, strict=True)
    )
    return checklist


def assign(volunteer: User, area, *, closed: bool = False, child=None) -> Assignment:
    plan = PlanFactory.create(area=area, child=child or ChildFactory.create())
    return AssignmentFactory.create(
        review__plan=plan,
        volunteer=volunteer,
        release_day=date(2026, 11, 17),
        closed_at=timezone.now() if closed else None,
        closed_reason="completed" if closed else "",
    )


@pytest.fixture
def world(personas, north, west, template):
    """- volunteer (North school, the headteacher's): an open assignment with a submitted
      checklist about Zebedee Quixotic, and a closed one with a submitted checklist.
    - other_volunteer (another North school): an open assignment, no checklist.
    - west_volunteer (West school): an open assignment with a draft checklist.
    - one release agreement each."""
    volunteer = personas["volunteer"]
    other = VolunteerFactory.create(setting=SettingFactory.create(area=north))
    west_volunteer = VolunteerFactory.create(setting=SettingFactory.create(area=west))
    child = ChildFactory.create(
        forename="Zebedee", surname="Quixotic", date_of_birth=date(2015, 3, 10)
    )
    open_one = assign(volunteer, north, child=child)
    closed_one = assign(volunteer, north, closed=True)
    others = assign(other, north)
    wests = assign(west_volunteer, west)
    met, partly, not_met = Response.MET, Response.PARTLY_MET, Response.NOT_MET
    return {
        "volunteer": volunteer,
        "other_volunteer": other,
        "west_volunteer": west_volunteer,
        "assignments": {"open": open_one, "closed": closed_one, "other": others, "west": wests},
        "checklists": {
            "open": checklist_for(open_one, template, [met, not_met, met, partly]),
            "closed": checklist_for(closed_one, template, [met, met, met, met]),
            "west": checklist_for(wests, template, None),
        },
        "agreements": {
            "volunteer": ReleaseAgreementFactory.create(volunteer=volunteer),
            "other": ReleaseAgreementFactory.create(volunteer=other, requested=True),
            "west": ReleaseAgreementFactory.create(volunteer=west_volunteer, weekday=3),
        },
    }


def who(world: dict[str, Any], personas: dict[str, User], name: str) -> User:
    user: User = world[name] if name in world else personas[name]
    return user


# volunteers/ ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("volunteer", set()),
        ("other_volunteer", set()),
        ("headteacher", set()),
        ("editor", set()),
        ("officer_north", {"volunteer", "other_volunteer", "west_volunteer"}),
        ("officer_west", {"volunteer", "other_volunteer", "west_volunteer"}),
        ("manager", {"volunteer", "other_volunteer", "west_volunteer"}),
    ],
)
def test_volunteers_are_listed_to_case_officers_and_managers_only(persona, sees, world, personas):
    assert ids(who(world, personas, persona), "volunteers") == {world[n].pk for n in sees}


def test_a_volunteer_carries_their_school_training_and_capacity(world, officer_north):
    volunteer = world["volunteer"]
    VolunteerProfile.objects.create(user=volunteer, trained_on=date(2026, 9, 14), reviews_per_day=2)
    rows = {r["id"]: r for r in api_for(officer_north).get("/api/v1/volunteers/").json()["results"]}
    assert rows[volunteer.pk] == {
        "id": volunteer.pk,
        "full_name": volunteer.full_name,
        "email": "senco@example.org",
        "school": {"urn": volunteer.setting.urn, "name": volunteer.setting.name},
        "trained_on": "2026-09-14",
        "reviews_per_day": 2,
    }
    other = rows[world["other_volunteer"].pk]
    assert other["trained_on"] is None
    assert other["reviews_per_day"] == 4


def test_an_inactive_volunteer_is_not_listed(world, manager):
    User.objects.filter(pk=world["other_volunteer"].pk).update(is_active=False)
    assert world["other_volunteer"].pk not in ids(manager, "volunteers")


# release-agreements/ ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("volunteer", {"volunteer"}),
        ("other_volunteer", {"other"}),
        ("headteacher", {"volunteer"}),
        ("editor", set()),
        ("officer_north", {"volunteer", "other", "west"}),
        ("officer_west", {"volunteer", "other", "west"}),
        ("manager", {"volunteer", "other", "west"}),
    ],
)
def test_release_agreements_are_listed_to_those_who_may_see_them(persona, sees, world, personas):
    expected = {world["agreements"][n].pk for n in sees}
    assert ids(who(world, personas, persona), "release-agreements") == expected


def test_a_headteacher_sees_only_their_own_schools_agreements(world, headteacher):
    client = api_for(headteacher)
    own = world["agreements"]["volunteer"]
    assert client.get(f"/api/v1/release-agreements/{own.pk}/").status_code == 200
    for other in ("other", "west"):
        pk = world["agreements"][other].pk
        assert client.get(f"/api/v1/release-agreements/{pk}/").status_code == 404


def test_a_release_agreement_carries_its_terms_and_decision(world, manager):
    volunteer = world["volunteer"]
    agreement = ReleaseAgreementFactory.create(
        volunteer=volunteer, paused=True, reason="Inspection week", resume_on=date(2026, 12, 1)
    )
    row = api_for(manager).get(f"/api/v1/release-agreements/{agreement.pk}/").json()
    assert row == {
        "id": agreement.pk,
        "volunteer": {"id": volunteer.pk, "full_name": volunteer.full_name},
        "school": {"urn": volunteer.setting.urn, "name": volunteer.setting.name},
        "weekday": 1,
        "start_on": "2026-11-02",
        "weeks": 12,
        "first_day": "2026-11-03",
        "last_day": "2027-01-19",
        "status": "paused",
        "reason": "Inspection week",
        "resume_on": "2026-12-01",
        "decided_at": "2026-11-23T10:00:00Z",
    }


def test_release_agreements_filter_by_status(world, manager):
    response = api_for(manager).get("/api/v1/release-agreements/?status=requested")
    assert [r["id"] for r in response.json()["results"]] == [world["agreements"]["other"].pk]


# assignments/ -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("volunteer", {"open"}),
        ("other_volunteer", {"other"}),
        ("west_volunteer", {"west"}),
        ("headteacher", set()),
        ("editor", set()),
        ("officer_north", {"open", "closed", "other"}),
        ("officer_west", {"west"}),
        ("manager", {"open", "closed", "other", "west"}),
    ],
)
def test_assignments_are_listed_to_those_who_may_see_them(persona, sees, world, personas):
    expected = {world["assignments"][n].pk for n in sees}
    assert ids(who(world, personas, persona), "assignments") == expected


def test_a_volunteer_loses_sight_of_an_assignment_when_it_closes(world):
    client = api_for(world["volunteer"])
    assignment = world["assignments"]["open"]
    assert client.get(f"/api/v1/assignments/{assignment.pk}/").status_code == 200
    Assignment.objects.filter(pk=assignment.pk).update(closed_at=timezone.now())
    assert client.get(f"/api/v1/assignments/{assignment.pk}/").status_code == 404


def test_an_assignment_carries_its_review_volunteer_and_checklist(world, officer_north):
    assignment = world["assignments"]["closed"]
    row = api_for(officer_north).get(f"/api/v1/assignments/{assignment.pk}/").json()
    assert row == {
        "id": assignment.pk,
        "review": assignment.review_id,
        "plan_ref": assignment.review.plan.plan_ref,
        "volunteer": {"id": world["volunteer"].pk, "full_name": world["volunteer"].full_name},
        "release_day": "2026-11-17",
        "assigned_at": "2026-11-23T10:00:00Z",
        "closed_at": "2026-11-23T10:00:00Z",
        "closed_reason": "completed",
        "checklist": world["checklists"]["closed"].pk,
        "checklist_status": "submitted",
    }
    other = api_for(officer_north).get(f"/api/v1/assignments/{world['assignments']['other'].pk}/")
    assert other.json()["checklist"] is None


def test_assignments_filter_by_open_and_volunteer(world, manager):
    client = api_for(manager)
    closed = client.get("/api/v1/assignments/?open=false").json()["results"]
    assert [r["id"] for r in closed] == [world["assignments"]["closed"].pk]
    theirs = client.get(f"/api/v1/assignments/?volunteer={world['west_volunteer'].pk}")
    assert [r["id"] for r in theirs.json()["results"]] == [world["assignments"]["west"].pk]


# qa/ ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("volunteer", {"open"}),
        ("other_volunteer", set()),
        ("west_volunteer", {"west"}),
        ("headteacher", set()),
        ("editor", set()),
        ("officer_north", {"open", "closed"}),
        ("officer_west", {"west"}),
        ("manager", {"open", "closed", "west"}),
    ],
)
def test_checklists_are_listed_to_those_who_may_see_them(persona, sees, world, personas):
    expected = {world["checklists"][n].pk for n in sees}
    assert ids(who(world, personas, persona), "qa") == expected


@pytest.mark.parametrize("persona", ["officer_west", "headteacher", "other_volunteer", "editor"])
def test_a_checklist_one_may_not_see_is_not_found(persona, world, personas):
    pk = world["checklists"]["open"].pk
    response = api_for(who(world, personas, persona)).get(f"/api/v1/qa/{pk}/")
    assert response.status_code == 404


def test_a_submitted_checklist_carries_its_findings_and_section_grades(world, officer_north):
    checklist = world["checklists"]["open"]
    row = api_for(officer_north).get(f"/api/v1/qa/{checklist.pk}/").json()
    assert row == {
        "id": checklist.pk,
        "review": checklist.review_id,
        "plan_ref": checklist.review.plan.plan_ref,
        "volunteer": {"id": world["volunteer"].pk, "full_name": world["volunteer"].full_name},
        "template_name": "API test checklist",
        "template_version": 3,
        "status": "submitted",
        "recommendation": "amend",
        "amend_sections": ["B"],
        "score": "50.00",
        "grade": "requires_improvement",
        # AR: (1 x met + 3 x not met) / 4 = 25%; B: (met + partly met) / 2 = 75%.
        "sections": [
            {"code": "AR", "score": "25.00", "grade": "inadequate"},
            {"code": "B", "score": "75.00", "grade": "good"},
        ],
        "submitted_at": "2026-11-23T10:00:00Z",
    }


def test_a_draft_has_no_grade_or_recommendation_yet_and_says_null(world, manager):
    row = api_for(manager).get(f"/api/v1/qa/{world['checklists']['west'].pk}/").json()
    assert row["status"] == "draft"
    assert row["sections"] == []
    assert row["grade"] is None
    assert row["recommendation"] is None
    schema = api_for(manager).get("/api/schema/?format=json").json()
    checklist = schema["components"]["schemas"]["Checklist"]["properties"]
    assert checklist["grade"].get("nullable") is True
    assert checklist["recommendation"].get("nullable") is True


@pytest.mark.parametrize("query", ["volunteer=1.5", "review=1e60", "volunteer=abc"])
def test_assignments_filter_by_whole_numbers_and_say_so_when_given_another(world, manager, query):
    response = api_for(manager).get(f"/api/v1/assignments/?{query}")
    assert response.status_code == 400
    assert response.json() == {query.split("=")[0]: ["Enter a whole number."]}
    schema = api_for(manager).get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/assignments/"]["get"]["parameters"]
    volunteer = next(p for p in parameters if p["name"] == "volunteer")
    assert volunteer["schema"]["type"] == "integer"


def test_the_checklist_list_costs_the_same_queries_whatever_its_length(
    world, manager, template, north
):
    client = api_for(manager)
    client.get("/api/v1/qa/")  # the session's first request costs more
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/qa/")
    for _ in range(4):
        checklist_for(assign(world["volunteer"], north, closed=True), template, [Response.MET] * 4)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/qa/")
    assert response.json()["count"] == 7
    assert len(many) == len(few)


# Personal data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["volunteer", "headteacher"])
@pytest.mark.parametrize("resource", ["volunteers", "release-agreements", "assignments", "qa"])
def test_no_childs_details_reach_a_volunteer_or_headteacher(resource, persona, world, personas):
    response = api_for(who(world, personas, persona)).get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    body = response.content.decode()
    for detail in CHILD_DETAILS:
        assert detail not in body


def test_a_volunteer_does_see_the_plan_reference_of_their_assignment(world):
    body = api_for(world["volunteer"]).get("/api/v1/assignments/").content.decode()
    assert world["assignments"]["open"].review.plan.plan_ref in body


def test_the_schema_describes_the_programme_resources(manager):
    paths = api_for(manager).get("/api/schema/?format=json").json()["paths"]
    for resource in ("volunteers", "release-agreements", "assignments", "qa"):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
