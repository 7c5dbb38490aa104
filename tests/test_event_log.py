from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import Event
from audit.selectors import event_list_for_target
from audit.services import event_record
from audit.templatetags.audit_tags import detail_value, event_label

pytestmark = pytest.mark.django_db


def test_an_event_records_who_did_what_to_which_object_and_when(
    manager, officer_north, frozen_today
):
    event = event_record(
        actor=manager, action="user.created", target=officer_north, details={"why": "audit"}
    )
    assert event.actor == manager
    assert event.action == "user.created"
    assert event.target_id == str(officer_north.pk)
    assert event.occurred_at == datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert list(event_list_for_target(officer_north)) == [event]


def test_the_timeline_of_an_object_leaves_out_other_objects(manager, officer_north, officer_west):
    event_record(actor=manager, action="user.created", target=officer_west)
    mine = event_record(actor=manager, action="user.created", target=officer_north)
    assert list(event_list_for_target(officer_north)) == [mine]


def test_a_saved_event_cannot_be_changed_through_the_model(manager):
    event = event_record(actor=manager, action="user.signed_in")
    event.action = "user.signed_out"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET action = 'tampered'", "DELETE FROM audit_event"]
)
def test_the_database_refuses_to_change_or_delete_events(manager, statement):
    event_record(actor=manager, action="user.signed_in")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert Event.objects.get().action == "user.signed_in"


def test_queryset_deletes_are_refused_too(manager):
    event_record(actor=manager, action="user.signed_in")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.all().delete()
    assert Event.objects.count() == 1


def test_changes_to_forecast_defaults_and_deadline_rules_read_in_words(manager):
    forecast = event_record(actor=manager, action="forecast_capacity.changed")
    rules = event_record(actor=manager, action="deadline_rules.changed")
    assert event_label(forecast) == "Default capacity for the backlog forecast changed"
    assert event_label(rules) == "Warning window and priority weights changed"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-11-20", "20 November 2026"),
        ("amendments_withdrawn", "Amendments withdrawn"),
        ("maintain", "Maintain"),
        ("The new school can meet the need.", "The new school can meet the need."),
        ("2026-02-30", "2026-02-30"),
        (3, "3"),
    ],
)
def test_an_event_detail_reads_as_words_not_stored_names_or_iso_dates(value, shown):
    assert detail_value(value) == shown
