"""The queue names each child, and its school filter takes a school's name."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from organisation.selectors import setting_names_in_areas
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(north, west):
    oak = SettingFactory.create(name="Oak Hill Primary School", area=north)
    elm = SettingFactory.create(name="Elm Tree Academy", area=north)
    far = SettingFactory.create(name="Far Away School", area=west)
    for ref, school, forename in [("N-OAK", oak, "Ava"), ("N-ELM", elm, "Noah")]:
        child = ChildFactory.create(forename=forename, surname="O'Neill")
        ReviewFactory.create(
            plan=PlanFactory.create(area=north, plan_ref=ref, child=child, setting=school)
        )
    ReviewFactory.create(plan=PlanFactory.create(area=west, plan_ref="W-FAR", setting=far))
    recompute_reviews(today=date(2026, 11, 23))


def refs(response):
    return sorted(r.plan.plan_ref for r in response.context["page"].object_list)


def test_the_queue_shows_each_childs_name_linking_to_the_case(officer_north, queue):
    page = client_for(officer_north).get("/casework/").content.decode()
    assert escape("Ava O'Neill") in page
    assert 'href="/casework/plans/N-OAK/"' in page


def test_the_school_filter_takes_a_schools_name_in_any_case(officer_north, queue):
    response = client_for(officer_north).get("/casework/", {"school": "oak hill primary school"})
    assert refs(response) == ["N-OAK"]


def test_the_school_filter_offers_the_areas_schools_only(officer_north, queue):
    page = client_for(officer_north).get("/casework/").content.decode()
    assert 'list="queue-schools"' in page
    assert '<option value="Oak Hill Primary School">' in page
    assert "Far Away School" not in page


def test_an_unknown_school_is_an_error_on_the_filter_not_a_crash(officer_north, queue):
    response = client_for(officer_north).get("/casework/", {"school": "Nowhere School"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "No school is called Nowhere School" in page


def test_another_areas_school_shows_none_of_its_reviews(officer_north, queue):
    response = client_for(officer_north).get("/casework/", {"school": "Far Away School"})
    assert refs(response) == []


def test_the_school_list_is_read_once_for_a_set_of_areas_and_kept_a_while(north, west):
    SettingFactory.create(area=north, name="Oak Hill Primary School")
    SettingFactory.create(area=west, name="Far Away School")
    with CaptureQueriesContext(connection) as first:
        assert setting_names_in_areas([north]) == ["Oak Hill Primary School"]
    SettingFactory.create(area=north, name="Ash Tree School")
    with CaptureQueriesContext(connection) as again:
        assert setting_names_in_areas([north]) == ["Oak Hill Primary School"]
    assert (len(first), len(again)) == (1, 0)
    assert setting_names_in_areas([west, north]) == [
        "Ash Tree School",
        "Far Away School",
        "Oak Hill Primary School",
    ]
