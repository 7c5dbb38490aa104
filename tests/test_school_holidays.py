"""The programme manager's school holidays: added and removed in the browser, each an event,
and release days in them are not worked."""

from datetime import date

import pytest

from audit.models import Event
from tests.conftest import client_for
from volunteers.models import SchoolHoliday

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

CHRISTMAS = {
    "name": "Christmas holiday",
    "start_on_0": "21",
    "start_on_1": "12",
    "start_on_2": "2026",
    "end_on_0": "1",
    "end_on_1": "1",
    "end_on_2": "2027",
}


def test_a_manager_adds_a_school_holiday_with_an_event(manager):
    response = client_for(manager).post("/programme/holidays/", CHRISTMAS, follow=True)

    holiday = SchoolHoliday.objects.get()
    assert (holiday.start_on, holiday.end_on) == (date(2026, 12, 21), date(2027, 1, 1))
    assert Event.objects.filter(action="school_holiday.added", actor=manager).count() == 1
    page = response.content.decode()
    assert "Christmas holiday added: no reviews are planned from 21 December 2026" in page
    assert "Monday 21 December 2026" in page


def test_a_holiday_ending_before_it_starts_is_refused_with_the_error_summary(manager):
    response = client_for(manager).post("/programme/holidays/", {**CHRISTMAS, "end_on_2": "2025"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The last day must be the same as or after the first day" in page
    assert not SchoolHoliday.objects.exists()


def test_a_manager_removes_a_school_holiday_with_an_event(manager):
    holiday = SchoolHoliday.objects.create(
        name="Closure", start_on=date(2026, 12, 1), end_on=date(2026, 12, 1)
    )

    response = client_for(manager).post(f"/programme/holidays/{holiday.pk}/remove/")

    assert response.status_code == 302
    assert not SchoolHoliday.objects.exists()
    assert Event.objects.filter(action="school_holiday.removed", actor=manager).count() == 1


@pytest.mark.parametrize("persona", ["officer_north", "volunteer", "headteacher", "editor"])
def test_only_a_manager_may_change_school_holidays(persona, personas):
    client = client_for(personas[persona])

    assert client.get("/programme/holidays/").status_code == 403
    assert client.post("/programme/holidays/", CHRISTMAS).status_code == 403
    assert not SchoolHoliday.objects.exists()


def test_the_programme_page_links_the_manager_to_the_school_holidays(manager):
    page = client_for(manager).get("/programme/").content.decode()

    assert 'href="/programme/holidays/"' in page
