"""The forecast page reads its aggregates from the worker's cache, as the dashboard does: it
says how old they are, a refresh brings new reviews in, a default capacity a manager saves
counts at once, and the cached figures are the ones worked out live."""

import pytest
import time_machine

from accounts.models import User
from organisation.models import AreaTeam
from reporting.current import current_figures_refresh, current_forecast
from reporting.forecast_inputs import forecast_inputs, forecast_inputs_from
from tests.conftest import client_for
from tests.forecast_cases import MONDAY, _backlog, _default, _page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_forecast_says_how_old_its_figures_are(manager: User, north: AreaTeam):
    _backlog(north, 10)
    _page(manager)
    with time_machine.travel("2026-11-23 10:12:00+00:00", tick=False):
        status, page = _page(manager)
    assert status == 200
    assert "Worked out 12 minutes ago, at 10:00." in page
    assert "worked out again every 10 minutes" in page


def test_new_overdue_reviews_show_once_the_worker_has_refreshed(manager: User, north: AreaTeam):
    _backlog(north, 10)
    assert "10 reviews are overdue now." in _page(manager)[1]
    _backlog(north, 5)
    assert "10 reviews are overdue now." in _page(manager)[1]  # as the worker last saw it
    current_figures_refresh(today=MONDAY)
    assert "15 reviews are overdue now." in _page(manager)[1]


def test_a_default_capacity_saved_counts_at_once(manager: User, north: AreaTeam):
    _backlog(north, 10, default=None)
    assert "cannot be forecast until a manager sets a default capacity" in _page(manager)[1]
    _default(north, "4")
    page = _page(manager)[1]
    assert 'id="forecast-cannot"' not in page
    assert "10 reviews are overdue now." in page


def test_the_worker_keeps_the_forecast_of_every_area_and_of_all_of_them(
    manager: User, north: AreaTeam, west: AreaTeam, django_assert_max_num_queries
):
    _backlog(north, 6)
    _backlog(west, 3)
    current_figures_refresh(today=MONDAY)
    for area in (None, north, west):
        with django_assert_max_num_queries(0):
            cached = current_forecast(area, today=MONDAY)
        assert forecast_inputs_from(cached.measures) == forecast_inputs(today=MONDAY, area=area)


def test_the_cached_page_makes_few_queries(
    manager: User, north: AreaTeam, django_assert_max_num_queries
):
    _backlog(north, 30)
    client = client_for(manager)
    client.get("/manager/forecast/")
    with django_assert_max_num_queries(12):
        assert client.get("/manager/forecast/").status_code == 200
