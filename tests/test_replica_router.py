"""The database router (common.replica): everything on the primary unless the code opts in.

These tests decide routes without a replica server; tests/test_read_replica.py runs the same
rules against a real streaming replica."""

import pytest
from django.db import connections, router, transaction

from accounts.models import User
from audit.models import Event
from common.replica import PRIMARY, REPLICA, ReplicaRouter, read_alias, reading_from_replica
from localoffer.models import Service


@pytest.fixture
def replica_configured(monkeypatch):
    """As if DATABASE_REPLICA_URL were set; no query is made through the replica here."""
    monkeypatch.setattr("common.replica.replica_configured", lambda: True)


def test_without_a_replica_every_read_and_write_goes_to_the_primary():
    with reading_from_replica():
        assert router.db_for_read(Service) == PRIMARY
        assert router.db_for_write(Event) == PRIMARY
    assert router.db_for_read(Service) == PRIMARY


def test_reads_go_to_the_replica_only_inside_the_scope(replica_configured):
    assert router.db_for_read(Service) == PRIMARY
    with reading_from_replica():
        assert router.db_for_read(Service) == REPLICA
        assert router.db_for_read(User) == REPLICA
    assert router.db_for_read(Service) == PRIMARY


def test_a_write_goes_to_the_primary_and_keeps_the_rest_of_the_scope_there(replica_configured):
    with reading_from_replica():
        assert router.db_for_read(Event) == REPLICA
        assert router.db_for_write(Event) == PRIMARY
        assert router.db_for_read(Event) == PRIMARY
        assert router.db_for_read(Service) == PRIMARY
    with reading_from_replica():  # a new scope starts on the replica again
        assert router.db_for_read(Event) == REPLICA


def test_a_scope_inside_a_scope_is_the_same_scope(replica_configured):
    with reading_from_replica():
        with reading_from_replica():
            router.db_for_write(Event)
        assert router.db_for_read(Event) == PRIMARY


def test_the_decorator_opens_a_new_scope_on_each_call(replica_configured):
    @reading_from_replica()
    def read_then_write() -> tuple[str, str]:
        before = read_alias()
        router.db_for_write(Event)
        return before, read_alias()

    assert read_then_write() == (REPLICA, PRIMARY)
    assert read_then_write() == (REPLICA, PRIMARY)
    assert read_alias() == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(replica_configured):
    with reading_from_replica():
        assert read_alias() == REPLICA
        with transaction.atomic():
            assert connections[PRIMARY].in_atomic_block
            assert router.db_for_read(Service) == PRIMARY
        assert read_alias() == REPLICA


def test_only_the_primary_is_migrated_and_objects_may_relate_across_both():
    replica_router = ReplicaRouter()
    assert replica_router.allow_migrate(PRIMARY, "casework")
    assert not replica_router.allow_migrate(REPLICA, "casework")
    assert replica_router.allow_relation(object(), object())


@pytest.mark.django_db
def test_without_a_replica_a_scoped_read_sees_what_was_just_written(officer_north):
    with reading_from_replica():
        Event.objects.create(actor=officer_north, action="test.replica")
        assert Event.objects.filter(action="test.replica").exists()
