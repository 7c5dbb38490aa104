"""Decision letter wording: plain text that cannot carry HTML, checked when a manager saves it,
and restorable to the starting wording."""

import io
from datetime import date

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from audit.models import Event
from documents.letters import decision_letter_html, decision_letter_store
from documents.models import Document, LetterTemplate
from documents.wording import WORDING
from reviews.models import Decision, Review
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

HIDING_NOTES = '<div style="display:none">Section F: weekly therapy.'
APPEAL_HEADING = "Your right to appeal"


def decided(north, officer_north, *, notes: str, forename: str = "Amira") -> Review:
    return ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            plan_ref="EHCP-WORDING-1",
            case_officer=officer_north,
            child=ChildFactory.create(forename=forename, surname="Khan"),
        ),
        decided=True,
        meeting_on=date(2026, 11, 2),
        decision=Decision.AMEND,
        decision_notified_on=date(2026, 11, 23),
        decision_notes=notes,
    )


def pdf_text(document: Document) -> str:
    with document.file.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def save_wording(client, body: str, *, subject: str = "Proposed amendments", decision="amend"):
    return client.post(f"/manager/letters/{decision}/", {"subject": subject, "body": body})


# Hostile notes and names ------------------------------------------------------------------


def test_notes_that_look_like_html_cannot_hide_the_appeal_rights_of_the_letter(
    north, officer_north
):
    review = decided(north, officer_north, notes=HIDING_NOTES)

    html = decision_letter_html(review)
    text = pdf_text(decision_letter_store(review.pk, actor=None))

    assert escape(HIDING_NOTES) in html
    assert '<div style="display:none">' not in html
    assert APPEAL_HEADING in text
    assert "First-tier Tribunal" in text
    assert '<div style="display:none">Section F: weekly therapy.' in text


def test_a_childs_name_that_looks_like_html_is_printed_as_written(north, officer_north):
    forename = '<i style="display:none">Amira'
    review = decided(north, officer_north, notes="Section F.", forename=forename)

    html = decision_letter_html(review)
    text = pdf_text(decision_letter_store(review.pk, actor=None))

    assert "<i " not in html
    assert escape(forename) in html
    assert f"Dear parent or carer of {forename} Khan" in text
    assert APPEAL_HEADING in text


def test_the_text_of_a_tag_in_the_notes_appears_in_the_letter_as_characters(north, officer_north):
    review = decided(north, officer_north, notes="Use <b> and </b> & nothing else.")

    text = pdf_text(decision_letter_store(review.pk, actor=None))

    assert "Use <b> and </b> & nothing else." in text


def test_html_written_into_the_wording_itself_is_printed_as_characters(
    north, officer_north, manager
):
    save_wording(
        client_for(manager),
        '<div style="display:none">{{ notes }}</div>\nYour right to appeal',
        subject="<b>Amendments</b> for {{ child_name }}",
    )
    review = decided(north, officer_north, notes="Section F.")

    html = decision_letter_html(review)

    assert "<div style" not in html
    assert "&lt;div style=&quot;display:none&quot;&gt;Section F.&lt;/div&gt;" in html
    assert "<title>&lt;b&gt;Amendments&lt;/b&gt; for Amira Khan</title>" in html


def test_a_plan_reference_is_not_placed_inside_the_letters_style_sheet(north, officer_north):
    review = decided(north, officer_north, notes="Section F.")

    html = decision_letter_html(review)

    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "EHCP-WORDING-1" not in style
    assert "EHCP-WORDING-1 · page 1 of" in pdf_text(decision_letter_store(review.pk, actor=None))


def test_the_managers_preview_escapes_what_the_wording_contains(manager):
    client = client_for(manager)
    save_wording(client, "<script>alert(1)</script> Dear {{ child_name }}")

    page = client.get("/manager/letters/amend/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Dear Amira Khan" in page


# Checking the wording when a manager saves it ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "Dear {{ child_name }},\nThe plan of {{ childs_name }}.",
            "Line 2: {{ childs_name }} is not a value letters can use. Use one of: child_name, "
            "child_forename, plan_ref, meeting_date, decision_date, amendment_notice_date, "
            "notes, representations_by, addressee, officer_name, officer_phone, officer_email, "
            "council_name.",
        ),
        (
            "Dear {{ review.plan }}",
            "Line 1: {{ review.plan }} is not a value letters can use.",
        ),
        (
            'Hello\n\n{{ notes|ljust:"100000000" }}',
            "Line 3: the filter ljust cannot be used in a letter. Filters you can use: default, "
            "upper, lower, capfirst, title.",
        ),
        (
            '{{ notes|center:"100000000" }}',
            "Line 1: the filter center cannot be used in a letter.",
        ),
        (
            '{{ notes|stringformat:"100000000s" }}',
            "Line 1: the filter stringformat cannot be used in a letter.",
        ),
        (
            "{{ notes|safe }}",
            "Line 1: the filter safe cannot be used in a letter.",
        ),
        (
            '{% if notes|rjust:"100000000" %}x{% endif %}',
            "Line 1: a condition can only test whether values are given, for example "
            "{% if notes %}.",
        ),
        (
            '{{ notes|upper:"x" }}',
            "Line 1: the filter upper takes nothing after a colon.",
        ),
        (
            '{% include "base.html" %}',
            "Line 1: {% include %} cannot be used in a letter. Use {% if name %}, {% else %} "
            "and {% endif %}.",
        ),
        (
            "{% load static %}",
            "Line 1: {% load %} cannot be used in a letter.",
        ),
        (
            "{% autoescape off %}{{ notes }}{% endautoescape %}",
            "Line 1: {% autoescape %} cannot be used in a letter.",
        ),
        (
            "Dear {{ child_name }, ",
            "Line 1: there is a '{{' without its partner.",
        ),
        (
            "Dear\n{% if notes %}Reasons: {{ notes }}",
            "Line 2: {% if %} is not closed. Add {% endif %} where the part should end.",
        ),
        (
            "Dear\n\n{% endif %}",
            "Line 3: {% endif %} has no {% if %} before it.",
        ),
        (
            "{{ }}",
            "Line 1: {{ }} has no value name in it.",
        ),
    ],
    ids=[
        "unknown-placeholder",
        "dotted-placeholder",
        "ljust",
        "center",
        "stringformat",
        "safe",
        "filter-in-condition",
        "argument-to-upper",
        "include",
        "load",
        "autoescape",
        "unclosed-value",
        "unclosed-if",
        "stray-endif",
        "empty-value",
    ],
)
def test_wording_a_letter_cannot_use_is_refused_with_the_line_and_what_is_wrong(
    manager, body, message
):
    before = LetterTemplate.for_decision(Decision.AMEND).body

    response = save_wording(client_for(manager), body)

    page = response.content.decode()
    assert response.status_code == 400
    assert escape(message) in page
    assert "TemplateSyntaxError" not in page
    assert LetterTemplate.objects.get(decision=Decision.AMEND).body == before


def test_a_heading_a_letter_cannot_use_is_refused_too(manager):
    response = save_wording(client_for(manager), "Dear {{ child_name }}", subject="{{ secret }}")

    assert response.status_code == 400
    assert escape("Line 1: {{ secret }} is not a value letters can use.") in (
        response.content.decode()
    )


def test_wording_with_the_allowed_filters_and_conditions_is_saved_and_used(
    north, officer_north, manager
):
    response = save_wording(
        client_for(manager),
        "Dear {{ child_forename|upper }},\n"
        '{% if notes and not officer_name %}Hidden.{% elif notes %}{{ notes|default:"none" }}'
        "{% else %}No notes.{% endif %}"
        "{# a note for managers #}",
    )
    review = decided(north, officer_north, notes="Section F.")

    assert response.status_code == 302
    html = decision_letter_html(review)
    assert "Dear AMIRA," in html
    assert "Section F." in html
    assert "a note for managers" not in html
    assert "Hidden." not in html


def test_very_long_wording_is_refused(manager):
    response = save_wording(client_for(manager), "x" * 20_001)

    assert response.status_code == 400
    assert "The wording must be 20,000 characters or fewer" in response.content.decode()


def test_wording_that_places_too_many_values_is_refused(manager):
    response = save_wording(client_for(manager), "{{ notes }}" * 101)

    assert response.status_code == 400
    assert "The wording places 101 values; a letter may place at most 100." in (
        response.content.decode()
    )


def test_the_letters_page_flags_saved_wording_that_can_no_longer_be_used(manager):
    LetterTemplate.objects.create(
        decision=Decision.CEASE, subject="Ceasing", body="{{ notes|safe }}"
    )

    page = client_for(manager).get("/manager/letters/").content.decode()

    assert "This wording cannot be used" in page
    assert "the filter safe cannot be used in a letter" in page


# Restoring the starting wording ----------------------------------------------------------


def test_a_manager_restores_the_starting_wording_after_confirming(manager):
    client = client_for(manager)
    save_wording(client, "Short wording.", subject="Short")

    confirm = client.get("/manager/letters/amend/restore/")
    response = client.post("/manager/letters/amend/restore/")

    subject, body = WORDING[Decision.AMEND]
    letter = LetterTemplate.objects.get(decision=Decision.AMEND)
    assert confirm.status_code == 200
    assert "Restore the starting wording" in confirm.content.decode()
    assert response.status_code == 302
    assert (letter.subject, letter.body) == (subject, body)
    assert letter.updated_by == manager
    event = Event.objects.get(action="letter_template.restored")
    assert event.actor == manager
    assert event.details == {"decision": "amend"}


def test_the_letter_page_offers_to_restore_the_starting_wording(manager):
    page = client_for(manager).get("/manager/letters/maintain/").content.decode()

    assert 'href="/manager/letters/maintain/restore/"' in page


@pytest.mark.parametrize("persona", ["officer_north", "volunteer", "headteacher", "editor"])
def test_only_managers_restore_the_starting_wording(persona, personas):
    LetterTemplate.objects.create(decision=Decision.CEASE, subject="Mine", body="Mine.")

    response = client_for(personas[persona]).post("/manager/letters/cease/restore/")

    assert response.status_code == 403
    assert LetterTemplate.objects.get(decision=Decision.CEASE).body == "Mine."
    assert not Event.objects.filter(action="letter_template.restored").exists()


def test_restoring_an_unknown_letter_is_not_found(manager):
    assert client_for(manager).post("/manager/letters/transfer/restore/").status_code == 404


def test_saved_starting_wording_of_the_amend_letter_is_moved_to_the_notice_count(
    north, officer_north
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "documents.migrations.0003_amend_letter_counts_views_from_the_notice"
    )
    saved = LetterTemplate.for_decision(Decision.AMEND)
    old_body = saved.body
    for new, old in zip(migration.NEW, migration.OLD, strict=True):
        old_body = old_body.replace(new, old)
    LetterTemplate.objects.filter(pk=saved.pk).update(body=old_body + "\nOur own closing line.")

    migration.forwards(apps, None)

    saved.refresh_from_db()
    assert saved.body == WORDING["amend"][1] + "\nOur own closing line."
    assert "15 days from the date of this letter" not in saved.body
