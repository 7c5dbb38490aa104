"""A volunteer's QA checklist: starting, saving drafts, resuming, submitting and who may do
what (DESIGN section 5)."""

import importlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from audit.models import Event
from qa import answers, services
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistStatus,
    ChecklistTemplate,
    Grade,
    Moderation,
    Recommendation,
    Response,
)
from qa.services import AnswerInput
from tests.conftest import client_for
from tests.factories import (
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import Assignment, ProgrammeSettings
from volunteers.services import assignments_close_for_review, assignments_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

MONDAY = date(2026, 11, 23)
SEED = importlib.import_module("qa.migrations.0002_default_template")


@pytest.fixture
def default_template() -> ChecklistTemplate:
    """The template migration 0002 seeds (seeded again here: browser tests flush the data)."""
    SEED.seed(django_apps, None)
    return ChecklistTemplate.objects.get(name=SEED.NAME, version=SEED.VERSION)


@pytest.fixture
def small_template(db) -> ChecklistTemplate:
    """Two sections of two questions, the second question of each weighing 3; active."""
    ChecklistTemplate.objects.update(is_active=False)
    template = ChecklistTemplate.objects.create(name="Small checklist", version=1, is_active=True)
    for position, code in enumerate(["AR", "B"], start=1):
        section = ChecklistSection.objects.create(
            template=template, position=position, code=code, title=f"Part {code}"
        )
        for n, weight in enumerate([1, 3], start=1):
            ChecklistItem.objects.create(
                section=section, position=n, prompt=f"{code} question {n}?", weight=weight
            )
    return template


@pytest.fixture
def review(north, officer_north):
    return ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-QA", case_officer=officer_north)
    )


@pytest.fixture
def assignment(volunteer, officer_north, review) -> Assignment:
    ReleaseAgreementFactory.create(volunteer=volunteer)
    [outcome] = assignments_create(
        actor=officer_north, volunteer=volunteer, reviews=[review], today=MONDAY
    )
    assert outcome.assignment is not None, outcome.refusal
    return outcome.assignment


@pytest.fixture
def checklist(small_template, assignment, volunteer) -> Checklist:
    return services.checklist_start_for_assignment(actor=volunteer, assignment=assignment)


@pytest.fixture
def other_volunteer(north) -> User:
    return VolunteerFactory.create(
        email="other.senco@example.org", setting=SettingFactory.create(area=north)
    )


def items_of(checklist: Checklist, code: str) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(section__template=checklist.template, section__code=code)
    )


def answer_section(
    checklist: Checklist, position: int, *responses: str, continue_to_next: bool = True
) -> Checklist:
    section = checklist.template.sections.get(position=position)
    items = list(section.items.all())
    answers = {item.pk: AnswerInput(r) for item, r in zip(items, responses, strict=False)}
    return services.checklist_save_section(
        actor=checklist.volunteer,
        checklist=checklist,
        position=position,
        answers=answers,
        continue_to_next=continue_to_next,
    )


def complete(checklist: Checklist, response: str = Response.MET) -> Checklist:
    for section in checklist.template.sections.all():
        answer_section(checklist, section.position, *[response] * section.items.count())
    return services.checklist_save_recommendation(
        actor=checklist.volunteer,
        checklist=checklist,
        recommendation=Recommendation.NO_AMENDMENT,
        amend_sections=[],
        amend_reasons="",
    )


# --- The default template ------------------------------------------------------------------


def test_the_default_template_covers_the_paperwork_and_every_section_of_the_plan(
    default_template,
):
    codes = list(default_template.sections.values_list("code", flat=True))
    assert codes == ["AR", "A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]
    assert default_template.is_active
    for section in default_template.sections.all():
        items = list(section.items.all())
        assert 2 <= len(items) <= 5, section.code
        assert all(1 <= i.weight <= 3 and i.prompt and i.guidance for i in items)


def test_the_default_template_asks_whether_provision_says_what_who_and_how_often(
    default_template,
):
    prompts = " ".join(
        ChecklistItem.objects.filter(section__template=default_template).values_list(
            "prompt", flat=True
        )
    )
    assert "what, who, how often" in prompts
    assert "'access to'" in prompts
    assert "SMART" in prompts


# --- Starting --------------------------------------------------------------------------------


def test_starting_makes_a_checklist_on_the_active_template_with_a_blank_answer_per_item(
    checklist, small_template, review
):
    assert checklist.template == small_template
    assert checklist.status == ChecklistStatus.DRAFT
    assert checklist.current_position == 1
    assert list(checklist.answers.values_list("response", flat=True)) == [""] * 4
    event = Event.objects.get(action="checklist.started")
    assert (event.target_id, event.details["checklist"]) == (str(review.pk), checklist.pk)


def test_starting_again_gives_back_the_same_checklist(checklist, assignment, volunteer):
    again = services.checklist_start_for_assignment(actor=volunteer, assignment=assignment)
    assert again == checklist
    assert Event.objects.filter(action="checklist.started").count() == 1


def test_starting_without_an_active_template_is_refused_clearly(assignment, volunteer):
    ChecklistTemplate.objects.update(is_active=False)
    with pytest.raises(services.NoActiveTemplate, match="Ask your SEN service manager"):
        services.checklist_start_for_assignment(actor=volunteer, assignment=assignment)
    assert not Checklist.objects.exists()


def test_a_volunteer_cannot_start_a_checklist_on_someone_elses_assignment(
    small_template, assignment, other_volunteer
):
    with pytest.raises(services.ChecklistError, match="not assigned to you"):
        services.checklist_start_for_assignment(actor=other_volunteer, assignment=assignment)


def test_a_checklist_keeps_its_template_version_when_a_new_one_becomes_active(
    checklist, small_template, manager
):
    newer = services.checklist_template_new_version(actor=manager, template=small_template)
    services.checklist_template_activate(actor=manager, template=newer)
    checklist.refresh_from_db()
    newer.refresh_from_db()
    assert (newer.version, newer.is_active, checklist.template_id) == (2, True, small_template.pk)
    assert ChecklistItem.objects.filter(section__template=newer).count() == 4
    assert ChecklistTemplate.objects.filter(is_active=True).get() == newer


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


# --- Submitting ------------------------------------------------------------------------------


def test_submitting_with_unanswered_items_lists_each_by_section_and_question(checklist):
    answer_section(checklist, 1, Response.MET)
    answer_section(checklist, 2, "", Response.MET)
    with pytest.raises(services.ChecklistIncomplete) as refused:
        services.checklist_submit(actor=checklist.volunteer, checklist=checklist)
    messages = [p.message for p in refused.value.problems]
    assert messages == [
        "Part AR, question 2: select an answer to “AR question 2?”",
        "Section B: Part B, question 1: select an answer to “B question 1?”",
        "Recommendation: choose whether the plan needs amending",
    ]
    assert [p.position for p in refused.value.problems] == [1, 2, None]
    checklist.refresh_from_db()
    assert (checklist.status, checklist.grade) == (ChecklistStatus.DRAFT, "")


def test_an_amend_recommendation_needs_sections_and_reasons_before_submitting(checklist):
    complete(checklist)
    services.checklist_save_recommendation(
        actor=checklist.volunteer,
        checklist=checklist,
        recommendation=Recommendation.AMEND,
        amend_sections=[],
        amend_reasons="",
    )
    with pytest.raises(services.ChecklistIncomplete) as refused:
        services.checklist_submit(actor=checklist.volunteer, checklist=checklist)
    assert [p.message for p in refused.value.problems] == [
        "Recommendation: choose the sections of the plan to amend",
        "Recommendation: give your reasons for amending the plan",
    ]


def test_submitting_grades_from_weights_and_thresholds_and_records_it(checklist, review):
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"moderation_percent": 100})
    # AR: 1 met (weight 1), 3 not met (weight 3); B: both met. 1 + 4 of 8 points = 62.5%.
    answer_section(checklist, 1, Response.MET, Response.NOT_MET)
    answer_section(checklist, 2, Response.MET, Response.MET)
    services.checklist_save_recommendation(
        actor=checklist.volunteer,
        checklist=checklist,
        recommendation=Recommendation.AMEND,
        amend_sections=["AR", "B"],
        amend_reasons="Progress against outcomes is not recorded.",
    )
    submitted = services.checklist_submit(actor=checklist.volunteer, checklist=checklist)
    assert submitted.status == ChecklistStatus.SUBMITTED
    assert (submitted.score, submitted.grade) == (Decimal("62.50"), Grade.REQUIRES_IMPROVEMENT)
    assert submitted.submitted_at == datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert Moderation.objects.filter(checklist=submitted).exists()
    event = Event.objects.get(action="checklist.submitted")
    assert event.target_id == str(review.pk)
    assert event.details["grade"] == "Requires improvement"
    assert event.details["amend_sections"] == "AR, B"
    outcome = answers.checklist_outcome(submitted)
    assert [(s.code, s.score.percent, s.score.label) for s in outcome.sections] == [
        ("AR", Decimal("25.00"), "Inadequate"),
        ("B", Decimal("100.00"), "Outstanding"),
    ]
    assert outcome.amend_headings == ["Part AR", "Section B: Part B"]


def test_a_plan_where_nothing_applies_cannot_be_graded(checklist):
    complete(checklist, Response.NOT_APPLICABLE)
    with pytest.raises(services.ChecklistIncomplete, match="Every question is marked not"):
        services.checklist_submit(actor=checklist.volunteer, checklist=checklist)


def test_a_submitted_checklist_can_no_longer_be_changed(checklist):
    services.checklist_submit(actor=checklist.volunteer, checklist=complete(checklist))
    with pytest.raises(services.ChecklistLocked):
        answer_section(checklist, 1, Response.NOT_MET)
    with pytest.raises(services.ChecklistLocked):
        services.checklist_submit(actor=checklist.volunteer, checklist=checklist)


def test_a_returned_checklist_is_changed_and_resubmitted(checklist):
    services.checklist_submit(actor=checklist.volunteer, checklist=complete(checklist))
    Checklist.objects.filter(pk=checklist.pk).update(
        status=ChecklistStatus.RETURNED, returned_comment="Look again at Section B."
    )
    answer_section(checklist, 2, Response.NOT_MET, Response.NOT_MET)
    again = services.checklist_submit(actor=checklist.volunteer, checklist=checklist)
    assert (again.status, again.score) == (ChecklistStatus.SUBMITTED, Decimal("50.00"))
    resubmitted = Event.objects.filter(action="checklist.submitted", details__resubmitted=True)
    assert resubmitted.count() == 1


def test_after_the_assignment_closes_the_checklist_cannot_be_changed(
    checklist, review, officer_north
):
    assignments_close_for_review(actor=officer_north, review=review, reason="withdrawn")
    with pytest.raises(services.ChecklistLocked):
        answer_section(checklist, 1, Response.MET)


# --- Pages -----------------------------------------------------------------------------------


def url(name: str, *args: object) -> str:
    return reverse(f"qa:{name}", args=args)


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


def test_a_superuser_makes_a_new_version_from_the_admin(small_template, checklist):
    admin = User.objects.create_superuser("admin@example.org", "pw", full_name="Admin")
    client = client_for(admin)
    response = client.post(
        reverse("admin:qa_checklisttemplate_changelist"),
        {"action": "make_new_version", "_selected_action": [small_template.pk]},
    )
    assert response.status_code == 302
    newer = ChecklistTemplate.objects.get(name="Small checklist", version=2)
    assert not newer.is_active
    # The version in use is read-only; the new one can be edited.
    used = client.get(reverse("admin:qa_checklisttemplate_change", args=[small_template.pk]))
    assert 'name="good_from"' not in used.content.decode()
    fresh = client.get(reverse("admin:qa_checklisttemplate_change", args=[newer.pk]))
    assert 'name="good_from"' in fresh.content.decode()


# --- Who may do what -------------------------------------------------------------------------

OWNER, OTHER_VOLUNTEER = "owner", "other_volunteer"
PAGES = ["checklist", "checklist-section", "checklist-recommendation", "checklist-check"]
WRITE_PAGES = PAGES[1:]

# (persona, page, method) -> status; pages that change need write access.
MATRIX = [
    *[(OWNER, page, "get", 200) for page in PAGES],
    (OWNER, "checklist-section", "post", 302),
    (OWNER, "checklist-recommendation", "post", 302),
    (OWNER, "checklist-check", "post", 400),  # incomplete: listed, not submitted
    (OWNER, "checklist-autosave", "post", 200),
    (OWNER, "checklist-start", "get", 302),
    *[(OTHER_VOLUNTEER, page, m, 404) for page in PAGES for m in ("get", "post")],
    (OTHER_VOLUNTEER, "checklist-autosave", "post", 404),
    (OTHER_VOLUNTEER, "checklist-start", "get", 404),
    ("officer_north", "checklist", "get", 200),
    *[("officer_north", page, m, 403) for page in WRITE_PAGES for m in ("get", "post")],
    ("officer_north", "checklist-autosave", "post", 403),
    ("officer_north", "checklist-start", "get", 403),
    ("officer_west", "checklist-start", "get", 403),
    ("manager", "checklist-start", "get", 403),
    *[("officer_west", page, m, 404) for page in PAGES for m in ("get", "post")],
    ("officer_west", "checklist-autosave", "post", 404),
    ("manager", "checklist", "get", 200),
    *[("manager", page, m, 403) for page in WRITE_PAGES for m in ("get", "post")],
    ("manager", "checklist-autosave", "post", 403),
    *[
        ("headteacher", page, m, 403)
        for page in [*PAGES, "checklist-start"]
        for m in ("get", "post")
    ],
    ("headteacher", "checklist-autosave", "post", 403),
    ("editor", "checklist", "get", 403),
]


def page_url(page: str, checklist: Checklist) -> str:
    if page == "checklist-start":
        return url(page, checklist.review_id)
    if page in {"checklist-section", "checklist-autosave"}:
        return url(page, checklist.pk, 1)
    return url(page, checklist.pk)


@pytest.mark.parametrize(
    ("persona", "page", "method", "status"),
    MATRIX,
    ids=[f"{p}-{page}-{m}" for p, page, m, _ in MATRIX],
)
def test_who_may_see_and_change_a_checklist(
    persona, page, method, status, checklist, personas, other_volunteer
):
    user = {**personas, OWNER: personas["volunteer"], OTHER_VOLUNTEER: other_volunteer}[persona]
    client = client_for(user)
    target = page_url(page, checklist)
    response = client.get(target) if method == "get" else client.post(target, {"draft": ""})
    assert response.status_code == status


@pytest.mark.parametrize("page", [*PAGES, "checklist-autosave", "checklist-start"])
def test_after_the_assignment_closes_the_volunteer_gets_404(
    page, checklist, review, officer_north, volunteer
):
    assignments_close_for_review(actor=officer_north, review=review, reason="review concluded")
    client = client_for(volunteer)
    target = page_url(page, checklist)
    if page != "checklist-autosave":
        assert client.get(target).status_code == 404
    assert client.post(target, {"draft": ""}).status_code == 404


def test_officers_still_read_a_checklist_after_the_assignment_closes(
    checklist, review, officer_north
):
    assignments_close_for_review(actor=officer_north, review=review, reason="review concluded")
    assert client_for(officer_north).get(url("checklist", checklist.pk)).status_code == 200
