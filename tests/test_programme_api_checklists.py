"""The volunteer programme API's QA checklists resource (DESIGN section 7): listed to those who
may see them and not found by others, a submitted checklist's findings and section grades, a
draft's nulls, and the same queries whatever the list's length.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qa.models import Response
from tests.programme_api_cases import api_for, assign, checklist_for, ids, template, who, world

# fixtures from tests/programme_api_cases.py, found by pytest among this module's names
__all__ = ["template", "world"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

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
