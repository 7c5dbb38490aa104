"""Reads of the area teams' schools that pages share."""

from collections.abc import Iterable

from django.core.cache import cache

from organisation.models import AreaTeam, Setting

# The schools of an area change when the schools register is loaded, a few times a year; a
# school missing from the list for this long can still be typed (the queue's filter checks a
# typed name against the register itself: caseload.filters.SchoolNameField).
SCHOOL_NAMES_KEPT_SECONDS = 300


def setting_names_in_areas(areas: Iterable[AreaTeam]) -> list[str]:
    """The distinct names of the schools of `areas`, in order, as the queue offers them to
    filter by: kept for SCHOOL_NAMES_KEPT_SECONDS for the same set of areas, since every
    officer of those areas asks for the same list on every page of their queue."""
    ids = sorted({area.pk for area in areas})
    key = f"organisation:setting-names:{','.join(map(str, ids))}"
    names: list[str] | None = cache.get(key)
    if names is None:
        names = list(
            Setting.objects.filter(area__in=ids)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
        cache.set(key, names, SCHOOL_NAMES_KEPT_SECONDS)
    return names
