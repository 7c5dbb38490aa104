"""The SEN2-aligned export's census day and collection year, and which plans are in the return.
The census day in these tests is 15 January 2026 unless said otherwise, so the collection year
is 1 January 2025 to 31 December 2025.
"""

from datetime import date

import pytest

from accounts.models import User
from organisation.models import AreaTeam
from reporting.sen2 import Sen2Period, sen2_census_day_default
from tests.sen2_cases import _ceased, _plan, _rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# --- The census day and the collection year ---------------------------------------------------


@pytest.mark.parametrize(
    ("today", "census_day"),
    [
        (date(2026, 11, 23), date(2026, 1, 18)),
        (date(2026, 1, 18), date(2026, 1, 18)),
        (date(2026, 1, 17), date(2025, 1, 18)),
    ],
)
def test_the_census_day_defaults_to_the_most_recent_18_january(today, census_day):
    assert sen2_census_day_default(today=today) == census_day


def test_the_collection_year_is_the_calendar_year_before_the_census_day():
    period = Sen2Period(date(2026, 1, 15))
    assert (period.collection_year, period.starts_on, period.ends_on) == (
        2025,
        date(2025, 1, 1),
        date(2025, 12, 31),
    )


# --- Which plans ------------------------------------------------------------------------------


def test_a_plan_ceased_in_the_collection_year_is_included(manager: User, north: AreaTeam):
    _ceased("CEASED-JUL-2025", north, on=date(2025, 7, 1))
    _ceased("CEASED-1-JAN-2025", north, on=date(2025, 1, 1))
    _ceased("CEASED-JAN-2026", north, on=date(2026, 1, 10))
    _ceased("CEASED-DEC-2024", north, on=date(2024, 12, 31))
    _plan("ACTIVE", north)
    assert sorted(_rows(manager)) == [
        "ACTIVE",
        "CEASED-1-JAN-2025",
        "CEASED-JAN-2026",
        "CEASED-JUL-2025",
    ]


def test_a_plan_issued_after_the_census_day_is_not(manager: User, north: AreaTeam):
    _plan("ISSUED-ON-CENSUS-DAY", north, issued_on=date(2026, 1, 15))
    _plan("ISSUED-THE-DAY-AFTER", north, issued_on=date(2026, 1, 16))
    # Issued and ceased between the collection year and the census day: never counted.
    _ceased("ISSUED-AND-CEASED-IN-JANUARY", north, on=date(2026, 1, 12), issued_on=date(2026, 1, 5))
    assert sorted(_rows(manager)) == ["ISSUED-ON-CENSUS-DAY"]
