"""Moderation: a share of submitted checklists gets a case officer's second opinion.

- Sampling: when a checklist is submitted, it is sampled with the programme's probability
  (`ProgrammeSettings.moderation_percent`); a resubmitted checklist goes back to the queue.
- Who: officers of the review's area and managers see a moderation (through
  qa.selectors.checklist_list_for_user); only an officer of the area moderates it, so a
  manager may read it but gets 403 on the actions.
- Completing: the officer gives their own response to every item, with optional comments.
  Until then the moderation is waiting.
- Returning: while the volunteer still holds the review, the officer may send the checklist
  back with comments instead; it leaves the queue until the volunteer resubmits it.
- Agreement between moderator and volunteer is counted in qa.moderation_agreement.

Events `moderation.completed` and `moderation.returned` are recorded against the review, so
they appear on the case timeline. A change the state no longer allows raises
`ModerationLocked` (HTTP 409); missing answers raise `ModerationIncomplete` listing them.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from qa.answers import section_heading
from qa.models import (
    Checklist,
    ChecklistItem,
    ChecklistStatus,
    Moderation,
    ModerationAnswer,
    ModerationStatus,
    Response,
)
from qa.moderation_agreement import agreement_overall
from qa.selectors import checklist_list_for_user
from reviews.selectors import review_may_change
from volunteers.models import ProgrammeSettings

COMMENT_MAX_LENGTH = 2000
RETURN_COMMENT_MAX_LENGTH = 5000


class ModerationError(Exception):
    """A moderation cannot be changed as asked; the message says why."""


class ModerationLocked(ModerationError):
    """The moderation's state does not allow the change (HTTP 409)."""


@dataclass(frozen=True)
class MissingAnswer:
    item_id: int
    message: str


class ModerationIncomplete(ModerationError):
    def __init__(self, missing: list[MissingAnswer]) -> None:
        super().__init__("; ".join(m.message for m in missing))
        self.missing = missing


@dataclass(frozen=True)
class ModeratorAnswer:
    response: str
    comment: str = ""


# --- Sampling ----------------------------------------------------------------------------------


def moderation_sample_on_submit(
    checklist: Checklist, *, rng: random.Random | None = None
) -> Moderation | None:
    """Decide, when a checklist is submitted, whether it is sampled for moderation.

    Each submission is sampled with the programme's probability (moderation_percent), so
    that nobody can tell in advance which checklists will be looked at twice. A checklist
    already sampled (returned and now resubmitted) goes back to its moderator's queue."""
    existing = Moderation.objects.filter(checklist=checklist).first()
    if existing is not None:
        existing.status = ModerationStatus.WAITING
        existing.completed_at = None
        existing.save(update_fields=["status", "completed_at"])
        return existing
    percent = ProgrammeSettings.current().moderation_percent
    if (rng or random.SystemRandom()).random() * 100 >= percent:
        return None
    return Moderation.objects.create(checklist=checklist)


# --- Who may see and moderate ------------------------------------------------------------------


def moderation_list_for_user(user: User) -> QuerySet[Moderation]:
    """Moderations of the checklists the person may see that are not volunteers' own: a
    volunteer's checklist is visible to them, its moderation is not."""
    if user.role not in {Role.CASE_OFFICER, Role.MANAGER}:
        return Moderation.objects.none()
    return Moderation.objects.select_related(
        "checklist",
        "checklist__review",
        "checklist__review__plan",
        "checklist__review__plan__area",
        "checklist__volunteer",
        "checklist__volunteer__setting",
        "checklist__assignment",
        "checklist__template",
        "moderator",
    ).filter(checklist__in=checklist_list_for_user(user).values("pk"))


def moderation_queue_for_user(user: User) -> QuerySet[Moderation]:
    """Moderations waiting for a second opinion: sampled, and not back with the volunteer."""
    return moderation_list_for_user(user).filter(
        status=ModerationStatus.WAITING, checklist__status=ChecklistStatus.SUBMITTED
    )


def moderation_may_moderate(user: User, moderation: Moderation) -> bool:
    """Only a case officer of the review's area gives the second opinion (a manager, who may
    work any review, reads it: docs/decisions/0015)."""
    return user.role == Role.CASE_OFFICER and review_may_change(user, moderation.checklist.review)


def moderation_may_pick(user: User, checklist: Checklist) -> bool:
    """A case officer of the review's area, or a manager, picks a submitted checklist for
    moderation by hand, as well as the sampling at submission (docs/decisions/0015)."""
    return user.role in {Role.CASE_OFFICER, Role.MANAGER} and review_may_change(
        user, checklist.review
    )


def moderation_pickable(user: User, checklist: Checklist) -> bool:
    """Whether to offer the person the button that picks this checklist for moderation."""
    return (
        checklist.status == ChecklistStatus.SUBMITTED
        and not Moderation.objects.filter(checklist=checklist).exists()
        and moderation_may_pick(user, checklist)
    )


def moderation_candidates_for_user(user: User) -> QuerySet[Checklist]:
    """Submitted checklists the person may see that nobody has picked or sampled yet."""
    return checklist_list_for_user(user).filter(
        status=ChecklistStatus.SUBMITTED, moderation__isnull=True
    )


def moderation_pick(*, actor: User, checklist: Checklist) -> Moderation:
    """Put a submitted checklist in the moderation queue by hand. The caller has checked the
    person may (moderation_may_pick); ModerationLocked if it is not submitted or already
    in moderation."""
    with transaction.atomic():
        locked = Checklist.objects.select_for_update().get(pk=checklist.pk)
        if locked.status != ChecklistStatus.SUBMITTED:
            raise ModerationLocked("Only a submitted checklist can be picked for moderation.")
        if Moderation.objects.filter(checklist=locked).exists():
            raise ModerationLocked("This checklist is already in moderation.")
        moderation = Moderation.objects.create(checklist=locked)
        event_record(
            actor=actor,
            action="moderation.picked",
            target=locked.review,
            details={"checklist": locked.pk},
        )
    return moderation


def moderation_get_for_user(user: User, pk: int, *, write: bool = False) -> Moderation:
    """The moderation, or 404 if the person may not see it; 403 if they may see it but not
    moderate it."""
    moderation = moderation_list_for_user(user).filter(pk=pk).first()
    if moderation is None:
        raise Http404("No such moderation.")
    if write and not moderation_may_moderate(user, moderation):
        raise PermissionDenied("Only a case officer of the review's area moderates it.")
    return moderation


# --- Changing a moderation ---------------------------------------------------------------------


def _locked_waiting(actor: User, moderation_id: int) -> Moderation:
    moderation = (
        Moderation.objects.select_for_update(of=("self",))
        .select_related("checklist", "checklist__review", "checklist__review__plan")
        .select_related("checklist__assignment", "checklist__volunteer")
        .get(pk=moderation_id)
    )
    if not moderation_may_moderate(actor, moderation):
        raise PermissionDenied("Only a case officer of the review's area moderates it.")
    if moderation.status != ModerationStatus.WAITING:
        raise ModerationLocked("This moderation has already been completed.")
    if moderation.checklist.status != ChecklistStatus.SUBMITTED:
        raise ModerationLocked(
            "This checklist is back with the volunteer. You can moderate it once they resubmit it."
        )
    return moderation


def _missing_answers(
    items: list[ChecklistItem], answers: Mapping[int, ModeratorAnswer]
) -> list[MissingAnswer]:
    missing = []
    number = 0
    section_id = None
    for item in items:
        if item.section_id != section_id:
            section_id, number = item.section_id, 0
        number += 1
        given = answers.get(item.pk)
        if given is None or not given.response:
            missing.append(
                MissingAnswer(
                    item.pk,
                    f"{section_heading(item.section)}, question {number}: choose met, partly "
                    f"met, not met or not applicable for “{item.prompt}”",
                )
            )
    return missing


def _check_text(text: str, *, limit: int, what: str) -> str:
    text = text.strip()
    if len(text) > limit:
        raise ValidationError(f"{what} must be {limit} characters or fewer.")
    return text


def moderation_complete(
    *,
    actor: User,
    moderation: Moderation,
    answers: Mapping[int, ModeratorAnswer],
    comment: str = "",
) -> Moderation:
    """Record the officer's response to every item of the checklist and complete the
    moderation. Answers from an earlier round (before the checklist was returned and
    resubmitted) are replaced."""
    with transaction.atomic():
        moderation = _locked_waiting(actor, moderation.pk)
        checklist = moderation.checklist
        items = list(
            ChecklistItem.objects.filter(section__template_id=checklist.template_id)
            .select_related("section")
            .order_by("section__position", "position")
        )
        unknown = set(answers) - {i.pk for i in items}
        if unknown:
            raise ValidationError("Some answers are not questions of this checklist.")
        for given in answers.values():
            if given.response and given.response not in Response.values:
                raise ValidationError(f"“{given.response}” is not one of the responses.")
            _check_text(given.comment, limit=COMMENT_MAX_LENGTH, what="A comment")
        missing = _missing_answers(items, answers)
        if missing:
            raise ModerationIncomplete(missing)
        comment = _check_text(comment, limit=COMMENT_MAX_LENGTH, what="Your comment")
        ModerationAnswer.objects.filter(moderation=moderation).delete()
        ModerationAnswer.objects.bulk_create(
            ModerationAnswer(
                moderation=moderation,
                item=item,
                response=answers[item.pk].response,
                comment=answers[item.pk].comment.strip(),
            )
            for item in items
        )
        moderation.status = ModerationStatus.COMPLETED
        moderation.moderator = actor
        moderation.comment = comment
        moderation.completed_at = timezone.now()
        moderation.save(update_fields=["status", "moderator", "comment", "completed_at"])
        agreement = agreement_overall(Moderation.objects.filter(pk=moderation.pk))
        event_record(
            actor=actor,
            action="moderation.completed",
            target=checklist.review,
            details={
                "checklist": checklist.pk,
                "moderation": moderation.pk,
                "items": agreement.compared,
                "agreed": agreement.agreed,
            },
        )
    return moderation


def moderation_return(*, actor: User, moderation: Moderation, comment: str) -> Moderation:
    """Send the checklist back to the volunteer with the officer's comments. Only while the
    volunteer still holds the review: once the assignment has closed nobody could act on it."""
    with transaction.atomic():
        moderation = _locked_waiting(actor, moderation.pk)
        comment = _check_text(comment, limit=RETURN_COMMENT_MAX_LENGTH, what="Your comments")
        if not comment:
            raise ValidationError("Enter your comments for the volunteer.")
        checklist = Checklist.objects.select_for_update().get(pk=moderation.checklist_id)
        if not checklist.assignment.is_open:
            raise ModerationLocked(
                f"The review is no longer assigned to {checklist.volunteer}, so the checklist "
                "cannot go back to them. Complete the moderation instead, and put your "
                "comments there."
            )
        checklist.status = ChecklistStatus.RETURNED
        checklist.returned_comment = comment
        checklist.save(update_fields=["status", "returned_comment", "updated_at"])
        moderation.moderator = actor
        moderation.save(update_fields=["moderator"])
        event_record(
            actor=actor,
            action="moderation.returned",
            target=checklist.review,
            details={"checklist": checklist.pk, "moderation": moderation.pk, "comment": comment},
        )
    return moderation
