"""The SEN2-aligned export's page: the default census day and its collection year, the link to
the file, the census day and area fields' messages, the same query count for 5 plans as for 50,
and who may use it. The census day in these tests is 15 January 2026 unless said otherwise, so
the collection year is 1 January 2025 to 31 December 2025.
"""

from datetime import date
from html import escape

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from audit.models import Event
from organisation.models import AreaTeam
from reviews.models import Review
from tests.conftest import client_for
from tests.factories import ChildFactory, ReviewFactory
from tests.sen2_cases import CENSUS, CSV_URL, PAGE_URL, _plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# --- The page and the file --------------------------------------------------------------------


def test_the_page_names_the_default_census_day_and_its_collection_year(
    manager: User, north: AreaTeam
):
    _plan("N-1", north)
    page = client_for(manager).get(PAGE_URL).content.decode()
    assert "18 January 2026" in page
    assert "1 January 2025 to 31 December 2025" in page
    assert 'name="census_day_0" value="18"' in page
    assert escape("?census_day_0=18&census_day_1=1&census_day_2=2026") in page


def test_the_page_links_to_the_file_for_the_day_and_area_chosen(
    manager: User, north: AreaTeam, west: AreaTeam
):
    _plan("W-1", west)
    page = client_for(manager).get(PAGE_URL, {**CENSUS, "area": "West"}).content.decode()
    assert "15 January 2026" in page
    assert escape(f"{CSV_URL}?census_day_0=15&census_day_1=1&census_day_2=2026&area=West") in page


def test_the_manager_s_home_links_to_the_page(manager: User):
    page = client_for(manager).get("/manager/").content.decode()
    assert f'href="{PAGE_URL}"' in page


@pytest.mark.parametrize("url", [PAGE_URL, CSV_URL])
def test_the_census_day_field_rejects_31_02_2026_with_a_message(manager: User, url: str):
    response = client_for(manager).get(
        url, {"census_day_0": "31", "census_day_1": "2", "census_day_2": "2026"}
    )
    assert response.status_code == 400
    assert not isinstance(response, StreamingHttpResponse)
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter the census day as a real date, for example 15 1 2026" in page
    assert not Event.objects.filter(action="export.sen2").exists()


def test_a_census_day_without_its_year_is_refused_with_a_message(manager: User):
    response = client_for(manager).get(CSV_URL, {"census_day_0": "15", "census_day_1": "1"})
    assert response.status_code == 400
    assert "Enter the year" in response.content.decode()
    assert not Event.objects.filter(action="export.sen2").exists()


def test_an_unknown_area_is_refused_with_a_reason(manager: User):
    response = client_for(manager).get(CSV_URL, {**CENSUS, "area": "Atlantis"})
    assert response.status_code == 400
    assert "Select an area team from the list" in response.content.decode()
    assert not Event.objects.filter(action="export.sen2").exists()


def _queries(client: Client, url: str, query: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
        assert response.status_code == 200
        if isinstance(response, StreamingHttpResponse):
            b"".join(response.streaming_content)
    return len(captured)


def _reviewed_plans(area: AreaTeam, first: int, last: int) -> None:
    for n in range(first, last):
        plan = _plan(f"N-{n:03d}", area, child=ChildFactory.create(uln=f"{n:010d}"))
        ReviewFactory.create(
            plan=plan,
            final_plan=True,
            concluded=True,
            meeting_on=date(2025, 10, 6),
            decision_notified_on=date(2025, 10, 27),
            final_plan_issued_on=date(2025, 12, 15),
            phase_transfer_due_on=date(2026, 2, 14),
            phase_transfer_met_on=date(2025, 12, 15),
        )
        ReviewFactory.create(plan=plan, is_first_review=False, due_on=date(2026, 10, 5))


@pytest.mark.parametrize("url", [PAGE_URL, CSV_URL])
def test_5_and_50_plans_take_the_same_number_of_queries(manager: User, north: AreaTeam, url):
    client = client_for(manager)
    _reviewed_plans(north, 0, 5)
    _queries(client, url, CENSUS)  # the session's first request renews it; measure the next
    five = _queries(client, url, CENSUS)
    _reviewed_plans(north, 5, 50)
    assert _queries(client, url, CENSUS) == five
    assert Review.objects.count() == 100


@pytest.mark.parametrize("url", [PAGE_URL, CSV_URL])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 200),
        ("officer_north", 403),
        ("volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
    ],
)
def test_only_managers_may_use_the_sen2_export(
    personas: dict[str, User], persona: str, status: int, url: str
):
    assert client_for(personas[persona]).get(url).status_code == status


@pytest.mark.parametrize("url", [PAGE_URL, CSV_URL])
def test_it_sends_anonymous_visitors_to_sign_in(url: str):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
