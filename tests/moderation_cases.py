"""Checklists, moderations and personas for the moderation tests (tests/test_moderation_*.py),
built directly rather than through the volunteer's pages: a two-section template, a submitted
checklist, a waiting moderation, and a hand-counted set of completed moderations.
"""

from collections.abc import Sequence
from datetime import date

import pytest

from accounts.models import User
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Moderation,
    ModerationAnswer,
    Response,
)
from qa.moderation import ModeratorAnswer, moderation_complete
from tests.factories import (
    ChecklistFactory,
    ChecklistTemplateFactory,
    ModerationFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import ProgrammeSettings

MET, PARTLY, NOT_MET, NA = (
    Response.MET,
    Response.PARTLY_MET,
    Response.NOT_MET,
    Response.NOT_APPLICABLE,
)


# Building checklists directly, without the volunteer's pages ---------------------------------


@pytest.fixture
def template(db) -> ChecklistTemplate:
    """Two sections (AR and B) of two questions each, not the active version."""
    template = ChecklistTemplateFactory.create(name="Moderation test checklist")
    for position, code in enumerate(["AR", "B"], start=1):
        section = ChecklistSection.objects.create(
            template=template, position=position, code=code, title=f"Part {code}"
        )
        for n in (1, 2):
            ChecklistItem.objects.create(section=section, position=n, prompt=f"{code} asks {n}?")
    return template


def items_of(template: ChecklistTemplate) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(section__template=template).order_by(
            "section__position", "position"
        )
    )


def submitted_checklist(
    template: ChecklistTemplate, volunteer: User, area, responses: Sequence[str]
) -> Checklist:
    """A submitted checklist of a review in `area`, its assignment still open."""
    checklist = ChecklistFactory.create(
        assignment__review__plan__area=area,
        assignment__volunteer=volunteer,
        assignment__release_day=date(2026, 11, 17),
        template=template,
        submitted=True,
    )
    Answer.objects.bulk_create(
        Answer(checklist=checklist, item=item, response=response, comment=f"Because {n}")
        for n, (item, response) in enumerate(zip(items_of(template), responses, strict=True))
    )
    return checklist


def answers_for(
    template: ChecklistTemplate, responses: Sequence[str]
) -> dict[int, ModeratorAnswer]:
    return {
        item.pk: ModeratorAnswer(response)
        for item, response in zip(items_of(template), responses, strict=True)
    }


def set_moderation_percent(percent: int) -> None:
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"moderation_percent": percent})


@pytest.fixture
def moderation(template, volunteer, north) -> Moderation:
    checklist = submitted_checklist(template, volunteer, north, [MET, PARTLY, NOT_MET, NA])
    return ModerationFactory.create(checklist=checklist)


# Agreement -------------------------------------------------------------------------------------


@pytest.fixture
def agreement_fixture(template, volunteer, north, west, officer_north, officer_west):
    """Three completed moderations and one waiting, with hand-counted agreement:

    | checklist | volunteer | area  | volunteer said              | moderator said            | agreed |
    | 1         | A         | North | met, met, not met, n/a      | met, partly, not met, n/a | 3 of 4 |
    | 2         | A         | North | partly, met, met, met       | met, met, met, not met    | 2 of 4 |
    | 3         | B         | West  | met, met, met, met          | met, met, met, met        | 4 of 4 |
    | 4         | B         | West  | (waiting: not counted, though it has stale answers) |  |

    Per item: 2/3, 2/3, 3/3, 2/3. Per volunteer: A 5/8 over 2, B 4/4 over 1. Overall 9/12.
    """
    other = VolunteerFactory.create(
        full_name="Beatrice Other", setting=SettingFactory.create(area=west)
    )
    volunteer.full_name = "Ada Senco"
    volunteer.save()
    plan = [
        (volunteer, north, officer_north, [MET, MET, NOT_MET, NA], [MET, PARTLY, NOT_MET, NA]),
        (volunteer, north, officer_north, [PARTLY, MET, MET, MET], [MET, MET, MET, NOT_MET]),
        (other, west, officer_west, [MET, MET, MET, MET], [MET, MET, MET, MET]),
    ]
    for who, area, officer, said, moderated in plan:
        checklist = submitted_checklist(template, who, area, said)
        moderation = ModerationFactory.create(checklist=checklist)
        moderation_complete(
            actor=officer, moderation=moderation, answers=answers_for(template, moderated)
        )
    waiting = ModerationFactory.create(
        checklist=submitted_checklist(template, other, west, [MET] * 4)
    )
    ModerationAnswer.objects.bulk_create(
        ModerationAnswer(moderation=waiting, item=item, response=NOT_MET)
        for item in items_of(template)
    )
    return other


@pytest.fixture
def other_volunteer(north) -> User:
    return VolunteerFactory.create(setting=SettingFactory.create(area=north))


@pytest.fixture
def everyone(personas, other_volunteer) -> dict[str, User]:
    return {**personas, "other_volunteer": other_volunteer}
