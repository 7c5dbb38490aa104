"""The people and rows shared by the volunteer programme API's tests (DESIGN section 7): an API
client signed in as someone, the ids a list shows them, a weighted checklist template, and a
world of volunteers, assignments, checklists and release agreements in two areas.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Grade,
    Recommendation,
    Response,
)
from tests.factories import (
    AssignmentFactory,
    ChecklistFactory,
    ChecklistTemplateFactory,
    ChildFactory,
    PlanFactory,
    ReleaseAgreementFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import Assignment

CHILD_DETAILS = ["Zebedee", "Quixotic", "2015-03-10"]


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def ids(user: User, resource: str) -> set[int]:
    response = api_for(user).get(f"/api/v1/{resource}/?page_size=500")
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def template(db) -> ChecklistTemplate:
    """AR: weights 1 and 3; B: weights 1 and 1. Default thresholds (85, 70, 50)."""
    template = ChecklistTemplateFactory.create(name="API test checklist", version=3)
    for position, (code, weights) in enumerate([("AR", [1, 3]), ("B", [1, 1])], start=1):
        section = ChecklistSection.objects.create(
            template=template, position=position, code=code, title=code
        )
        for n, weight in enumerate(weights, start=1):
            ChecklistItem.objects.create(section=section, position=n, prompt="?", weight=weight)
    return template


def checklist_for(
    assignment: Assignment, template: ChecklistTemplate, responses: list[str] | None
) -> Checklist:
    """Submitted with `responses` (in item order), recommending amendments to Section B, or a
    blank draft when None."""
    amending = {
        "submitted": True,
        "recommendation": Recommendation.AMEND,
        "amend_sections": ["B"],
        "grade": Grade.REQUIRES_IMPROVEMENT,
        "score": Decimal("50.00"),
    }
    checklist = ChecklistFactory.create(
        assignment=assignment, template=template, **(amending if responses else {})
    )
    items = ChecklistItem.objects.filter(section__template=template).order_by(
        "section__position", "position"
    )
    Answer.objects.bulk_create(
        Answer(checklist=checklist, item=item, response=response)
        for item, response in zip(items, responses or [""] * 4, strict=True)
    )
    return checklist


def assign(volunteer: User, area, *, closed: bool = False, child=None) -> Assignment:
    plan = PlanFactory.create(area=area, child=child or ChildFactory.create())
    return AssignmentFactory.create(
        review__plan=plan,
        volunteer=volunteer,
        release_day=date(2026, 11, 17),
        closed_at=timezone.now() if closed else None,
        closed_reason="completed" if closed else "",
    )


@pytest.fixture
def world(personas, north, west, template):
    """- volunteer (North school, the headteacher's): an open assignment with a submitted
      checklist about Zebedee Quixotic, and a closed one with a submitted checklist.
    - other_volunteer (another North school): an open assignment, no checklist.
    - west_volunteer (West school): an open assignment with a draft checklist.
    - one release agreement each."""
    volunteer = personas["volunteer"]
    other = VolunteerFactory.create(setting=SettingFactory.create(area=north))
    west_volunteer = VolunteerFactory.create(setting=SettingFactory.create(area=west))
    child = ChildFactory.create(
        forename="Zebedee", surname="Quixotic", date_of_birth=date(2015, 3, 10)
    )
    open_one = assign(volunteer, north, child=child)
    closed_one = assign(volunteer, north, closed=True)
    others = assign(other, north)
    wests = assign(west_volunteer, west)
    met, partly, not_met = Response.MET, Response.PARTLY_MET, Response.NOT_MET
    return {
        "volunteer": volunteer,
        "other_volunteer": other,
        "west_volunteer": west_volunteer,
        "assignments": {"open": open_one, "closed": closed_one, "other": others, "west": wests},
        "checklists": {
            "open": checklist_for(open_one, template, [met, not_met, met, partly]),
            "closed": checklist_for(closed_one, template, [met, met, met, met]),
            "west": checklist_for(wests, template, None),
        },
        "agreements": {
            "volunteer": ReleaseAgreementFactory.create(volunteer=volunteer),
            "other": ReleaseAgreementFactory.create(volunteer=other, requested=True),
            "west": ReleaseAgreementFactory.create(volunteer=west_volunteer, weekday=3),
        },
    }


def who(world: dict[str, Any], personas: dict[str, User], name: str) -> User:
    user: User = world[name] if name in world else personas[name]
    return user
