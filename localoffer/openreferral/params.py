"""The query parameters of the Open Referral UK API, read and checked.

A parameter left empty (`?minimum_age=`) counts as not given, as a search form sends it.
A value that cannot be read is a 400 naming the parameter and what it should have been;
parameters this API does not use are ignored, as the specification allows.
"""

import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import time

from django.http import QueryDict
from rest_framework import status
from rest_framework.exceptions import APIException

from localoffer.openreferral.geo import Point, postcode_centre, postcode_compact

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500

WHOLE_NUMBER = re.compile(r"[0-9]+")
# As the public search form allows.
MAX_SEARCH_LENGTH = 200

# `day` is a day of the week as a schedule's `byday` (iCalendar) writes it, or its English
# name, in any case.
DAY_CODES = {
    "MO": "monday",
    "TU": "tuesday",
    "WE": "wednesday",
    "TH": "thursday",
    "FR": "friday",
    "SA": "saturday",
    "SU": "sunday",
}
DAY_NAMES = {name: code for code, name in DAY_CODES.items()}
# `start_time` and `end_time`: a time of day as a schedule's `opens_at` and `closes_at`
# write it, HH:MM or HH:MM:SS.
TIME_OF_DAY = re.compile(
    r"(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9])(:(?P<second>[0-5][0-9]))?"
)


class BadParameter(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"

    def __init__(self, parameter: str, expected: str) -> None:
        super().__init__({"detail": f"{parameter} {expected}", "parameter": parameter})


@dataclass(frozen=True)
class PageRequest:
    number: int = 1
    size: int = DEFAULT_PER_PAGE


@dataclass(frozen=True)
class Opening:
    """When a service must run: on `day` (MO to SU), opening at `opens_from` or later and
    closing at `closes_by` or earlier, all in one of its schedules."""

    day: str | None = None
    opens_from: time | None = None
    closes_by: time | None = None


@dataclass(frozen=True)
class ServiceFilters:
    words: str = ""
    term_ids: tuple[uuid.UUID, ...] = ()
    taxonomy_id: uuid.UUID | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    runs: Opening | None = None


@dataclass(frozen=True)
class Nearness:
    """Where to measure from, and how far out to look (None: no limit)."""

    centre: Point
    within_metres: float | None = None


@dataclass(frozen=True)
class ServiceAtLocationFilters:
    services: ServiceFilters = field(default_factory=ServiceFilters)
    near: Nearness | None = None


def _given(params: QueryDict, name: str) -> str | None:
    value = params.get(name, "").strip()
    return value or None


def _whole_number(params: QueryDict, name: str, default: int, *, most: int | None) -> int:
    value = _given(params, name)
    if value is None:
        return default
    expected = "must be a whole number, 1 or more" + (f" and at most {most}" if most else "")
    if not WHOLE_NUMBER.fullmatch(value):
        raise BadParameter(name, expected + ".")
    number = int(value)
    if number < 1 or (most is not None and number > most):
        raise BadParameter(name, expected + ".")
    return number


def page_request(params: QueryDict) -> PageRequest:
    return PageRequest(
        number=_whole_number(params, "page", 1, most=None),
        size=_whole_number(params, "per_page", DEFAULT_PER_PAGE, most=MAX_PER_PAGE),
    )


def _identifier(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(name, "must be an identifier (a UUID) from this API.") from None


def _non_negative_number(params: QueryDict, name: str, what: str) -> float | None:
    value = _given(params, name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise BadParameter(name, f"must be {what}, 0 or more.")
    return number


def _search_words(params: QueryDict) -> str:
    words = params.get("search", "").strip()
    if len(words) > MAX_SEARCH_LENGTH or "\x00" in words:
        raise BadParameter(
            "search", f"must be words to search for, {MAX_SEARCH_LENGTH} characters or fewer."
        )
    return words


def _day(params: QueryDict) -> str | None:
    value = _given(params, "day")
    if value is None:
        return None
    code = value.upper() if value.upper() in DAY_CODES else DAY_NAMES.get(value.lower())
    if code is None:
        raise BadParameter("day", "must be a day of the week: MO, TU, WE, TH, FR, SA or SU.")
    return code


def _time_of_day(params: QueryDict, name: str) -> time | None:
    value = _given(params, name)
    if value is None:
        return None
    found = TIME_OF_DAY.fullmatch(value)
    if found is None:
        raise BadParameter(name, "must be a time of day, HH:MM or HH:MM:SS, such as 09:30.")
    return time(int(found["hour"]), int(found["minute"]), int(found["second"] or 0))


def _opening(params: QueryDict) -> Opening | None:
    opening = Opening(
        day=_day(params),
        opens_from=_time_of_day(params, "start_time"),
        closes_by=_time_of_day(params, "end_time"),
    )
    return None if opening == Opening() else opening


def service_filters(params: QueryDict) -> ServiceFilters:
    taxonomy_id = _given(params, "taxonomy_id")
    return ServiceFilters(
        words=_search_words(params),
        term_ids=tuple(
            _identifier(value.strip(), "taxonomy_term_id")
            for value in params.getlist("taxonomy_term_id")
            if value.strip()
        ),
        taxonomy_id=_identifier(taxonomy_id, "taxonomy_id") if taxonomy_id else None,
        minimum_age=_non_negative_number(params, "minimum_age", "an age in years"),
        maximum_age=_non_negative_number(params, "maximum_age", "an age in years"),
        runs=_opening(params),
    )


def service_at_location_filters(params: QueryDict) -> ServiceAtLocationFilters:
    """The service filters, and the postcode to measure from (with `proximity`, the most
    metres away a location may be). The postcode is located here, so that one that cannot
    be is a 400 rather than an empty list."""
    services = service_filters(params)
    postcode = _given(params, "postcode")
    proximity = _non_negative_number(params, "proximity", "a distance in metres")
    if postcode is None:
        if proximity is not None:
            raise BadParameter("proximity", "needs a postcode to measure the distance from.")
        return ServiceAtLocationFilters(services=services)
    compact = postcode_compact(postcode)
    if compact is None:
        raise BadParameter("postcode", "must be a UK postcode, such as ME14 1XQ, or a district.")
    centre = postcode_centre(compact)
    if centre is None:
        raise BadParameter(
            "postcode",
            "could not be located: the Local Offer has no place with coordinates in that "
            "postcode or its district.",
        )
    return ServiceAtLocationFilters(services=services, near=Nearness(centre, proximity))
