"""The SQL recompute and the statutory module agree on every figure of every open review.

Hypothesis generates thousands of reviews (children born on 29 February, 31 August and 1
September; plans issued at month ends; meetings, decisions, amendments and transfers in any
combination; settings with their own last year or none), the recompute runs once over them
in PostgreSQL, and each stored figure is compared with `figures.review_figures`.
"""

from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from casework.models import Child, Plan, PrimaryNeed
from organisation.models import AreaTeam, Setting, SettingPhase
from reviews import figures, statutory
from reviews.models import DeadlineRules, Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews

pytestmark = pytest.mark.django_db

BOUNDARY_DAYS = [
    date(year, month, day)
    for year in (2008, 2012, 2016, 2020, 2023, 2024, 2025, 2026)
    for month, day in ((2, 28), (2, 29), (3, 1), (8, 31), (9, 1), (1, 31), (12, 31), (2, 14), (2, 15), (3, 30), (3, 31))
    if (month, day) != (2, 29) or year % 4 == 0
]  # fmt: skip


def around(start: date, end: date) -> st.SearchStrategy[date]:
    boundaries = [day for day in BOUNDARY_DAYS if start <= day <= end]
    return (
        st.one_of(st.dates(start, end), st.sampled_from(boundaries))
        if boundaries
        else st.dates(start, end)
    )


def maybe(strategy: st.SearchStrategy[date]) -> st.SearchStrategy[date | None]:
    return st.one_of(st.none(), strategy)


TODAYS = around(date(2024, 1, 1), date(2027, 12, 31))
RECORDED = maybe(around(date(2023, 1, 1), date(2027, 12, 31)))


@st.composite
def review_cases(draw: st.DrawFn) -> dict[str, object]:
    born = draw(around(date(2000, 1, 1), date(2023, 8, 31)))  # born before the earliest today
    issued = draw(around(date(2021, 1, 1), date(2027, 6, 30)))
    previous = draw(maybe(around(date(2022, 1, 1), date(2027, 6, 30))))
    first = previous is None and draw(st.booleans())
    if previous is not None:
        due_on = statutory.next_review_due(previous_meeting_on=previous)
    elif first:
        due_on = statutory.first_review_due(plan_issued_on=issued)
    else:  # an imported meeting standing in for its own due date
        due_on = draw(around(date(2023, 1, 1), date(2027, 12, 31)))
    return {
        "born": born,
        "issued": issued,
        "ncy_override": draw(st.one_of(st.none(), st.integers(-1, 14))),
        "phase": draw(st.one_of(st.none(), st.sampled_from(SettingPhase.values))),
        "last_year_of_phase": draw(st.one_of(st.none(), st.integers(-1, 13))),
        "looked_after": draw(st.booleans()),
        "review": {
            "due_on": due_on,
            "is_first_review": first,
            "previous_meeting_on": previous,
            "meeting_planned_on": draw(RECORDED),
            "invitations_sent_on": draw(RECORDED),
            "advice_circulated_on": draw(RECORDED),
            "meeting_on": draw(RECORDED),
            "report_received_on": draw(RECORDED),
            "decision": draw(st.sampled_from(["", *Decision.values])),
            "decision_notified_on": draw(RECORDED),
            "amendment_notice_on": draw(RECORDED),
            "amendments_withdrawn_on": draw(RECORDED),
            "final_plan_issued_on": draw(RECORDED),
            "phase_transfer_override_on": draw(st.one_of(st.none(), st.none(), RECORDED)),
            "planned_move_on": draw(st.one_of(st.none(), st.none(), RECORDED)),
        },
    }


def expected(case: dict[str, object], setting: Setting | None, *, today: date, warn: int):
    facts = figures.ReviewFacts(
        date_of_birth=case["born"],  # type: ignore[arg-type]
        ncy_override=case["ncy_override"],  # type: ignore[arg-type]
        last_year_of_phase=setting.transfer_after_year if setting else None,
        **case["review"],
    )
    return figures.review_figures(facts, today=today, warning_days=warn)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


COMPARED = [f.name for f in fields(figures.ReviewFigures) if f.name not in ("states", "under_five")]


def load(cases: list[dict[str, Any]]) -> tuple[list[Setting | None], list[Review]]:
    """The generated reviews in the database, in place of any before: their settings (None
    where a case has none) and the reviews, in the order of `cases`."""
    area, _ = AreaTeam.objects.get_or_create(name="Parity")
    Review.objects.all().delete()
    Plan.objects.all().delete()
    Child.objects.all().delete()
    Setting.objects.all().delete()
    settings_made: list[Setting | None] = []
    for index, case in enumerate(cases):
        phase = case["phase"]
        settings_made.append(
            None
            if phase is None
            else Setting(urn=str(100000 + index), name=f"School {index}", phase=phase, area=area,
                         last_year_of_phase=case["last_year_of_phase"])
        )  # fmt: skip
    Setting.objects.bulk_create([s for s in settings_made if s is not None])
    children = Child.objects.bulk_create(
        Child(forename="A", surname="B", date_of_birth=case["born"],
              ncy_override=case["ncy_override"], looked_after=case["looked_after"])
        for case in cases
    )  # fmt: skip
    plans = Plan.objects.bulk_create(
        Plan(plan_ref=f"P-{index}", child=child, issued_on=case["issued"], setting=setting,
             area=area, primary_need=PrimaryNeed.ASD)
        for index, (case, child, setting) in enumerate(zip(cases, children, settings_made, strict=True))
    )  # fmt: skip
    reviews = Review.objects.bulk_create(
        Review(plan=plan, status=ReviewStatus.MEETING_HELD, **case["review"])
        for case, plan in zip(cases, plans, strict=True)
    )
    return settings_made, reviews


@settings(
    max_examples=8,
    deadline=None,
    # No shrinking: each example is 300 reviews, and the assertion names the failing one.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(today=TODAYS, cases=st.lists(review_cases(), min_size=300, max_size=300))
def test_the_sql_recompute_agrees_with_the_statutory_module_on_every_figure(today, cases):
    warn = DeadlineRules.current().due_soon_days
    settings_made, reviews = load(cases)
    recompute_reviews(today=today)
    stored = {review.pk: review for review in Review.objects.filter(pk__in=[r.pk for r in reviews])}
    for case, review, setting in zip(cases, reviews, settings_made, strict=True):
        want = expected(case, setting, today=today, warn=warn)
        got = stored[review.pk]
        with time_machine.travel(noon(today), tick=False):  # days overdue are read as of today
            for name in COMPARED:
                assert getattr(got, name) == getattr(want, name), (name, case, today)
        for step in figures.STEPS:
            assert getattr(got, f"{step}_state") == want.states[step], (step, case, today)
