"""Saving a caseload file's rows in bulk (DESIGN section 6): settings, children, plans and
reviews created or changed as caseload.import_stored worked out, then one set-based
recompute of the affected reviews. The caller holds the transaction.
"""

from typing import Any

from django.db import connection, models

from caseload.import_rows import PlanRow
from caseload.import_stored import (
    CHILD_FIELDS,
    PLAN_FIELDS,
    REVIEW_FIELDS,
    RowHistory,
    Stored,
    child_fields,
    plan_fields,
)
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


def caseload_rows_save(
    parsed: list[PlanRow],
    stored: Stored,
    plan_changes: dict[str, list[str]],
    histories: dict[str, RowHistory],
) -> None:
    existing, open_reviews, settings_by_urn = stored.plans, stored.open_reviews, stored.settings
    # Settings: create the new, correct the changed ones the person may change.
    new_settings = {}
    for row in parsed:
        setting = settings_by_urn.get(row.setting_urn)
        if setting is None:
            new_settings[row.setting_urn] = Setting(
                urn=row.setting_urn, name=row.setting_name, phase=row.setting_phase, area=row.area
            )
        elif stored.setting_changes(row):
            setting.name, setting.phase = row.setting_name, row.setting_phase
            setting.save(update_fields=["name", "phase"])
    for setting in Setting.objects.bulk_create(new_settings.values()):
        settings_by_urn[setting.urn] = setting

    to_create = [r for r in parsed if r.plan_ref not in existing]
    to_update = [r for r in parsed if plan_changes.get(r.plan_ref)]
    # Children: matched by UPN when they have one, otherwise new.
    known = {c.upn: c for c in Child.objects.filter(upn__in=[r.upn for r in to_create if r.upn])}
    children = {}
    for row in to_create:
        child = known.get(row.upn) if row.upn else None
        if child is None:
            child = Child(**child_fields(row))
            if row.upn:
                known[row.upn] = child  # a second plan for the same child in this file
        children[row.plan_ref] = child
    new_children = list({id(c): c for c in children.values() if c.pk is None}.values())
    insert_by_copy(Child, new_children)
    new_plans = insert_by_copy(
        Plan,
        [
            Plan(
                plan_ref=row.plan_ref,
                child=children[row.plan_ref],
                **plan_fields(row, settings_by_urn[row.setting_urn]),
            )
            for row in to_create
        ],
    )
    opened = [
        Review(plan_id=plan.pk, **(histories[row.plan_ref].open_fields or {}))
        for plan, row in zip(new_plans, to_create, strict=True)
    ]
    # The concluded reviews the rows record, for new plans and for stored ones.
    plan_ids = {row.plan_ref: plan.pk for plan, row in zip(new_plans, to_create, strict=True)}
    plan_ids.update({ref: plan.pk for ref, plan in existing.items()})
    concluded = [
        Review(plan_id=plan_ids[row.plan_ref], **fields)
        for row in parsed
        if (fields := histories[row.plan_ref].concluded) is not None
    ]
    insert_by_copy(Review, opened + concluded)
    affected = [review.pk for review in opened]

    changed_children, changed_plans, changed_reviews = [], [], []
    for row in to_update:
        plan = existing[row.plan_ref]
        for name, value in child_fields(row).items():
            setattr(plan.child, name, value)
        changed_children.append(plan.child)
        for name, value in plan_fields(row, settings_by_urn[row.setting_urn]).items():
            setattr(plan, name, value)
        changed_plans.append(plan)
        review = open_reviews.get(plan.pk)
        open_fields = histories[row.plan_ref].open_fields
        if review is not None and open_fields is not None:
            for name, value in open_fields.items():
                setattr(review, name, value)
            changed_reviews.append(review)
        if review is not None:
            affected.append(review.pk)
    if to_update:
        Child.objects.bulk_update(changed_children, CHILD_FIELDS, batch_size=2000)
        Plan.objects.bulk_update(changed_plans, PLAN_FIELDS, batch_size=2000)
    if changed_reviews:
        Review.objects.bulk_update(changed_reviews, REVIEW_FIELDS, batch_size=2000)
    if affected:
        recompute_reviews(review_ids=affected)
