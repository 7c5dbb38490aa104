"""Bulk actions on the backlog queue: assign to a volunteer, move to another case officer."""

import pytest
from django.test import Client

from audit.models import Event
from casework.models import Plan
from reviews.models import Review
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import (
    CaseOfficerFactory,
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
)
from volunteers.models import Assignment
from workbench.bulk import plans_move_to_officer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def north_reviews(north, officer_north) -> list[Review]:
    reviews = [
        ReviewFactory.create(
            plan=PlanFactory.create(area=north, plan_ref=f"N-{n}", case_officer=officer_north)
        )
        for n in range(3)
    ]
    recompute_reviews()
    return reviews


def test_moving_reviews_makes_the_colleague_their_case_officer_with_an_event(
    officer_north, north, north_reviews
):
    colleague = CaseOfficerFactory.create(areas=[north])

    outcomes = plans_move_to_officer(actor=officer_north, reviews=north_reviews, officer=colleague)

    assert [o.refusal for o in outcomes] == [None, None, None]
    assert set(Plan.objects.values_list("case_officer", flat=True)) == {colleague.pk}
    assert Event.objects.filter(action="plan.officer_changed").count() == 3


def test_a_review_is_not_moved_to_an_officer_of_another_area(
    officer_north, officer_west, north_reviews
):
    outcomes = plans_move_to_officer(
        actor=officer_north, reviews=north_reviews[:1], officer=officer_west
    )

    assert outcomes[0].refusal == f"N-0: {officer_west} does not work in North."
    assert Plan.objects.get(plan_ref="N-0").case_officer == officer_north
    assert not Event.objects.filter(action="plan.officer_changed").exists()


def test_the_move_page_reports_each_row_and_moves_only_what_it_may(
    officer_north, north, north_reviews
):
    colleague = CaseOfficerFactory.create(areas=[north], full_name="Sam Colleague")
    response = client_for(officer_north).post(
        "/casework/bulk/",
        {
            "reviews": [r.pk for r in north_reviews],
            "action": "move",
            "officer": colleague.pk,
            "next": "sort=due_on",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "3 reviews moved" in page
    assert "/casework/?sort=due_on" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"action": "move"}, "Select at least one review in the queue"),
        ({"reviews": ["1"]}, "Choose what to do with the selected reviews"),
        ({"reviews": ["1"], "action": "assign"}, "Choose the volunteer"),
        ({"reviews": ["1"], "action": "move", "officer": "999999"}, "Choose the case officer"),
    ],
)
def test_an_incomplete_bulk_action_changes_nothing_and_says_what_is_missing(
    officer_north, north_reviews, form, message
):
    response = client_for(officer_north).post("/casework/bulk/", form)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Event.objects.filter(action__in=["plan.officer_changed", "assignment.created"])


def test_reviews_of_another_area_cannot_be_moved_through_the_page(
    officer_west, west, north_reviews
):
    colleague = CaseOfficerFactory.create(areas=[west])
    response = client_for(officer_west).post(
        "/casework/bulk/",
        {"reviews": [r.pk for r in north_reviews], "action": "move", "officer": colleague.pk},
    )

    assert "Not found among the reviews you may change" in response.content.decode()
    assert not Plan.objects.filter(case_officer=colleague).exists()


def test_the_assign_page_assigns_what_it_may_and_gives_the_reason_for_each_refusal(
    officer_north, north_reviews, volunteer
):
    ReleaseAgreementFactory.create(volunteer=volunteer)
    Plan.objects.filter(plan_ref="N-1").update(setting=volunteer.setting)

    response = client_for(officer_north).post(
        "/casework/bulk/",
        {"reviews": [r.pk for r in north_reviews], "action": "assign", "volunteer": volunteer.pk},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 reviews assigned" in page
    assert "1 review could not be assigned" in page
    assert "conflict of interest: the child attends" in page
    assert sorted(Assignment.objects.values_list("review__plan__plan_ref", flat=True)) == [
        "N-0",
        "N-2",
    ]


def test_the_queue_offers_only_volunteers_and_officers_of_the_officers_areas(
    officer_north, officer_west, north, volunteer
):
    colleague = CaseOfficerFactory.create(areas=[north], full_name="Sam Colleague")

    page = client_for(officer_north).get("/casework/")

    assert list(page.context["volunteers"]) == [volunteer]
    assert list(page.context["officers"]) == [colleague]


# persona: status of a bulk move of north's reviews, and whether they moved
BULK_MATRIX = {
    "officer_north": (200, True),
    "officer_west": (400, False),  # neither the reviews nor the colleague are theirs to choose
    "manager": (200, True),  # a manager works any area's reviews (decision 0015)
    "volunteer": (403, False),
    "headteacher": (403, False),
    "editor": (403, False),
    "anonymous": (302, False),
}


@pytest.mark.parametrize("persona", BULK_MATRIX)
def test_only_an_officer_of_the_area_moves_its_reviews_in_bulk(
    persona, personas, north, north_reviews
):
    colleague = CaseOfficerFactory.create(areas=[north])
    client = Client() if persona == "anonymous" else client_for(personas[persona])

    response = client.post(
        "/casework/bulk/",
        {"reviews": [r.pk for r in north_reviews], "action": "move", "officer": colleague.pk},
    )

    status, moved = BULK_MATRIX[persona]
    assert response.status_code == status
    assert Plan.objects.filter(case_officer=colleague).exists() is moved
