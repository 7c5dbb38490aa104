"""A database built before the move to layers (DESIGN section 8) migrates forward unchanged.

Area teams and settings moved from `casework` to `organisation`, and import jobs to
`caseload`, keeping their tables. The test migrates the database back to the migrations of
the old layout, writes a caseload there with the old apps' models, migrates forward, and
finds every row as it was, now read through the models' new apps.
"""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.models import Plan
from organisation.models import AreaTeam, Setting

# The last migration of each app touched by the move, as they were before it.
BEFORE_THE_MOVE: list[tuple[str, str | None]] = [
    ("casework", "0009_identity_columns_default_to_blank"),
    ("accounts", "0002_drop_plain_api_tokens"),
    ("reporting", "0005_help_texts_say_what_the_figures_hold"),
    ("volunteers", "0002_joining_links_and_programme_settings"),
    ("localoffer", "0003_service_import_job"),
    ("organisation", None),
    ("caseload", None),
]

CONTENT_TYPES = ("contenttypes", "0002_remove_content_type_name")


def _table_rows(table: str, columns: list[str]) -> list[tuple[object, ...]]:
    """The table's rows, of the columns it had before the move: columns added since (a
    school's address) are not compared."""
    with connection.cursor() as cursor:
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.execute(f"SELECT {names} FROM {table} ORDER BY id")  # noqa: S608 (our own tables)
        return list(cursor.fetchall())


def _table_columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE false")  # noqa: S608 (our own tables)
        return [c.name for c in cursor.description]


@pytest.mark.django_db(transaction=True)
def test_a_database_built_before_the_move_migrates_forward_with_every_row_unchanged():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_THE_MOVE)

    executor = MigrationExecutor(connection)
    applied = [(app, name) for app, name in BEFORE_THE_MOVE if name is not None]
    old = executor.loader.project_state([*applied, CONTENT_TYPES]).apps
    area = old.get_model("casework", "AreaTeam").objects.create(name="North")
    school = old.get_model("casework", "Setting").objects.create(
        urn="118000", name="Oak Primary", phase="primary", area=area, last_year_of_phase=4
    )
    child = old.get_model("casework", "Child").objects.create(
        forename="Ada", surname="O'Neil", date_of_birth=date(2016, 3, 1)
    )
    old.get_model("casework", "Plan").objects.create(
        plan_ref="EHCP-1",
        child=child,
        issued_on=date(2024, 1, 1),
        area=area,
        setting=school,
        primary_need="ASD",
    )
    content_type = old.get_model("contenttypes", "ContentType")
    setting_type = content_type.objects.get_or_create(app_label="casework", model="setting")[0]
    tables = ["casework_areateam", "casework_setting", "casework_child", "casework_plan"]
    columns = {table: _table_columns(table) for table in tables}
    before = {table: _table_rows(table, columns[table]) for table in tables}

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert {table: _table_rows(table, columns[table]) for table in tables} == before
    assert AreaTeam.objects.get().name == "North"
    moved = Setting.objects.get()
    assert (moved.pk, moved.urn, moved.area_id, moved.transfer_after_year) == (
        school.pk,
        "118000",
        area.pk,
        4,
    )
    assert Plan.objects.get().setting == moved
    setting_type.refresh_from_db()
    assert (setting_type.app_label, setting_type.model) == ("organisation", "setting")
