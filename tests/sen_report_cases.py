"""Schools' SEN information reports for the SEN report tests: every item, a good check as
the page posts it, a report on a school, and six schools in North and West (a fixture,
which the modules that use it import as `fixture_schools`)."""

import pytest
from django.utils import timezone

from accounts.models import User
from localoffer.models import SenInformationReport, SenReportItem
from organisation.models import AreaTeam, Setting
from tests import factories

ALL_ITEMS = list(SenReportItem.values)
GOOD_POST = {
    "url": "https://www.oakfield.kent.sch.uk/send",
    "items_met": ["kinds_of_sen", "local_offer", "complaints"],
}


def _report(setting: Setting, *, url: str = "", items: list[str] | None = None, by=None):
    return SenInformationReport.objects.create(
        setting=setting,
        url=url,
        items_met=items or [],
        assessed_by=by,
        assessed_at=timezone.now(),
    )


@pytest.fixture(name="schools")
def fixture_schools(north: AreaTeam, west: AreaTeam, volunteer: User) -> dict[str, Setting]:
    """The volunteer's school (not assessed) and five more in North and West."""
    make = factories.SettingFactory.create
    assert volunteer.setting is not None
    found = {
        "own": volunteer.setting,
        "silent": make(name="Silent Primary", area=west),
        "partial": make(name="Partial Primary", area=north),
        "no_address": make(name="No Address Academy", area=west),
        "complete": make(name="Complete Academy", area=north),
        "complete_west": make(name="Complete West School", area=west),
    }
    _report(found["partial"], url="https://partial.example.org/", items=ALL_ITEMS[:3])
    _report(found["no_address"], items=ALL_ITEMS)
    _report(found["complete"], url="https://complete.example.org/", items=ALL_ITEMS, by=volunteer)
    _report(found["complete_west"], url="https://west.example.org/", items=ALL_ITEMS)
    return found
