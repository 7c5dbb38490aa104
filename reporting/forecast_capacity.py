"""The managers' default officer capacity of each area team, which the forecast uses when too
few reviews were concluded to measure a team's rate (reporting.forecast_inputs)."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from organisation.models import AreaTeam
from reporting.forecast_inputs import plain_number
from reporting.models import ForecastCapacity


def forecast_capacity_may_change(user: User) -> bool:
    """Only managers set the forecast's defaults."""
    return bool(user.is_active and user.role == Role.MANAGER)


def forecast_capacity_defaults() -> list[tuple[AreaTeam, Decimal | None]]:
    """Every area team, in name order, with its default reviews per officer per week (None
    when no manager has set one), in one query."""
    teams = AreaTeam.objects.annotate(
        default_per_officer=F("forecast_capacity__reviews_per_officer_per_week")
    ).order_by("name")
    return [(team, team.default_per_officer) for team in teams]


def forecast_capacities_save(
    *, actor: User, rates: Mapping[AreaTeam, Decimal | None]
) -> list[AreaTeam]:
    """Set each team's default (None removes it) and record one `forecast_capacity.changed`
    event per team whose default changed, all in one transaction. Returns those teams."""
    if not forecast_capacity_may_change(actor):
        raise PermissionDenied
    changed: list[AreaTeam] = []
    with transaction.atomic():
        # Lock the teams, so two managers saving at once change them one after the other.
        list(AreaTeam.objects.select_for_update().filter(pk__in=[a.pk for a in rates]))
        rows = {row.area_id: row for row in ForecastCapacity.objects.filter(area__in=list(rates))}
        for area, rate in rates.items():
            row = rows.get(area.pk)
            before = row.reviews_per_officer_per_week if row else None
            if before == rate:
                continue
            if rate is None:
                assert row is not None
                row.delete()
            elif row is None:
                ForecastCapacity.objects.create(
                    area=area, reviews_per_officer_per_week=rate, updated_by=actor
                )
            else:
                row.reviews_per_officer_per_week = rate
                row.updated_by = actor
                row.updated_at = timezone.now()
                row.save(update_fields=["reviews_per_officer_per_week", "updated_by", "updated_at"])
            event_record(
                actor=actor,
                action="forecast_capacity.changed",
                target=area,
                details={
                    "area": area.name,
                    "reviews_per_officer_per_week": [
                        None if before is None else plain_number(before),
                        None if rate is None else plain_number(rate),
                    ],
                },
            )
            changed.append(area)
    return changed
