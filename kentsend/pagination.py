from dataclasses import dataclass

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """50 per page by default; callers may ask for up to 500 with ?page_size=."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


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
