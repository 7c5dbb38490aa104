"""Finding a case from the header: by name (forgiving spelling), plan reference or UPN, only
among the cases the person may see."""

import pytest
from django.db import connection
from django.utils.html import escape

from audit.models import Event
from casework import search
from casework.search import plan_search_for_user, trigrams_available
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory

pytestmark = pytest.mark.django_db


def _skip_without_trigrams() -> None:
    if not trigrams_available():
        pytest.skip(
            "This PostgreSQL has no pg_trgm (the embedded pgserver of `make run`): "
            "spelling tolerance needs it; CI's PostgreSQL has it."
        )


@pytest.fixture
def john_smith(north):
    child = ChildFactory.create(forename="John", surname="Smith", upn="A123456789012")
    plan = PlanFactory.create(
        child=child,
        area=north,
        plan_ref="EHCP-N-0001",
        setting=SettingFactory.create(area=north, name="Oak Hill Primary School"),
    )
    ReviewFactory.create(plan=plan)
    return plan


@pytest.fixture
def jane_smith_west(west):
    child = ChildFactory.create(forename="Jane", surname="Smith")
    return PlanFactory.create(child=child, area=west, plan_ref="EHCP-W-0002")


@pytest.fixture
def others(north):
    for forename, surname in [("Amir", "Khan"), ("Olivia", "Brown"), ("Jack", "Jones")]:
        PlanFactory.create(
            child=ChildFactory.create(forename=forename, surname=surname), area=north
        )


def refs(user, query):
    return [p.plan_ref for p in plan_search_for_user(user, query).plans]


def test_a_misspelt_name_finds_the_child(officer_north, john_smith, others):
    _skip_without_trigrams()
    assert refs(officer_north, "Jonh Smiht") == ["EHCP-N-0001"]


def test_a_misspelt_surname_alone_finds_the_child(officer_north, john_smith, others):
    _skip_without_trigrams()
    assert refs(officer_north, "smiht") == ["EHCP-N-0001"]


def test_the_closest_name_comes_first(manager, john_smith, jane_smith_west):
    _skip_without_trigrams()
    assert refs(manager, "John Smith") == ["EHCP-N-0001", "EHCP-W-0002"]


def test_a_plan_reference_is_found_whatever_its_case_and_spaces(officer_north, john_smith):
    assert refs(officer_north, " ehcp-n- 0001 ") == ["EHCP-N-0001"]


def test_a_upn_is_found_whatever_its_case(officer_north, john_smith):
    assert refs(officer_north, "a123456789012") == ["EHCP-N-0001"]


def test_a_part_of_a_reference_finds_nothing_by_reference(officer_north, john_smith):
    assert plan_search_for_user(officer_north, "EHCP-N").matched_reference is False


def test_an_officer_finds_only_their_areas_cases(officer_north, john_smith, jane_smith_west):
    assert refs(officer_north, "Smith") == ["EHCP-N-0001"]
    assert refs(officer_north, "EHCP-W-0002") == []


def test_a_manager_finds_cases_in_every_area(manager, john_smith, jane_smith_west):
    assert sorted(refs(manager, "Smith")) == ["EHCP-N-0001", "EHCP-W-0002"]


def test_without_pg_trgm_names_are_found_by_their_beginnings(
    officer_north, john_smith, others, monkeypatch
):
    monkeypatch.setattr(search, "trigrams_available", lambda: False)
    assert refs(officer_north, "jo smi") == ["EHCP-N-0001"]
    assert refs(officer_north, "Jonh Smiht") == []


def test_without_pg_trgm_the_page_says_so_when_nothing_is_found(
    officer_north, john_smith, monkeypatch
):
    monkeypatch.setattr(search, "trigrams_available", lambda: False)
    page = client_for(officer_north).get("/casework/search/", {"q": "Jonh Smiht"})
    assert "can only find names by how they begin" in page.content.decode()
    found = client_for(officer_north).get("/casework/search/", {"q": "Smith"})
    assert "can only find names by how they begin" not in found.content.decode()


def test_the_results_link_to_the_case_and_show_its_school_area_and_next_step(
    officer_north, john_smith
):
    page = client_for(officer_north).get("/casework/search/", {"q": "Smith"}).content.decode()
    assert 'href="/casework/plans/EHCP-N-0001/"' in page
    assert "John Smith" in page
    assert "Oak Hill Primary School" in page
    assert "North" in page
    assert "Meeting due by" in page


def test_each_search_is_on_record_with_what_it_listed(officer_north, john_smith):
    client_for(officer_north).get("/casework/search/", {"q": "Smith"})
    event = Event.objects.get(action="plan.searched")
    assert event.actor == officer_north
    assert event.details == {"query": "Smith", "plan_refs": ["EHCP-N-0001"]}


def test_an_empty_search_shows_the_form_and_records_nothing(officer_north):
    page = client_for(officer_north).get("/casework/search/")
    assert page.status_code == 200
    assert not Event.objects.filter(action="plan.searched").exists()


def test_a_name_with_an_apostrophe_is_shown_escaped(officer_north, north):
    child = ChildFactory.create(forename="Siobhán", surname="O'Neill")
    PlanFactory.create(child=child, area=north)
    page = client_for(officer_north).get("/casework/search/", {"q": "O'Neill"}).content.decode()
    assert escape("Siobhán O'Neill") in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer_north", 200),
        ("officer_west", 200),
        ("manager", 200),
        ("volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
    ],
)
def test_who_may_search(personas, persona, status):
    response = client_for(personas[persona]).get("/casework/search/", {"q": "Smith"})
    assert response.status_code == status


def test_the_header_has_the_search_for_officers_and_managers_only(personas):
    for name in ("officer_north", "manager"):
        page = client_for(personas[name]).get("/account/").content.decode()
        assert 'action="/casework/search/"' in page, name
    for name in ("volunteer", "headteacher", "editor"):
        page = client_for(personas[name]).get("/account/").content.decode()
        assert 'action="/casework/search/"' not in page, name


def test_a_name_search_uses_the_trigram_index(officer_north, john_smith):
    _skip_without_trigrams()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM casework_child WHERE lower(forename || ' ' || surname) %% %s",
            ["jonh smiht"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "child_name_trgm" in plan
