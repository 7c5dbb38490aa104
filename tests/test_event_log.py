import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import Event
from audit.selectors import event_list_for_target
from audit.services import event_record

pytestmark = pytest.mark.django_db


def test_an_event_records_who_did_what_to_which_object_and_when(manager, officer_north):
    event = event_record(
        actor=manager, action="user.viewed", target=officer_north, details={"why": "audit"}
    )
    assert event.actor == manager
    assert event.action == "user.viewed"
    assert event.target_id == str(officer_north.pk)
    assert event.occurred_at is not None
    assert list(event_list_for_target(officer_north)) == [event]


def test_the_timeline_of_an_object_leaves_out_other_objects(manager, officer_north, officer_west):
    event_record(actor=manager, action="user.viewed", target=officer_west)
    mine = event_record(actor=manager, action="user.viewed", target=officer_north)
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
