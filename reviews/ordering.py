"""Open reviews in today's priority order, a page at a time, from two index walks.

Today's priority is the stored key plus the per-day weight for each day from
`PRIORITY_EPOCH` for an overdue review, and the key alone for one that is not
(docs/decisions/0027). Within each of the two groups the key orders as today's priority does,
so each group is walked along its own index (`review_open_late_by_priority`,
`review_open_calm_by_priority`); between them the order changes from day to day, so the
first N of the queue are the first N of the two walks merged by today's priority. A page
reads at most its last row's position from each walk, never sorting the whole caseload.
"""

import heapq
from collections.abc import Iterator
from datetime import date
from typing import Any, overload

from django.utils import timezone

from reviews.models import Review, ReviewQuerySet, urgency_priority

# Ties on priority go to the earlier due date, then the older review, as the queue's sort says.
WITHIN_GROUP = ("-priority_key", "due_on", "id")


class ByPriority:
    """`queryset` (open reviews, any filters and annotations) in today's priority order, most
    urgent first, for a `Paginator`: its count, and any slice as a list of reviews."""

    ordered = True  # the Paginator's check: the order is today's priority, due date, id

    def __init__(
        self,
        queryset: ReviewQuerySet,
        *,
        today: date | None = None,
        groups: tuple[bool, ...] = (True, False),
    ) -> None:
        """`groups`: the walks that can hold a review of `queryset` (in the backlog, True, or
        not), when its filters say; a walk of a group the filters rule out would read its
        whole index to find nothing."""
        self.queryset = queryset
        self.today = today or timezone.localdate()
        self.groups = groups

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Review]:
        return iter(self[0 : self.count()])

    @overload
    def __getitem__(self, index: int) -> Review: ...
    @overload
    def __getitem__(self, index: slice) -> list[Review]: ...
    def __getitem__(self, index: int | slice) -> Review | list[Review]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None or stop <= start:
            return [] if stop is not None else self[start : self.count()]
        ids = self.ids(start, stop)
        # In the order of `ids`: PostgreSQL need not sort them.
        by_id = {review.pk: review for review in self.queryset.filter(pk__in=ids).order_by()}
        return [by_id[pk] for pk in ids if pk in by_id]

    def walk(self, overdue: bool, stop: int) -> Any:
        """The first `stop` of one group (in the backlog or not) along its index: today's
        priority, due date and id of each."""
        return (
            self.queryset.filter(in_backlog=overdue)
            .annotate(priority_today=urgency_priority(self.today))
            .order_by(*WITHIN_GROUP)
            .values_list("priority_today", "due_on", "id")[:stop]
        )

    def ids(self, start: int, stop: int) -> list[int]:
        """The ids at positions start to stop - 1 of the order."""
        walks = (
            [(-p, due_on, pk) for p, due_on, pk in self.walk(overdue, stop)]
            for overdue in self.groups
        )
        return [pk for _, _, pk in list(heapq.merge(*walks))[start:stop]]
