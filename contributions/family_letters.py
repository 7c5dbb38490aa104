"""The letters and plans a family was sent (DESIGN section 9), as they were sent: the stored
PDFs, each with the day it was sent.

- The decision letter (documents.letters.decision_letter_store), sent the day the decision
  was notified. A decision to amend carries the proposed changes: it is the amendment
  notice too (Devon 2022).
- The letter saying the council will not amend after all (reg 22(4)), sent that day.
- The final plan: the newest plan document kept with the review from the day the changes
  were proposed, once the final plan is recorded as issued, dated that day.

Nothing else kept with the case (advice, the school's files, internal paperwork) is shown.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from casework.models import Plan
from documents.letters import decision_letter_key, withdrawal_letter_key
from documents.models import Document, DocumentKind
from reviews.models import Decision

DECISION_LETTER_TITLES = {
    Decision.MAINTAIN: "Our decision: we will keep the plan as it is",
    Decision.AMEND: "Our decision and the changes we want to make",
    Decision.CEASE: "Our decision: we will stop the plan",
}
WITHDRAWAL_LETTER_TITLE = "We will not change the plan after all"
FINAL_PLAN_TITLE = "The final plan"


@dataclass(frozen=True)
class FamilyLetter:
    document: Document
    title: str
    sent_on: date


def _letter(document: Document) -> FamilyLetter | None:
    review = document.review
    if review is None:
        return None
    if document.kind == DocumentKind.LETTER:
        if document.source_key == decision_letter_key(review.pk) and review.decision_notified_on:
            title = DECISION_LETTER_TITLES.get(Decision(review.decision), "Our decision")
            return FamilyLetter(document, title, review.decision_notified_on)
        if document.source_key == withdrawal_letter_key(review.pk) and (
            review.amendments_withdrawn_on
        ):
            return FamilyLetter(document, WITHDRAWAL_LETTER_TITLE, review.amendments_withdrawn_on)
        return None
    if review.final_plan_issued_on is None:
        return None
    return FamilyLetter(document, FINAL_PLAN_TITLE, review.final_plan_issued_on)


def family_letter_list_for_plan(plan: Plan) -> list[FamilyLetter]:
    """What the family was sent for the plan, newest first, in one query."""
    documents = (
        Document.objects.filter(plan=plan, review__isnull=False)
        .filter(
            Q(kind=DocumentKind.LETTER, source_key__isnull=False)
            | Q(kind=DocumentKind.PLAN, review__final_plan_issued_on__isnull=False)
        )
        .select_related("review")
        .order_by("-created_at", "-id")
    )
    letters: list[FamilyLetter] = []
    final_plan_of: set[int] = set()
    for document in documents:
        if document.kind == DocumentKind.PLAN:
            review = document.review
            assert review is not None
            proposed = review.amendment_notice_on or review.decision_notified_on
            kept_on = timezone.localdate(document.created_at)
            if review.pk in final_plan_of or (proposed and kept_on < proposed):
                continue  # an older copy, or a plan kept before the changes were proposed
            final_plan_of.add(review.pk)
        letter = _letter(document)
        if letter is not None:
            letters.append(letter)
    return sorted(letters, key=lambda letter: letter.sent_on, reverse=True)


def family_letter_get(plan: Plan, document_id: int) -> FamilyLetter:
    """One of the plan's letters sent to the family, or 404."""
    for letter in family_letter_list_for_plan(plan):
        if letter.document.pk == document_id:
            return letter
    raise Http404("No such letter.")
