"""Letters to families: a manager's wording, filled in for one review, printed by WeasyPrint.

The decision letter (maintain, amend or cease) is written when the decision is recorded; the
letter telling the family the council will not amend the plan after all (reg 22(4)) when that
is recorded. Both are written by the same worker job (documents.letter_jobs), once each.

The wording's language is documents/letter_language.py: plain text with the values listed in
LETTER_VARIABLES, rendered from a context of plain strings, so it cannot reach the database or
other files. The filled-in wording is plain text too: documents/letter.html escapes it, with
every value, so notes and names appear in the letter exactly as typed and never as markup.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from casework.models import Child
from common.council import council_details
from common.dates import long_date
from common.pdf import pdf_from_html
from documents.letter_language import letter_body
from documents.models import Document, DocumentKind, LetterTemplate
from documents.services import document_store
from documents.wording import RIGHTS, WITHDRAWAL, WITHDRAWAL_RIGHTS, WORDING
from reviews.models import Decision, Review
from reviews.statutory import representations_close


def _long(day: datetime.date | None) -> str:
    return long_date(day) if day else "(not recorded)"


def amendment_notice_date(review: Review) -> datetime.date:
    """The day the notice of proposed amendments was sent, from which the family's 15 days
    run (reg 22(2)(c)). The letter deciding to amend carries the proposed amendments, so it is
    that notice (Devon 2022): until a notice is recorded on its own date, the decision's date."""
    return review.amendment_notice_on or review.decision_notified_on or timezone.localdate()


def letter_context(review: Review) -> dict[str, str]:
    """The values a decision letter may use, all plain strings."""
    plan = review.plan
    child = plan.child
    officer = plan.case_officer
    council = council_details()
    decided = review.decision_notified_on or timezone.localdate()
    notice = amendment_notice_date(review)
    child_name = f"{child.forename} {child.surname}"
    return {
        "addressee": child.contact_name or f"parent or carer of {child_name}",
        "child_name": child_name,
        "child_forename": child.forename,
        "plan_ref": plan.plan_ref,
        "meeting_date": _long(review.meeting_on),
        "decision_date": _long(decided),
        "amendment_notice_date": _long(notice),
        "notes": review.decision_notes,
        "representations_by": _long(representations_close(amendment_notice_on=notice)),
        "officer_name": str(officer) if officer else f"The SEN team at {council.name}",
        "officer_phone": (officer.phone if officer else "") or council.phone,
        "officer_email": officer.email if officer else council.email,
        "council_name": council.name,
    }


def _family_sign_in_address() -> str:
    """Where a family signs in to follow the review, as an address to type from a letter."""
    start = str(settings.FAMILY_SIGN_IN_URL)
    return start if "://" in start else str(settings.SITE_URL).rstrip("/") + start


def letter_html(
    *,
    subject: str,
    body: str,
    rights: str,
    values: dict[str, str],
    dated: str,
    child: Child | None = None,
) -> str:
    """The printable letter: the council's heading and contact details, the family's name and
    address, its date, the council's filled-in wording and then the family's rights, in
    paragraphs, and the case officer's contact details. Every string given is plain text; the
    template escapes each one."""
    context: dict[str, Any] = {
        "subject": subject,
        "body": body,
        "rights": rights,
        "dated": dated,
        "council": council_details(),
        "family_sign_in": _family_sign_in_address(),
        "recipient_name": child.contact_name if child else "",
        "recipient_lines": child.contact_address_lines if child else [],
        **values,
    }
    return render_to_string("documents/letter.html", context)


def letter_pdf(html: str) -> bytes:
    """Print the letter with WeasyPrint. Only the letter's own HTML is read: no URLs."""
    return pdf_from_html(html)


def decision_letter_key(review_id: int) -> str:
    """The decision letter's `source_key`: one letter per review's decision."""
    return f"decision-letter:{review_id}"


def decision_letter_html(review: Review) -> str:
    """The review's decision letter as HTML, in the wording in use for its decision."""
    wording = LetterTemplate.for_decision(review.decision)
    values = letter_context(review)
    subject = letter_body(wording.subject, values).strip()
    return letter_html(
        subject=subject,
        body=letter_body(wording.body, values),
        rights=letter_body(RIGHTS[review.decision], values),
        values=values,
        dated=values["decision_date"],
        child=review.plan.child,
    )


def _review_for_letter(review_id: int) -> Review:
    return Review.objects.select_related("plan", "plan__child", "plan__case_officer").get(
        pk=review_id
    )


def _letter_store_once(
    review: Review,
    *,
    key: str,
    title: str,
    filename: str,
    html: Callable[[Review], str],
    actor: User | None,
) -> Document:
    """Keep the letter with the case once: a second call (Celery may deliver the task twice)
    returns the letter already stored under `key`, without printing it again."""
    found = Document.objects.filter(source_key=key).first()
    if found is not None:
        return found
    return document_store(
        plan=review.plan,
        review=review,
        kind=DocumentKind.LETTER,
        title=title,
        filename=f"{filename}-{review.plan.plan_ref}.pdf",
        data=letter_pdf(html(review)),
        actor=actor,
        source_key=key,
    )


def decision_letter_store(review_id: int, *, actor: User | None) -> Document:
    """Write the decision letter of the review and keep it with the case, once."""
    review = _review_for_letter(review_id)
    if not review.decision:
        raise ValueError(f"Review {review_id} has no decision to write a letter about.")
    return _letter_store_once(
        review,
        key=decision_letter_key(review.pk),
        title=f"Decision letter: {Decision(review.decision).label.lower()}",
        filename="decision-letter",
        html=decision_letter_html,
        actor=actor,
    )


def withdrawal_letter_key(review_id: int) -> str:
    """The `source_key` of the letter not to amend after all: one per review."""
    return f"withdrawal-letter:{review_id}"


def withdrawal_letter_html(review: Review) -> str:
    """The letter telling the family the council will not amend the plan after all, with its
    reasons and their right of appeal (reg 22(4)), dated the day it was decided."""
    subject, body = WITHDRAWAL
    values = {**letter_context(review), "notes": review.amendments_withdrawn_reasons}
    return letter_html(
        subject=letter_body(subject, values).strip(),
        body=letter_body(body, values),
        rights=letter_body(WITHDRAWAL_RIGHTS, values),
        values=values,
        dated=_long(review.amendments_withdrawn_on or timezone.localdate()),
        child=review.plan.child,
    )


def withdrawal_letter_store(review_id: int, *, actor: User | None) -> Document:
    """Write the letter not to amend after all and keep it with the case, once."""
    review = _review_for_letter(review_id)
    if review.amendments_withdrawn_on is None:
        raise ValueError(f"Review {review_id} has no decision not to amend to write about.")
    return _letter_store_once(
        review,
        key=withdrawal_letter_key(review.pk),
        title="Letter: the plan will not be amended after all",
        filename="not-amending-letter",
        html=withdrawal_letter_html,
        actor=actor,
    )


def review_letters_store(review_id: int, *, actor: User | None) -> Document:
    """Write every letter the review's recorded steps call for that is not yet kept: the
    decision letter, then the letter not to amend after all if that was decided. Returns the
    latest of them. Safe to call twice."""
    letter = decision_letter_store(review_id, actor=actor)
    if Review.objects.filter(pk=review_id, amendments_withdrawn_on__isnull=False).exists():
        letter = withdrawal_letter_store(review_id, actor=actor)
    return letter


def letter_template_save(
    *, letter: LetterTemplate, subject: str, body: str, actor: User
) -> LetterTemplate:
    """Keep a manager's checked wording for one decision; later letters use it."""
    changed = [
        name
        for name, value in (("subject", subject), ("body", body))
        if getattr(letter, name) != value
    ]
    with transaction.atomic():
        letter.subject, letter.body, letter.updated_by = subject, body, actor
        letter.save()
        event_record(
            actor=actor,
            action="letter_template.changed",
            target=letter,
            details={"changed": changed},
        )
    return letter


def letter_template_restore(*, decision: str, actor: User) -> LetterTemplate:
    """Put back the starting wording (documents/wording.py) of one decision's letter."""
    subject, body = WORDING[decision]
    with transaction.atomic():
        letter = LetterTemplate.for_decision(decision)
        letter = LetterTemplate.objects.select_for_update().get(pk=letter.pk)
        letter.subject, letter.body, letter.updated_by = subject, body, actor
        letter.save()
        event_record(
            actor=actor,
            action="letter_template.restored",
            target=letter,
            details={"decision": decision},
        )
    return letter
