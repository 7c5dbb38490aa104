"""Questions from the family to the case officer (DESIGN section 9): asking, answering and
the time to answer.

The case officer has FAMILY_QUESTION_ANSWER_DAYS working days (common.dates) from the day a
question was asked; a question still unanswered after its last day shows as overdue in the
officer's worklist. A question that came by phone or on paper is recorded by the officer, so
it is counted the same way. The officer is told of a question asked online, and the family
member who asked is told when it is answered, through the one notification layer
(docs/decisions/0020); the emails carry no words of the question or the answer, only where
to read them.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from casework.models import Plan
from casework.selectors import plan_list_for_user, plan_may_change
from common.dates import long_date, working_days_after
from common.notices import notice_send
from contributions.family_models import FamilyMember
from contributions.family_views_models import (
    ANSWER_MAX_CHARS,
    QUESTION_MAX_CHARS,
    Channel,
    FamilyQuestion,
    FamilyQuestionQuerySet,
)


def question_answer_due(asked_on: date) -> date:
    """The last day on which an answer to a question asked on `asked_on` is on time."""
    return working_days_after(asked_on, settings.FAMILY_QUESTION_ANSWER_DAYS)


def question_is_overdue(question: FamilyQuestion, *, today: date) -> bool:
    return question.answered_at is None and today > question.answer_due_on


def _clean_text(text: str, *, limit: int, empty: str, label: str) -> str:
    text = text.replace("\x00", "").strip()
    if not text:
        raise ValidationError(empty)
    if len(text) > limit:
        raise ValidationError(f"{label} must be {limit:,} characters or fewer")
    return text


def question_list_for_plan(plan: Plan) -> FamilyQuestionQuerySet:
    """The plan's questions, newest first."""
    return FamilyQuestion.objects.filter(plan=plan).select_related(
        "asked_by__user", "recorded_by", "answered_by"
    )


@transaction.atomic
def question_ask(
    *,
    plan: Plan,
    text: str,
    today: date,
    member: FamilyMember | None = None,
    recorded_by: User | None = None,
    channel: Channel = Channel.ONLINE,
    asker_name: str = "",
) -> FamilyQuestion:
    """A question to the plan's case officer: asked online by a family `member`, or
    `recorded_by` an officer with the `channel` it came by. The caller has passed its access
    check."""
    if (channel == Channel.ONLINE) != (member is not None) or (member is None) == (
        recorded_by is None
    ):
        raise ValueError("online questions come from a family member, others from an officer")
    text = _clean_text(
        text, limit=QUESTION_MAX_CHARS, empty="Enter your question", label="Your question"
    )
    question = FamilyQuestion.objects.create(
        plan=plan,
        text=text,
        channel=channel,
        asked_by=member,
        asker_name=asker_name.strip()[:200],
        recorded_by=recorded_by,
        asked_at=timezone.now(),
        asked_on=today,
        answer_due_on=question_answer_due(today),
    )
    event_record(
        actor=member.user if member is not None else recorded_by,
        action="family_question.asked",
        target=plan,
        details={
            "question": question.pk,
            "how": channel,
            "answer_due_on": question.answer_due_on.isoformat(),
        },
    )
    officer = plan.case_officer
    if channel == Channel.ONLINE and officer is not None and officer.email:
        notice_send(
            f"A question from the family of {plan.plan_ref}",
            "contributions/email/family_question_asked.txt",
            {
                "officer": officer,
                "plan": plan,
                "due": long_date(question.answer_due_on),
                "path": reverse("workbench:case", args=[plan.plan_ref]) + "#family-questions",
            },
            [officer.email],
        )
    return question


@transaction.atomic
def question_answer(*, question_id: int, plan: Plan, actor: User, answer: str) -> FamilyQuestion:
    """The officer's answer to a question of `plan`, once; the asker is told by email."""
    if not plan_may_change(actor, plan):
        raise PermissionDenied("Only a case officer of the plan's area answers its questions.")
    question = (
        FamilyQuestion.objects.select_for_update(of=("self",))
        .filter(pk=question_id, plan=plan)
        .select_related("asked_by__user")
        .first()
    )
    if question is None:
        raise Http404("No such question.")
    if question.answered_at is not None:
        raise ValidationError("This question has already been answered")
    question.answer = _clean_text(
        answer, limit=ANSWER_MAX_CHARS, empty="Enter your answer", label="The answer"
    )
    question.answered_at = timezone.now()
    question.answered_by = actor
    question.save()
    late = timezone.localdate(question.answered_at) > question.answer_due_on
    event_record(
        actor=actor,
        action="family_question.answered",
        target=plan,
        details={"question": question.pk, "late": "yes" if late else "no"},
    )
    asker = question.asked_by
    if asker is not None and asker.removed_at is None and asker.user.email:
        notice_send(
            "Your question has an answer",
            "contributions/email/family_question_answered.txt",
            {
                "member": asker.user,
                "path": reverse("portal:family-questions", args=[plan.pk]),
            },
            [asker.user.email],
        )
    return question


def questions_overdue_for_user(user: User, *, today: date) -> FamilyQuestionQuerySet:
    """Unanswered questions past their last day, on the plans the person works (their areas;
    a manager's every area), longest waiting first."""
    return (
        FamilyQuestion.objects.overdue(today)
        .filter(plan__in=plan_list_for_user(user).values("pk"))
        .select_related("plan", "plan__child", "plan__case_officer")
        .order_by("answer_due_on", "asked_at", "id")
    )
