"""The volunteer programme API's release agreements resource (DESIGN section 7): listed to those
who may see them, a headteacher's own school's only, with their terms and decision, filtered by
status.
"""

from datetime import date

import pytest

from tests.factories import ReleaseAgreementFactory
from tests.programme_api_cases import api_for, ids, template, who, world

# fixtures from tests/programme_api_cases.py, found by pytest among this module's names
__all__ = ["template", "world"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# release-agreements/ ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("volunteer", {"volunteer"}),
        ("other_volunteer", {"other"}),
        ("headteacher", {"volunteer"}),
        ("editor", set()),
        ("officer_north", {"volunteer", "other", "west"}),
        ("officer_west", {"volunteer", "other", "west"}),
        ("manager", {"volunteer", "other", "west"}),
    ],
)
def test_release_agreements_are_listed_to_those_who_may_see_them(persona, sees, world, personas):
    expected = {world["agreements"][n].pk for n in sees}
    assert ids(who(world, personas, persona), "release-agreements") == expected


def test_a_headteacher_sees_only_their_own_schools_agreements(world, headteacher):
    client = api_for(headteacher)
    own = world["agreements"]["volunteer"]
    assert client.get(f"/api/v1/release-agreements/{own.pk}/").status_code == 200
    for other in ("other", "west"):
        pk = world["agreements"][other].pk
        assert client.get(f"/api/v1/release-agreements/{pk}/").status_code == 404


def test_a_release_agreement_carries_its_terms_and_decision(world, manager):
    volunteer = world["volunteer"]
    agreement = ReleaseAgreementFactory.create(
        volunteer=volunteer, paused=True, reason="Inspection week", resume_on=date(2026, 12, 1)
    )
    row = api_for(manager).get(f"/api/v1/release-agreements/{agreement.pk}/").json()
    assert row == {
        "id": agreement.pk,
        "volunteer": {"id": volunteer.pk, "full_name": volunteer.full_name},
        "school": {"urn": volunteer.setting.urn, "name": volunteer.setting.name},
        "weekday": 1,
        "start_on": "2026-11-02",
        "weeks": 12,
        "first_day": "2026-11-03",
        "last_day": "2027-01-19",
        "status": "paused",
        "reason": "Inspection week",
        "resume_on": "2026-12-01",
        "decided_at": "2026-11-23T10:00:00Z",
    }


def test_release_agreements_filter_by_status(world, manager):
    response = api_for(manager).get("/api/v1/release-agreements/?status=requested")
    assert [r["id"] for r in response.json()["results"]] == [world["agreements"]["other"].pk]
