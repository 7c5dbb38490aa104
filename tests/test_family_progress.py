"""A family member follows their child's review in plain English: each step with its date,
done or due, what happens next and who to ask; only for plans they follow, and every read is
an event."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from audit.models import Event
from casework.models import CeaseReason, Plan, PlanStatus
from contributions.family_models import FamilyMember, FamilyRelationship
from reviews.models import Decision, Review, ReviewStatus
from tests.conftest import client_for
from tests.factories import (
    CaseOfficerFactory,
    ChildFactory,
    FamilyMemberFactory,
    FamilyUserFactory,
    PlanFactory,
    ReviewFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 23)


@pytest.fixture
def officer(north) -> User:
    return CaseOfficerFactory.create(
        full_name="Jo O'Neill", email="jo.oneill@example.org", phone="01622 000 111", areas=[north]
    )


@pytest.fixture
def plan(north, officer) -> Plan:
    return PlanFactory.create(
        area=north,
        case_officer=officer,
        child=ChildFactory.create(forename="Amira", surname="Khan"),
    )


@pytest.fixture
def place(plan, parent) -> FamilyMember:
    return FamilyMemberFactory.create(plan=plan, user=parent)


def progress(user: User, plan: Plan) -> str:
    response = client_for(user).get(f"/family/plans/{plan.pk}/")
    assert response.status_code == 200
    return response.content.decode()


STAGES = [
    pytest.param(
        {"due_on": date(2027, 1, 20), "meeting_planned_on": date(2027, 1, 18)},
        [
            "The meeting is planned for 18 January 2027.",
            "The meeting must be held by 20 January 2027.",
            "Next is the review meeting.",
        ],
        id="meeting to come",
    ),
    pytest.param(
        {"held": True, "due_on": date(2026, 11, 30), "meeting_on": date(2026, 11, 20)},
        [
            "The meeting was held on 20 November 2026.",
            "The report of the meeting is due by 4 December 2026.",
            "We must tell you our decision by 18 December 2026.",
        ],
        id="meeting held, report awaited",
    ),
    pytest.param(
        {"held": True, "due_on": date(2026, 10, 1)},
        ["We should have told you our decision by 29 October 2026. We are sorry it is late."],
        id="decision late",
    ),
    pytest.param(
        {"decided": True, "due_on": date(2026, 10, 1), "decision_notified_on": date(2026, 10, 22)},
        [
            "We told you our decision on 22 October 2026. We will keep the plan as it is.",
            "We are keeping the plan as it is, so there are no changes.",
            "This review is finished. The next review meeting must be held by 30 September 2027.",
        ],
        id="decided to keep the plan",
    ),
    pytest.param(
        {
            "amended": True,
            "due_on": date(2026, 10, 1),
            "decision_notified_on": date(2026, 11, 16),
            "amendment_notice_on": date(2026, 11, 16),
        },
        [
            "We told you our decision on 16 November 2026. We want to make changes to the plan.",
            "We sent you the changes we want to make on 16 November 2026.",
            "Tell us what you think of the changes by 30 November 2026.",
            "We must send you the final plan by 24 December 2026.",
        ],
        id="changes proposed",
    ),
    pytest.param(
        {
            "final_plan": True,
            "due_on": date(2026, 10, 1),
            "decision_notified_on": date(2026, 10, 22),
            "final_plan_issued_on": date(2026, 11, 16),
        },
        ["We sent you the final plan on 16 November 2026.", "This review is finished."],
        id="final plan sent",
    ),
]


@pytest.mark.parametrize(("fields", "expected"), STAGES)
def test_each_stage_of_a_review_is_told_in_plain_words(plan, place, parent, fields, expected):
    ReviewFactory.create(plan=plan, recomputed=True, **fields)
    page = progress(parent, plan)
    for words in expected:
        assert escape(words) in page
    for internal in ("decision_notified", "meeting_held", "Overdue", "priority", "2026-", "2027-"):
        assert internal not in page


def test_the_steps_come_in_the_laws_order_with_done_and_late_marked(plan, place, parent):
    ReviewFactory.create(plan=plan, held=True, due_on=date(2026, 10, 1), recomputed=True)
    page = progress(parent, plan)
    names = ["Review meeting", "Report of the meeting", "Our decision", "Changes to the plan"]
    positions = [page.index(name) for name in [*names, "Final plan"]]
    assert positions == sorted(positions)
    assert "govuk-tag--red" in page  # the late report and decision


def test_the_page_names_the_case_officer_and_how_to_reach_them(plan, place, parent):
    ReviewFactory.create(plan=plan, recomputed=True)
    page = progress(parent, plan)
    assert escape("Your case officer is Jo O'Neill.") in page
    assert "mailto:jo.oneill@example.org" in page
    assert "01622 000 111" in page


def test_a_plan_without_an_officer_gives_the_councils_sen_team(plan, place, parent, settings):
    settings.COUNCIL_NAME, settings.COUNCIL_EMAIL = "Kent County Council", "sen@example.org"
    Plan.objects.filter(pk=plan.pk).update(case_officer=None)
    ReviewFactory.create(plan=plan, recomputed=True)
    page = progress(parent, plan)
    assert "Contact The SEN team at Kent County Council." in page
    assert "mailto:sen@example.org" in page


def test_earlier_reviews_are_told_briefly(plan, place, parent):
    ReviewFactory.create(
        plan=plan, concluded=True, due_on=date(2025, 10, 1), decision_notified_on=date(2025, 10, 20)
    )
    ReviewFactory.create(
        plan=plan, is_first_review=False, due_on=date(2026, 9, 30), recomputed=True
    )
    page = progress(parent, plan)
    assert "Earlier reviews" in page
    assert "The meeting was held on 1 October 2025." in page
    assert "The meeting should have been held by 30 September 2026." in page


def test_reading_the_progress_page_is_an_event(plan, place, parent):
    ReviewFactory.create(plan=plan, recomputed=True)
    progress(parent, plan)
    event = Event.objects.get(action="plan.viewed", actor=parent)
    assert event.target_id == str(plan.pk)
    assert event.details == {"page": "family progress"}


def test_the_home_page_links_each_plan_and_says_what_happens_next(plan, place, parent):
    ReviewFactory.create(plan=plan, held=True, due_on=date(2026, 11, 30), recomputed=True)
    page = client_for(parent).get("/family/").content.decode()
    assert f'href="/family/plans/{plan.pk}/"' in page
    assert "We must tell you our decision by 28 December 2026." in page


def test_another_childs_plan_is_not_found(plan, place, parent, north):
    other = PlanFactory.create(area=north)
    ReviewFactory.create(plan=other, recomputed=True)
    FamilyMemberFactory.create(plan=other)  # someone else's child
    for path in (f"/family/plans/{other.pk}/", f"/family/plans/{other.pk}/letters/"):
        assert client_for(parent).get(path).status_code == 404
    assert not Event.objects.filter(actor=parent, action="plan.viewed").exists()


def test_a_removed_family_member_no_longer_finds_the_plan(plan, place, parent):
    ReviewFactory.create(plan=plan, recomputed=True)
    FamilyMember.objects.filter(pk=place.pk).update(removed_at=timezone.now())
    assert client_for(parent).get(f"/family/plans/{plan.pk}/").status_code == 404
    assert client_for(parent).get(f"/family/plans/{plan.pk}/letters/").status_code == 404


def test_a_ceased_plan_shows_only_its_letters(plan, place, parent):
    ReviewFactory.create(
        plan=plan, concluded=True, decision=Decision.CEASE, due_on=date(2026, 9, 1)
    )
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.CEASED,
        ceased_on=TODAY - timedelta(days=10),
        cease_reason=CeaseReason.OTHER,
    )
    assert client_for(parent).get(f"/family/plans/{plan.pk}/").status_code == 404
    letters = client_for(parent).get(f"/family/plans/{plan.pk}/letters/")
    assert letters.status_code == 200
    assert "This plan has ended." in letters.content.decode()
    home = client_for(parent).get("/family/").content.decode()
    assert f'href="/family/plans/{plan.pk}/letters/"' in home


def test_the_young_person_sees_who_else_follows_the_plan_and_a_parent_does_not(plan, place, parent):
    ReviewFactory.create(plan=plan, recomputed=True)
    young = FamilyMemberFactory.create(
        plan=plan,
        user=FamilyUserFactory.create(full_name="Amira Khan"),
        relationship=FamilyRelationship.YOUNG_PERSON,
    )
    page = progress(young.user, plan)
    assert "Who else can see your plan" in page
    assert f"{parent.full_name} (parent)" in escape(page) or escape(parent.full_name) in page
    assert "Who else can see your plan" not in progress(parent, plan)


def test_the_progress_pages_queries_do_not_grow_with_the_number_of_reviews(plan, place, parent):
    ReviewFactory.create(
        plan=plan, concluded=True, due_on=date(2024, 10, 1), decision_notified_on=date(2024, 10, 9)
    )
    ReviewFactory.create(
        plan=plan, is_first_review=False, due_on=date(2026, 9, 30), recomputed=True
    )
    client = client_for(parent)
    client.get(f"/family/plans/{plan.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/family/plans/{plan.pk}/")
    for year in (2021, 2022, 2023):
        ReviewFactory.create(
            plan=plan,
            concluded=True,
            due_on=date(year, 10, 1),
            decision_notified_on=date(year, 10, 9),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/family/plans/{plan.pk}/").content.decode()
    assert "1 October 2021" in page
    assert len(many.captured_queries) == len(few.captured_queries)
    assert Review.objects.filter(plan=plan, status=ReviewStatus.CONCLUDED).count() == 4


def test_the_family_pages_speak_to_the_family_not_to_staff(plan, place, parent, settings):
    settings.COUNCIL_EMAIL = "sen@example.org"
    ReviewFactory.create(plan=plan, recomputed=True)
    page = progress(parent, plan)
    assert escape("Your child's EHC plan") in page
    assert 'href="mailto:sen@example.org">Tell us what would make it better' in page
    for staff_words in ("Tell your service manager", "API documentation", "special category"):
        assert staff_words not in page


def test_the_views_link_shows_only_while_a_review_is_under_way(parent, plan, place):
    review = ReviewFactory.create(plan=plan, due_on=date(2027, 1, 20))
    assert f"/family/plans/{plan.pk}/views/" in progress(parent, plan)
    Review.objects.filter(pk=review.pk).update(status=ReviewStatus.CONCLUDED)
    page = progress(parent, plan)
    assert f"/family/plans/{plan.pk}/views/" not in page
    assert f"/family/plans/{plan.pk}/questions/" in page
