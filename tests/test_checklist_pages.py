"""The pages of a volunteer's QA checklist (DESIGN section 5): the start page, section pages,
autosave, the recommendation, submitting, the task list, and the case page's checklist."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from qa import services
from qa.models import Answer, Checklist, ChecklistItem, ChecklistTemplate, Recommendation, Response
from tests.checklist_cases import (
    answer_section,
    complete,
    fixture_assignment,  # noqa: F401  (a fixture)
    fixture_checklist,  # noqa: F401  (a fixture)
    fixture_default_template,  # noqa: F401  (a fixture)
    fixture_review,  # noqa: F401  (a fixture)
    fixture_small_template,  # noqa: F401  (a fixture)
    items_of,
    url,
)
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# --- Pages -----------------------------------------------------------------------------------


def test_the_start_page_offers_to_start_and_starting_opens_the_first_section(
    small_template, assignment, volunteer, review
):
    client = client_for(volunteer)
    page = client.get(url("checklist-start", review.pk))
    assert page.status_code == 200
    assert "Start the checklist" in page.content.decode()
    response = client.post(url("checklist-start", review.pk))
    checklist = Checklist.objects.get()
    assert response["Location"] == url("checklist-section", checklist.pk, 1)
    assert client.get(url("checklist-start", review.pk))["Location"] == url(
        "checklist", checklist.pk
    )


def test_the_start_page_says_so_when_there_is_no_checklist_to_use(assignment, volunteer, review):
    ChecklistTemplate.objects.update(is_active=False)
    client = client_for(volunteer)
    assert (
        "There is no QA checklist to use yet"
        in client.get(url("checklist-start", review.pk)).content.decode()
    )
    response = client.post(url("checklist-start", review.pk))
    assert response.status_code == 409
    assert not Checklist.objects.exists()


def test_a_section_page_shows_its_questions_with_guidance_and_the_saved_answers(
    default_template, assignment, volunteer
):
    checklist = services.checklist_start_for_assignment(actor=volunteer, assignment=assignment)
    f_position = checklist.template.sections.get(code="F").position
    first = checklist.template.sections.get(code="F").items.get(position=1)
    answer_section(checklist, f_position, Response.PARTLY_MET, continue_to_next=False)
    html = client_for(volunteer).get(url("checklist-section", checklist.pk, f_position))
    text = html.content.decode()
    assert "Section F: Special educational provision" in text
    assert "What good looks like:" in text
    assert f'id="item-{first.pk}"' in text
    assert re.search(rf'<input[^>]*id="id_item_{first.pk}_2"[^>]*checked', text)
    assert "data-autosave-url" in text


def test_save_and_continue_goes_to_the_next_section_and_save_as_draft_to_the_task_list(
    checklist, volunteer
):
    client = client_for(volunteer)
    first, _ = items_of(checklist, "AR")
    data = {f"item_{first.pk}": Response.MET, f"comment_{first.pk}": "Dated 3 March"}
    response = client.post(url("checklist-section", checklist.pk, 1), {**data, "continue": ""})
    assert response["Location"] == url("checklist-section", checklist.pk, 2)
    answer = Answer.objects.get(checklist=checklist, item=first)
    assert (answer.response, answer.comment) == (Response.MET, "Dated 3 March")
    response = client.post(url("checklist-section", checklist.pk, 2), {"draft": ""})
    assert response["Location"] == url("checklist", checklist.pk)
    checklist.refresh_from_db()
    assert checklist.current_position == 2


def test_a_comment_that_is_too_long_is_an_error_and_saves_nothing(checklist, volunteer):
    first, _ = items_of(checklist, "AR")
    response = client_for(volunteer).post(
        url("checklist-section", checklist.pk, 1),
        {f"item_{first.pk}": Response.MET, f"comment_{first.pk}": "x" * 2001, "continue": ""},
    )
    assert response.status_code == 400
    assert "The comment on question 1 must be 2000 characters or fewer" in response.content.decode()
    assert not Answer.objects.exclude(response="").exists()


def test_autosave_saves_the_section_and_says_when(checklist, volunteer):
    first, _ = items_of(checklist, "AR")
    response = client_for(volunteer).post(
        url("checklist-autosave", checklist.pk, 1), {f"item_{first.pk}": Response.NOT_MET}
    )
    assert response.status_code == 200
    assert json.loads(response.content)["message"] == "Draft saved at 10:00"
    assert Answer.objects.get(checklist=checklist, item=first).response == Response.NOT_MET


def test_autosave_refuses_a_bad_answer_in_json(checklist, volunteer):
    first, _ = items_of(checklist, "AR")
    response = client_for(volunteer).post(
        url("checklist-autosave", checklist.pk, 1), {f"item_{first.pk}": "maybe"}
    )
    assert response.status_code == 400
    assert json.loads(response.content)["message"].startswith("Not saved: Question 1")


def test_autosave_of_a_submitted_checklist_is_a_conflict(checklist, volunteer):
    services.checklist_submit(actor=volunteer, checklist=complete(checklist))
    response = client_for(volunteer).post(url("checklist-autosave", checklist.pk, 1), {})
    assert response.status_code == 403  # the access rule: may see, may not change


def test_recommending_amend_without_sections_or_reasons_shows_both_errors(checklist, volunteer):
    response = client_for(volunteer).post(
        url("checklist-recommendation", checklist.pk),
        {"recommendation": Recommendation.AMEND, "continue": ""},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Select the sections that need amending" in text
    assert "Enter your reasons for amending the plan" in text


def test_a_draft_recommendation_may_be_unfinished(checklist, volunteer):
    response = client_for(volunteer).post(
        url("checklist-recommendation", checklist.pk),
        {"recommendation": Recommendation.AMEND, "amend_sections": ["B"], "draft": ""},
    )
    assert response["Location"] == url("checklist", checklist.pk)
    checklist.refresh_from_db()
    assert (checklist.recommendation, checklist.amend_sections) == ("amend", ["B"])


def test_submitting_an_incomplete_checklist_links_to_each_missing_answer(checklist, volunteer):
    answer_section(checklist, 1, Response.MET, Response.MET)
    response = client_for(volunteer).post(url("checklist-check", checklist.pk))
    assert response.status_code == 400
    text = response.content.decode()
    b1, b2 = items_of(checklist, "B")
    for item in (b1, b2):
        assert f'href="{url("checklist-section", checklist.pk, 2)}#item-{item.pk}"' in text
    assert "Section B: Part B, question 2: select an answer to" in text
    assert f'href="{url("checklist-recommendation", checklist.pk)}"' in text
    assert "<title>Error: " in text


def test_submitting_shows_the_grade_per_section_and_overall(checklist, volunteer):
    complete(checklist)
    client = client_for(volunteer)
    response = client.post(url("checklist-check", checklist.pk))
    assert response["Location"] == url("checklist", checklist.pk)
    text = client.get(response["Location"]).content.decode()
    assert "Your checklist has been submitted." in text
    assert "Overall grade" in text
    assert "Outstanding" in text
    assert "Grade by section" in text


def test_the_task_list_continues_where_the_volunteer_stopped(checklist, volunteer):
    answer_section(checklist, 1, Response.MET, Response.MET)
    page = client_for(volunteer).get(url("checklist", checklist.pk))
    text = page.content.decode()
    assert "You have completed 1 of 2 sections." in text
    assert f'href="{url("checklist-section", checklist.pk, 2)}" role="button"' in text


def test_the_task_list_sends_a_volunteer_past_the_sections_to_the_recommendation(
    checklist, volunteer
):
    answer_section(checklist, 1, Response.MET, Response.MET)
    answer_section(checklist, 2, Response.MET, Response.MET)
    text = client_for(volunteer).get(url("checklist", checklist.pk)).content.decode()
    assert f'href="{url("checklist-recommendation", checklist.pk)}" role="button"' in text


def test_an_officer_reads_the_answers_without_change_links(checklist, officer_north):
    answer_section(checklist, 1, Response.PARTLY_MET, Response.MET)
    page = client_for(officer_north).get(url("checklist", checklist.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Partly met" in text
    assert "Change" not in text
    assert reverse("workbench:case", args=["EHCP-QA"]) in text


def test_the_task_list_does_not_query_more_for_a_longer_checklist(
    default_template, small_template, assignment, volunteer
):
    small = services.checklist_start_for_assignment(actor=volunteer, assignment=assignment)
    client = client_for(volunteer)
    client.get(url("checklist", small.pk))  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as short:
        assert client.get(url("checklist", small.pk)).status_code == 200
    Checklist.objects.filter(pk=small.pk).update(template=default_template)
    Answer.objects.filter(checklist=small).delete()
    Answer.objects.bulk_create(
        Answer(checklist=small, item=item)
        for item in ChecklistItem.objects.filter(section__template=default_template)
    )
    with CaptureQueriesContext(connection) as long:
        assert client.get(url("checklist", small.pk)).status_code == 200
    assert len(long) == len(short)


def test_the_case_page_shows_the_latest_submitted_checklist(checklist, officer_north, volunteer):
    case_url = reverse("workbench:case", args=["EHCP-QA"])
    client = client_for(officer_north)
    assert "No checklist submitted yet." in client.get(case_url).content.decode()
    complete(checklist)
    services.checklist_save_recommendation(
        actor=volunteer,
        checklist=checklist,
        recommendation=Recommendation.AMEND,
        amend_sections=["B"],
        amend_reasons="Provision in F is not quantified.",
    )
    services.checklist_submit(actor=volunteer, checklist=checklist)
    text = client.get(case_url).content.decode()
    assert "Quality assurance" in text
    assert "Amend the plan" in text
    assert "Section B: Part B" in text
    assert "Provision in F is not quantified." in text
    assert escape(str(volunteer)) in text
    assert "23 November 2026" in text
    assert "Outstanding" in text
    assert url("checklist", checklist.pk) in text
