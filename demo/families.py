"""The demo family: a parent who follows children's plans at every stage a family meets, so
the family's pages can be tried from `make run` (DESIGN section 9). Safe to run again.

From the demo school's children (demo.schools.STAGES) the parent follows a review whose
meeting is to come, one whose meeting was held and whose report is awaited, and one whose
report is in. Their own children (FAMILY_PLAN_REF) add a decision to keep the plan with its
letter, proposed changes with their letter, an amended plan with the final plan sent, and a
ceased plan whose letters are still readable.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.template.loader import render_to_string

from accounts.models import Role, User
from casework.models import CeaseReason, Child, Plan, PlanStatus, PrimaryNeed
from common.pdf import pdf_from_html
from contributions.deadline_notices import deadline_delay_record, late_step_get
from contributions.family_models import FamilyMember, FamilyRelationship
from contributions.family_questions import question_answer, question_ask
from contributions.family_views import views_save
from contributions.family_views_models import Channel, FamilyQuestion, FamilyViews, ViewsAbout
from demo.schools import PLAN_REF
from documents.letters import decision_letter_store
from documents.models import DocumentKind
from documents.services import document_store
from organisation.models import Setting
from reviews.models import Decision, Review, ReviewStatus, Step
from reviews.recompute import recompute_reviews
from reviews.statutory import first_review_due, next_review_due

FAMILY_EMAIL = "parent@example.org"
# The demo school's children whose plans the demo parent follows (demo.schools.STAGES): the
# meeting to come, the meeting held with the report awaited, the report in.
FAMILY_PLAN_NUMBERS = (3, 5, 7)
FAMILY_PLAN_REF = "FAMILY-{}"
# The family's own children learn away from the demo school, whose list stays its own
# (demo.schools): at an all-through school, and a college for the young person of 17.
FAMILY_SCHOOL_URN = "900009"
FAMILY_COLLEGE_URN = "900011"


@dataclass(frozen=True)
class FamilyStage:
    forename: str
    surname: str
    meeting_days_ago: int
    decision: Decision
    stage: str  # "decided", "changes proposed", "final plan", "ceased"


# Days are counted back from the day the demo is seeded, each well inside the law's limits.
STAGES = (
    FamilyStage("Isla", "Parent", 30, Decision.MAINTAIN, "decided"),
    FamilyStage("Jack", "Parent", 26, Decision.AMEND, "changes proposed"),
    FamilyStage("Kit", "Parent", 75, Decision.AMEND, "final plan"),
    FamilyStage("Lily", "Parent", 60, Decision.CEASE, "ceased"),
)
DECISION_NOTES = {
    Decision.MAINTAIN: "",
    Decision.AMEND: "Section F: add a weekly session with a speech and language therapist.",
    Decision.CEASE: "Lily's needs are now met by the college without a plan.",
}


@transaction.atomic
def demo_family_seed(*, today: date) -> int:
    """Create the demo parent's own children once, and give the parent a place on every plan
    they follow; how many places were added."""
    parent = User.objects.get(email=FAMILY_EMAIL)
    if not Plan.objects.filter(plan_ref=FAMILY_PLAN_REF.format(1)).exists():
        _children_seed(today=today)
    refs = [PLAN_REF.format(n) for n in FAMILY_PLAN_NUMBERS] + [
        FAMILY_PLAN_REF.format(n) for n in range(1, len(STAGES) + 1)
    ]
    added = 0
    for plan in Plan.objects.filter(plan_ref__in=refs).select_related("case_officer"):
        _, created = FamilyMember.objects.get_or_create(
            plan=plan,
            user=parent,
            removed_at=None,
            defaults={
                "relationship": FamilyRelationship.PARENT,
                "invited_by": plan.case_officer,
            },
        )
        added += created
    return added


def _children_seed(*, today: date) -> None:
    by_urn = {
        s.urn: s for s in Setting.objects.filter(urn__in=[FAMILY_SCHOOL_URN, FAMILY_COLLEGE_URN])
    }
    for n, stage in enumerate(STAGES, start=1):
        school = by_urn[FAMILY_COLLEGE_URN if stage.stage == "ceased" else FAMILY_SCHOOL_URN]
        officer = User.objects.filter(role=Role.CASE_OFFICER, areas=school.area).first()
        meeting = today - timedelta(days=stage.meeting_days_ago)
        # Kit's plan is in its second year: a first review was held the year before.
        earlier = meeting - timedelta(days=350) if stage.stage == "final plan" else None
        issued = (earlier or meeting) - timedelta(days=300)
        child = Child.objects.create(
            forename=stage.forename,
            surname=stage.surname,
            date_of_birth=today - timedelta(days=(17 if stage.stage == "ceased" else 11) * 366),
            contact_name="Pat Parent",
            contact_address_line_1="1 Orchard Way",
            contact_town="Maidstone",
            contact_postcode="ME14 1AA",
        )
        plan = Plan.objects.create(
            plan_ref=FAMILY_PLAN_REF.format(n),
            child=child,
            issued_on=issued,
            setting=school,
            area=school.area,
            case_officer=officer,
            primary_need=PrimaryNeed.SLCN,
        )
        if earlier is not None:
            _earlier_review(plan, issued=issued, meeting=earlier)
        _review_seed(plan, stage, meeting=meeting, issued=issued, today=today)


def _earlier_review(plan: Plan, *, issued: date, meeting: date) -> None:
    """A review a year before, concluded with the plan kept as it was."""
    review = Review.objects.create(
        plan=plan,
        is_first_review=True,
        due_on=first_review_due(plan_issued_on=issued),
        meeting_planned_on=meeting,
        meeting_on=meeting,
        report_received_on=meeting + timedelta(days=9),
        decision=Decision.MAINTAIN,
        decision_notified_on=meeting + timedelta(days=20),
        status=ReviewStatus.DECISION_NOTIFIED,
    )
    recompute_reviews(review_ids=[review.pk])
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.CONCLUDED, concluded_on=review.decision_notified_on
    )


def _review_seed(
    plan: Plan, stage: FamilyStage, *, meeting: date, issued: date, today: date
) -> None:
    earlier = plan.reviews.filter(status=ReviewStatus.CONCLUDED).first()
    due = (
        next_review_due(previous_meeting_on=earlier.meeting_on)
        if earlier and earlier.meeting_on
        else first_review_due(plan_issued_on=issued)
    )
    decided = min(meeting + timedelta(days=20 if stage.stage != "changes proposed" else 22), today)
    review = Review.objects.create(
        plan=plan,
        is_first_review=earlier is None,
        previous_meeting_on=earlier.meeting_on if earlier else None,
        due_on=max(due, meeting),
        meeting_planned_on=meeting,
        invitations_sent_on=meeting - timedelta(days=20),
        advice_circulated_on=meeting - timedelta(days=16),
        meeting_on=meeting,
        report_received_on=meeting + timedelta(days=10),
        decision=stage.decision,
        decision_notified_on=decided,
        decision_notes=DECISION_NOTES[stage.decision],
        status=ReviewStatus.DECISION_NOTIFIED,
    )
    if stage.decision == Decision.AMEND:
        review.amendment_notice_on = decided
        review.status = ReviewStatus.AMENDMENT_NOTICE_SENT
    if stage.stage == "final plan":
        review.final_plan_issued_on = meeting + timedelta(days=65)
        review.status = ReviewStatus.FINAL_PLAN_ISSUED
    review.save()
    recompute_reviews(review_ids=[review.pk])
    decision_letter_store(review.pk, actor=None)
    if stage.stage == "final plan":
        document_store(
            plan=plan,
            review=review,
            kind=DocumentKind.PLAN,
            title="Final amended EHC plan",
            filename="final-plan.pdf",
            data=pdf_from_html(
                render_to_string("demo/final_plan.html", {"child": plan.child, "plan": plan})
            ),
            actor=None,
            source_key=f"demo-final-plan:{plan.plan_ref}",
        )
    if stage.stage == "ceased":
        ceased_on = decided + timedelta(days=21)
        Review.objects.filter(pk=review.pk).update(
            status=ReviewStatus.CONCLUDED, concluded_on=ceased_on
        )
        Plan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.CEASED, ceased_on=ceased_on, cease_reason=CeaseReason.NEEDS_MET
        )


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


# Days after the decision's last day on time that the demo officer now expects it: a demo's
# figure, not a statutory period.
DECISION_NOW_EXPECTED_AFTER = 10


def demo_family_notice_seed(*, today: date) -> int:
    """The case officer has told the demo parent that a decision will be late, with the
    reason and a new date, so the progress page shows a notice. Safe to run again."""
    review = (
        Review.objects.open()
        .filter(plan__plan_ref=PLAN_REF.format(FAMILY_PLAN_NUMBERS[1]))
        .select_related("plan__case_officer")
        .first()
    )
    if review is None or review.plan.case_officer is None:
        return 0
    late = late_step_get(review, Step.DECISION)
    if late is None or not late.may_record:
        return 0
    deadline_delay_record(
        actor=review.plan.case_officer,
        review=review,
        step=Step.DECISION,
        reason="We are waiting for advice from the speech and language therapy team",
        expected_on=late.due_on + timedelta(days=DECISION_NOW_EXPECTED_AFTER),
        today=today,
    )
    return 1
