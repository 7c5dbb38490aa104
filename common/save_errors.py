"""What to tell a person when the database refuses a value that a check let through.

The database's own words ("value too long for type character varying(100)") are turned into
the row and column of the file where they can be found, and plain words where they cannot.
"""

import re
from collections.abc import Iterable, Mapping

import psycopg
from django.db import DatabaseError, OperationalError

# Errors of a save: Django's, and psycopg's own, which COPY raises without Django's wrapping.
SAVE_ERRORS: tuple[type[Exception], ...] = (DatabaseError, psycopg.Error)
# Of those, the ones worth trying again: the connection dropped, nothing was refused.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, psycopg.OperationalError)

Rows = Iterable[tuple[int, dict[str, str]]]

_TOO_LONG = re.compile(r"value too long for type character varying\((\d+)\)")
_COLUMN = re.compile(r"column (\w+)")


def _diagnostics(error: Exception) -> tuple[str, str]:
    """The database's primary message and where it happened, as far as the driver says."""
    source = error if isinstance(error, psycopg.Error) else (error.__cause__ or error)
    diag = getattr(source, "diag", None)
    primary = getattr(diag, "message_primary", None) or str(source)
    where = " ".join(
        part
        for part in (getattr(diag, "column_name", None), getattr(diag, "context", None))
        if part
    )
    return primary, where


def _column_in_file(column: str, row: dict[str, str]) -> str | None:
    for name in (column, f"setting_{column}"):
        if name in row:
            return name
    return None


def _row_too_long(
    rows: Rows, column: str | None, limit: int, limits: Mapping[str, int]
) -> tuple[int, str] | None:
    for number, row in rows:
        names = [n for n in [_column_in_file(column, row) if column else None] if n]
        # Not named by the database (an INSERT ... SELECT does not say): the file's columns
        # the database holds in `limit` characters, else any of them.
        names = names or [n for n in row if limits.get(n) == limit] or list(row)
        for name in names:
            if len(row.get(name, "")) > limit:
                return number, name
    return None


def _row_with_nul(rows: Rows) -> tuple[int, str] | None:
    for number, row in rows:
        for name, value in row.items():
            if "\x00" in value:
                return number, name
    return None


def database_refusal(
    error: Exception, *, rows: Rows = (), limits: Mapping[str, int] | None = None
) -> str:
    """One sentence for the person: the row and column when the file's `rows` show them.
    `limits`: the character limit of each of the file's columns as the database holds it now,
    to find the column of a value too long when the database does not name it."""
    primary, where = _diagnostics(error)
    too_long = _TOO_LONG.search(primary)
    if too_long:
        limit = int(too_long.group(1))
        column = _COLUMN.search(where)
        found = _row_too_long(rows, column.group(1) if column else None, limit, limits or {})
        if found:
            return (
                f"Row {found[0]}, column {found[1]}: the value is longer than the {limit} "
                "characters the record can hold."
            )
        return f"A value is longer than the {limit} characters the record can hold."
    if "NUL" in primary or "\\u0000" in primary or "0x00" in primary:
        found = _row_with_nul(rows)
        if found:
            return (
                f"Row {found[0]}, column {found[1]}: the value contains a NUL character, "
                "which cannot be stored; remove it."
            )
        return "A value contains a NUL character, which cannot be stored; remove it."
    return f"The database refused a value: {primary}."
