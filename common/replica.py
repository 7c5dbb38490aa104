"""Reads that tolerate a little lag, sent to a read replica (docs/decisions/0028).

Deny by default: every query goes to the primary ("default") unless the code that reads opts
in with `reading_from_replica()`, a context manager that is also a decorator. Inside it, a
read goes to "replica" when DATABASE_REPLICA_URL configured one, except

- inside a transaction on the primary: what it reads must agree with what it locks or writes;
- after a write in the same scope: a read straight after a write must see it, and the
  replica may not have it yet.

Writes always go to the primary, inside a scope or not. A scope opened inside another is
the same scope, so a write anywhere in it keeps the rest of it on the primary.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"


@dataclass
class _Scope:
    wrote: bool = False


Rows = TypeVar("Rows", bound=QuerySet[Any, Any])

_scope: ContextVar[_Scope | None] = ContextVar("kentsend_replica_scope", default=None)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Let the reads in this block (or decorated function) go to the read replica."""
    token = _scope.set(_scope.get() or _Scope())
    try:
        yield
    finally:
        _scope.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """The database a read made here and now goes to."""
    scope = _scope.get()
    if scope is None or scope.wrote or not replica_configured():
        return PRIMARY
    if connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return REPLICA


def pinned(rows: Rows) -> Rows:
    """`rows` read from the database chosen now, whatever happens before they are read: for a
    download whose event is written first (and which does not read that event), or whose
    rows are streamed after the view, and so the scope, has returned."""
    return rows.using(rows.db)


class ReplicaRouter:
    """The project's only database router (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None:
            scope.wrote = True
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica holds the primary's rows: an object read from either is the same row.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
