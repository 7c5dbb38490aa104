"""Who may see and add documents: the one access decision for pages, API and exports."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import Role, SchoolStaff, User
from casework.models import Plan
from casework.selectors import in_visible_areas
from documents.models import Document, DocumentKind, LetterJob, LetterJobStatus
from reviews.models import Review
from reviews.selectors import review_list_for_user


def document_list_for_user(user: User) -> QuerySet[Document]:
    """Documents of the plans someone may see. A volunteer sees the paperwork of the reviews
    assigned to them while assigned, but never letters, which carry the family's details.
    A school's staff see the files their school attached to its children's open reviews."""
    documents = Document.objects.select_related("plan", "review", "uploaded_by")
    schools = SchoolStaff.objects.current().filter(user=user).values("setting")
    if user.role == Role.SCHOOL or (
        user.role in (Role.VOLUNTEER, Role.HEADTEACHER) and schools.exists()
    ):
        # School staff see what their school attached to its children's open reviews, and
        # no more: not the council's letters and plans, not another school's files.
        from_school = documents.filter(
            Exists(
                SchoolStaff.objects.filter(
                    user=OuterRef("uploaded_by"), setting=OuterRef("plan__setting")
                )
            ),
            review__in=Review.objects.open(),
            plan__setting__in=schools,
        )
        if user.role != Role.VOLUNTEER:
            return from_school
        assigned = documents.filter(review__in=review_list_for_user(user)).exclude(
            kind=DocumentKind.LETTER
        )
        return from_school | assigned
    if user.role == Role.VOLUNTEER:
        # Through the review's own access rule: assigned to them, and only while assigned.
        return documents.filter(review__in=review_list_for_user(user)).exclude(
            kind=DocumentKind.LETTER
        )
    return in_visible_areas(user, documents, area_field="plan__area")


def document_may_add(user: User, plan: Plan) -> bool:
    """Only a case officer of the plan's area adds documents to it."""
    return user.role == Role.CASE_OFFICER and user.areas.filter(pk=plan.area_id).exists()


def document_get_for_user(user: User, pk: int, *, plan_ref: str) -> Document:
    """The document, or 404 if the person may not see it (or it belongs to another plan)."""
    document = document_list_for_user(user).filter(pk=pk, plan__plan_ref=plan_ref).first()
    if document is None:
        raise Http404("No such document.")
    return document


def document_check_may_add(user: User, plan: Plan) -> None:
    if not document_may_add(user, plan):
        raise PermissionDenied("You may see this plan but not add documents to it.")


def letter_job_failed_for_review(review_id: int) -> LetterJob | None:
    """The review's decision letter job if the worker gave up writing it, so the case page
    can say so instead of "being written" for ever."""
    return LetterJob.objects.filter(review_id=review_id, status=LetterJobStatus.FAILED).first()
