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
- Agreement: for each item of a completed moderation, whether the moderator's response is the
  volunteer's. Reported per item, per volunteer and overall, each with its counts, by
  aggregate queries whatever the number of moderations.

Events `moderation.completed` and `moderation.returned` are recorded against the review, so
they appear on the case timeline. A change the state no longer allows raises
`ModerationLocked` (HTTP 409); missing answers raise `ModerationIncomplete` listing them.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistStatus,
    Moderation,
    ModerationAnswer,
    ModerationStatus,
    Response,
)
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
    """Only a case officer of the review's area gives the second opinion."""
    return review_may_change(user, moderation.checklist.review)


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
    from qa.services import section_heading  # qa.services imports this module

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
        if checklist.assignment.closed_at is not None:
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


# --- Agreement ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """How many items were compared and on how many the moderator agreed."""

    compared: int
    agreed: int

    @property
    def percent(self) -> Decimal | None:
        if not self.compared:
            return None
        share = Decimal(100 * self.agreed) / self.compared
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ItemAgreement(Agreement):
    item_id: int
    template: str
    section_code: str
    item_position: int
    prompt: str


@dataclass(frozen=True)
class VolunteerAgreement(Agreement):
    volunteer_id: int
    volunteer_name: str
    school: str
    moderations: int


def _compared_answers(moderations: QuerySet[Moderation]) -> QuerySet[ModerationAnswer]:
    """The moderators' answers of completed moderations, each marked with whether the
    volunteer gave the same response to the item."""
    volunteer_agrees = Answer.objects.filter(
        checklist_id=OuterRef("moderation__checklist_id"),
        item_id=OuterRef("item_id"),
        response=OuterRef("response"),
    )
    return ModerationAnswer.objects.filter(
        moderation__in=moderations.filter(status=ModerationStatus.COMPLETED).values("pk")
    ).annotate(agrees=Exists(volunteer_agrees))


_COUNTS = {"compared": Count("pk"), "agreed": Count("pk", filter=Q(agrees=True))}


def agreement_overall(moderations: QuerySet[Moderation]) -> Agreement:
    """Agreement over every item of the completed moderations among `moderations`."""
    figures = _compared_answers(moderations).aggregate(**_COUNTS)
    return Agreement(compared=figures["compared"], agreed=figures["agreed"])


def agreement_by_item(moderations: QuerySet[Moderation]) -> list[ItemAgreement]:
    """Agreement on each item that has been moderated, in checklist order."""
    rows = (
        _compared_answers(moderations)
        .values(
            "item_id",
            "item__section__template__name",
            "item__section__template__version",
            "item__section__position",
            "item__section__code",
            "item__position",
            "item__prompt",
        )
        .annotate(**_COUNTS)
        .order_by(
            "item__section__template__name",
            "-item__section__template__version",
            "item__section__position",
            "item__position",
        )
    )
    return [
        ItemAgreement(
            compared=row["compared"],
            agreed=row["agreed"],
            item_id=row["item_id"],
            template=f"{row['item__section__template__name']}, version "
            f"{row['item__section__template__version']}",
            section_code=row["item__section__code"],
            item_position=row["item__position"],
            prompt=row["item__prompt"],
        )
        for row in rows
    ]


def agreement_by_volunteer(moderations: QuerySet[Moderation]) -> list[VolunteerAgreement]:
    """Agreement with each volunteer whose checklists were moderated, by name."""
    rows = (
        _compared_answers(moderations)
        .values(
            "moderation__checklist__volunteer_id",
            "moderation__checklist__volunteer__full_name",
            "moderation__checklist__volunteer__email",
            "moderation__checklist__volunteer__setting__name",
        )
        .annotate(**_COUNTS, moderations=Count("moderation_id", distinct=True))
        .order_by(
            "moderation__checklist__volunteer__full_name", "moderation__checklist__volunteer_id"
        )
    )
    return [
        VolunteerAgreement(
            compared=row["compared"],
            agreed=row["agreed"],
            volunteer_id=row["moderation__checklist__volunteer_id"],
            volunteer_name=row["moderation__checklist__volunteer__full_name"]
            or row["moderation__checklist__volunteer__email"],
            school=row["moderation__checklist__volunteer__setting__name"] or "",
            moderations=row["moderations"],
        )
        for row in rows
    ]
