"""A volunteer's QA checklist for the checklist tests: the default and a small template, a
review with its volunteer's assignment and checklist, another volunteer, and answering
a section or the whole checklist. The modules import the fixtures they need as
`fixture_<name>`."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from accounts.models import User
from qa import services
from qa.models import (
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Recommendation,
    Response,
)
from qa.services import AnswerInput
from tests.factories import (
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import Assignment
from volunteers.services import assignments_create

MONDAY = date(2026, 11, 23)
SEED = importlib.import_module("qa.migrations.0002_default_template")


@pytest.fixture(name="default_template")
def fixture_default_template() -> ChecklistTemplate:
    """The template migration 0002 seeds (seeded again here: browser tests flush the data)."""
    SEED.seed(django_apps, None)
    return ChecklistTemplate.objects.get(name=SEED.NAME, version=SEED.VERSION)


@pytest.fixture(name="small_template")
def fixture_small_template(db) -> ChecklistTemplate:
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


@pytest.fixture(name="review")
def fixture_review(north, officer_north):
    return ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-QA", case_officer=officer_north),
        held=True,
    )


@pytest.fixture(name="assignment")
def fixture_assignment(volunteer, officer_north, review) -> Assignment:
    ReleaseAgreementFactory.create(volunteer=volunteer)
    [outcome] = assignments_create(
        actor=officer_north, volunteer=volunteer, reviews=[review], today=MONDAY
    )
    assert outcome.assignment is not None, outcome.refusal
    return outcome.assignment


@pytest.fixture(name="checklist")
def fixture_checklist(small_template, assignment, volunteer) -> Checklist:
    return services.checklist_start_for_assignment(actor=volunteer, assignment=assignment)


@pytest.fixture(name="other_volunteer")
def fixture_other_volunteer(north) -> User:
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


def url(name: str, *args: object) -> str:
    return reverse(f"qa:{name}", args=args)
