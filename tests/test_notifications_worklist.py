"""Notifications are a worklist: each links to its case, and is marked done or snoozed; the
morning digest lists the same to-do alerts as the page."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.utils.html import escape

from audit.models import Event
from reviews.alerts import alert_digests_send
from reviews.models import Alert
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db

PAGE = "/casework/notifications/"


@pytest.fixture
def late_north(north):
    child = ChildFactory.create(forename="Ava", surname="Patel")
    return ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-N-LATE", child=child)
    )


@pytest.fixture
def soon_north(north):
    plan = PlanFactory.create(area=north, plan_ref="EHCP-N-SOON", issued_on=date(2025, 12, 1))
    return ReviewFactory.create(plan=plan, due_on=date(2026, 12, 1))


@pytest.fixture
def late_west(west):
    return ReviewFactory.create(plan=PlanFactory.create(area=west, plan_ref="EHCP-W-LATE"))


@pytest.fixture
def alerts(frozen_today, late_north, soon_north, late_west):
    recompute_reviews(today=date(2026, 11, 23))
    return {a.review.plan.plan_ref: a for a in Alert.objects.select_related("review__plan")}


def test_each_notification_links_to_its_case_with_the_childs_name(officer_north, alerts):
    page = client_for(officer_north).get(PAGE).content.decode()
    assert 'href="/casework/plans/EHCP-N-LATE/"' in page
    assert "Ava Patel" in page
    assert "EHCP-W-LATE" not in page


def test_reading_the_list_records_which_childrens_plans_were_shown(officer_north, alerts):
    client_for(officer_north).get(PAGE)
    listed = Event.objects.get(actor=officer_north, action="plan.listed")
    assert listed.details == {
        "page": "notifications",
        "plan_refs": ["EHCP-N-LATE", "EHCP-N-SOON"],
    }


def test_an_empty_list_records_nothing(officer_north, frozen_today):
    client_for(officer_north).get(PAGE)
    assert not Event.objects.filter(action="plan.listed").exists()


def test_marking_one_done_takes_it_off_the_list_and_is_an_event(officer_north, alerts):
    alert = alerts["EHCP-N-LATE"]
    response = client_for(officer_north).post(f"{PAGE}{alert.pk}/done/", {"next": "?kind=overdue"})
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?kind=overdue"
    alert.refresh_from_db()
    assert alert.done_at is not None
    assert alert.handled_by == officer_north
    event = Event.objects.get(action="alert.done")
    assert event.actor == officer_north
    assert event.target_id == str(alert.review_id)
    page = client_for(officer_north).get(PAGE).content.decode()
    assert "EHCP-N-LATE" not in page
    assert "EHCP-N-SOON" in page


def test_a_snoozed_one_leaves_the_list_until_its_date(officer_north, alerts):
    alert = alerts["EHCP-N-LATE"]
    response = client_for(officer_north).post(f"{PAGE}{alert.pk}/snooze/", {"how_long": "7"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.snoozed_until == date(2026, 11, 30)
    assert Event.objects.get(action="alert.snoozed").details["until"] == "2026-11-30"
    assert "EHCP-N-LATE" not in client_for(officer_north).get(PAGE).content.decode()
    with time_machine.travel("2026-11-30 09:00:00+00:00", tick=False):
        assert "EHCP-N-LATE" in client_for(officer_north).get(PAGE).content.decode()


def test_a_snooze_until_a_chosen_date(officer_north, alerts):
    alert = alerts["EHCP-N-LATE"]
    data = {"how_long": "date", "until_0": "4", "until_1": "1", "until_2": "2027"}
    client_for(officer_north).post(f"{PAGE}{alert.pk}/snooze/", data)
    alert.refresh_from_db()
    assert alert.snoozed_until == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select how long to snooze it for"),
        ({"how_long": "date"}, "Enter the date it comes back"),
        (
            {"how_long": "date", "until_0": "1", "until_1": "11", "until_2": "2026"},
            "The date it comes back must be in the future",
        ),
    ],
)
def test_a_snooze_without_a_usable_date_is_refused_with_a_message(
    officer_north, alerts, data, message
):
    alert = alerts["EHCP-N-LATE"]
    response = client_for(officer_north).post(f"{PAGE}{alert.pk}/snooze/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    alert.refresh_from_db()
    assert alert.snoozed_until is None


def test_another_areas_notification_is_not_found(officer_north, alerts):
    alert = alerts["EHCP-W-LATE"]
    client = client_for(officer_north)
    assert client.post(f"{PAGE}{alert.pk}/done/").status_code == 404
    assert client.get(f"{PAGE}{alert.pk}/snooze/").status_code == 404
    alert.refresh_from_db()
    assert alert.done_at is None


def test_marking_done_needs_a_post(officer_north, alerts):
    alert = alerts["EHCP-N-LATE"]
    client_for(officer_north).get(f"{PAGE}{alert.pk}/done/")
    alert.refresh_from_db()
    assert alert.done_at is None


def test_marking_done_needs_the_csrf_token(officer_north, alerts):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_north)
    alert = alerts["EHCP-N-LATE"]
    assert client.post(f"{PAGE}{alert.pk}/done/").status_code == 403


def test_a_manager_works_notifications_of_every_area(manager, alerts):
    page = client_for(manager).get(PAGE).content.decode()
    assert "EHCP-N-LATE" in page
    assert "EHCP-W-LATE" in page
    alert = alerts["EHCP-W-LATE"]
    assert client_for(manager).post(f"{PAGE}{alert.pk}/done/").status_code == 302


@pytest.mark.parametrize("persona", ["volunteer", "headteacher", "editor"])
def test_others_may_not_use_notifications(personas, alerts, persona):
    client = client_for(personas[persona])
    alert = alerts["EHCP-N-LATE"]
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}{alert.pk}/done/").status_code == 403
    assert client.get(f"{PAGE}{alert.pk}/snooze/").status_code == 403


def test_the_list_filters_by_kind_and_area(manager, alerts):
    client = client_for(manager)
    soon = client.get(PAGE, {"kind": "due_soon"}).content.decode()
    assert "EHCP-N-SOON" in soon
    assert "EHCP-N-LATE" not in soon
    west = client.get(PAGE, {"area": "West"}).content.decode()
    assert "EHCP-W-LATE" in west
    assert "EHCP-N-LATE" not in west


def test_the_digest_never_lists_what_the_officer_marked_done(officer_north, alerts):
    client_for(officer_north).post(f"{PAGE}{alerts['EHCP-N-LATE'].pk}/done/")
    with time_machine.travel("2026-11-23 10:30:00+00:00", tick=False):
        alert_digests_send()
    (message,) = mail.outbox
    assert "EHCP-N-SOON" in message.body
    assert "EHCP-N-LATE" not in message.body


def test_a_snoozed_notification_is_in_the_digest_the_morning_it_comes_back(officer_north, alerts):
    client_for(officer_north).post(f"{PAGE}{alerts['EHCP-N-LATE'].pk}/snooze/", {"how_long": "7"})
    with time_machine.travel("2026-11-24 07:00:00+00:00", tick=False):
        alert_digests_send()
    assert "EHCP-N-LATE" not in mail.outbox[0].body
    with time_machine.travel("2026-11-30 07:00:00+00:00", tick=False):
        alert_digests_send()
    assert "EHCP-N-LATE" in mail.outbox[1].body


def test_the_page_and_the_digest_list_the_same_alerts(officer_north, alerts):
    client_for(officer_north).post(f"{PAGE}{alerts['EHCP-N-SOON'].pk}/done/")
    today = date(2026, 11, 23)
    page_refs = {a.review.plan.plan_ref for a in Alert.objects.to_do(officer_north, today)}
    with time_machine.travel("2026-11-23 10:30:00+00:00", tick=False):
        alert_digests_send()
    assert page_refs == {"EHCP-N-LATE"}
    assert "EHCP-N-LATE" in mail.outbox[0].body
    assert "EHCP-N-SOON" not in mail.outbox[0].body


def test_the_list_makes_the_same_queries_for_one_alert_as_for_many(
    officer_north, alerts, north, django_assert_max_num_queries
):
    client = client_for(officer_north)
    client.get(PAGE)
    for _ in range(10):
        ReviewFactory.create(plan=PlanFactory.create(area=north))
    recompute_reviews(today=date(2026, 11, 23))
    with django_assert_max_num_queries(12):
        client.get(PAGE)


def test_the_way_back_to_the_list_is_never_an_address_elsewhere(officer_north, alerts):
    alert = alerts["EHCP-N-LATE"]
    client = client_for(officer_north)
    response = client.post(f"{PAGE}{alert.pk}/done/", {"next": "//evil.example/"})
    assert response["Location"] == PAGE
    page = client.get(f"{PAGE}{alert.pk}/snooze/", {"next": "https://evil.example/"})
    assert "evil.example" not in page.content.decode()


def test_each_row_shows_its_kind_step_and_deadline_in_words_and_acts_on_its_own_alert(
    officer_north, alerts
):
    late, soon = alerts["EHCP-N-LATE"], alerts["EHCP-N-SOON"]
    page = client_for(officer_north).get(PAGE).content.decode()
    late_row = page[page.index("EHCP-N-LATE/") : page.index(f"{PAGE}{late.pk}/snooze/")]
    assert 'govuk-tag--red">Overdue</strong>' in late_row
    assert f"<br>{late.get_step_display()}<br>" in late_row
    assert f"by {late.due_on.day} {late.due_on:%B %Y}" in late_row
    assert f'action="{PAGE}{late.pk}/done/"' in late_row
    soon_row = page[page.index("EHCP-N-SOON/") : page.index(f"{PAGE}{soon.pk}/snooze/")]
    assert 'govuk-tag--yellow">Due soon</strong>' in soon_row
    assert f'action="{PAGE}{soon.pk}/done/"' in soon_row


def test_a_childs_name_and_a_plan_reference_holding_markup_are_shown_as_text(
    frozen_today, officer_north, north
):
    child = ChildFactory.create(forename="<b>Ava</b>", surname="O'Neil")
    ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP/<i>", child=child))
    recompute_reviews(today=date(2026, 11, 23))
    page = client_for(officer_north).get(PAGE).content.decode()
    assert escape("<b>Ava</b> O'Neil") in page
    assert "<b>Ava</b>" not in page
    assert escape("EHCP/<i>") in page
    assert 'href="/casework/plans/EHCP%252F%253Ci%253E/"' in page
