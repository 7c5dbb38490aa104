"""Where a family is searching from, a postcode or a town or village, and how far services are.

No call leaves the database (see `localoffer.openreferral.geo`): a postcode is located from the
Local Offer's own locations, in the postcode or else in its district; a place name is located
from the locations whose town is that place, or else whose address names it. The schools
register holds no coordinates, so it cannot help yet. A place that none of these locates is
not known, and the search says so rather than guessing.
"""

import re
from dataclasses import dataclass

from django.db.models import Avg, F, OuterRef, Q, QuerySet, Subquery

from localoffer.models import Location, Service, ServiceAtLocation
from localoffer.openreferral.geo import (
    FULL_POSTCODE,
    Point,
    metres_from,
    postcode_centre,
    postcode_compact,
)

METRES_PER_MILE = 1609.344
SHORTEST_PLACE = 3


@dataclass(frozen=True)
class Place:
    """A located search: what the family typed, tidied, and its centre."""

    name: str
    centre: Point


def _postcode_text(compact: str) -> str:
    return f"{compact[:-3]} {compact[-3:]}" if FULL_POSTCODE.fullmatch(compact) else compact


def _place_centre(name: str) -> Point | None:
    located = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
    word = rf"\m{re.escape(name)}\M"
    centres = located.aggregate(
        town_latitude=Avg("latitude", filter=Q(city__iexact=name)),
        town_longitude=Avg("longitude", filter=Q(city__iexact=name)),
        address_latitude=Avg("latitude", filter=Q(address_1__iregex=word)),
        address_longitude=Avg("longitude", filter=Q(address_1__iregex=word)),
    )
    for kind in ("town", "address"):
        if centres[f"{kind}_latitude"] is not None:
            return Point(centres[f"{kind}_latitude"], centres[f"{kind}_longitude"])
    return None


def place_locate(text: str) -> Place | None:
    """The postcode, postcode district or place name `text`, located; None if not known."""
    text = " ".join(text.split())
    compact = postcode_compact(text)
    if compact is not None:
        centre = postcode_centre(compact)
        return Place(_postcode_text(compact), centre) if centre else None
    if len(text) < SHORTEST_PLACE:
        return None
    centre = _place_centre(text)
    return Place(text, centre) if centre else None


def services_by_distance(services: QuerySet[Service], place: Place) -> QuerySet[Service]:
    """`services` with the distance in metres to each one's nearest location (`distance`,
    NULL for services with no located place, such as online ones) and that location's name
    (`nearest`), nearest first and those with no distance last."""
    nearest = (
        ServiceAtLocation.objects.filter(
            service_id=OuterRef("pk"),
            location__latitude__isnull=False,
            location__longitude__isnull=False,
        )
        .annotate(
            metres=metres_from(
                place.centre, latitude="location__latitude", longitude="location__longitude"
            )
        )
        .order_by("metres", "location__name")
    )
    return services.annotate(
        distance=Subquery(nearest.values("metres")[:1]),
        nearest=Subquery(nearest.values("location__name")[:1]),
    ).order_by(F("distance").asc(nulls_last=True), "name", "id")


def miles_text(metres: float | None) -> str:
    """ "0.4 miles", "1 mile", "12 miles": tenths under 10 miles, whole miles beyond."""
    if metres is None:
        return ""
    miles = metres / METRES_PER_MILE
    figure = f"{miles:.1f}".removesuffix(".0") if miles < 10 else f"{round(miles):,}"
    return f"{figure} mile{'' if figure == '1' else 's'}"
