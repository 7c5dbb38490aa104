"""What kentsend does with a real streaming replica: run by tests/test_read_replica.py as
`python -m tests.replica_probe`, with DATABASE_URL at a private primary's empty database and
DATABASE_REPLICA_URL at its hot standby, exactly as a council would configure them. It
migrates, tries the router and the pages, and prints what it saw as one JSON object; the test
asserts on it.

Every query is recorded with the alias (and so the server) that ran it, through each
connection's execute wrapper."""

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kentsend.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections, router  # noqa: E402
from django.test import Client  # noqa: E402

from audit.models import Event  # noqa: E402
from common.replica import PRIMARY, REPLICA, reading_from_replica  # noqa: E402
from reviews.models import DeadlineRules  # noqa: E402
from tests.factories import PlanFactory, UserFactory  # noqa: E402
from volunteers.models import ProgrammeSettings  # noqa: E402

CATCH_UP_SECONDS = 30
served: list[tuple[str, str]] = []


def _recorder(alias: str) -> Callable[..., Any]:
    def record(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        served.append((alias, " ".join(sql.split())))
        return execute(sql, *args)

    return record


@contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """The (alias, SQL) of every query made in the block."""
    served.clear()
    with ExitStack() as stack:
        for alias in (PRIMARY, REPLICA):
            stack.enter_context(connections[alias].execute_wrapper(_recorder(alias)))
        yield served


def server(alias: str) -> dict[str, Any]:
    """Which server a connection reaches: a standby is in recovery."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        in_recovery, port = cursor.fetchone()
    return {"alias": alias, "in_recovery": in_recovery, "port": port}


def replica_caught_up() -> bool:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        (written,) = cursor.fetchone()
    deadline = time.monotonic() + CATCH_UP_SECONDS
    while time.monotonic() < deadline:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def aliases(queries: list[tuple[str, str]], *starts: str, naming: str = "") -> list[str]:
    """The aliases that ran the queries beginning with any of `starts` (and naming a table,
    if given), each once."""
    return sorted(
        {alias for alias, sql in queries if sql.upper().startswith(starts) and naming in sql}
    )


def main() -> dict[str, Any]:
    call_command("migrate", verbosity=0)  # on the primary only: the replica follows
    seen: dict[str, Any] = {"primary": server(PRIMARY), "replica": server(REPLICA)}

    # (a) A write lands on the primary and streams to the replica.
    written = Event.objects.create(action="replica.probe")
    seen["write_outside_scope"] = written._state.db
    seen["streamed"] = replica_caught_up() and (
        Event.objects.using(REPLICA).filter(pk=written.pk).exists()
    )

    # (b) Inside the scope a read is served by the replica.
    with reading_from_replica():
        seen["read_in_scope"] = server(router.db_for_read(Event))
        seen["orm_read_in_scope"] = Event.objects.get(pk=written.pk)._state.db
        # (c, d) A write in the scope goes to the primary, and the read after it too.
        fresh = Event.objects.create(action="replica.probe.fresh")
        seen["write_in_scope"] = fresh._state.db
        seen["read_after_write"] = server(router.db_for_read(Event))
        seen["read_after_write_finds_it"] = Event.objects.filter(pk=fresh.pk).exists()
    seen["read_outside_scope"] = server(router.db_for_read(Event))

    # (e) The dashboard's refresh, the Local Offer, its feed and a download.
    manager = UserFactory.create(email="replica.manager@example.org")
    PlanFactory.create_batch(3)
    # The single rows of settings, made by their first reader on a new database (a write).
    DeadlineRules.current()
    ProgrammeSettings.current()
    assert replica_caught_up()
    from reporting.tasks import refresh_current_figures

    with recording() as queries:
        seen["dashboard_areas"] = refresh_current_figures()
    seen["dashboard_reads"] = aliases(queries, "SELECT", "WITH")
    seen["dashboard_queries"] = len(queries)
    seen["dashboard_on_primary"] = [sql[:200] for alias, sql in queries if alias == PRIMARY]

    anonymous = Client()
    for name, path in [("local_offer", "/local-offer/"), ("feed", "/openreferral/services")]:
        with recording() as queries:
            seen[f"{name}_status"] = anonymous.get(path).status_code
        seen[f"{name}_reads"] = aliases(queries, "SELECT", "WITH")

    signed_in = Client()
    signed_in.force_login(manager)
    with recording() as queries:
        response = signed_in.get("/casework/export/plans.csv")
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    seen["export_status"] = response.status_code
    seen["export_lines"] = len(body.splitlines())
    # Who is signed in is read by the middleware, outside the view's scope: the primary.
    seen["export_session_reads"] = aliases(queries, "SELECT", naming='"django_session"')
    # The plans are read by the COPY alone (no count before it), in this transaction.
    seen["export_copy_transaction"] = aliases(queries, "SET LOCAL JIT")
    seen["export_writes"] = aliases(queries, "INSERT", "UPDATE")
    seen["export_events"] = list(
        Event.objects.filter(actor=manager).order_by("pk").values_list("action", flat=True)
    )
    return seen


if __name__ == "__main__":
    print(json.dumps(main()))
