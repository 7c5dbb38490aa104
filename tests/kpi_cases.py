"""A small caseload for the KPI tests, whose figures are counted by hand: plans and reviews
in an area, reviews held and decided on given days, the whole service's twelve months to
Monday 23 November 2026, and the volunteer programme of two areas (a fixture, which the
modules that use it import as `fixture_programme`)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from casework.models import CeaseReason, Plan, PlanStatus
from organisation.models import AreaTeam
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistStatus,
    ChecklistTemplate,
    Grade,
    Moderation,
    ModerationAnswer,
    ModerationStatus,
    Recommendation,
    Response,
)
from reporting.scope import Scope, scope_for_user
from reporting.timeliness import PeriodTimeliness, kpi_timeliness, period_twelve_months_to
from reviews.models import Decision, Review
from tests.factories import (
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import AgreementStatus, Assignment
from volunteers.services import WITHDRAWN

TODAY = date(2026, 11, 23)


def plan_in(area: AreaTeam, *, ceased: bool = False, **kwargs: object) -> Plan:
    if ceased:
        kwargs = {
            "status": PlanStatus.CEASED,
            "ceased_on": date(2026, 11, 1),
            "cease_reason": CeaseReason.NEEDS_MET,
        } | kwargs
    return PlanFactory.create(area=area, **kwargs)


def review_in(area: AreaTeam, *, ceased: bool = False, **kwargs: object) -> Review:
    return ReviewFactory.create(plan=plan_in(area, ceased=ceased), **kwargs)


def decided(
    area: AreaTeam,
    *,
    meeting_on: date,
    after_days: int | None,
    due_on: date | None = None,
    ceased: bool = False,
    decision: Decision = Decision.MAINTAIN,
) -> Review:
    """A review whose meeting was held on `meeting_on` (its due date unless given) and whose
    decision was notified `after_days` later (None: no decision recorded)."""
    held = {"due_on": due_on or meeting_on, "meeting_on": meeting_on}
    if after_days is None:
        return review_in(area, ceased=ceased, held=True, **held)
    notified = meeting_on + timedelta(days=after_days)
    return review_in(
        area, ceased=ceased, decided=True, decision=decision, decision_notified_on=notified, **held
    )


def everything(manager: User) -> Scope:
    return scope_for_user(manager)


def twelve_months(manager: User) -> PeriodTimeliness:
    return kpi_timeliness(everything(manager), period=period_twelve_months_to(TODAY), today=TODAY)


# --- The volunteer programme ------------------------------------------------------------------


@pytest.fixture(name="programme")
def fixture_programme(north: AreaTeam, west: AreaTeam) -> dict[str, User]:
    """On Monday 23 November 2026, by hand:

    Agreements of North schools' SENCOs (weeks): Ann approved Tuesdays from 2 Nov (12,
    running); Bea approved Mondays 31 Aug (12, last day 16 Nov: over); Cat approved Mondays
    from 7 Sep (12, last day today: running); Dee paused (6); Eve requested (12) and
    declined (12). West: Fay approved, running (10).
    North: 2 active, 12 + 12 + 12 + 6 = 42 days approved. All: 3 active, 52 days.

    Release days used by North reviews: Ann on 3 Nov (two reviews) and 10 Nov; not 17 Nov
    (withdrawn) nor 24 Nov (to come): 2. Fay in West on 3 Nov: all areas 3.

    Submitted checklists of North reviews: outstanding/amend, good/amend, good/no amendment,
    inadequate/no amendment; a draft does not count. West: one good/amend.
    North: 4 submitted, 2 recommend amendment (50%). All: 5, 3 (60%).

    Moderation: one North checklist, two items, the moderator agrees on one (50%); a
    waiting moderation does not count.
    """
    school = SettingFactory.create(area=north)
    west_school = SettingFactory.create(area=west)
    people = {
        name: VolunteerFactory.create(
            full_name=name, setting=west_school if name == "Fay" else school
        )
        for name in ("Ann", "Bea", "Cat", "Dee", "Eve", "Fay")
    }
    approved = AgreementStatus.APPROVED
    for name, weekday, start, weeks, status in [
        ("Ann", 1, date(2026, 11, 2), 12, approved),
        ("Bea", 0, date(2026, 8, 31), 12, approved),
        ("Cat", 0, date(2026, 9, 7), 12, approved),
        ("Dee", 2, date(2026, 10, 1), 6, AgreementStatus.PAUSED),
        ("Eve", 3, date(2026, 11, 5), 12, AgreementStatus.REQUESTED),
        ("Eve", 3, date(2026, 9, 3), 12, AgreementStatus.DECLINED),
        ("Fay", 4, date(2026, 11, 6), 10, approved),
    ]:
        ReleaseAgreementFactory.create(
            volunteer=people[name], weekday=weekday, start_on=start, weeks=weeks, status=status
        )

    def held(name: str, day: date, area: AreaTeam = north, closed: str = "") -> Assignment:
        return Assignment.objects.create(
            review=review_in(area),
            volunteer=people[name],
            release_day=day,
            closed_at=timezone.now() if closed else None,
            closed_reason=closed,
        )

    template = ChecklistTemplate.objects.create(name="KPI checklist", version=1)
    section = ChecklistSection.objects.create(template=template, position=1, code="E", title="E")
    items = [
        ChecklistItem.objects.create(section=section, position=n, prompt=f"Q{n}") for n in (1, 2)
    ]

    def checklist(assignment: Assignment, grade: str, recommendation: str) -> Checklist:
        return Checklist.objects.create(
            assignment=assignment,
            review=assignment.review,
            volunteer=assignment.volunteer,
            template=template,
            status=ChecklistStatus.SUBMITTED if grade else ChecklistStatus.DRAFT,
            grade=grade,
            recommendation=recommendation,
            submitted_at=timezone.now() if grade else None,
        )

    amend, keep = Recommendation.AMEND, Recommendation.NO_AMENDMENT
    moderated = checklist(held("Ann", date(2026, 11, 3)), Grade.OUTSTANDING, amend)
    checklist(held("Ann", date(2026, 11, 3)), Grade.GOOD, amend)
    checklist(held("Ann", date(2026, 11, 10)), Grade.GOOD, keep)
    waiting = checklist(held("Ann", date(2026, 11, 24)), Grade.INADEQUATE, keep)
    checklist(held("Ann", date(2026, 11, 24)), "", "")
    held("Ann", date(2026, 11, 17), closed=WITHDRAWN)
    checklist(held("Fay", date(2026, 11, 3), area=west), Grade.GOOD, amend)

    for item in items:
        Answer.objects.create(checklist=moderated, item=item, response=Response.MET)
        Answer.objects.create(checklist=waiting, item=item, response=Response.MET)
    done = Moderation.objects.create(checklist=moderated, status=ModerationStatus.COMPLETED)
    pending = Moderation.objects.create(checklist=waiting)
    for item, response in zip(items, [Response.MET, Response.NOT_MET], strict=True):
        ModerationAnswer.objects.create(moderation=done, item=item, response=response)
        ModerationAnswer.objects.create(moderation=pending, item=item, response=response)
    return people
