"""The Open Referral UK feed's paging envelope: pages of a chosen size, pages past the end, the
default page size, and a 400 naming the paging parameter it cannot read.
"""

import pytest

from tests import factories
from tests import openreferral_schemas as schemas
from tests.openreferral_cases import get, names, url

pytestmark = pytest.mark.django_db

# --- The paging envelope ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "size", "first_page", "last_page"),
    [(1, 3, True, False), (2, 3, False, False), (3, 1, False, True)],
)
def test_it_pages_seven_services_three_at_a_time(page, size, first_page, last_page):
    for n in range(7):
        factories.ServiceFactory.create(name=f"Service {n}")
    body = get(url("services"), page=page, per_page=3).json()
    assert {key: value for key, value in body.items() if key != "contents"} == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": page,
        "size": size,
        "first_page": first_page,
        "last_page": last_page,
        "empty": False,
    }
    assert names(body) == [f"Service {n}" for n in range(7)][(page - 1) * 3 : page * 3]


def test_it_answers_a_page_past_the_end_with_an_empty_page_that_still_gives_the_totals():
    factories.ServiceFactory.create_batch(2)
    body = get(url("services"), page=4, per_page=2).json()
    assert body == {
        "total_items": 2,
        "total_pages": 1,
        "page_number": 4,
        "size": 0,
        "first_page": False,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_it_answers_a_page_far_past_the_end_without_failing():
    factories.ServiceFactory.create()
    body = get(url("services"), page=10**30, per_page=500).json()
    assert body["contents"] == []
    assert body["total_items"] == 1


def test_it_answers_with_an_empty_first_page_when_nothing_matches():
    body = get(url("services")).json()
    assert schemas.errors_in(body, schemas.page_of(schemas.SERVICE_SUMMARY)) == []
    assert (body["total_items"], body["total_pages"], body["size"]) == (0, 0, 0)
    assert body["first_page"]
    assert body["last_page"]
    assert body["empty"]


def test_it_gives_fifty_to_a_page_unless_asked_for_another_number():
    factories.ServiceFactory.create_batch(51)
    assert get(url("services")).json()["size"] == 50
    assert get(url("services"), per_page=51).json()["size"] == 51


@pytest.mark.parametrize(
    "name", ["services", "taxonomies", "taxonomy-terms", "service-at-locations"]
)
@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("page", "0"),
        ("page", "-1"),
        ("page", "two"),
        ("page", "1.5"),
        ("per_page", "0"),
        ("per_page", "501"),
        ("per_page", "ten"),
    ],
)
def test_it_refuses_pages_it_cannot_read_with_a_400_naming_the_parameter(name, parameter, value):
    response = get(url(name), **{parameter: value})
    assert response.status_code == 400
    body = response.json()
    assert schemas.errors_in(body, schemas.BAD_PARAMETER) == []
    assert body["parameter"] == parameter
    assert body["detail"].startswith(f"{parameter} must be a whole number, 1 or more")
