"""Letters a family can use: addressed to the parent or carer at their address, with the
council's and the case officer's contact details, the rights paragraphs whatever the editable
wording says, and decision notes of a sensible length."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.html import escape

from audit.models import Event
from common.council import council_details
from documents.letters import decision_letter_store, letter_template_save
from documents.models import LetterTemplate
from documents.wording import RIGHTS, WORDING
from reviews import services
from reviews.models import DECISION_NOTES_MAX_CHARS, Decision, ReviewStatus
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory
from tests.reviews_api_cases import api
from tests.test_letters import decided, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def council(settings):
    settings.COUNCIL_NAME = "Medway Council"
    settings.COUNCIL_ADDRESS = "SEN Team, Gun Wharf, Dock Road, Chatham, ME4 4TR"
    settings.COUNCIL_PHONE = "01634 306000"
    settings.COUNCIL_EMAIL = "send@medway.example.gov.uk"
    settings.COUNCIL_WEBSITE = "https://www.medway.example.gov.uk/send"


def test_the_councils_details_come_from_settings_with_the_address_in_lines(council):
    details = council_details()
    assert details.name == "Medway Council"
    assert details.address_lines == ("SEN Team", "Gun Wharf", "Dock Road", "Chatham", "ME4 4TR")
    assert (details.phone, details.email) == ("01634 306000", "send@medway.example.gov.uk")


def test_the_letter_is_addressed_to_the_family_and_gives_everyones_contact_details(
    council, north, officer_north
):
    officer_north.phone = "03000 412 345"
    officer_north.save()
    review = decided(north, officer_north, Decision.MAINTAIN, "")
    child = review.plan.child
    child.contact_name = "Sara Khan"
    child.contact_address_line_1 = "12 Mill Lane"
    child.contact_town = "Ashford"
    child.contact_postcode = "TN24 8AA"
    child.save()

    text = pdf_text(decision_letter_store(review.pk, actor=officer_north))

    assert "Sara Khan 12 Mill Lane Ashford TN24 8AA" in text
    assert "Dear Sara Khan," in text
    assert "Gun Wharf" in text
    assert "01634 306000" in text
    assert "send@medway.example.gov.uk" in text
    assert "03000 412 345" in text
    assert officer_north.email in text
    assert "On behalf of Medway Council" in text
    assert "Kent County Council" not in text


def test_the_letter_says_how_to_take_part_online_or_by_phone_email_or_post(
    council, settings, north, officer_north
):
    settings.SITE_URL = "https://send.medway.example.gov.uk"
    review = decided(north, officer_north, Decision.MAINTAIN, "")

    text = pdf_text(decision_letter_store(review.pk, actor=officer_north))

    assert "give your views and ask us questions" in text
    # A long address may wrap at a slash, which the PDF's text gives as a space.
    assert "https://send.medway.example.gov.uk/sign-in/family/" in text.replace(" ", "")
    assert "phone us, email us or write to us" in text


def test_a_family_without_a_recorded_contact_is_written_to_as_parent_or_carer(north, officer_north):
    review = decided(north, officer_north, Decision.MAINTAIN, "")

    text = pdf_text(decision_letter_store(review.pk, actor=officer_north))

    assert "The parent or carer of Amira Khan" in text
    assert "Dear parent or carer of Amira Khan," in text


def test_an_officer_without_a_phone_number_gives_the_councils(council, north, officer_north):
    review = decided(north, officer_north, Decision.MAINTAIN, "")

    text = pdf_text(decision_letter_store(review.pk, actor=officer_north))

    assert f"contact {officer_north.full_name} on 01634 306000" in text


@pytest.mark.parametrize("decision", list(Decision))
def test_the_rights_paragraphs_stay_whatever_the_wording_says(
    north, officer_north, manager, decision
):
    letter = LetterTemplate.for_decision(decision)
    letter_template_save(
        letter=letter, subject="Your review", body="Dear {{ addressee }},\n\nShort.", actor=manager
    )
    review = decided(north, officer_north, decision, "Section F." if decision != "maintain" else "")

    text = pdf_text(decision_letter_store(review.pk, actor=officer_north))

    for phrase in ("First-tier Tribunal", "mediation adviser", "SENDIASS", "disagreement"):
        assert phrase in text


def test_the_editable_wording_holds_only_the_councils_part_and_no_council_name():
    for decision, (subject, body) in WORDING.items():
        assert "First-tier Tribunal" not in body
        assert "Kent" not in subject + body
        assert "First-tier Tribunal" in RIGHTS[decision]


def test_the_letter_editing_page_shows_the_rights_it_cannot_change(manager):
    page = client_for(manager).get("/manager/letters/cease/").content.decode()
    assert "What every letter adds: the family's rights" in page
    assert "until the time for appealing has passed" in page


def test_saved_wording_loses_the_starting_rights_it_repeated_but_keeps_a_rewrite():
    migration = importlib.import_module(
        "documents.migrations.0004_letters_add_the_rights_themselves"
    )
    old_greeting = "Dear parent or carer of {{ child_name }},"
    for decision, tail in migration.OLD_TAILS.items():
        current = WORDING[decision][1].replace("Dear {{ addressee }},", old_greeting)
        LetterTemplate.objects.update_or_create(
            decision=decision, defaults={"subject": "s", "body": current + "\n" + tail}
        )
    LetterTemplate.objects.filter(decision="cease").update(body="Our own words.")

    migration.forwards(apps, None)

    assert LetterTemplate.objects.get(decision="maintain").body == WORDING["maintain"][1]
    assert LetterTemplate.objects.get(decision="amend").body == WORDING["amend"][1]
    assert LetterTemplate.objects.get(decision="cease").body == "Our own words."


# The family's contact details on the case page -----------------------------------------------
CONTACT = {
    "contact_name": "Sara O'Brien",
    "contact_address_line_1": "12 Mill Lane",
    "contact_address_line_2": "",
    "contact_town": "Ashford",
    "contact_postcode": "tn248aa",
}


@pytest.fixture
def plan(north):
    return PlanFactory.create(area=north, plan_ref="EHCP-FAMILY", child=ChildFactory.create())


def test_an_officer_records_the_familys_address_and_the_case_page_shows_it(officer_north, plan):
    client = client_for(officer_north)

    response = client.post("/casework/plans/EHCP-FAMILY/contact/", CONTACT)

    assert response.status_code == 302
    plan.child.refresh_from_db()
    assert plan.child.contact_address_lines == ["12 Mill Lane", "Ashford", "TN24 8AA"]
    case = client.get("/casework/plans/EHCP-FAMILY/").content.decode()
    assert f"{escape(CONTACT['contact_name'])}<br>12 Mill Lane<br>Ashford<br>TN24 8AA" in case
    event = Event.objects.get(action="child.contact_changed")
    assert event.details == {
        "changed": ["Name", "Address line 1", "Town or city", "Postcode"]
    }  # the fields, never the address itself
    assert "Changed: Name, Address line 1, Town or city, Postcode" in case


def test_a_missing_or_wrong_address_is_named_in_the_error_summary(officer_north, plan):
    response = client_for(officer_north).post(
        "/casework/plans/EHCP-FAMILY/contact/",
        {**CONTACT, "contact_town": "", "contact_postcode": "NOTAPOST"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter town or city" in page
    assert "Enter a real postcode, like SW1A 1AA" in page


def test_a_manager_may_change_the_family_contact_and_another_area_cannot_see_it(
    manager, officer_west, plan
):
    assert client_for(manager).get("/casework/plans/EHCP-FAMILY/contact/").status_code == 200
    assert client_for(officer_west).get("/casework/plans/EHCP-FAMILY/contact/").status_code == 404


# The case officer's phone number ----------------------------------------------------------------
def test_a_person_sets_their_own_phone_number_on_their_account(officer_north):
    client = client_for(officer_north)

    response = client.post("/account/phone/", {"phone": " 03000  412 345 ext 12 "})

    assert response.status_code == 302
    officer_north.refresh_from_db()
    assert officer_north.phone == "03000 412 345 ext 12"
    assert "03000 412 345 ext 12" in client.get("/account/").content.decode()
    assert Event.objects.filter(action="user.phone_changed", actor=officer_north).count() == 1


def test_a_phone_number_that_is_not_one_is_refused(officer_north):
    response = client_for(officer_north).post("/account/phone/", {"phone": "call me maybe"})
    assert "Enter a phone number, like 01632 960 001" in response.content.decode()


# Decision notes ---------------------------------------------------------------------------
@pytest.fixture
def held(north):
    return ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-NOTES"),
        status=ReviewStatus.MEETING_HELD,
        meeting_on=date(2026, 11, 1),
    )


def test_decision_notes_longer_than_the_limit_are_refused_by_the_service(held, officer_north):
    with pytest.raises(ValidationError) as error:
        services.review_notify_decision(
            held.pk,
            on=date(2026, 11, 20),
            decision=Decision.CEASE,
            notes="x" * (DECISION_NOTES_MAX_CHARS + 1),
            actor=officer_north,
        )
    assert "5,000 characters or fewer" in str(error.value)


def test_decision_notes_longer_than_the_limit_are_refused_by_the_api(held, officer_north):
    response = api(officer_north).post(
        f"/api/v1/reviews/{held.pk}/notify-decision/",
        {"on": "2026-11-20", "decision": "cease", "notes": "x" * (DECISION_NOTES_MAX_CHARS + 1)},
    )
    assert response.status_code == 400
    assert "notes" in response.json()


def test_the_decision_form_counts_characters_and_refuses_too_many(held, officer_north):
    url = f"/casework/plans/EHCP-NOTES/reviews/{held.pk}/notify-decision/"
    client = client_for(officer_north)

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "decision": "cease",
            "notes": "x" * (DECISION_NOTES_MAX_CHARS + 1),
            "on_0": "20",
            "on_1": "11",
            "on_2": "2026",
            "version": held.version,
        },
    )

    assert 'data-module="govuk-character-count"' in form
    assert f'data-maxlength="{DECISION_NOTES_MAX_CHARS}"' in form
    assert "must be 5,000 characters or fewer" in response.content.decode()
