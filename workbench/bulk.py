"""Bulk actions on the backlog queue: assign reviews to a volunteer, or move them to another
case officer. Each row succeeds or is refused with its reason; nothing is half-done per row."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, QuerySet

from accounts.models import Role, User
from audit.services import event_record
from casework.models import Plan
from organisation.models import AreaTeam
from reviews.models import Review
from reviews.selectors import review_may_change


@dataclass(frozen=True)
class MoveOutcome:
    review: Review
    refusal: str | None


def officer_list_for_user(user: User) -> QuerySet[User]:
    """The case officers someone may move work to: those sharing one of their area teams."""
    officers = User.objects.filter(role=Role.CASE_OFFICER, is_active=True)
    if user.role == Role.MANAGER:
        return officers
    return officers.filter(areas__in=user.areas.all()).distinct()


def officer_choices_for_user(
    user: User, *, areas: Sequence[AreaTeam]
) -> list[tuple[AreaTeam, list[User]]]:
    """The case officers someone may move work to, under each of the areas they can see
    (an officer may work in more than one): the officers a plan of that area can go to.
    `areas`: the area teams they can see (casework.selectors.area_list_for_user), in order,
    as the page has them already: their officers are one query."""
    officers_of: dict[int, list[User]] = defaultdict(list)
    for officer in (
        User.objects.filter(role=Role.CASE_OFFICER, is_active=True, areas__in=areas)
        .exclude(pk=user.pk)
        .annotate(area_pk=F("areas"))
        .order_by("full_name")
    ):
        officers_of[officer.area_pk].append(officer)
    return [(area, officers_of[area.pk]) for area in areas if officers_of[area.pk]]


def plans_move_to_officer(
    *, actor: User, reviews: Sequence[Review], officer: User
) -> list[MoveOutcome]:
    """Make `officer` the case officer of each review's plan, if they work in its area."""
    outcomes = []
    officer_areas = set(officer.areas.values_list("pk", flat=True))
    with transaction.atomic():
        for review in reviews:
            plan = review.plan
            if not review_may_change(actor, review):
                refusal = f"{plan.plan_ref}: you may not change this plan."
            elif officer.role != Role.CASE_OFFICER or not officer.is_active:
                refusal = f"{plan.plan_ref}: {officer} is not an active case officer."
            elif plan.area_id not in officer_areas:
                refusal = f"{plan.plan_ref}: {officer} does not work in {plan.area.name}."
            elif plan.case_officer_id == officer.pk:
                refusal = f"{plan.plan_ref}: {officer} is already its case officer."
            else:
                refusal = None
                before = plan.case_officer_id
                Plan.objects.filter(pk=plan.pk).update(case_officer=officer)
                event_record(
                    actor=actor,
                    action="plan.officer_changed",
                    target=plan,
                    details={"from": before, "to": officer.pk, "officer": str(officer)},
                )
            outcomes.append(MoveOutcome(review, refusal))
    return outcomes
