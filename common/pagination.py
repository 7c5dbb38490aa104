import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import OperationalError, connections, transaction
from django.db.models import QuerySet
from django.utils.functional import cached_property
from psycopg.errors import QueryCanceled
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class Pagination(PageNumberPagination):
    """50 per page by default; callers may ask for 1 to 500 with ?page_size=, and are told
    when they ask for anything else rather than given a page of another size."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        if not (asked.isascii() and asked.isdigit()) or not 1 <= int(asked) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Enter a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(asked)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        limits = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(limits.get(parameter["name"], {}))
        return parameters


@dataclass(frozen=True)
class PageLink:
    """One item of the GOV.UK pagination component (`templates/includes/pagination.html`);
    an item without a number is an ellipsis."""

    number: int | None = None
    href: str = ""
    current: bool = False


def page_links(number: int, num_pages: int, query: str) -> list[PageLink]:
    """The first, last, current and neighbouring pages, with ellipses between; each link
    keeps the rest of the query string (`query`, already encoded, without `page`)."""
    prefix = f"?{query}&page=" if query else "?page="
    shown = sorted({1, num_pages, number - 1, number, number + 1} & set(range(1, num_pages + 1)))
    links: list[PageLink] = []
    for shown_number in shown:
        if links and links[-1].number is not None and shown_number - links[-1].number > 1:
            links.append(PageLink())
        links.append(PageLink(shown_number, f"{prefix}{shown_number}", shown_number == number))
    return links


# Lists count their rows up to this many and no further (docs/decisions/0026).
COUNT_CAP = 10_000
# The most a page spends counting (milliseconds); past it, the planner's estimate is shown.
COUNT_BUDGET_MS = 30
# A count past the cap or past the budget is kept this long (seconds) for the same query, so
# that paging through a long list, or twenty officers reading the same one, does not spend
# the budget again on every page. An exact count below the cap is never kept: it changes
# as soon as someone acts on a row (docs/decisions/0026).
COUNT_KEPT_SECONDS = 120


class CappedPaginator(Paginator[Any]):
    """Pages of a queryset that counts at most `cap` + 1 rows (`SELECT count(*) FROM (...
    LIMIT cap + 1)`) within `budget_ms`, so that a list of 700,000 rows costs a count of
    10,001, not a scan of them all (docs/decisions/0026).

    Past the cap, `capped` is true, the pages stop at the cap and the heading says "More
    than 10,000". A filter so narrow that counting its few rows means reading most of the
    table can take longer than the budget: the count is then stopped and PostgreSQL's own
    estimate shown ("About 1,300"), `estimated` true. Either is kept for
    `COUNT_KEPT_SECONDS` for the same query."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        cap: int | None = None,
        budget_ms: int | None = None,
    ):
        super().__init__(object_list, per_page)
        # A list that pages itself (reviews.ordering.ByPriority) counts its queryset's rows.
        self.rows = getattr(object_list, "queryset", object_list)
        self.cap = COUNT_CAP if cap is None else cap
        self.budget_ms = COUNT_BUDGET_MS if budget_ms is None else budget_ms
        self.estimated = False

    @cached_property
    def counted(self) -> int:
        """The number of rows, or cap + 1 if there are more than the cap."""
        rows = self.rows.order_by().values("pk")
        try:
            key = self._kept_key(rows)
        except EmptyResultSet:  # a query that can match nothing, such as an invalid filter's
            return 0
        kept = cache.get(key)
        if kept is not None:
            self.estimated, number = kept
            return int(number)
        try:
            number = _count_within(rows[: self.cap + 1], self.budget_ms)
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
            self.estimated = True
            explained = json.loads(rows.explain(format="json"))
            number = max(int(explained[0]["Plan"]["Plan Rows"]), 1)
        if self.estimated or number > self.cap:
            cache.set(key, (self.estimated, number), COUNT_KEPT_SECONDS)
        return number

    def _kept_key(self, rows: QuerySet[Any]) -> str:
        """The same query (its SQL and values, so the same person's areas and filters) on
        the same database, counted to the same cap within the same budget."""
        sql, params = rows.query.sql_with_params()
        made = repr((rows.db, sql, params, self.cap, self.budget_ms))
        return f"pagination:count:{hashlib.sha256(made.encode()).hexdigest()}"

    @property
    def capped(self) -> bool:
        return self.counted > self.cap

    @property
    def cap_text(self) -> str:
        return f"{self.cap:,}"

    @property
    def count_text(self) -> str:
        """The number for a heading: "1,234", "About 1,300" or "More than 10,000"."""
        if self.capped:
            return f"More than {self.cap_text}"
        if self.estimated:
            return f"About {_two_figures(self.count):,}"
        return f"{self.count:,}"

    @cached_property
    def count(self) -> int:
        counted = min(self.counted, self.cap)
        # An estimate can be below the rows there are: always offer the first page's worth.
        return max(counted, self.per_page) if self.estimated else counted

    @cached_property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))


def _count_within(rows: QuerySet[Any], budget_ms: int) -> int:
    """rows.count(), cancelled by PostgreSQL after `budget_ms` (QueryCanceled)."""
    connection = connections[rows.db]
    with transaction.atomic(using=rows.db):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), "
                "set_config('statement_timeout', %s, true)",
                [str(budget_ms)],
            )
            before = cursor.fetchone()[0]
        count = int(rows.count())
        if connection.in_atomic_block and len(connection.atomic_blocks) > 1:
            # Inside a caller's transaction SET LOCAL would outlive this block: put it back.
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
    return count


def _two_figures(number: int) -> int:
    """1,234 -> 1,200: an estimate shown no more precisely than it is."""
    digits = len(str(number))
    return round(number, 2 - digits) if digits > 2 else number
