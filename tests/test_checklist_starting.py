"""Starting a volunteer's QA checklist (DESIGN section 5): on the active template, once, only on the
volunteer's own assignment, keeping its template version."""

import pytest

from audit.models import Event
from qa import services
from qa.models import Checklist, ChecklistItem, ChecklistStatus, ChecklistTemplate
from tests.checklist_cases import (
    fixture_assignment,  # noqa: F401  (a fixture)
    fixture_checklist,  # noqa: F401  (a fixture)
    fixture_other_volunteer,  # noqa: F401  (a fixture)
    fixture_review,  # noqa: F401  (a fixture)
    fixture_small_template,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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
