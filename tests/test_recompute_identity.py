"""Days overdue and priority worked out when read show exactly what the recompute used to
store: on a generated caseload, every review's figures (as the model, the API and the queue
give them) and the queue's order by each of its sorts equal those of the statement the
recompute used before (`tests/recompute_reference.py`), on the day of a full recompute and on
the days after, when the nightly run rewrites only the reviews whose deadlines or states
changed.
"""

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from caseload.filters import SORTS
from reviews import statutory
from reviews.models import PHASE_TRANSFER_SOON_DAYS, DeadlineRules, Review
from reviews.ordering import ByPriority
from reviews.recompute import COMPUTED_COLUMNS, recompute_reviews
from tests.recompute_reference import REFERENCE_SQL
from tests.reviews_api_cases import api
from tests.test_recompute_parity import TODAYS, load, noon, review_cases

pytestmark = pytest.mark.django_db

# What the reference statement stored that the recompute still stores, by the same name.
STORED_ALIKE = [c for c in COMPUTED_COLUMNS if c not in (
    "overdue_since", "priority_key", "priority_per_day", "priority_standing_reasons",
)]  # fmt: skip
READ = ["days_overdue", "priority", "priority_reasons"]


def reference(today: date) -> dict[int, dict[str, Any]]:
    """Every open review's figures as the statement before this change computed them."""
    rules = DeadlineRules.current()
    params: dict[str, Any] = {
        "today": today, "academic_year": statutory.academic_year_start(today).year,
        "warn": rules.due_soon_days, "w_day": rules.weight_per_day_overdue,
        "w_phase": rules.weight_phase_transfer_soon, "phase_soon_days": PHASE_TRANSFER_SOON_DAYS,
        "w_lac": rules.weight_looked_after, "w_first": rules.weight_never_reviewed,
        "w_pfa": rules.weight_preparing_for_adulthood, "w_u5": rules.weight_under_five,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(REFERENCE_SQL, params)
        names = [column.name for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def ordered(want: dict[int, dict[str, Any]], sort: str, due: dict[int, date]) -> list[int]:
    keys = {
        "priority": lambda i: (-want[i]["priority"], due[i], i),
        "due_on": lambda i: (due[i], -want[i]["priority"], i),
        "days_overdue": lambda i: (-want[i]["days_overdue"], -want[i]["priority"], i),
    }
    return sorted(want, key=keys[sort])


@settings(
    max_examples=3,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(
    today=TODAYS,
    cases=st.lists(review_cases(), min_size=200, max_size=200),
    weight=st.sampled_from([1, 3]),
)
def test_every_figure_and_the_queue_order_are_as_before_on_the_day_and_the_days_after(
    today, cases, weight, manager
):
    DeadlineRules.objects.update_or_create(id=1, defaults={"weight_per_day_overdue": weight})
    _, reviews = load(cases)
    recompute_reviews(today=today)
    due = {review.pk: review.due_on for review in reviews}
    written, wanted = [], []
    for day in (today, today + timedelta(days=1), today + timedelta(days=40)):
        if day != today:
            written.append(recompute_reviews(today=day))
        want = reference(day)
        wanted.append(want)
        with time_machine.travel(noon(day), tick=False):
            got = {review.pk: review for review in Review.objects.open()}
            assert set(got) == set(want)
            for pk, review in got.items():
                for name in STORED_ALIKE + READ:
                    assert getattr(review, name) == want[pk][name], (name, pk, day)
            for sort, order in SORTS.items():
                listed = list(
                    Review.objects.open()
                    .with_urgency()
                    .order_by(*order)
                    .values_list("pk", flat=True)
                )
                assert listed == ordered(want, sort, due), sort
            # The queue's pages in priority order: two index walks merged (reviews.ordering).
            by_priority = ByPriority(Review.objects.open())
            expected_order = ordered(want, "priority", due)
            assert by_priority.ids(0, len(want)) == expected_order
            assert [r.pk for r in by_priority[25:50]] == expected_order[25:50]
            body = api(manager).get("/api/v1/reviews/?page_size=100").json()  # most urgent first
            assert [r["id"] for r in body["results"]] == ordered(want, "priority", due)[:100]
            for row in body["results"]:
                assert {name: row[name] for name in READ} == {
                    name: want[row["id"]][name] for name in READ
                }
    # The next day's run rewrites only the reviews whose figures changed for a reason other
    # than one more day overdue.
    assert written[0] == len(changed(wanted[0], wanted[1], weight))


def changed(
    before: dict[int, dict[str, Any]], after: dict[int, dict[str, Any]], weight: int
) -> set[int]:
    def standing(row: dict[str, Any]) -> tuple[object, ...]:
        reasons = [r for r in row["priority_reasons"] if not r.startswith("Overdue by")]
        return (row["priority"] - weight * row["days_overdue"], reasons)

    return {
        pk for pk, row in before.items()
        if any(row[c] != after[pk][c] for c in STORED_ALIKE) or standing(row) != standing(after[pk])
    }  # fmt: skip
