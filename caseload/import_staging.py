"""A caseload file staged in temporary tables (DESIGN section 6), so that checking and
comparing it takes memory flat in the number of rows.

Rows are read one at a time, checked on their own (caseload.import_rows), and written with
COPY into `import_row`, their errors into `import_error`. The checks that span rows (another
team's plans and UPNs, a plan reference given twice, a UPN the save could not store) are
set-based SQL over the staged rows. Each valid row is then read back beside what is stored
for its plan and what saving it would do goes into `import_merge`, from which
caseload.import_save saves. The tables live until the end of the transaction.
"""

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from caseload.import_rows import CheckedRow, Lookups, Reach, parse_row
from caseload.import_stored import (
    CHILD_VALUES,
    PLAN_VALUES,
    REVIEW_FIELDS,
    RowHistory,
    RowReviews,
    row_history,
)
from casework.models import Child, Plan
from common.table_rows import CONTROL_CHARACTERS, printable
from organisation.models import Setting
from reviews.models import Review, ReviewStatus

ANOTHER_TEAMS_PLAN = "plan reference already used by another team's caseload; ask a manager"
ANOTHER_TEAMS_UPN = "UPN already used by another team's caseload; ask a manager"
BATCH = 5_000

# Messages a row may carry, in the order it shows them: its own cells first.
CROSS_TEAM, DUPLICATE, UPN_REFUSED = 1_000, 2_000, 3_000

ROW_COLUMNS = ["row", "ref", "shown_ref", "upn", "shown_upn", "valid", *CheckedRow._fields]
NOT_CHECKED = (None,) * len(CheckedRow._fields)
OPEN_COLUMNS = ["is_first_review", "previous_meeting_on", "due_on", "meeting_on", "status"]
CONCLUDED_COLUMNS = [
    "status",
    "is_first_review", "previous_meeting_on", "due_on", "meeting_on", "decision",
    "decision_notified_on", "concluded_on", "decision_outside_period",
]  # fmt: skip
MERGE_COLUMNS = [
    "row", "kind", "changes", "kept", "plan_id", "child_id", "setting_id", "open_review_id",
    "open_set", *[f"o_{c}" for c in OPEN_COLUMNS],
    "concluded_set", *[f"c_{c}" for c in CONCLUDED_COLUMNS],
]  # fmt: skip

CREATE = """
DROP TABLE IF EXISTS import_row, import_error, import_setting, import_merge, import_affected;
CREATE TEMPORARY TABLE import_row (
    row int PRIMARY KEY, ref text NOT NULL, shown_ref text NOT NULL, upn text,
    shown_upn text NOT NULL, valid bool NOT NULL, forename text, surname text,
    date_of_birth date, primary_need text, setting_urn text, setting_name text,
    setting_phase text, area_id int, plan_issued_on date, last_review_meeting_on date,
    last_review_decision_on date, last_review_outcome text, looked_after bool,
    case_officer_id int
) ON COMMIT DROP;
CREATE TEMPORARY TABLE import_error (
    row int NOT NULL, seq int NOT NULL, message text NOT NULL
) ON COMMIT DROP;
CREATE TEMPORARY TABLE import_merge (
    row int PRIMARY KEY, kind text NOT NULL, changes text NOT NULL, kept bool NOT NULL,
    plan_id int, child_id int, setting_id int, open_review_id int,
    open_set bool NOT NULL, o_is_first_review bool, o_previous_meeting_on date, o_due_on date,
    o_meeting_on date, o_status text,
    concluded_set bool NOT NULL, c_status text, c_is_first_review bool, c_previous_meeting_on date,
    c_due_on date, c_meeting_on date, c_decision text, c_decision_notified_on date,
    c_concluded_on date, c_decision_outside_period bool
) ON COMMIT DROP;
CREATE TEMPORARY TABLE import_affected (id int) ON COMMIT DROP;
"""


def staging_create(cursor: CursorWrapper) -> None:
    cursor.execute(CREATE)


def _key(value: str) -> str:
    """A cell as the staging table can hold it and a lookup can match it: a character no
    database text can carry (a NUL, a lone surrogate) stands as \ufffd, which no stored
    plan reference or UPN holds."""
    return CONTROL_CHARACTERS.sub("\ufffd", value)


def _staged(number: int, raw: dict[str, str], checked: CheckedRow | None) -> tuple[Any, ...]:
    ref, upn = raw.get("plan_ref", ""), raw.get("upn", "")
    head = (number, _key(ref), printable(ref), _key(upn.upper()) or None, printable(upn))
    if checked is None:
        return (*head, False, *NOT_CHECKED)
    return (*head, True, *checked)


def _copy(
    cursor: CursorWrapper, table: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def rows_stage(
    cursor: CursorWrapper,
    rows: Iterator[tuple[int, dict[str, str]]],
    lookups: Lookups,
    today: date,
) -> None:
    """Check each row on its own and stage it, with its errors, in batches."""
    staged: list[tuple[Any, ...]] = []
    errors: list[tuple[int, int, str]] = []
    for number, raw in rows:
        outcome = parse_row(number, raw, lookups, today)
        if isinstance(outcome, list):
            errors += [(number, seq, str(e)) for seq, e in enumerate(outcome)]
            staged.append(_staged(number, raw, None))
        else:
            staged.append(_staged(number, raw, outcome))
        if len(staged) >= BATCH:
            _copy(cursor, "import_row", ROW_COLUMNS, staged)
            _copy(cursor, "import_error", ["row", "seq", "message"], errors)
            staged, errors = [], []
    _copy(cursor, "import_row", ROW_COLUMNS, staged)
    _copy(cursor, "import_error", ["row", "seq", "message"], errors)
    cursor.execute("CREATE INDEX ON import_row (ref)")
    cursor.execute("CREATE INDEX ON import_row (upn)")
    cursor.execute("CREATE INDEX ON import_error (row)")
    cursor.execute("ANALYZE import_row")
    cursor.execute("ANALYZE import_error")


def _cell_error(column: str, shown: str, expected: str) -> str:
    """CellError's words (common.table_rows) in SQL, `shown` and `expected` SQL text."""
    return (
        f"'Row ' || s.row || ', column {column}: ' || "
        f"CASE WHEN {shown} = '' THEN 'a blank cell' ELSE '''' || {shown} || '''' END || "
        f"': ' || {expected}"
    )


NO_ERROR = "NOT EXISTS (SELECT 1 FROM import_error e WHERE e.row = s.row)"


def rows_refuse_across(cursor: CursorWrapper, reach: Reach) -> None:
    """The checks that span rows and the stored records, each one statement."""
    plans, child, tables = Plan._meta.db_table, Child._meta.db_table, Plan._meta.db_table
    visible = reach.plan_ids_sql()
    if visible is not None:
        # Said the same whatever the other team's plan holds: the row reveals nothing of it.
        sql, params = visible
        cursor.execute(
            f"""
            INSERT INTO import_error
            SELECT s.row, {CROSS_TEAM}, {_cell_error("plan_ref", "s.shown_ref", "%s")}
            FROM import_row s JOIN {plans} p ON p.plan_ref = s.ref
            WHERE s.ref <> '' AND p.id NOT IN ({sql})
            """,
            (ANOTHER_TEAMS_PLAN, *params),
        )
        cursor.execute(
            f"""
            INSERT INTO import_error
            SELECT s.row, {CROSS_TEAM}, {_cell_error("upn", "s.shown_upn", "%s")}
            FROM import_row s
            WHERE s.upn IS NOT NULL
              AND NOT EXISTS (
                  SELECT 1 FROM import_error e WHERE e.row = s.row AND e.seq = {CROSS_TEAM})
              AND EXISTS (
                  SELECT 1 FROM {child} c JOIN {tables} p ON p.child_id = c.id
                  WHERE c.upn = s.upn)
              AND NOT EXISTS (
                  SELECT 1 FROM {child} c JOIN {tables} p ON p.child_id = c.id
                  WHERE c.upn = s.upn AND p.id IN ({sql}))
            """,
            (ANOTHER_TEAMS_UPN, *params),
        )
    # A reference given twice: every later copy names the first; the first is refused too
    # when nothing else is wrong with it (which copy is right is the officer's call).
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE import_duplicate ON COMMIT DROP AS
        SELECT ref, min(row) AS first FROM import_row WHERE ref <> ''
        GROUP BY ref HAVING count(*) > 1;
        INSERT INTO import_error
        SELECT s.row, {DUPLICATE}, {_cell_error("plan_ref", "s.shown_ref", "'appears more than once in the file (first on row ' || d.first || ')'")}
        FROM import_row s JOIN import_duplicate d USING (ref) WHERE s.row > d.first;
        INSERT INTO import_error
        SELECT s.row, {DUPLICATE}, {_cell_error("plan_ref", "s.shown_ref", "'appears more than once in the file'")}
        FROM import_row s JOIN import_duplicate d USING (ref) WHERE s.row = d.first AND {NO_ERROR};
        DROP TABLE import_duplicate;
        """
    )
    # UPNs the save could not store: one already on another child's record (moving it would
    # merge two children), or one this file gives to two children (the unique UPN refuses it).
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE import_upn ON COMMIT DROP AS
        SELECT s.row, s.upn, p.child_id AS plan_child, c.id AS owner
        FROM import_row s
        LEFT JOIN {plans} p ON p.plan_ref = s.ref
        LEFT JOIN {child} c ON c.upn = s.upn
        WHERE s.valid AND s.upn IS NOT NULL AND {NO_ERROR}
        """
    )
    cursor.execute(
        f"""
        INSERT INTO import_error
        SELECT s.row, {UPN_REFUSED}, {_cell_error("upn", "s.upn", "%s")}
        FROM import_upn s WHERE s.owner <> s.plan_child
        """,
        ("already belongs to another child's record; check the UPN",),
    )
    cursor.execute(
        f"""
        WITH given AS (
            SELECT s.row, s.upn, COALESCE(s.plan_child, s.owner, 0) AS child_of
            FROM import_upn s WHERE s.owner IS NULL OR s.plan_child IS NULL OR s.owner = s.plan_child
        ), shared AS (
            SELECT upn, string_agg(row::text, ', ' ORDER BY row) AS numbers FROM given
            GROUP BY upn HAVING count(DISTINCT child_of) > 1
        )
        INSERT INTO import_error
        SELECT s.row, {UPN_REFUSED}, {_cell_error("upn", "s.upn", "%s || h.numbers || %s")}
        FROM given s JOIN shared h USING (upn)
        """,
        (
            "is given to more than one child's record in this file (rows ",
            "); check the UPN, or import these rows in two files",
        ),
    )
    cursor.execute("DROP TABLE import_upn")


def _changed(table: str, values: dict[str, str]) -> list[str]:
    """For each field, its name when the stored value differs from the staged row's (SQL)."""
    return [f"CASE WHEN {table}.{f} IS DISTINCT FROM {v} THEN '{f}' END" for f, v in values.items()]


def _compare_sql(reach: Reach) -> tuple[str, tuple[Any, ...]]:
    """Each valid row beside its stored plan: the row's history, the ids it would save to,
    which child and plan fields and whether the setting would change (in CHILD_FIELDS,
    PLAN_FIELDS order), the open review's fields, and the latest concluded review."""
    own_sql, own_params = reach.setting_ids_sql()
    reviews, settings = Review._meta.db_table, Setting._meta.db_table
    plans, children = Plan._meta.db_table, Child._meta.db_table
    changed = [
        *_changed("c", CHILD_VALUES),
        *_changed("p", {**PLAN_VALUES, "setting_id": "st.id"}),
        f"""CASE WHEN st.id IS NULL OR (st.id IN ({own_sql})
                AND (st.name, st.phase) IS DISTINCT FROM (s.setting_name, s.setting_phase))
           THEN 'setting' END""",
    ]
    sql = f"""
        SELECT s.row, s.plan_issued_on, s.last_review_meeting_on, s.last_review_decision_on,
            s.last_review_outcome, p.id, p.child_id, st.id,
            CASE WHEN p.id IS NULL THEN ''
                 ELSE array_to_string(ARRAY[{", ".join(changed)}], ', ') END,
            r.id, {", ".join(f"r.{f}" for f in REVIEW_FIELDS)},
            k.meeting_on, k.decision_notified_on, k.decision
        FROM import_row s
        LEFT JOIN {plans} p ON p.plan_ref = s.ref
        LEFT JOIN {children} c ON c.id = p.child_id
        LEFT JOIN {settings} st ON st.urn = s.setting_urn
        LEFT JOIN {reviews} r ON r.plan_id = p.id AND r.status <> %s
        LEFT JOIN (
            SELECT DISTINCT ON (k.plan_id) k.plan_id, k.meeting_on, k.decision_notified_on,
                k.decision
            FROM {reviews} k
            WHERE k.status = %s AND k.meeting_on IS NOT NULL AND k.plan_id IN (
                SELECT f.id FROM import_row i JOIN {plans} f ON f.plan_ref = i.ref)
            ORDER BY k.plan_id, k.meeting_on DESC, k.id DESC
        ) k ON k.plan_id = p.id
        WHERE s.valid AND {NO_ERROR}
    """
    return sql, (*own_params, ReviewStatus.CONCLUDED, ReviewStatus.CONCLUDED)


def _merge_row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """What saving one valid row would do, as an `import_merge` row."""
    (number, issued, meeting, decided, outcome, plan_id, child_id, setting_id, changed,
     review_id, *stored_review, latest, latest_decided, latest_outcome) = values  # fmt: skip
    history: RowHistory = row_history(
        RowReviews(issued, meeting, decided, outcome),
        is_new=plan_id is None,
        open_status=stored_review[-1],
        latest_concluded=None if latest is None else (latest, latest_decided, latest_outcome),
    )
    opened, closed = history.open_fields, history.concluded
    kind = "new"
    if plan_id is not None:
        changes = [changed] if changed else []
        if review_id is not None and opened is not None:
            changes += [
                f for f, v in zip(REVIEW_FIELDS, stored_review, strict=True) if v != opened[f]
            ]
        if closed is not None:
            changes.append("last_review_decision_on")
        changed = ", ".join(changes)
        kind = "changed" if changed else "unchanged"
    return (
        number, kind, changed, history.kept, plan_id, child_id, setting_id, review_id,
        opened is not None, *[opened[c] if opened else None for c in OPEN_COLUMNS],
        closed is not None, *[closed[c] if closed else None for c in CONCLUDED_COLUMNS],
    )  # fmt: skip


def rows_compare(cursor: CursorWrapper, reach: Reach, progress: Callable[[], None]) -> None:
    """Read each valid row beside what is stored for its plan, a batch at a time, and stage
    what saving it would do. In no particular order: hash joins, not an index lookup a row."""
    sql, params = _compare_sql(reach)
    # The cursor reads every row: planned, as PostgreSQL plans a cursor, for the first tenth
    # of them, the comparison of 20,000 rows took 9 s in nested loops instead of 0.2 s.
    cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
    raw = connection.connection
    assert raw is not None
    with raw.cursor(name="import_compare") as stored:
        stored.itersize = BATCH
        stored.execute(sql, params)
        while batch := stored.fetchmany(BATCH):
            _copy(cursor, "import_merge", MERGE_COLUMNS, [_merge_row(v) for v in batch])
            progress()
    cursor.execute("ANALYZE import_merge")


def _sample(cursor: CursorWrapper, sql: str, limit: int = 10) -> tuple[list[Any], int]:
    cursor.execute(f"SELECT * FROM ({sql}) x LIMIT {limit}")
    shown = [r[0] if len(r) == 1 else r for r in cursor.fetchall()]
    cursor.execute(f"SELECT count(*) FROM ({sql}) x")
    return shown, cursor.fetchone()[0]


def unregistered_warnings(cursor: CursorWrapper) -> list[str]:
    """What the valid rows do that the officer should know, as the check words it."""
    warnings: list[str] = []
    valid = "SELECT s.*, m.setting_id, m.kept FROM import_row s JOIN import_merge m USING (row)"
    unknown, count = _sample(
        cursor, f"SELECT row, setting_urn FROM ({valid}) v WHERE setting_id IS NULL ORDER BY row"
    )
    warnings += [
        f"Row {number}: setting URN {urn} is not in the schools register; the plan "
        "is imported and the school added from the file's setting name and phase."
        for number, urn in unknown
    ]
    if count > 10:
        warnings.append(f"{count - 10} more rows have a setting URN not in the register.")
    return warnings


def settings_kept_warning(cursor: CursorWrapper, reach: Reach) -> list[str]:
    own_sql, own_params = reach.setting_ids_sql()
    cursor.execute(
        f"""
        SELECT DISTINCT s.setting_urn FROM import_row s JOIN import_merge m USING (row)
        WHERE m.setting_id IS NOT NULL AND m.setting_id NOT IN ({own_sql})
        ORDER BY 1
        """,
        own_params,
    )
    kept = [urn for (urn,) in cursor.fetchall()]
    if not kept:
        return []
    shown = ", ".join(kept[:10]) + (f" and {len(kept) - 10} more" if len(kept) > 10 else "")
    return [
        f"Settings of other area teams keep the name and phase they are registered with: {shown}."
    ]


def kept_decisions_warning(cursor: CursorWrapper) -> list[str]:
    kept, count = _sample(cursor, "SELECT row FROM import_merge WHERE kept ORDER BY row")
    if not kept:
        return []
    shown = ", ".join(map(str, kept)) + (f" and {count - 10} more" if count > 10 else "")
    return [
        "These rows give another decision date or outcome for a review already recorded as "
        f"concluded, and the recorded decision was kept: {shown}."
    ]


def error_count(cursor: CursorWrapper) -> int:
    cursor.execute("SELECT count(DISTINCT row) FROM import_error")
    return int(cursor.fetchone()[0])


def outcome_counts(cursor: CursorWrapper) -> dict[str, int]:
    cursor.execute("SELECT kind, count(*) FROM import_merge GROUP BY kind")
    counted = dict(cursor.fetchall())
    counted["error"] = error_count(cursor)
    return {kind: counted.get(kind, 0) for kind in ("new", "changed", "unchanged", "error")}


def outcomes_listed(cursor: CursorWrapper, limit: int) -> list[tuple[int, str, str, list[str]]]:
    """The first `limit` rows of each outcome, in row order: (row, plan_ref, outcome, messages)."""
    cursor.execute(
        """
        (SELECT s.row, s.shown_ref, 'error',
                array_agg(e.message ORDER BY e.seq) AS messages
         FROM import_row s JOIN import_error e USING (row)
         GROUP BY s.row, s.shown_ref ORDER BY s.row LIMIT %(limit)s)
        UNION ALL
        (SELECT row, shown_ref, kind, messages FROM (
            SELECT s.row, s.shown_ref, m.kind,
                   CASE WHEN m.changes = '' THEN ARRAY[]::text[]
                        ELSE ARRAY['changed: ' || m.changes] END AS messages,
                   row_number() OVER (PARTITION BY m.kind ORDER BY s.row) AS place
            FROM import_row s JOIN import_merge m USING (row)
         ) listed WHERE place <= %(limit)s)
        ORDER BY 1
        """,
        {"limit": limit},
    )
    return [(row, ref, kind, list(messages)) for row, ref, kind, messages in cursor.fetchall()]
