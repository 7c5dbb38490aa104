"""Saving a caseload file's rows (DESIGN section 6): settings, children, plans and reviews
created or changed by set-based SQL from the staging tables of caseload.import_staging
(INSERT ... SELECT for new records, UPDATE ... FROM for changed ones), then one set-based
recompute of the affected reviews. The caller holds the transaction.
"""

from typing import Any

from django.db import connection, models
from django.utils import timezone

from caseload.import_staging import CONCLUDED_COLUMNS
from caseload.import_stored import CHILD_VALUES, PLAN_VALUES, REVIEW_FIELDS
from casework.models import Child, Plan
from organisation.models import Setting
from reviews.models import Review
from reviews.recompute import recompute_reviews


def _next_ids(model: type[Any], count: int) -> list[int]:
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_by_copy(model: type[models.Model], objects: list[Any]) -> list[Any]:
    """Insert new `objects` with one COPY, their ids taken from the table's sequence first and
    set on them; every column written, each object's own default where nothing was given."""
    if not objects:
        return objects
    for obj, pk in zip(objects, _next_ids(model, len(objects)), strict=True):
        obj.pk = pk
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for obj in objects:
                copy.write_row(tuple(getattr(obj, f.attname) for f in fields))
    return objects


def _defaults(model: type[models.Model], given: list[str]) -> tuple[list[str], list[Any]]:
    """The columns of `model` not in `given`, except its id, with their defaults as the ORM
    would write them, for an INSERT ... SELECT that names every column."""
    columns, values = [], []
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        columns.append(connection.ops.quote_name(field.column))
        values.append(field.get_db_prep_save(value, connection))
    return columns, values


def _insert_select(
    cursor: Any, model: type[models.Model], given: dict[str, str], rest: str
) -> None:
    """INSERT INTO the model's table the `given` columns (column -> SQL expression) of the
    rows `rest` (FROM ... WHERE ...) selects, every other column at its default."""
    names = [connection.ops.quote_name(c) for c in given]
    default_columns, defaults = _defaults(model, list(given))
    placeholders = ["%s"] * len(defaults)
    cursor.execute(
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(names + default_columns)}) "
        f"SELECT {', '.join(list(given.values()) + placeholders)} {rest}",
        defaults,
    )


PLAN_SAVED = {**PLAN_VALUES, "setting_id": "m.setting_id"}
REVIEW_VALUES = {f: f"m.o_{f}" for f in REVIEW_FIELDS}
NEW = "FROM import_merge m JOIN import_row s USING (row) WHERE m.kind = 'new'"
CHANGED = "FROM import_merge m JOIN import_row s USING (row) WHERE m.kind = 'changed'"


def _settings_save(cursor: Any, own_settings: tuple[str, tuple[Any, ...]]) -> None:
    """Create the settings the file names that are not registered, and correct those the
    person may change; the last row naming a setting gives its name and phase. The changed
    plans' rows take the new settings' ids here, the new plans' with their other ids."""
    table = Setting._meta.db_table
    last = (
        "SELECT DISTINCT ON (s.setting_urn) s.setting_urn, s.setting_name, s.setting_phase, "
        "s.area_id, m.setting_id FROM import_merge m JOIN import_row s USING (row) "
        "ORDER BY s.setting_urn, s.row DESC"
    )
    _insert_select(
        cursor,
        Setting,
        {
            "urn": "l.setting_urn",
            "name": "l.setting_name",
            "phase": "l.setting_phase",
            "area_id": "l.area_id",
        },
        f"FROM ({last}) l WHERE l.setting_id IS NULL",
    )
    own_sql, own_params = own_settings
    cursor.execute(
        f"""
        UPDATE {table} t SET name = l.setting_name, phase = l.setting_phase
        FROM ({last}) l
        WHERE t.id = l.setting_id AND t.id IN ({own_sql})
          AND (t.name, t.phase) IS DISTINCT FROM (l.setting_name, l.setting_phase)
        """,
        own_params,
    )
    cursor.execute(
        f"""
        UPDATE import_merge m SET setting_id = t.id
        FROM import_row s, {table} t
        WHERE s.row = m.row AND m.kind <> 'new' AND m.setting_id IS NULL
          AND t.urn = s.setting_urn
        """
    )


def _new_plans_save(cursor: Any) -> None:
    """New plans with their children (matched by UPN when they have one, else new), their
    open reviews, and the ids of those reviews for the recompute."""
    children, plans = Child._meta.db_table, Plan._meta.db_table
    reviews, settings = Review._meta.db_table, Setting._meta.db_table
    # Each new plan's setting (registered just now when it was not) and child: the one stored with its UPN, else a new child for each UPN (the
    # first row gives its details) and for each row without a UPN.
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE import_new ON COMMIT DROP AS
        SELECT m.row, c.id AS stored_child, COALESCE(m.setting_id, t.id) AS setting_id,
               min(s.row) OVER (PARTITION BY COALESCE(s.upn, s.row::text)) AS first_row
        FROM import_merge m JOIN import_row s USING (row)
        LEFT JOIN {children} c ON c.upn = s.upn
        LEFT JOIN {settings} t ON t.urn = s.setting_urn
        WHERE m.kind = 'new'
        """
    )
    # The new children's ids are taken from the sequence first, so that the plans can name
    # them; the plans' and open reviews' ids likewise, all set in one pass.
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE import_child ON COMMIT DROP AS
        SELECT row, nextval(pg_get_serial_sequence('{children}', 'id')) AS id
        FROM import_new WHERE stored_child IS NULL AND row = first_row
        """
    )
    _insert_select(
        cursor,
        Child,
        {"id": "n.id", **CHILD_VALUES},
        "FROM import_child n JOIN import_row s USING (row)",
    )
    cursor.execute(
        f"""
        UPDATE import_merge m SET child_id = COALESCE(x.stored_child, n.id),
            setting_id = x.setting_id,
            plan_id = nextval(pg_get_serial_sequence('{plans}', 'id')),
            open_review_id = nextval(pg_get_serial_sequence('{reviews}', 'id'))
        FROM import_new x LEFT JOIN import_child n ON n.row = x.first_row
        WHERE x.row = m.row;
        DROP TABLE import_new, import_child;
        """
    )
    _insert_select(
        cursor,
        Plan,
        {"id": "m.plan_id", "plan_ref": "s.ref", "child_id": "m.child_id", **PLAN_SAVED},
        NEW,
    )
    _insert_select(
        cursor,
        Review,
        {"id": "m.open_review_id", "plan_id": "m.plan_id", **REVIEW_VALUES},
        NEW,
    )


def _concluded_reviews_save(cursor: Any) -> None:
    _insert_select(
        cursor,
        Review,
        {"plan_id": "m.plan_id", **{c: f"m.c_{c}" for c in CONCLUDED_COLUMNS}},
        "FROM import_merge m WHERE m.concluded_set",
    )


def _changed_plans_save(cursor: Any) -> None:
    """The changed plans' children, plans and open reviews, each one UPDATE ... FROM."""
    children, plans, reviews = Child._meta.db_table, Plan._meta.db_table, Review._meta.db_table

    def update(table: str, values: dict[str, str], key: str, where: str = "") -> None:
        names = list(values)
        cursor.execute(
            f"UPDATE {table} t SET {', '.join(f'{n} = {values[n]}' for n in names)} "
            f"{CHANGED} AND t.id = {key} {where} "
            f"AND ({', '.join(f't.{n}' for n in names)}) IS DISTINCT FROM "
            f"({', '.join(values[n] for n in names)})"
        )

    update(children, CHILD_VALUES, "m.child_id")
    update(plans, PLAN_SAVED, "m.plan_id")
    update(reviews, REVIEW_VALUES, "m.open_review_id", "AND m.open_set")


def caseload_rows_save(own_settings: tuple[str, tuple[Any, ...]]) -> None:
    """Save what caseload.import_staging staged for the valid rows, then recompute the
    affected reviews; the caller holds the transaction."""
    with connection.cursor() as cursor:
        _settings_save(cursor, own_settings)
        _new_plans_save(cursor)
        _concluded_reviews_save(cursor)
        _changed_plans_save(cursor)
        cursor.execute(
            "INSERT INTO import_affected SELECT open_review_id FROM import_merge "
            "WHERE kind IN ('new', 'changed') AND open_review_id IS NOT NULL"
        )
        cursor.execute("ANALYZE import_affected")
    recompute_reviews(scope="SELECT id FROM import_affected")
