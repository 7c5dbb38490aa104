"""How far moderators agree with volunteers (DESIGN section 5): the agreement figures per
question, per volunteer and overall, computed in one query, and the agreement report page with
who may see it.
"""

import pytest

from qa.models import Moderation
from qa.moderation import moderation_list_for_user
from qa.moderation_agreement import (
    Agreement,
    agreement_by_item,
    agreement_by_volunteer,
    agreement_overall,
)
from tests.conftest import client_for
from tests.moderation_cases import agreement_fixture, everyone, items_of, other_volunteer, template

# fixtures from tests/moderation_cases.py, found by pytest among this module's names
__all__ = ["agreement_fixture", "everyone", "other_volunteer", "template"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_overall_agreement_counts_every_item_of_completed_moderations(agreement_fixture, manager):
    overall = agreement_overall(moderation_list_for_user(manager))
    assert overall == Agreement(compared=12, agreed=9)
    assert str(overall.percent) == "75.0"


def test_agreement_per_item_matches_the_hand_count(agreement_fixture, template, manager):
    rows = agreement_by_item(moderation_list_for_user(manager))
    assert [(r.item_id, r.agreed, r.compared) for r in rows] == [
        (item.pk, agreed, 3) for item, agreed in zip(items_of(template), [2, 2, 3, 2], strict=True)
    ]
    assert [(r.section_code, r.item_position) for r in rows] == [
        ("AR", 1),
        ("AR", 2),
        ("B", 1),
        ("B", 2),
    ]
    assert rows[0].template == "Moderation test checklist, version 1"
    assert str(rows[0].percent) == "66.7"
    assert str(rows[2].percent) == "100.0"


def test_agreement_per_volunteer_matches_the_hand_count(agreement_fixture, volunteer, manager):
    rows = agreement_by_volunteer(moderation_list_for_user(manager))
    assert [(r.volunteer_id, r.moderations, r.agreed, r.compared) for r in rows] == [
        (volunteer.pk, 2, 5, 8),
        (agreement_fixture.pk, 1, 4, 4),
    ]
    assert rows[0].volunteer_name == "Ada Senco"
    assert str(rows[0].percent) == "62.5"


def test_an_officer_sees_the_agreement_of_their_own_areas(
    agreement_fixture, officer_north, officer_west
):
    assert agreement_overall(moderation_list_for_user(officer_north)) == Agreement(8, 5)
    assert agreement_overall(moderation_list_for_user(officer_west)) == Agreement(4, 4)


def test_agreement_is_computed_in_one_query_whatever_the_number_of_moderations(
    agreement_fixture, manager, django_assert_num_queries
):
    moderations = Moderation.objects.all()
    with django_assert_num_queries(1):
        agreement_by_item(moderations)
    with django_assert_num_queries(1):
        agreement_by_volunteer(moderations)
    with django_assert_num_queries(1):
        agreement_overall(moderations)


def test_with_nothing_moderated_agreement_has_no_percentage(db):
    assert agreement_overall(Moderation.objects.all()) == Agreement(0, 0)
    assert Agreement(0, 0).percent is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 200),
        ("officer_west", 200),
        ("manager", 200),
    ],
)
def test_who_may_see_the_agreement_report(persona, status, everyone, agreement_fixture):
    assert client_for(everyone[persona]).get("/moderation/agreement/").status_code == status


def test_the_agreement_report_shows_the_figures_per_item_volunteer_and_overall(
    agreement_fixture, manager
):
    response = client_for(manager).get("/moderation/agreement/?sort=lowest")
    page = response.content.decode()
    assert "75.0%" in page
    assert "9 of 12 questions agreed" in page
    assert "Ada Senco" in page
    assert "Beatrice Other" in page
    assert "5 of 8" in page
    assert "62.5%" in page
    assert "AR asks 1?" in page
    assert "2 of 3" in page
    rows = response.context["page"].object_list
    assert [r.volunteer_name for r in rows] == ["Ada Senco", "Beatrice Other"]


def test_the_agreement_report_of_an_officer_covers_their_areas_only(
    agreement_fixture, officer_west
):
    page = client_for(officer_west).get("/moderation/agreement/").content.decode()
    assert "Beatrice Other" in page
    assert "Ada Senco" not in page
    assert "4 of 4 questions agreed" in page
