"""A volunteer's QA checklist, from start to submission (DESIGN section 5).

The checklist is made against the active template version when the volunteer starts it, with
an empty answer for every item. Drafts may leave answers blank and are saved a section at a
time, by the section form's buttons or by the page's autosave; the checklist remembers where
the volunteer was, so they resume there next week. Submitting requires every item answered and
a recommendation; it computes the grade (qa.scoring) and may sample the checklist for
moderation, all in one transaction with the row locked.

Events: `checklist.started` and `checklist.submitted` are recorded against the review, so they
appear on the case timeline; `checklist.saved` against the checklist, for every save a person
asks for and for autosaves at most once in AUTOSAVE_EVENT_GAP (one per sitting), so the log
says when someone worked on it without a row for every click.

Problems a person can put right raise `ChecklistIncomplete` (listing each, by section and
question) or `django.core.exceptions.ValidationError`; a change the checklist's state no
longer allows raises `ChecklistLocked` (HTTP 409). Bad input saves nothing.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from audit.selectors import event_list_for_target
from audit.services import event_record
from qa.answers import (
    SectionAnswers,
    checklist_answers,
    checklist_score,
    recommendation_position,
)
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistStatus,
    ChecklistTemplate,
    Recommendation,
    Response,
)
from qa.moderation import moderation_sample_on_submit
from qa.selectors import checklist_may_change
from reviews.selectors import NOT_READY_FOR_CHECKING, review_ready_for_checking
from volunteers.models import Assignment

AUTOSAVE_EVENT_GAP = timedelta(minutes=30)
COMMENT_MAX_LENGTH = 2000
REASONS_MAX_LENGTH = 5000


class ChecklistError(Exception):
    """A checklist cannot be started or changed as asked; the message says why."""


class NoActiveTemplate(ChecklistError):
    def __init__(self) -> None:
        super().__init__(
            "There is no QA checklist to use yet. Ask your SEN service manager to make a "
            "checklist version active."
        )


class ChecklistLocked(ChecklistError):
    """The checklist is no longer a draft (or returned) of this person's open assignment."""

    def __init__(self) -> None:
        super().__init__(
            "This checklist can no longer be changed: it has been submitted, or the review is "
            "no longer assigned to you."
        )


class ReviewNotReady(ChecklistError):
    """The review has no paperwork to check yet (reviews.selectors.review_ready_for_checking)."""

    def __init__(self) -> None:
        super().__init__(NOT_READY_FOR_CHECKING)


@dataclass(frozen=True)
class Problem:
    """Something missing before a checklist can be submitted, and where to put it right:
    a section's question (`position`, `item_id`) or the recommendation (`position` None)."""

    message: str
    position: int | None = None
    item_id: int | None = None


class ChecklistIncomplete(ChecklistError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class AnswerInput:
    response: str
    comment: str = ""


# --- Changing a checklist ----------------------------------------------------------------------


def checklist_start_for_assignment(*, actor: User, assignment: Assignment) -> Checklist:
    """The assignment's checklist, made now against the active template if it has none."""
    with transaction.atomic():
        # Locking the assignment makes two tabs pressing Start make one checklist.
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.volunteer_id != actor.pk or not assignment.is_open:
            raise ChecklistError("This review is not assigned to you, so you cannot check it.")
        existing = Checklist.objects.filter(assignment=assignment).first()
        if existing is not None:
            return existing
        if not review_ready_for_checking(assignment.review):
            raise ReviewNotReady
        template = ChecklistTemplate.objects.filter(is_active=True).first()
        if template is None:
            raise NoActiveTemplate
        items = list(ChecklistItem.objects.filter(section__template=template))
        sections = list(template.sections.all())
        if not items:
            raise ChecklistError(
                f"The active QA checklist ({template}) has no questions. Ask your SEN service "
                "manager to add them."
            )
        checklist = Checklist.objects.create(
            assignment=assignment,
            review_id=assignment.review_id,
            volunteer=actor,
            template=template,
            current_position=min(s.position for s in sections),
        )
        Answer.objects.bulk_create(Answer(checklist=checklist, item=item) for item in items)
        event_record(
            actor=actor,
            action="checklist.started",
            target=assignment.review,
            details={"checklist": checklist.pk, "template": str(template)},
        )
    return checklist


def _locked_for_change(actor: User, checklist_id: int) -> Checklist:
    checklist = (
        Checklist.objects.select_for_update(of=("self",))
        .select_related("assignment", "template")
        .get(pk=checklist_id)
    )
    if not checklist_may_change(actor, checklist):
        raise ChecklistLocked
    return checklist


def _record_save(actor: User, checklist: Checklist, *, autosave: bool, **details: object) -> None:
    if autosave:
        since = timezone.now() - AUTOSAVE_EVENT_GAP
        if (
            event_list_for_target(checklist)
            .filter(action="checklist.saved", occurred_at__gte=since)
            .exists()
        ):
            return
    event_record(
        actor=actor,
        action="checklist.saved",
        target=checklist,
        details={**details, "autosave": autosave},
    )


def checklist_save_section(
    *,
    actor: User,
    checklist: Checklist,
    position: int,
    answers: Mapping[int, AnswerInput],
    continue_to_next: bool = False,
    autosave: bool = False,
) -> Checklist:
    """Save the answers of the section at `position` (blanks allowed) and remember where to
    resume: the next step when the person continues, this section otherwise."""
    with transaction.atomic():
        checklist = _locked_for_change(actor, checklist.pk)
        sections = list(checklist.template.sections.order_by("position"))
        section = next((s for s in sections if s.position == position), None)
        if section is None:
            raise ChecklistError("This checklist has no such section.")
        items = {i.pk: i for i in section.items.all()}
        unknown = set(answers) - set(items)
        if unknown:
            raise ValidationError("Some answers are not questions of this section.")
        for given in answers.values():
            if given.response and given.response not in Response.values:
                raise ValidationError(f"“{given.response}” is not one of the responses.")
            if len(given.comment) > COMMENT_MAX_LENGTH:
                raise ValidationError(
                    f"A comment must be {COMMENT_MAX_LENGTH} characters or fewer."
                )
        stored = {a.item_id: a for a in Answer.objects.filter(checklist=checklist, item__in=items)}
        changed, missing = [], []
        for item_id, given in answers.items():
            response, comment = given.response, given.comment.strip()
            answer = stored.get(item_id)
            if answer is None:
                missing.append(
                    Answer(checklist=checklist, item_id=item_id, response=response, comment=comment)
                )
            elif (answer.response, answer.comment) != (response, comment):
                answer.response, answer.comment = response, comment
                changed.append(answer)
        Answer.objects.bulk_update(changed, ["response", "comment"])
        Answer.objects.bulk_create(missing)
        later = [s.position for s in sections if s.position > position]
        if continue_to_next:
            checklist.current_position = later[0] if later else recommendation_position(sections)
        else:
            checklist.current_position = position
        checklist.save(update_fields=["current_position", "updated_at"])
        _record_save(
            actor,
            checklist,
            autosave=autosave,
            section=section.code,
            answered=sum(1 for a in [*stored.values(), *missing] if a.response),
            questions=len(items),
        )
    return checklist


def checklist_save_recommendation(
    *,
    actor: User,
    checklist: Checklist,
    recommendation: str,
    amend_sections: Sequence[str],
    amend_reasons: str,
) -> Checklist:
    """Save the recommendation (a draft may leave it unfinished). Sections and reasons are
    kept only with "amend"."""
    with transaction.atomic():
        checklist = _locked_for_change(actor, checklist.pk)
        if recommendation and recommendation not in Recommendation.values:
            raise ValidationError(f"“{recommendation}” is not a recommendation.")
        sections = list(checklist.template.sections.order_by("position"))
        codes = [s.code for s in sections]
        unknown = sorted(set(amend_sections) - set(codes))
        if unknown:
            raise ValidationError(f"This checklist has no section {', '.join(unknown)}.")
        if len(amend_reasons) > REASONS_MAX_LENGTH:
            raise ValidationError(f"Reasons must be {REASONS_MAX_LENGTH} characters or fewer.")
        amend = recommendation == Recommendation.AMEND
        checklist.recommendation = recommendation
        checklist.amend_sections = [c for c in codes if c in amend_sections] if amend else []
        checklist.amend_reasons = amend_reasons.strip() if amend else ""
        checklist.current_position = recommendation_position(sections)
        checklist.save(
            update_fields=[
                "recommendation",
                "amend_sections",
                "amend_reasons",
                "current_position",
                "updated_at",
            ]
        )
        _record_save(actor, checklist, autosave=False, recommendation=recommendation)
    return checklist


def _problems(checklist: Checklist, sections: Sequence[SectionAnswers]) -> list[Problem]:
    problems = [
        Problem(
            f"{s.heading}, question {q.number}: select an answer to “{q.item.prompt}”",
            position=s.section.position,
            item_id=q.item.pk,
        )
        for s in sections
        for q in s.questions
        if not q.response
    ]
    if not checklist.recommendation:
        problems.append(Problem("Recommendation: choose whether the plan needs amending"))
    elif checklist.recommendation == Recommendation.AMEND:
        if not checklist.amend_sections:
            problems.append(Problem("Recommendation: choose the sections of the plan to amend"))
        if not checklist.amend_reasons:
            problems.append(Problem("Recommendation: give your reasons for amending the plan"))
    return problems


def checklist_submit(*, actor: User, checklist: Checklist) -> Checklist:
    """Grade and submit a complete checklist, and decide whether it is moderated."""
    with transaction.atomic():
        checklist = _locked_for_change(actor, checklist.pk)
        if not review_ready_for_checking(checklist.review):
            raise ReviewNotReady
        sections = checklist_answers(checklist)
        problems = _problems(checklist, sections)
        if problems:
            raise ChecklistIncomplete(problems)
        result = checklist_score(checklist, sections)
        if result.overall.grade is None:
            first = sections[0].section.position
            raise ChecklistIncomplete(
                [
                    Problem(
                        "Every question is marked not applicable: at least one must be met, "
                        "partly met or not met for the plan to be graded",
                        position=first,
                    )
                ]
            )
        resubmitted = checklist.status == ChecklistStatus.RETURNED
        checklist.status = ChecklistStatus.SUBMITTED
        checklist.score = result.overall.percent
        checklist.grade = result.overall.grade
        checklist.submitted_at = timezone.now()
        checklist.save(update_fields=["status", "score", "grade", "submitted_at", "updated_at"])
        moderation = moderation_sample_on_submit(checklist)
        event_record(
            actor=actor,
            action="checklist.submitted",
            target=checklist.review,
            details={
                "checklist": checklist.pk,
                "grade": result.overall.label,
                "score": str(result.overall.percent),
                "recommendation": Recommendation(checklist.recommendation).label,
                "amend_sections": ", ".join(checklist.amend_sections),
                "resubmitted": resubmitted,
                "sampled_for_moderation": moderation is not None,
            },
        )
    return checklist


# --- Templates (managers, through the admin) ---------------------------------------------------


def checklist_template_new_version(
    *, actor: User, template: ChecklistTemplate
) -> ChecklistTemplate:
    """A copy of the template, its sections and questions, numbered after its name's latest
    version and not yet active."""
    with transaction.atomic():
        latest = ChecklistTemplate.objects.filter(name=template.name).aggregate(v=Max("version"))
        copy = ChecklistTemplate.objects.create(
            name=template.name,
            version=(latest["v"] or 0) + 1,
            is_active=False,
            outstanding_from=template.outstanding_from,
            good_from=template.good_from,
            requires_improvement_from=template.requires_improvement_from,
        )
        for section in template.sections.prefetch_related("items"):
            new_section = ChecklistSection.objects.create(
                template=copy, position=section.position, code=section.code, title=section.title
            )
            ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    section=new_section,
                    position=item.position,
                    prompt=item.prompt,
                    guidance=item.guidance,
                    weight=item.weight,
                )
                for item in section.items.all()
            )
        event_record(
            actor=actor,
            action="checklist_template.copied",
            target=copy,
            details={"from": str(template)},
        )
    return copy


def checklist_template_activate(*, actor: User, template: ChecklistTemplate) -> None:
    """Make the template the one new checklists use; checklists already started keep theirs."""
    with transaction.atomic():
        ChecklistTemplate.objects.select_for_update().filter(is_active=True).update(is_active=False)
        ChecklistTemplate.objects.filter(pk=template.pk).update(is_active=True)
        event_record(actor=actor, action="checklist_template.activated", target=template)
