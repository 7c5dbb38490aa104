"""Decision letters: a manager's wording, filled in for one review, printed by WeasyPrint.

The wording is plain text in Django's template language. It is rendered by an engine that
loads no templates and no tag libraries and knows only {% if %} (documents/letter_tags.py),
from a context of plain strings, so a template can
only place the values listed in LETTER_VARIABLES: it cannot reach the database or other files.
"""

import datetime
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from documents.models import Document, DocumentKind, LetterTemplate
from documents.services import document_store
from kentsend.pdf import pdf_from_html
from reviews.models import Decision, Review
from reviews.statutory import representations_close

# What a letter template may use, with an example for the editing page.
LETTER_VARIABLES = {
    "child_name": ("The child's full name", "Amira Khan"),
    "child_forename": ("The child's first name", "Amira"),
    "plan_ref": ("The plan reference", "EHCP-000123"),
    "meeting_date": ("The date of the annual review meeting", "2 November 2026"),
    "decision_date": ("The date the decision is notified", "23 November 2026"),
    "notes": ("The proposed amendments, or the reasons to cease", "Section F: ..."),
    "representations_by": ("15 days after the decision date", "8 December 2026"),
    "officer_name": ("The case officer", "Ben Davies"),
    "council_name": ("The council", "Kent County Council"),
}


class _LetterEngine(Engine):
    # Engine adds its default tags (include, load, url, debug...) to any builtins given.
    default_builtins: list[str] = []


_SANDBOX = _LetterEngine(
    loaders=[],
    libraries={},
    builtins=["documents.letter_tags", "django.template.defaultfilters"],
    autoescape=False,
    string_if_invalid="",
)


class LetterTemplateError(ValueError):
    """The letter wording does not render: its message says where and why."""


def _long(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "(not recorded)"


def letter_context(review: Review) -> dict[str, str]:
    """The values a decision letter may use, all plain strings."""
    plan = review.plan
    child = plan.child
    decided = review.decision_notified_on or timezone.localdate()
    return {
        "child_name": f"{child.forename} {child.surname}",
        "child_forename": child.forename,
        "plan_ref": plan.plan_ref,
        "meeting_date": _long(review.meeting_on),
        "decision_date": _long(decided),
        "notes": review.decision_notes,
        "representations_by": _long(representations_close(amendment_notice_on=decided)),
        "officer_name": str(plan.case_officer) if plan.case_officer else "The SEN team",
        "council_name": settings.COUNCIL_NAME,
    }


def letter_body(wording: str, values: dict[str, str]) -> str:
    """Fill in the wording; a template that does not parse raises LetterTemplateError."""
    try:
        template = _SANDBOX.from_string(wording)
        text = template.render(Context(values, autoescape=False))
    except TemplateSyntaxError as error:
        raise LetterTemplateError(f"The wording cannot be used: {error}") from error
    return text


def letter_wording_check(wording: str) -> None:
    """Refuse wording that does not render, or leaves a stray bracket in the letter."""
    text = letter_body(wording, example_values())
    for mark in ("{{", "}}", "{%", "%}"):
        if mark in text:
            raise LetterTemplateError(
                f"The wording cannot be used: it has a '{mark}' without its partner. "
                "Write values as {{ name }} and conditions as {% if name %} … {% endif %}."
            )


def example_values() -> dict[str, str]:
    return {name: example for name, (_, example) in LETTER_VARIABLES.items()}


def letter_html(*, subject: str, body: str, values: dict[str, str]) -> str:
    """The printable letter: the council's heading, the filled-in wording in paragraphs."""
    context: dict[str, Any] = {"subject": subject, "body": body, **values}
    return render_to_string("documents/letter.html", context)


def letter_pdf(html: str) -> bytes:
    """Print the letter with WeasyPrint. Only the letter's own HTML is read: no URLs."""
    return pdf_from_html(html)


def decision_letter_key(review_id: int) -> str:
    """The decision letter's `source_key`: one letter per review's decision."""
    return f"decision-letter:{review_id}"


def decision_letter_store(review_id: int, *, actor: User | None) -> Document:
    """Write the decision letter of the review and keep it with the case, once: a second call
    (Celery may deliver the task twice) returns the letter already stored."""
    review = Review.objects.select_related("plan", "plan__child", "plan__case_officer").get(
        pk=review_id
    )
    if not review.decision:
        raise ValueError(f"Review {review_id} has no decision to write a letter about.")
    key = decision_letter_key(review.pk)
    found = Document.objects.filter(source_key=key).first()
    if found is not None:
        return found
    wording = LetterTemplate.for_decision(review.decision)
    values = letter_context(review)
    subject = letter_body(wording.subject, values).strip()
    html = letter_html(subject=subject, body=letter_body(wording.body, values), values=values)
    return document_store(
        plan=review.plan,
        review=review,
        kind=DocumentKind.LETTER,
        title=f"Decision letter: {Decision(review.decision).label.lower()}",
        filename=f"decision-letter-{review.plan.plan_ref}.pdf",
        data=letter_pdf(html),
        actor=actor,
        source_key=key,
    )
