"""The family's views before a review's meeting (DESIGN section 9): who may read and give
them, until when, and saving them with their files.

"Until the meeting" means: while the review is open, no meeting has been recorded as held,
and today is not past the day the meeting is planned for (the planned day itself still
counts, so a parent can add a word that morning). Once the meeting is recorded, or its
planned day has passed, the views are read-only for everyone: the school and the council
read at the meeting what the family gave before it. A council officer records views that
came on paper, by phone, in person or through an advocate by the same rule, so the same
records exist for families who are not online.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from casework.models import PlanStatus
from casework.selectors import plan_list_for_user
from contributions.family_access import FamilyPlace, family_place_get_for_user, family_places_for
from contributions.family_models import FamilyMember
from contributions.family_views_models import (
    VIEWS_ANSWER_MAX_CHARS,
    VIEWS_FILES_MAX,
    VIEWS_QUESTIONS,
    Channel,
    FamilyViews,
    FamilyViewsFile,
    ViewsAbout,
)
from contributions.selectors import school_review_list_for_user
from documents.models import Document, DocumentKind
from documents.services import document_store
from reviews.models import Review

CLOSED_MESSAGE = "The meeting has happened, so these views can no longer be changed."


@dataclass(frozen=True)
class Upload:
    """A file given with views, read from the request after its size was checked."""

    filename: str
    data: bytes
    title: str


def views_open(review: Review, *, today: date) -> bool:
    """Whether views for the review may still be given or changed (see the module's rule)."""
    if not review.is_open or review.meeting_on is not None:
        return False
    return review.meeting_planned_on is None or today <= review.meeting_planned_on


def family_review_get_for_user(
    user: User, plan_id: int, *, today: date, write: bool = False
) -> tuple[FamilyPlace, Review]:
    """The family member's place and the plan's open review; 404 if they do not follow the
    plan or no review is under way; 403 to change views once they are closed."""
    place = family_place_get_for_user(user, plan_id, today=today, write=write)
    review = (
        Review.objects.open()
        .filter(plan=place.plan)
        .select_related("plan", "plan__child", "plan__case_officer")
        .first()
    )
    if review is None:
        raise Http404("No review is under way.")
    if write and not views_open(review, today=today):
        raise PermissionDenied(CLOSED_MESSAGE)
    return place, review


def views_by_person(review: Review) -> dict[str, FamilyViews | None]:
    """The parent's and the child's views of the review (None: not given), with their files."""
    given = {
        views.about: views
        for views in FamilyViews.objects.filter(review=review)
        .select_related("given_by__user", "recorded_by")
        .prefetch_related("files__document")
    }
    return {about: given.get(about) for about in ViewsAbout.values}


def _clean_answers(about: str, answers: dict[str, str]) -> dict[str, str]:
    questions = {name: question for name, question, _ in VIEWS_QUESTIONS[about]}
    cleaned = {}
    for name, value in answers.items():
        if name not in questions:
            raise ValueError(f"{name} is not a question of the {about}'s views")
        value = value.strip()
        if len(value) > VIEWS_ANSWER_MAX_CHARS:
            raise ValidationError(
                {name: f"{questions[name]} must be {VIEWS_ANSWER_MAX_CHARS:,} characters or fewer"}
            )
        cleaned[name] = value
    return cleaned


@transaction.atomic
def views_save(
    *,
    review_id: int,
    about: ViewsAbout,
    answers: dict[str, str],
    today: date,
    upload: Upload | None = None,
    member: FamilyMember | None = None,
    recorded_by: User | None = None,
    channel: Channel = Channel.ONLINE,
    given_by_name: str = "",
) -> FamilyViews:
    """Give or change one person's views for the review, with an optional file: online by a
    family `member`, or `recorded_by` an officer with the `channel` it came by. The caller
    has passed its access check. Nothing is saved if any part is refused."""
    if (channel == Channel.ONLINE) != (member is not None) or (member is None) == (
        recorded_by is None
    ):
        raise ValueError("online views come from a family member, others from an officer")
    review = Review.objects.select_for_update().select_related("plan").get(pk=review_id)
    if not views_open(review, today=today):
        raise PermissionDenied(CLOSED_MESSAGE)
    cleaned = _clean_answers(about, answers)
    views = FamilyViews.objects.filter(review=review, about=about).first()
    files = views.files.count() if views is not None else 0
    if not any(cleaned.values()) and upload is None and files == 0:
        raise ValidationError("Answer at least one question, or add a file")
    if upload is not None and files >= VIEWS_FILES_MAX:
        raise ValidationError({"file": f"You can add up to {VIEWS_FILES_MAX} files"})
    now = timezone.now()
    changed = views is not None
    if views is None:
        views = FamilyViews(review=review, about=about, first_given_at=now)
    for name, value in cleaned.items():
        setattr(views, name, value)
    views.channel = channel
    views.given_by = member
    views.recorded_by = recorded_by
    views.given_by_name = given_by_name.strip()[:200]
    views.updated_at = now
    views.save()
    actor = member.user if member is not None else recorded_by
    event_record(
        actor=actor,
        action="family_views.given",
        target=review,
        details={"whose": about, "how": channel, "changed": "yes" if changed else "no"},
    )
    if upload is not None:
        try:
            document = document_store(
                plan=review.plan,
                review=review,
                kind=DocumentKind.PAPERWORK,
                title=upload.title or f"{ViewsAbout(about).label}: {upload.filename}",
                filename=upload.filename,
                data=upload.data,
                actor=actor,
                recordings=True,
            )
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        FamilyViewsFile.objects.create(views=views, document=document, added_at=now)
        event_record(
            actor=actor,
            action="family_views.file_added",
            target=review,
            details={"whose": about, "document": document.pk, "title": document.title},
        )
    return views


def views_file_get_for_user(user: User, pk: int, *, today: date) -> Document:
    """A file given with views, or 404 if the person may not see it: a family member who
    follows the plan (while its review is open to them), the school's staff of the child's
    open review, or a council officer who may see the plan."""
    files = FamilyViewsFile.objects.select_related("document", "document__plan", "views")
    if user.role == Role.FAMILY:
        files = files.filter(
            views__review__plan__in=family_places_for(user, today=today)
            .filter(plan__status=PlanStatus.ACTIVE)
            .values("plan")
        )
    elif user.role in (Role.CASE_OFFICER, Role.MANAGER):
        files = files.filter(views__review__plan__in=plan_list_for_user(user))
    else:
        files = files.filter(views__review__in=school_review_list_for_user(user))
    found = files.filter(pk=pk).first()
    if found is None:
        raise Http404("No such file.")
    return found.document
