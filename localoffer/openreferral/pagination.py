"""The paging envelope of every list in the Open Referral API (its `Page` schema).

- `total_items`: how many match; `total_pages`: ceil(total_items / per_page), 0 when none do.
- `page_number`: the page asked for; `size`: how many entities are on this page, as the
  specification defines it (not the page size asked for).
- `first_page`: this is page 1; `last_page`: no page follows this one.
- `empty`: this page holds nothing. A page past the end is not an error: it is an empty
  page whose envelope still gives the totals, so a consumer can see where the end was.
"""

import math
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet

from localoffer.openreferral.params import PageRequest

Row = TypeVar("Row", bound=models.Model)


def page_of(
    queryset: QuerySet[Row], page: PageRequest, serialize: Callable[[Row], dict[str, Any]]
) -> dict[str, Any]:
    """One page of `queryset` in the envelope: two queries (the count and the page), plus
    whatever the queryset prefetches."""
    total = queryset.count()
    offset = (page.number - 1) * page.size
    # Past the end there is nothing to fetch, and a huge offset would overflow in SQL.
    rows = list(queryset[offset : offset + page.size]) if offset < total else []
    total_pages = math.ceil(total / page.size)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page.number,
        "size": len(rows),
        "first_page": page.number == 1,
        "last_page": page.number >= total_pages,
        "empty": not rows,
        "contents": [serialize(row) for row in rows],
    }
