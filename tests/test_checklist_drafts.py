"""Saving a volunteer's QA checklist as a draft (DESIGN section 5): blank answers, the resume point,
answers and recommendations that save nothing, and how autosaves are logged."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import Event
from qa import services
from qa.models import Answer, Recommendation, Response
from qa.services import AnswerInput
from tests.checklist_cases import (
    answer_section,
    fixture_assignment,  # noqa: F401  (a fixture)
    fixture_checklist,  # noqa: F401  (a fixture)
    fixture_review,  # noqa: F401  (a fixture)
    fixture_small_template,  # noqa: F401  (a fixture)
    items_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# --- Saving drafts ---------------------------------------------------------------------------


def test_a_draft_section_may_leave_answers_blank_and_remembers_where_to_resume(checklist):
    checklist = answer_section(checklist, 1, Response.MET, continue_to_next=False)
    assert checklist.current_position == 1
    responses = dict(
        Answer.objects.filter(checklist=checklist).values_list("item__prompt", "response")
    )
    assert responses["AR question 1?"] == Response.MET
    assert responses["AR question 2?"] == ""


def test_save_and_continue_moves_the_resume_point_on_and_past_the_last_section(checklist):
    checklist = answer_section(checklist, 1, Response.MET)
    assert checklist.current_position == 2
    checklist = answer_section(checklist, 2, Response.MET)
    assert checklist.current_position == 3  # the recommendation


def test_an_answer_to_another_sections_question_saves_nothing(checklist):
    other = items_of(checklist, "B")[0]
    mine = items_of(checklist, "AR")[0]
    with pytest.raises(ValidationError):
        services.checklist_save_section(
            actor=checklist.volunteer,
            checklist=checklist,
            position=1,
            answers={mine.pk: AnswerInput(Response.MET), other.pk: AnswerInput(Response.MET)},
        )
    assert not Answer.objects.exclude(response="").exists()


def test_a_response_that_is_not_on_the_scale_saves_nothing(checklist):
    item = items_of(checklist, "AR")[0]
    with pytest.raises(ValidationError, match="not one of the responses"):
        services.checklist_save_section(
            actor=checklist.volunteer,
            checklist=checklist,
            position=1,
            answers={item.pk: AnswerInput("brilliant")},
        )
    assert not Answer.objects.exclude(response="").exists()


def test_autosaves_are_logged_once_a_sitting_and_saves_asked_for_every_time(checklist):
    item = items_of(checklist, "AR")[0]

    def autosave(response: str) -> None:
        services.checklist_save_section(
            actor=checklist.volunteer,
            checklist=checklist,
            position=1,
            answers={item.pk: AnswerInput(response)},
            autosave=True,
        )

    autosave(Response.MET)
    autosave(Response.NOT_MET)
    assert Event.objects.filter(action="checklist.saved").count() == 1
    with time_machine.travel(timedelta(minutes=31)):
        autosave(Response.MET)
    assert Event.objects.filter(action="checklist.saved").count() == 2
    answer_section(checklist, 1, Response.MET)
    saved = Event.objects.get(action="checklist.saved", details__autosave=False)
    assert saved.details == {"section": "AR", "answered": 1, "questions": 2, "autosave": False}


def test_a_no_amendment_recommendation_keeps_no_sections_or_reasons(checklist):
    checklist = services.checklist_save_recommendation(
        actor=checklist.volunteer,
        checklist=checklist,
        recommendation=Recommendation.NO_AMENDMENT,
        amend_sections=["B"],
        amend_reasons="Typed before changing my mind",
    )
    assert (checklist.amend_sections, checklist.amend_reasons) == ([], "")


def test_a_recommendation_naming_a_section_the_checklist_lacks_saves_nothing(checklist):
    with pytest.raises(ValidationError, match="no section Z"):
        services.checklist_save_recommendation(
            actor=checklist.volunteer,
            checklist=checklist,
            recommendation=Recommendation.AMEND,
            amend_sections=["B", "Z"],
            amend_reasons="Reasons",
        )
    checklist.refresh_from_db()
    assert checklist.recommendation == ""
