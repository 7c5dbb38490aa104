"""The backlog queue and the notifications page stay fast on a national caseload: they count
no further than a cap (docs/decisions/0026), their query count does not grow with the page,
and their rows and order are those of a plain query."""

from datetime import date, timedelta

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from psycopg.errors import QueryCanceled

from common.pagination import CappedPaginator
from reviews.models import Alert, AlertKind, Review, Step
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory, SettingFactory

pytestmark = pytest.mark.django_db

QUEUE = "/casework/"
NOTIFICATIONS = "/casework/notifications/"
CAP = 3


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr("common.pagination.COUNT_CAP", CAP)


def open_reviews(area, count: int) -> list[Review]:
    """`count` open reviews in `area`, due on different days so that the sorts differ."""
    school = SettingFactory.create(area=area)
    return [
        ReviewFactory.create(
            plan=PlanFactory.create(area=area, setting=school, issued_on=date(2024, 1, 15)),
            due_on=date(2025, 1, 1) + timedelta(days=(n * 37) % 700),
        )
        for n in range(count)
    ]


def alerts_for(reviews: list[Review]) -> list[Alert]:
    return Alert.objects.bulk_create(
        Alert(
            review=review,
            step=Step.MEETING,
            kind=AlertKind.OVERDUE if n % 2 else AlertKind.DUE_SOON,
            due_on=review.due_on,
        )
        for n, review in enumerate(reviews)
    )


def heading(response, tag_id: str) -> str:
    page: str = response.content.decode()
    start = page.index(f'id="{tag_id}">') + len(f'id="{tag_id}">')
    return page[start : page.index("</h2>", start)]


@pytest.mark.parametrize(
    ("reviews", "words", "capped"),
    [
        (CAP - 1, "2 reviews", False),
        (CAP, "3 reviews", False),
        (CAP + 1, "More than 3 reviews", True),
    ],
)
def test_the_queue_counts_exactly_up_to_the_cap_and_says_more_than_it_past_it(
    small_cap, officer_north, reviews, words, capped
):
    open_reviews(officer_north.areas.get(), reviews)
    response = client_for(officer_north).get(QUEUE)
    assert heading(response, "results") == words
    assert response.context["page"].paginator.capped is capped
    assert ("Filter to see fewer" in response.content.decode()) is capped


@pytest.mark.parametrize(
    ("alerts", "words", "capped"),
    [(CAP - 1, "2 to do", False), (CAP, "3 to do", False), (CAP + 1, "More than 3 to do", True)],
)
def test_notifications_count_exactly_up_to_the_cap_and_say_more_than_it_past_it(
    small_cap, officer_north, alerts, words, capped
):
    alerts_for(open_reviews(officer_north.areas.get(), alerts))
    response = client_for(officer_north).get(NOTIFICATIONS)
    assert heading(response, "to-do") == words
    assert response.context["page"].paginator.capped is capped


@pytest.mark.parametrize(
    ("rows", "counted", "capped"), [(2, 2, False), (3, 3, False), (4, 3, True)]
)
def test_the_count_asks_the_database_for_one_row_past_the_cap_and_no_more(
    north, rows, counted, capped
):
    open_reviews(north, rows)
    paginator = CappedPaginator(Review.objects.order_by("id"), 25, cap=CAP)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.capped) == (counted, capped)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert f"LIMIT {CAP + 1}" in counts[0]


def test_pages_of_a_capped_list_stop_at_the_cap_and_a_page_past_them_shows_the_last(
    small_cap, officer_north
):
    open_reviews(officer_north.areas.get(), 8)
    response = client_for(officer_north).get(f"{QUEUE}?page=9")
    page = response.context["page"]
    assert (page.paginator.num_pages, page.number, len(page.object_list)) == (1, 1, CAP)


def queries_for(user, path: str) -> int:
    client = client_for(user)
    client.get(path)  # the session and anything cached once, as on a second visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_queue_makes_as_many_queries_for_100_rows_as_for_25(officer_north, west):
    area = officer_north.areas.get()
    open_reviews(area, 25)
    recompute_reviews(today=date(2026, 11, 23))
    at_25 = queries_for(officer_north, f"{QUEUE}?size=100")
    open_reviews(area, 75)
    recompute_reviews(today=date(2026, 11, 23))
    at_100 = queries_for(officer_north, f"{QUEUE}?size=100")
    assert Review.objects.open().filter(plan__area=area).count() == 100
    assert at_100 == at_25


def test_notifications_make_as_many_queries_for_100_rows_as_for_25(officer_north, monkeypatch):
    monkeypatch.setattr("workbench.worklist.NOTIFICATIONS_PAGE_SIZE", 100)
    area = officer_north.areas.get()
    alerts_for(open_reviews(area, 25))
    at_25 = queries_for(officer_north, NOTIFICATIONS)
    alerts_for(open_reviews(area, 75))
    at_100 = queries_for(officer_north, NOTIFICATIONS)
    assert Alert.objects.count() == 100
    assert at_100 == at_25


@pytest.mark.parametrize(
    "order",
    [
        ("priority", ["-priority", "due_on", "id"]),
        ("due_on", ["due_on", "-priority", "id"]),
        ("days_overdue", ["-days_overdue", "-priority", "id"]),
    ],
)
def test_the_queue_shows_the_rows_of_a_plain_query_in_its_order(officer_north, west, order):
    sort, fields = order
    open_reviews(officer_north.areas.get(), 60)
    open_reviews(west, 5)
    recompute_reviews(today=date(2026, 11, 23))
    plain = list(
        Review.objects.open()
        .filter(plan__area__in=officer_north.areas.all())
        .with_urgency()
        .order_by(*fields)
        .values_list("id", flat=True)
    )
    shown = []
    for number in (1, 2, 3):
        response = client_for(officer_north).get(f"{QUEUE}?sort={sort}&page={number}")
        shown += [r.id for r in response.context["page"].object_list]
    assert shown == plain
    assert heading(response, "results") == "60 reviews"


def test_notifications_show_newest_first_then_by_the_deadline_shown(officer_north, west):
    area = officer_north.areas.get()
    older = alerts_for(open_reviews(area, 30))
    Alert.objects.filter(pk__in=[a.pk for a in older]).update(raised_at="2026-11-01T08:00Z")
    alerts_for(open_reviews(area, 40))
    alerts_for(open_reviews(west, 3))
    plain = list(
        Alert.objects.filter(review__plan__area=area)
        .order_by("-raised_at", "due_on", "id")
        .values_list("id", flat=True)
    )
    shown = []
    for number in (1, 2):
        response = client_for(officer_north).get(f"{NOTIFICATIONS}?page={number}")
        shown += [a["pk"] for a in response.context["page"].object_list]
    assert shown == plain
    assert escape("70 to do") in response.content.decode()


def test_a_count_longer_than_its_budget_is_stopped_and_the_timeout_put_back(north):
    open_reviews(north, 1)
    slow = Review.objects.extra(where=["pg_sleep(0.5) IS NOT NULL"])
    paginator = CappedPaginator(slow.order_by("id"), 25, budget_ms=20)
    assert paginator.estimated is False
    assert paginator.count >= 25  # the estimate, and at least the first page's worth
    assert paginator.estimated is True
    assert paginator.count_text.startswith("About ")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_a_count_within_its_budget_puts_the_timeout_back_for_the_rest_of_the_request(north):
    open_reviews(north, 2)
    assert CappedPaginator(Review.objects.order_by("id"), 25, budget_ms=5_000).count == 2
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_the_queue_shows_the_planners_estimate_when_counting_would_take_too_long(
    officer_north, monkeypatch
):
    def cancelled(rows, budget_ms):
        try:
            raise QueryCanceled("canceling statement due to statement timeout")
        except QueryCanceled as error:
            raise OperationalError(str(error)) from error

    monkeypatch.setattr("common.pagination._count_within", cancelled)
    open_reviews(officer_north.areas.get(), 3)
    response = client_for(officer_north).get(QUEUE)
    assert heading(response, "results").startswith("About ")
    assert len(response.context["page"].object_list) == 3


def count_queries(paginator: CappedPaginator) -> tuple[int, int, bool]:
    with CaptureQueriesContext(connection) as queries:
        number = paginator.count
    counts = [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    return number, len(counts), paginator.capped


def test_a_count_past_the_cap_is_kept_so_the_next_page_of_the_same_list_counts_nothing(north):
    open_reviews(north, 5)
    rows = Review.objects.filter(plan__area=north).order_by("id")
    assert count_queries(CappedPaginator(rows, 25, cap=CAP)) == (CAP, 1, True)
    assert count_queries(CappedPaginator(rows, 25, cap=CAP)) == (CAP, 0, True)


def test_a_count_below_the_cap_is_made_afresh_each_time_so_an_action_shows_at_once(north):
    open_reviews(north, 2)
    rows = Review.objects.filter(plan__area=north).order_by("id")
    assert count_queries(CappedPaginator(rows, 25, cap=CAP)) == (2, 1, False)
    open_reviews(north, 1)
    assert count_queries(CappedPaginator(rows, 25, cap=CAP)) == (3, 1, False)


def test_a_kept_count_serves_only_the_same_query(north, west):
    open_reviews(north, 5)
    open_reviews(west, 2)
    of_north = Review.objects.filter(plan__area=north).order_by("id")
    of_west = Review.objects.filter(plan__area=west).order_by("id")
    assert count_queries(CappedPaginator(of_north, 25, cap=CAP)) == (CAP, 1, True)
    assert count_queries(CappedPaginator(of_west, 25, cap=CAP)) == (2, 1, False)
    assert count_queries(CappedPaginator(of_north, 25, cap=CAP + 5)) == (5, 1, False)


def test_an_estimate_is_kept_so_a_slow_count_does_not_spend_its_budget_on_every_page(north):
    open_reviews(north, 1)
    slow = Review.objects.extra(where=["pg_sleep(0.5) IS NOT NULL"]).order_by("id")
    first = CappedPaginator(slow, 25, budget_ms=20)
    assert first.count >= 25
    assert first.estimated
    again = CappedPaginator(slow, 25, budget_ms=20)
    assert count_queries(again)[1:] == (0, False)
    assert (again.count, again.estimated, again.count_text) == (
        first.count,
        True,
        first.count_text,
    )
