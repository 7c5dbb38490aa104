"""The moderation pages (DESIGN section 5): the queue, a moderation's page, completing it and
returning the checklist on the page, who may open or act on each, and the links to the queue.
"""

from collections.abc import Sequence

import pytest
from django.utils import timezone

from qa.models import (
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistStatus,
    ChecklistTemplate,
    ModerationStatus,
)
from tests.conftest import client_for
from tests.factories import ModerationFactory
from tests.moderation_cases import (
    MET,
    NA,
    PARTLY,
    everyone,
    items_of,
    moderation,
    other_volunteer,
    submitted_checklist,
    template,
)
from volunteers.models import Assignment

# fixtures from tests/moderation_cases.py, found by pytest among this module's names
__all__ = ["everyone", "moderation", "other_volunteer", "template"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

ROLES = ["volunteer", "other_volunteer", "headteacher", "officer_north", "officer_west"]
ROLES += ["manager", "editor"]


@pytest.mark.parametrize(
    ("persona", "status", "sees_it"),
    [
        ("volunteer", 403, False),
        ("other_volunteer", 403, False),
        ("headteacher", 403, False),
        ("editor", 403, False),
        ("officer_north", 200, True),
        ("officer_west", 200, False),
        ("manager", 200, True),
    ],
)
def test_the_queue_shows_waiting_moderations_of_the_officers_areas(
    persona, status, sees_it, everyone, moderation
):
    response = client_for(everyone[persona]).get("/moderation/")
    assert response.status_code == status
    if status == 200:
        plan_ref = moderation.checklist.review.plan.plan_ref
        assert (plan_ref in response.content.decode()) is sees_it


def test_the_queue_is_paginated_and_sorted_on_the_server(template, volunteer, north, manager):
    for _ in range(27):
        ModerationFactory.create(
            checklist=submitted_checklist(template, volunteer, north, [MET] * 4)
        )
    client = client_for(manager)
    first = client.get("/moderation/?sort=plan")
    assert first.context["page"].paginator.count == 27
    assert len(first.context["page"].object_list) == 25
    refs = [m.checklist.review.plan.plan_ref for m in first.context["page"].object_list]
    assert refs == sorted(refs)
    assert len(client.get("/moderation/?sort=plan&page=2").context["page"].object_list) == 2
    assert client.get("/moderation/?sort=nonsense").context["sort"] == "oldest"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 200),
        ("officer_west", 404),
        ("manager", 200),
    ],
)
def test_who_may_open_a_moderation(persona, status, everyone, moderation):
    response = client_for(everyone[persona]).get(f"/moderation/{moderation.pk}/")
    assert response.status_code == status


def test_the_moderation_page_shows_the_volunteers_answers_and_the_officers_form(
    moderation, officer_north
):
    response = client_for(officer_north).get(f"/moderation/{moderation.pk}/")
    page = response.content.decode()
    assert "The volunteer answered <strong>Partly met</strong> and commented: “Because 1”" in page
    assert "Part AR" in page
    assert "Section B: Part B" in page
    assert 'name="complete"' in page
    assert "Return to the volunteer with comments" in page
    assert f'action="/moderation/{moderation.pk}/return/"' in page


def test_a_manager_reads_a_moderation_without_the_forms(moderation, manager):
    page = client_for(manager).get(f"/moderation/{moderation.pk}/").content.decode()
    assert "Because 1" in page
    assert 'name="complete"' not in page
    assert "Return to the volunteer with comments" not in page


def form_data(template: ChecklistTemplate, responses: Sequence[str]) -> dict[str, str]:
    data = {"comment": "Checked against the plan."}
    for item, response in zip(items_of(template), responses, strict=True):
        data[f"item_{item.pk}"] = response
        data[f"item_comment_{item.pk}"] = ""
    return data


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 302),
        ("officer_west", 404),
        ("manager", 403),
    ],
)
def test_who_may_complete_a_moderation(persona, status, everyone, moderation, template):
    response = client_for(everyone[persona]).post(
        f"/moderation/{moderation.pk}/", form_data(template, [MET] * 4)
    )
    assert response.status_code == status
    moderation.refresh_from_db()
    completed = moderation.status == ModerationStatus.COMPLETED
    assert completed is (status == 302)


def test_completing_on_the_page_says_how_far_the_officer_agreed(
    moderation, template, officer_north
):
    client = client_for(officer_north)
    response = client.post(
        f"/moderation/{moderation.pk}/", form_data(template, [MET, PARTLY, MET, NA])
    )
    assert response["Location"] == "/moderation/"
    banner = client.get("/moderation/").content.decode()
    assert "you agreed with the volunteer on 3 of 4 questions" in banner
    page = client.get(f"/moderation/{moderation.pk}/").content.decode()
    assert "3 of 4 questions (75.0%)" in page
    assert "Differs" in page


def test_an_incomplete_moderation_shows_each_missing_question(moderation, template, officer_north):
    data = form_data(template, [MET, "", "", MET])
    response = client_for(officer_north).post(f"/moderation/{moderation.pk}/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Part AR, question 2: choose met, partly met, not met or not applicable" in page
    assert "Section B: Part B, question 1: choose met" in page
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.WAITING


def test_completing_a_completed_moderation_on_the_page_answers_409(
    moderation, template, officer_north
):
    client = client_for(officer_north)
    client.post(f"/moderation/{moderation.pk}/", form_data(template, [MET] * 4))
    response = client.post(f"/moderation/{moderation.pk}/", form_data(template, [NA] * 4))
    assert response.status_code == 409
    assert "cannot be changed" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 302),
        ("officer_west", 404),
        ("manager", 403),
    ],
)
def test_who_may_return_a_checklist(persona, status, everyone, moderation):
    response = client_for(everyone[persona]).post(
        f"/moderation/{moderation.pk}/return/", {"return_comment": "Please look at B again."}
    )
    assert response.status_code == status
    checklist = Checklist.objects.get(pk=moderation.checklist_id)
    assert (checklist.status == ChecklistStatus.RETURNED) is (status == 302)


def test_the_return_action_takes_only_posts(moderation, officer_north):
    assert client_for(officer_north).get(f"/moderation/{moderation.pk}/return/").status_code == 405


def test_returning_without_a_comment_asks_for_one(moderation, officer_north):
    response = client_for(officer_north).post(
        f"/moderation/{moderation.pk}/return/", {"return_comment": " "}
    )
    assert response.status_code == 400
    assert "Enter your comments for the volunteer" in response.content.decode()


def test_returning_after_the_assignment_closed_explains_why_not(moderation, officer_north):
    Assignment.objects.filter(pk=moderation.checklist.assignment_id).update(
        closed_at=timezone.now(), closed_reason="completed"
    )
    response = client_for(officer_north).post(
        f"/moderation/{moderation.pk}/return/", {"return_comment": "Look again."}
    )
    assert response.status_code == 409
    assert "is no longer assigned to" in response.content.decode()


def test_once_the_assignment_has_closed_the_page_offers_no_return(moderation, officer_north):
    Assignment.objects.filter(pk=moderation.checklist.assignment_id).update(
        closed_at=timezone.now(), closed_reason="completed"
    )
    page = client_for(officer_north).get(f"/moderation/{moderation.pk}/").content.decode()
    assert "Return to the volunteer with comments" not in page
    assert "cannot be returned to them" in page


def test_the_volunteer_sees_the_returned_comment_on_their_checklist(
    moderation, officer_north, volunteer
):
    client_for(officer_north).post(
        f"/moderation/{moderation.pk}/return/", {"return_comment": "Section B needs evidence."}
    )
    page = client_for(volunteer).get(f"/checklists/{moderation.checklist_id}/")
    assert page.status_code == 200
    assert "Section B needs evidence." in page.content.decode()


def test_the_officer_and_manager_home_pages_link_to_the_queue(officer_north, manager):
    for user in (officer_north, manager):
        assert 'href="/moderation/"' in client_for(user).get("/", follow=True).content.decode()


def test_text_typed_into_the_checklist_is_shown_as_text_on_the_moderation_page(
    moderation, template, officer_north
):
    ChecklistSection.objects.filter(template=template, code="B").update(
        title="{{ user.email }} <b>bold</b>"
    )
    item = items_of(template)[0]
    ChecklistItem.objects.filter(pk=item.pk).update(guidance="Dates <i>and</i> names")
    page = client_for(officer_north).get(f"/moderation/{moderation.pk}/").content.decode()
    assert "Section B: {{ user.email }} &lt;b&gt;bold&lt;/b&gt;" in page
    assert "What good looks like:</span> Dates &lt;i&gt;and&lt;/i&gt; names" in page
    assert officer_north.email not in page.split("<main")[1]
