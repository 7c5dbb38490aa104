"""A manager opens anything: every area's queue and case pages, and works any review
(docs/decisions/0015-managers-work-any-area.md)."""

import pytest

from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews_in_two_areas(north, west):
    return [
        ReviewFactory.create(plan=PlanFactory.create(area=area, plan_ref=ref))
        for area, ref in ((north, "EHCP-N-1"), (west, "EHCP-W-1"))
    ]


def test_a_manager_sees_every_areas_reviews_in_the_queue(manager, reviews_in_two_areas):
    response = client_for(manager).get("/casework/")

    assert response.status_code == 200
    refs = {review.plan.plan_ref for review in response.context["page"].object_list}
    assert refs == {"EHCP-N-1", "EHCP-W-1"}
    assert "Open annual reviews of every area team" in response.content.decode()


def test_the_queues_area_filter_lists_every_area_for_a_manager(manager, reviews_in_two_areas):
    form = client_for(manager).get("/casework/").context["form"]

    assert [label for _, label in form.fields["area"].widget.choices][1:] == ["North", "West"]


def test_a_manager_filters_the_queue_to_one_area(manager, reviews_in_two_areas):
    response = client_for(manager).get("/casework/", {"area": "West"})

    assert [r.plan.plan_ref for r in response.context["page"].object_list] == ["EHCP-W-1"]


def test_an_officers_area_filter_still_lists_only_their_areas(officer_north, west):
    form = client_for(officer_north).get("/casework/").context["form"]

    assert [label for _, label in form.fields["area"].widget.choices][1:] == ["North"]


def test_a_manager_opens_a_case_page_in_any_area(manager, reviews_in_two_areas):
    for review in reviews_in_two_areas:
        response = client_for(manager).get(f"/casework/plans/{review.plan.plan_ref}/")
        assert response.status_code == 200
        assert response.context["may_change"] is True


def test_a_manager_has_the_caseload_in_the_navigation(manager):
    page = client_for(manager).get("/casework/").content.decode()
    assert 'href="/casework/"' in page
