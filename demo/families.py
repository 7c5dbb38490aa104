"""The demo family: a parent who follows the plans of children at the demo school, so the
family's pages can be tried from `make run` (DESIGN section 9). Safe to run again."""

from datetime import date

from django.db import transaction

from accounts.models import User
from casework.models import Plan
from contributions.family_models import FamilyMember, FamilyRelationship
from contributions.family_questions import question_answer, question_ask
from contributions.family_views import views_save
from contributions.family_views_models import Channel, FamilyQuestion, FamilyViews, ViewsAbout
from demo.schools import PLAN_REF
from reviews.models import Review

FAMILY_EMAIL = "parent@example.org"
# The demo school's children whose plans the demo parent follows (demo.schools.STAGES).
FAMILY_PLAN_NUMBERS = (3, 5, 7)


@transaction.atomic
def demo_family_seed() -> int:
    """Give the demo parent a place on the demo plans they follow; how many were added."""
    parent = User.objects.get(email=FAMILY_EMAIL)
    officer = None
    added = 0
    for plan in Plan.objects.filter(
        plan_ref__in=[PLAN_REF.format(n) for n in FAMILY_PLAN_NUMBERS]
    ).select_related("case_officer"):
        officer = plan.case_officer
        _, created = FamilyMember.objects.get_or_create(
            plan=plan,
            user=parent,
            removed_at=None,
            defaults={"relationship": FamilyRelationship.PARENT, "invited_by": officer},
        )
        added += created
    return added


@transaction.atomic
def demo_family_views_seed(*, today: date) -> int:
    """The demo parent's views and their child's for the plan whose meeting is still to come
    (the child's recorded by the case officer from a phone call), a question waiting for an
    answer there, and an answered question on a plan whose meeting was held. Safe to run
    again: nothing is added twice. How many records were added."""
    places = {
        place.plan.plan_ref: place
        for place in FamilyMember.objects.current()
        .filter(user__email=FAMILY_EMAIL)
        .select_related("plan", "plan__case_officer")
    }
    added = 0
    upcoming = places.get(PLAN_REF.format(FAMILY_PLAN_NUMBERS[0]))
    review = (
        Review.objects.open().filter(plan=upcoming.plan).first() if upcoming is not None else None
    )
    officer = upcoming.plan.case_officer if upcoming is not None else None
    if upcoming is not None and review is not None and officer is not None:
        if not FamilyViews.objects.filter(review=review).exists():
            views_save(
                review_id=review.pk,
                about=ViewsAbout.PARENT,
                answers={
                    "going_well": "She reads every night now. She has a good friend in class.",
                    "hard": "Lunch times are noisy and she gets upset.",
                    "hopes": "A quiet place to eat, and help with spelling.",
                },
                today=today,
                member=upcoming,
            )
            views_save(
                review_id=review.pk,
                about=ViewsAbout.CHILD,
                answers={
                    "likes": "Drawing and my cat.",
                    "helps": "When Miss Khan sits with me.",
                    "want_known": "I do not like the dinner hall.",
                },
                today=today,
                recorded_by=officer,
                channel=Channel.PHONE,
                given_by_name="Cleo, with her mum, by phone",
            )
            added += 2
        if not FamilyQuestion.objects.filter(plan=upcoming.plan).exists():
            question_ask(
                plan=upcoming.plan,
                text="Can her speech therapist come to the meeting?",
                today=today,
                member=upcoming,
            )
            added += 1
    held = places.get(PLAN_REF.format(FAMILY_PLAN_NUMBERS[1]))
    held_officer = held.plan.case_officer if held is not None else None
    if (
        held is not None
        and held_officer is not None
        and not FamilyQuestion.objects.filter(plan=held.plan).exists()
    ):
        question = question_ask(
            plan=held.plan, text="When will we hear what you decided?", today=today, member=held
        )
        question_answer(
            question_id=question.pk,
            plan=held.plan,
            actor=held_officer,
            answer="We will write to you with our decision. Your progress page shows the date.",
        )
        added += 1
    return added
