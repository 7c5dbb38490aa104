"""Decision letters: the manager's wording, printed by WeasyPrint in a Celery task, kept with
the case as a document."""

import io
import re
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.test import Client
from pypdf import PdfReader

from audit.models import Event
from documents.letters import decision_letter_store, review_letters_store, withdrawal_letter_store
from documents.models import Document, DocumentKind, LetterTemplate
from kentsend.celery import app as celery_app
from reviews import services
from reviews.models import Decision, Review
from tests.conftest import client_for, wait_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def decided(north, officer_north, decision: Decision, notes: str, **state: object) -> Review:
    return ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            plan_ref="EHCP-LETTER-1",
            case_officer=officer_north,
            child=ChildFactory.create(forename="Amira", surname="Khan"),
        ),
        decided=True,
        meeting_on=date(2026, 11, 2),
        decision=decision,
        decision_notified_on=date(2026, 11, 23),
        decision_notes=notes,
        **state,
    )


def pdf_text(document: Document) -> str:
    with document.file.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize(
    ("decision", "notes", "expected"),
    [
        (
            Decision.AMEND,
            "Section F: weekly speech and language therapy.",
            [
                "we propose to amend the plan",
                "Section F: weekly speech and language therapy.",
                # Sent with the decision on 23 November: 15 days counting that day.
                "until 7 December 2026: 15 days beginning with the day we sent you this notice",
                "no later than 8 weeks after the day we sent you this notice",
                "First-tier Tribunal",
                "mediation adviser",
            ],
        ),
        (
            Decision.MAINTAIN,
            "",
            [
                "we will keep the plan as it is",
                "decision not to amend the plan",
                "within 2 months of the date of this letter",
                "mediation certificate",
                "SENDIASS",
            ],
        ),
        (
            Decision.CEASE,
            "Amira has left education to take up employment.",
            [
                "we intend to stop maintaining the plan",
                "Amira has left education to take up employment.",
                "until the time for appealing has passed",
                "First-tier Tribunal",
            ],
        ),
    ],
    ids=["amend", "maintain", "cease"],
)
def test_the_decision_letter_gives_the_decision_and_the_rights_the_law_requires(
    north, officer_north, decision, notes, expected
):
    review = decided(north, officer_north, decision, notes)

    letter = decision_letter_store(review.pk, actor=officer_north)

    text = pdf_text(letter)
    assert letter.kind == DocumentKind.LETTER
    assert letter.content_type == "application/pdf"
    assert "Dear parent or carer of Amira Khan" in text
    assert "EHCP-LETTER-1" in text
    assert "meeting on 2 November 2026" in text
    for phrase in expected:
        assert phrase in text


def test_the_familys_views_are_due_15_days_from_the_day_the_amendments_were_sent(
    north, officer_north
):
    review = decided(
        north,
        officer_north,
        Decision.AMEND,
        "Section F: more therapy.",
        amended=True,
        amendment_notice_on=date(2026, 11, 25),
    )

    text = pdf_text(decision_letter_store(review.pk, actor=None))

    # 25 November is the first of the 15 days, 9 December the last; the decision's date
    # (23 November) would have given 7 December.
    assert "until 9 December 2026: 15 days beginning with the day we sent you this notice" in text
    assert "7 December 2026" not in text
    assert "from the date of this letter" not in text
    assert "Date: 23 November 2026" in text


def withdrawn(north, officer_north, *, reasons: str) -> Review:
    review = ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            plan_ref="EHCP-LETTER-3",
            case_officer=officer_north,
            child=ChildFactory.create(forename="Amira", surname="Khan"),
        ),
        amended=True,
        meeting_on=date(2026, 10, 5),
        decision_notified_on=date(2026, 10, 19),
        decision_notes="Section F: weekly speech and language therapy.",
        amendment_notice_on=date(2026, 10, 20),
    )
    return services.review_withdraw_amendments(
        review.pk, on=date(2026, 11, 20), actor=officer_north, reasons=reasons
    )


def appeal_rights(text: str) -> str:
    """The letter's rights paragraphs, without the page footers that fall among them."""
    rights = text.split("Your right to appeal", 1)[1].split("If you have any questions", 1)[0]
    return re.sub(r"EHCP-LETTER-\d · page \d of \d ", "", rights)


def test_the_letter_not_to_amend_after_all_gives_the_decision_its_reasons_and_the_rights(
    north, officer_north
):
    review = withdrawn(north, officer_north, reasons="The new school can meet the need as it is.")

    letter = withdrawal_letter_store(review.pk, actor=officer_north)

    text = pdf_text(letter)
    assert (letter.kind, letter.content_type) == (DocumentKind.LETTER, "application/pdf")
    assert letter.title == "Letter: the plan will not be amended after all"
    for phrase in [
        "Date: 20 November 2026",
        "we will not amend the plan after all",
        "Dear parent or carer of Amira Khan",
        "annual review meeting on 5 October 2026, we wrote to you on 20 October 2026 proposing "
        "amendments",
        "we have decided not to amend the plan after all",
        "Amira's plan stays as it is",
        "regulation 22(4)",
        "Our reasons The new school can meet the need as it is.",
        "First-tier Tribunal (Special Educational Needs and Disability) against our decision "
        "not to amend the plan",
        "within 2 months of the date of this letter",
        "mediation adviser",
        "SENDIASS",
        "EHCP-LETTER-3",
    ]:
        assert phrase in text, phrase
    assert "weekly speech and language therapy" not in text


def test_the_letter_not_to_amend_gives_the_same_rights_as_the_letter_keeping_the_plan(
    north, officer_north
):
    kept = decided(north, officer_north, Decision.MAINTAIN, "")
    withdrawal = withdrawn(north, officer_north, reasons="No change is needed.")

    kept_text = pdf_text(decision_letter_store(kept.pk, actor=None))
    withdrawal_text = pdf_text(withdrawal_letter_store(withdrawal.pk, actor=None))

    assert appeal_rights(withdrawal_text) == appeal_rights(kept_text)
    assert "mediation certificate" in appeal_rights(withdrawal_text)


def test_the_letter_not_to_amend_is_written_once_beside_the_decision_letter(north, officer_north):
    review = withdrawn(north, officer_north, reasons="No change is needed.")

    first = review_letters_store(review.pk, actor=None)
    second = review_letters_store(review.pk, actor=None)

    assert first == second
    assert set(Document.objects.values_list("source_key", flat=True)) == {
        f"decision-letter:{review.pk}",
        f"withdrawal-letter:{review.pk}",
    }
    assert Document.objects.count() == 2


def test_writing_the_same_letter_twice_stores_it_once(north, officer_north):
    review = decided(north, officer_north, Decision.MAINTAIN, "")

    first = decision_letter_store(review.pk, actor=None)
    second = decision_letter_store(review.pk, actor=None)

    assert first == second
    assert Document.objects.count() == 1
    assert Event.objects.filter(action="document.added").count() == 1


def test_a_managers_new_wording_is_used_by_the_next_letter(north, officer_north, manager):
    template = LetterTemplate.for_decision(Decision.MAINTAIN)
    response = client_for(manager).post(
        "/manager/letters/maintain/",
        {"subject": "Your child's plan stays as it is", "body": "Hello {{ child_forename }}."},
    )
    review = decided(north, officer_north, Decision.MAINTAIN, "")

    text = pdf_text(decision_letter_store(review.pk, actor=None))

    assert response.status_code == 302
    assert "Your child's plan stays as it is" in text
    assert "Hello Amira." in text
    template.refresh_from_db()
    assert template.updated_by == manager
    assert Event.objects.filter(action="letter_template.changed", actor=manager).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Dear {{ child_name }, ", "Line 1: there is a &#x27;{{&#x27; without its partner"),
        ("{% if notes %}Reasons: {{ notes }}", "Line 1: {% if %} is not closed"),
        ('{% include "base.html" %}', "Line 1: {% include %} cannot be used in a letter"),
        ("{% load static %}{% static 'x' %}", "Line 1: {% load %} cannot be used in a letter"),
        ("", "Enter the letter&#x27;s wording"),
    ],
    ids=["unclosed-value", "unclosed-if", "include", "load", "empty"],
)
def test_wording_that_cannot_be_used_is_refused_and_the_old_wording_kept(manager, body, message):
    before = LetterTemplate.for_decision(Decision.AMEND).body

    response = client_for(manager).post(
        "/manager/letters/amend/", {"subject": "Proposed amendments", "body": body}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert LetterTemplate.objects.get(decision=Decision.AMEND).body == before


def test_wording_reaches_only_the_listed_values(north, officer_north, manager):
    response = client_for(manager).post(
        "/manager/letters/maintain/",
        {
            "subject": "Plan",
            "body": "[{{ settings.SECRET_KEY }}][{{ review.plan }}][{{ plan_ref }}]",
        },
    )
    review = decided(north, officer_north, Decision.MAINTAIN, "")

    text = pdf_text(decision_letter_store(review.pk, actor=None))

    assert response.status_code == 400
    assert "{{ settings.SECRET_KEY }} is not a value letters can use" in (response.content.decode())
    assert "we will keep the plan as it is" in text


# persona: (letters list, edit form, save)
MATRIX = {
    "manager": (200, 200, 302),
    "officer_north": (403, 403, 403),
    "volunteer": (403, 403, 403),
    "headteacher": (403, 403, 403),
    "editor": (403, 403, 403),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_only_managers_change_the_letter_wording(persona, personas):
    client = Client() if persona == "anonymous" else client_for(personas[persona])

    got = (
        client.get("/manager/letters/").status_code,
        client.get("/manager/letters/cease/").status_code,
        client.post("/manager/letters/cease/", {"subject": "S", "body": "B"}).status_code,
    )

    assert got == MATRIX[persona]
    assert (LetterTemplate.for_decision(Decision.CEASE).body == "B") is (persona == "manager")


def test_an_unknown_letter_is_not_found(manager):
    assert client_for(manager).get("/manager/letters/transfer/").status_code == 404


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_recording_a_decision_has_a_real_worker_write_the_letter_onto_the_case(
    north, officer_north
):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-LETTER-2", case_officer=officer_north),
        held=True,
        meeting_on=date(2026, 11, 2),
    )
    client = client_for(officer_north)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = client.post(
            f"/casework/plans/EHCP-LETTER-2/reviews/{review.pk}/notify-decision/",
            {
                "on_0": "23",
                "on_1": "11",
                "on_2": "2026",
                "version": review.version,
                "decision": Decision.AMEND,
                "notes": "Section E: new outcomes for Year 7.",
            },
        )
        wait_for(Document.objects.filter(review=review, kind=DocumentKind.LETTER).exists)

    assert response.status_code == 302
    letter = Document.objects.get(review=review, kind=DocumentKind.LETTER)
    assert "Section E: new outcomes for Year 7." in pdf_text(letter)
    assert letter.uploaded_by == officer_north
    page = client.get("/casework/plans/EHCP-LETTER-2/").content.decode()
    assert "Decision letter: amend the plan" in page
