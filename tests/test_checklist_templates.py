"""The QA checklist's templates (DESIGN section 5): the default template's questions, and a
superuser making a new version from the admin."""

import pytest
from django.urls import reverse

from accounts.models import User
from qa.models import ChecklistItem, ChecklistTemplate
from tests.checklist_cases import (
    fixture_assignment,  # noqa: F401  (a fixture)
    fixture_checklist,  # noqa: F401  (a fixture)
    fixture_default_template,  # noqa: F401  (a fixture)
    fixture_review,  # noqa: F401  (a fixture)
    fixture_small_template,  # noqa: F401  (a fixture)
)
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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
