"""How long a review has been overdue, in bands: one definition for the queue's "Overdue for"
filter (caseload.filters) and the backlog figures of the dashboard and the metrics API
(reporting.backlog).

A review's `days_overdue` is how long its most overdue step has been overdue: the days from
`overdue_since` (stored by `reviews.recompute`) to today, so a band is a range of
`overdue_since` that the index `review_open_by_days_overdue` finds. Each band's upper end is a whole number of weeks: when
the decision falls due (`statutory.DECISION_WEEKS_AFTER` the meeting), when the final amended
plan falls due (`statutory.FINAL_PLAN_WEEKS_AFTER_MEETING`), half a year, a year.
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from reviews import statutory

HALF_YEAR_WEEKS = 26
YEAR_WEEKS = 52


@dataclass(frozen=True)
class OverdueBand:
    """Reviews overdue by `fewest_days` to `most_days` days, both included (`most_days` None:
    no limit); `slug` names the band in a queue URL, `label` on the page."""

    slug: str
    label: str
    fewest_days: int
    most_days: int | None

    def condition(self, today: date | None = None) -> Q:
        """The reviews in the band today, as a query condition on `overdue_since`."""
        today = today or timezone.localdate()
        within = Q(overdue_since__lte=today - timedelta(days=self.fewest_days))
        if self.most_days is not None:
            within &= Q(overdue_since__gte=today - timedelta(days=self.most_days))
        return within


def _band(label: str, fewest_days: int, most_days: int | None) -> OverdueBand:
    return OverdueBand(label.lower().replace(" ", "_"), label, fewest_days, most_days)


def _overdue_bands() -> tuple[OverdueBand, ...]:
    ends = (
        statutory.DECISION_WEEKS_AFTER,
        statutory.FINAL_PLAN_WEEKS_AFTER_MEETING,
        HALF_YEAR_WEEKS,
        YEAR_WEEKS,
    )
    bands = [_band(f"Up to {ends[0]} weeks", 1, ends[0] * statutory.WEEK)]
    for low, high in itertools.pairwise(ends):
        bands.append(
            _band(f"{low} to {high} weeks", low * statutory.WEEK + 1, high * statutory.WEEK)
        )
    bands.append(_band(f"More than {ends[-1]} weeks", ends[-1] * statutory.WEEK + 1, None))
    return tuple(bands)


OVERDUE_BANDS = _overdue_bands()


def overdue_band(slug: str) -> OverdueBand:
    """The band named `slug` in a URL; KeyError for no such band."""
    for band in OVERDUE_BANDS:
        if band.slug == slug:
            return band
    raise KeyError(slug)
