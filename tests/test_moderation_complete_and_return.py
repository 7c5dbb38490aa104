"""A case officer's second opinion on a QA checklist (DESIGN section 5): completing a
moderation with an answer to every question, returning a checklist to the volunteer with
comments, what each refuses, and who may do either.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import Event
from qa.models import (
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistStatus,
    ModerationAnswer,
    ModerationStatus,
)
from qa.moderation import (
    ModerationIncomplete,
    ModerationLocked,
    ModeratorAnswer,
    moderation_complete,
    moderation_queue_for_user,
    moderation_return,
    moderation_sample_on_submit,
)
from tests.factories import ChecklistTemplateFactory
from tests.moderation_cases import MET, NA, NOT_MET, answers_for, items_of, moderation, template
from volunteers.models import Assignment

# fixtures from tests/moderation_cases.py, found by pytest among this module's names
__all__ = ["moderation", "template"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# Completing a moderation -----------------------------------------------------------------------


def test_an_officer_of_the_area_completes_a_moderation_with_a_response_to_every_item(
    moderation, template, officer_north
):
    answers = answers_for(template, [MET, MET, NOT_MET, NA])
    first = items_of(template)[0]
    answers[first.pk] = ModeratorAnswer(MET, "  The paperwork is all there.  ")
    moderation_complete(
        actor=officer_north, moderation=moderation, answers=answers, comment=" Mostly right. "
    )
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.COMPLETED
    assert moderation.moderator == officer_north
    assert moderation.comment == "Mostly right."
    assert moderation.completed_at == timezone.now()
    stored = {a.item_id: a for a in ModerationAnswer.objects.filter(moderation=moderation)}
    assert [stored[i.pk].response for i in items_of(template)] == [MET, MET, NOT_MET, NA]
    assert stored[first.pk].comment == "The paperwork is all there."
    event = Event.objects.get(action="moderation.completed")
    assert event.actor == officer_north
    assert event.target_id == str(moderation.checklist.review_id)
    assert event.details["items"] == 4
    assert event.details["agreed"] == 3
    assert list(moderation_queue_for_user(officer_north)) == []


def test_a_moderation_missing_answers_lists_each_missing_item_and_saves_nothing(
    moderation, template, officer_north
):
    items = items_of(template)
    answers = {items[0].pk: ModeratorAnswer(MET), items[2].pk: ModeratorAnswer("")}
    with pytest.raises(ModerationIncomplete) as raised:
        moderation_complete(actor=officer_north, moderation=moderation, answers=answers)
    assert [m.item_id for m in raised.value.missing] == [items[1].pk, items[2].pk, items[3].pk]
    assert raised.value.missing[0].message.startswith("Part AR, question 2: choose met")
    assert raised.value.missing[1].message.startswith("Section B: Part B, question 1: choose")
    assert "“B asks 2?”" in raised.value.missing[2].message
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.WAITING
    assert not ModerationAnswer.objects.exists()
    assert not Event.objects.filter(action="moderation.completed").exists()


def test_a_response_that_is_not_on_the_scale_is_refused(moderation, template, officer_north):
    answers = answers_for(template, [MET, MET, MET, "brilliant"])
    with pytest.raises(ValidationError):
        moderation_complete(actor=officer_north, moderation=moderation, answers=answers)
    assert not ModerationAnswer.objects.exists()


def test_answers_to_another_checklists_items_are_refused(moderation, template, officer_north):
    other = ChecklistTemplateFactory.create(name="Another checklist")
    section = ChecklistSection.objects.create(template=other, position=1, code="A", title="A")
    stranger = ChecklistItem.objects.create(section=section, position=1, prompt="Elsewhere?")
    answers = {**answers_for(template, [MET] * 4), stranger.pk: ModeratorAnswer(MET)}
    with pytest.raises(ValidationError, match="not questions of this checklist"):
        moderation_complete(actor=officer_north, moderation=moderation, answers=answers)


def test_a_completed_moderation_cannot_be_completed_again(moderation, template, officer_north):
    moderation_complete(
        actor=officer_north, moderation=moderation, answers=answers_for(template, [MET] * 4)
    )
    with pytest.raises(ModerationLocked, match="already been completed"):
        moderation_complete(
            actor=officer_north, moderation=moderation, answers=answers_for(template, [NA] * 4)
        )
    assert set(ModerationAnswer.objects.values_list("response", flat=True)) == {MET}


def test_a_checklist_back_with_the_volunteer_cannot_be_moderated(
    moderation, template, officer_north
):
    moderation_return(actor=officer_north, moderation=moderation, comment="Look at B again.")
    with pytest.raises(ModerationLocked, match="back with the volunteer"):
        moderation_complete(
            actor=officer_north, moderation=moderation, answers=answers_for(template, [MET] * 4)
        )


@pytest.mark.parametrize("persona", ["manager", "officer_west", "volunteer"])
def test_only_an_officer_of_the_area_may_moderate(persona, personas, moderation, template):
    with pytest.raises(PermissionDenied):
        moderation_complete(
            actor=personas[persona],
            moderation=moderation,
            answers=answers_for(template, [MET] * 4),
        )
    with pytest.raises(PermissionDenied):
        moderation_return(actor=personas[persona], moderation=moderation, comment="No.")


def test_moderating_again_after_a_resubmission_replaces_the_earlier_answers(
    moderation, template, officer_north
):
    moderation_complete(
        actor=officer_north, moderation=moderation, answers=answers_for(template, [MET] * 4)
    )
    moderation_sample_on_submit(moderation.checklist)  # returned, then resubmitted
    moderation_complete(
        actor=officer_north,
        moderation=moderation,
        answers=answers_for(template, [NOT_MET] * 4),
    )
    assert list(ModerationAnswer.objects.values_list("response", flat=True)) == [NOT_MET] * 4


# Returning a checklist to the volunteer --------------------------------------------------------


def test_returning_a_checklist_sends_it_back_to_the_volunteer_with_the_comments(
    moderation, officer_north
):
    moderation_return(
        actor=officer_north, moderation=moderation, comment="  Section B needs evidence.  "
    )
    checklist = Checklist.objects.get(pk=moderation.checklist_id)
    assert checklist.status == ChecklistStatus.RETURNED
    assert checklist.returned_comment == "Section B needs evidence."
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.WAITING
    assert moderation.moderator == officer_north
    assert list(moderation_queue_for_user(officer_north)) == []
    event = Event.objects.get(action="moderation.returned")
    assert event.actor == officer_north
    assert event.details["comment"] == "Section B needs evidence."


def test_a_returned_checklist_comes_back_to_the_queue_when_resubmitted(moderation, officer_north):
    moderation_return(actor=officer_north, moderation=moderation, comment="Look again.")
    Checklist.objects.filter(pk=moderation.checklist_id).update(status=ChecklistStatus.SUBMITTED)
    moderation_sample_on_submit(Checklist.objects.get(pk=moderation.checklist_id))
    assert list(moderation_queue_for_user(officer_north)) == [moderation]


def test_a_checklist_cannot_be_returned_once_the_review_is_no_longer_assigned(
    moderation, officer_north
):
    Assignment.objects.filter(pk=moderation.checklist.assignment_id).update(
        closed_at=timezone.now(), closed_reason="completed"
    )
    with pytest.raises(ModerationLocked) as raised:
        moderation_return(actor=officer_north, moderation=moderation, comment="Look again.")
    assert "no longer assigned to" in str(raised.value)
    assert "Complete the moderation instead" in str(raised.value)
    checklist = Checklist.objects.get(pk=moderation.checklist_id)
    assert checklist.status == ChecklistStatus.SUBMITTED
    assert checklist.returned_comment == ""
    assert not Event.objects.filter(action="moderation.returned").exists()


def test_returning_needs_a_comment(moderation, officer_north):
    with pytest.raises(ValidationError, match="Enter your comments"):
        moderation_return(actor=officer_north, moderation=moderation, comment="   ")
    assert Checklist.objects.get(pk=moderation.checklist_id).status == ChecklistStatus.SUBMITTED


def test_a_completed_moderation_cannot_be_returned(moderation, template, officer_north):
    moderation_complete(
        actor=officer_north, moderation=moderation, answers=answers_for(template, [MET] * 4)
    )
    with pytest.raises(ModerationLocked):
        moderation_return(actor=officer_north, moderation=moderation, comment="Too late.")
