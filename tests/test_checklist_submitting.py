"""Submitting a volunteer's QA checklist (DESIGN section 5): unanswered items, the recommendation,
grading from weights and thresholds, and no change once submitted or closed."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from audit.models import Event
from qa import answers, services
from qa.models import Checklist, ChecklistStatus, Grade, Moderation, Recommendation, Response
from tests.checklist_cases import (
    answer_section,
    complete,
    fixture_assignment,  # noqa: F401  (a fixture)
    fixture_checklist,  # noqa: F401  (a fixture)
    fixture_review,  # noqa: F401  (a fixture)
    fixture_small_template,  # noqa: F401  (a fixture)
)
from volunteers.models import ProgrammeSettings
from volunteers.services import assignments_close_for_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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
