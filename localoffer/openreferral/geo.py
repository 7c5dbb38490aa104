"""Where a postcode is, and how far each location is from it, without leaving the database.

There is no postcode directory here and no call out to one: a postcode is located from the
Local Offer's own locations. The centre of a postcode is the average of the coordinates of
the locations that have that postcode; when none has, the average of those in its district
(the outward code, "ME14" of "ME14 1XQ"). A district alone ("ME14") is accepted as well.
A postcode with neither is not located, and the caller says so (400). Locations without
coordinates take no part, neither in locating a postcode nor in the results measured from it.

Distances are great-circle distances (the haversine formula) computed in SQL, so that
ordering and cutting off by distance are part of the query, however many rows there are.
"""

import re
from dataclasses import dataclass

from django.db.models import Avg, F, FloatField, Q, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import (
    ASin,
    Cos,
    Least,
    Length,
    Power,
    Radians,
    Replace,
    Sin,
    Sqrt,
    Upper,
)

from localoffer.models import Location

EARTH_RADIUS_METRES = 6_371_000.0

FULL_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
INWARD_CODE_LENGTH = 3


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


def postcode_compact(postcode: str) -> str | None:
    """The postcode in capitals without spaces, or None if it is neither a UK postcode nor a
    postcode district."""
    compact = re.sub(r"\s+", "", postcode).upper()
    if FULL_POSTCODE.fullmatch(compact) or DISTRICT.fullmatch(compact):
        return compact
    return None


def postcode_district(compact: str) -> str:
    if FULL_POSTCODE.fullmatch(compact):
        return compact[:-INWARD_CODE_LENGTH]
    return compact


def postcode_centre(compact: str) -> Point | None:
    """The centre of a postcode (as `postcode_compact` gives it), from the locations in it or,
    failing that, in its district; None if there are none. One query."""
    district = postcode_district(compact)
    in_postcode = Q(compact_postcode=compact)
    in_district = Q(
        compact_postcode__startswith=district,
        compact_length=len(district) + INWARD_CODE_LENGTH,
    )
    centres = (
        Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(compact_postcode=Replace(Upper("postal_code"), Value(" "), Value("")))
        .annotate(compact_length=Length("compact_postcode"))
        .aggregate(
            postcode_latitude=Avg("latitude", filter=in_postcode),
            postcode_longitude=Avg("longitude", filter=in_postcode),
            district_latitude=Avg("latitude", filter=in_district),
            district_longitude=Avg("longitude", filter=in_district),
        )
    )
    if centres["postcode_latitude"] is not None:
        return Point(centres["postcode_latitude"], centres["postcode_longitude"])
    if centres["district_latitude"] is not None:
        return Point(centres["district_latitude"], centres["district_longitude"])
    return None


def metres_from(
    point: Point, *, latitude: str = "latitude", longitude: str = "longitude"
) -> CombinedExpression:
    """An SQL expression of the distance in metres from `point` to the coordinates held in
    the fields named `latitude` and `longitude`; NULL where those are NULL."""
    here_latitude = Value(point.latitude, output_field=FloatField())
    here_longitude = Value(point.longitude, output_field=FloatField())
    half_latitude_change = Radians(F(latitude) - here_latitude) / 2.0
    half_longitude_change = Radians(F(longitude) - here_longitude) / 2.0
    chord = Power(Sin(half_latitude_change), 2) + Cos(Radians(here_latitude)) * Cos(
        Radians(latitude)
    ) * Power(Sin(half_longitude_change), 2)
    # Rounding can carry the chord a hair above 1 for antipodal points, outside asin's domain.
    bounded = Least(chord, Value(1.0, output_field=FloatField()))
    return Value(2 * EARTH_RADIUS_METRES, output_field=FloatField()) * ASin(Sqrt(bounded))
