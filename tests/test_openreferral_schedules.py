"""The Open Referral UK feed's filters by when services run: `day`, `start_time` (opens then
or later) and `end_time` (closes then or earlier), all met by one of a service's schedules,
on /services and /service_at_locations, and a 400 naming a value it cannot read.
"""

from datetime import time

import pytest

from localoffer.models import Schedule, ServiceAtLocation
from tests.openreferral_cases import get, names, place_names, service_at, url

pytestmark = pytest.mark.django_db


def runs(name: str, *schedules: tuple[str, time | None, time | None]) -> ServiceAtLocation:
    place = service_at(name)
    for byday, opens, closes in schedules:
        Schedule.objects.create(
            service=place.service,
            freq="MONTHLY" if any(c.isdigit() for c in byday) else "WEEKLY",
            byday=byday,
            opens_at=opens,
            closes_at=closes,
        )
    return place


@pytest.fixture
def week() -> None:
    runs("Monday mornings", ("MO", time(9), time(12)))
    runs("Weekday afternoons", ("MO,TU,WE,TH,FR", time(13), time(17)))
    runs("Saturday club", ("SA", time(10), time(15, 30)))
    runs("Last Friday of the month", ("-1FR", time(18), time(20)))
    runs("Split week", ("TU", time(8), time(10)), ("TH", time(16), time(19)))
    runs("Whenever you call")  # no schedule at all


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("MO", ["Monday mornings", "Weekday afternoons"]),
        ("mo", ["Monday mornings", "Weekday afternoons"]),
        ("Monday", ["Monday mornings", "Weekday afternoons"]),
        ("FR", ["Last Friday of the month", "Weekday afternoons"]),
        ("SA", ["Saturday club"]),
        ("saturday", ["Saturday club"]),
        ("SU", []),
    ],
)
def test_it_filters_services_by_a_day_they_run_on(week, day, expected):
    assert names(get(url("services"), day=day).json()) == expected
    places = get(url("service-at-locations"), day=day).json()
    assert place_names(places) == [f"{name} centre" for name in expected]


def test_it_filters_by_the_time_services_open_at_or_after(week):
    assert names(get(url("services"), start_time="13:00").json()) == [
        "Last Friday of the month",
        "Split week",
        "Weekday afternoons",
    ]


def test_it_filters_by_the_time_services_close_at_or_before(week):
    assert names(get(url("services"), end_time="12:00").json()) == [
        "Monday mornings",
        "Split week",
    ]
    assert names(get(url("services"), end_time="15:30:00").json()) == [
        "Monday mornings",
        "Saturday club",
        "Split week",
    ]


def test_it_finds_services_that_run_within_hours_on_a_day_in_one_schedule(week):
    within = get(url("services"), day="TU", start_time="08:00", end_time="18:00").json()
    assert names(within) == ["Split week", "Weekday afternoons"]
    # Split week opens at 16:00 on Thursdays, and on Tuesdays closes at 10:00, not later.
    late = get(url("services"), day="TU", start_time="12:00").json()
    assert names(late) == ["Weekday afternoons"]
    places = get(url("service-at-locations"), day="TH", start_time="16:00", end_time="19:00")
    assert place_names(places.json()) == ["Split week centre"]


def test_it_lists_each_service_once_however_many_schedules_match(week):
    body = get(url("services"), start_time="08:00").json()
    assert names(body).count("Split week") == 1
    assert body["total_items"] == len(names(body)) == 5


def test_it_ignores_day_and_times_left_empty(week):
    assert get(url("services"), day="", start_time="", end_time="").json()["total_items"] == 6


@pytest.mark.parametrize("name", ["services", "service-at-locations"])
@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("day", "MONDAYS", "must be a day of the week"),
        ("day", "1MO", "must be a day of the week"),
        ("day", "MO,TU", "must be a day of the week"),
        ("day", "<b>MO</b>", "must be a day of the week"),
        ("start_time", "9am", "must be a time of day, HH:MM or HH:MM:SS"),
        ("start_time", "25:00", "must be a time of day, HH:MM or HH:MM:SS"),
        ("start_time", "9:00", "must be a time of day, HH:MM or HH:MM:SS"),
        ("end_time", "17:60", "must be a time of day, HH:MM or HH:MM:SS"),
        ("end_time", "17:00:00:00", "must be a time of day, HH:MM or HH:MM:SS"),
        ("end_time", "17:00\x00", "must be a time of day, HH:MM or HH:MM:SS"),
    ],
)
def test_it_refuses_a_day_or_time_it_cannot_read_with_a_400_naming_the_parameter(
    week, name, parameter, value, expected
):
    response = get(url(name), **{parameter: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["parameter"] == parameter
    assert response.json()["detail"].startswith(f"{parameter} {expected}")
    assert "<b>" not in response.json()["detail"]
