"""What a set of figures covers (issues 7 and 15): the plans, reviews and volunteer work a
person may see, through each entity's `*_list_for_user` selector, in one area team or in all
of them. Every KPI function (reporting.kpis, reporting.backlog, reporting.timeliness) takes a
`Scope`.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, transaction
from django.db.models import Count, Q, QuerySet

from accounts.models import User
from casework.models import Plan, PlanStatus
from casework.selectors import plan_list_for_user
from organisation.models import AreaTeam
from qa.models import Checklist, Moderation
from qa.moderation import moderation_list_for_user
from qa.selectors import checklist_list_for_user
from reviews.models import Review, ReviewQuerySet
from reviews.selectors import review_list_for_user
from volunteers.models import Assignment, ReleaseAgreement
from volunteers.selectors import agreement_list_for_user, assignment_list_for_user

# Reviews of plans still maintained.
OF_ACTIVE_PLAN = Q(plan__status=PlanStatus.ACTIVE)


@dataclass(frozen=True)
class Scope:
    """What a set of figures covers: one area team (or all), as a person may see it."""

    area: AreaTeam | None
    plans: QuerySet[Plan]
    reviews: ReviewQuerySet
    agreements: QuerySet[ReleaseAgreement]
    assignments: QuerySet[Assignment]
    checklists: QuerySet[Checklist]
    moderations: QuerySet[Moderation]

    @property
    def active_reviews(self) -> ReviewQuerySet:
        """Reviews of plans still maintained: ceased plans count in no caseload figure."""
        return self.reviews.filter(OF_ACTIVE_PLAN)


def _in_area(scope: Scope) -> Scope:
    area = scope.area
    if area is None:
        return scope
    return Scope(
        area=area,
        plans=scope.plans.filter(area=area),
        reviews=scope.reviews.filter(plan__area=area),
        agreements=scope.agreements.filter(volunteer__setting__area=area),
        assignments=scope.assignments.filter(review__plan__area=area),
        checklists=scope.checklists.filter(review__plan__area=area),
        moderations=scope.moderations.filter(checklist__review__plan__area=area),
    )


def scope_for_user(user: User, *, area: AreaTeam | None = None) -> Scope:
    """The figures `user` may see, through each entity's access rule; `area` None is all."""
    return _in_area(
        Scope(
            area=area,
            plans=plan_list_for_user(user),
            reviews=review_list_for_user(user),
            agreements=agreement_list_for_user(user),
            assignments=assignment_list_for_user(user),
            checklists=checklist_list_for_user(user),
            moderations=moderation_list_for_user(user),
        )
    )


def scope_whole_service(*, area: AreaTeam | None = None) -> Scope:
    """Everything, as a manager sees it: for the daily snapshot, which runs as nobody."""
    return _in_area(
        Scope(
            area=area,
            plans=Plan.objects.all(),
            reviews=Review.objects.all(),
            agreements=ReleaseAgreement.objects.all(),
            assignments=Assignment.objects.all(),
            checklists=Checklist.objects.all(),
            moderations=Moderation.objects.all(),
        )
    )


T = TypeVar("T")
ByArea = dict[int | None, T]
"""A figure of each area team (by id) and of the whole service (None)."""


def area_keys() -> list[int | None]:
    """The whole service (None) and every area team's id: the keys of a `ByArea`."""
    return [None, *AreaTeam.objects.order_by("name").values_list("pk", flat=True)]


def sums_by_area(
    rows: Iterable[Mapping[str, Any]],
    names: Sequence[str],
    *,
    area: str = "plan__area",
    within: str | None = None,
    keys: Sequence[int | None] | None = None,
) -> ByArea[dict[Any, dict[str, int]]]:
    """Rows of counts grouped by area (and by the column `within`, such as a month) as the
    counts of every area team and their sums over the whole service (None), each keyed by
    the row's `within` value (None without one). A row is in one area, so the whole is the
    sum of the areas. `keys`: the areas' keys (area_keys), when already read."""
    sums: ByArea[dict[Any, dict[str, int]]] = {key: {} for key in keys or area_keys()}
    for row in rows:
        sub = row[within] if within else None
        for key in {row[area], None}:
            bucket = sums.setdefault(key, {}).setdefault(sub, dict.fromkeys(names, 0))
            for name in names:
                bucket[name] += row[name]
    return sums


def counts_of(
    conditions: Mapping[str, Q], within: Q | None = None, **count: Any
) -> dict[str, Count]:
    """A count of rows for each condition, each also within `within` (the figure's own
    rows, when counted in a pass over more of them); `count` as for Count (field,
    distinct)."""
    field = count.pop("field", "id")
    return {
        name: Count(field, filter=condition & within if within is not None else condition, **count)
        for name, condition in conditions.items()
    }


@dataclass(frozen=True)
class Counted(Generic[T]):
    """A figure counted in one pass over the rows with the figures counted beside it: its
    counts, each carrying its own conditions (counts_of), and how the figure is made from
    them."""

    counts: Mapping[str, Count]
    make: Callable[[Mapping[str, int]], T]


def counted_by_area(
    rows: QuerySet[Any],
    figures: Mapping[str, Counted[Any]],
    *,
    area: str = "plan__area",
    keys: Sequence[int | None] | None = None,
) -> ByArea[dict[str, Any]]:
    """Every figure of `figures` for every area team and for the whole service (None), in
    one query over `rows` grouped by area: one pass, however many figures. `keys`: the
    areas' keys (area_keys), when already read."""
    columns = {
        f"n{i}": (figure, name, count)
        for i, (figure, name, count) in enumerate(
            (figure, name, count)
            for figure, counted in figures.items()
            for name, count in counted.counts.items()
        )
    }
    query = (
        rows.values(area).annotate(**{c: count for c, (_, _, count) in columns.items()}).order_by()
    )
    with transaction.atomic(using=query.db), connections[query.db].cursor() as cursor:
        # Compiling a hundred counts with LLVM takes seconds and saves less (at 700,000
        # reviews the refresh took 7 to 10 s with it, 3.2 s without), as for the recompute.
        cursor.execute("SET LOCAL jit = off")
        found = list(query.using(query.db))
    zeros = dict.fromkeys(columns, 0)
    by_area: ByArea[dict[str, Any]] = {}
    for key, sums in sums_by_area(found, list(columns), area=area, keys=keys).items():
        row = sums.get(None, zeros)
        counts: dict[str, dict[str, int]] = {figure: {} for figure in figures}
        for column, (figure, name, _) in columns.items():
            counts[figure][name] = row[column]
        by_area[key] = {figure: figures[figure].make(counts[figure]) for figure in figures}
    return by_area
