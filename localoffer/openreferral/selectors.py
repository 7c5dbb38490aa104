"""What the Open Referral feed publishes, as querysets shaped for its responses.

Lists carry the services the Local Offer lists (`localoffer.selectors.service_listed`, the
same rule as the public search): active and temporarily closed ones.
A service, or a service at a location, fetched by its id is returned whatever its status,
so that a consumer holding an old id learns that it is inactive or defunct rather than
finding nothing. Every list and detail prefetches what its serialiser reads, so the number
of queries does not depend on how many rows a page holds.
"""

import uuid

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from localoffer.models import (
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from localoffer.openreferral.geo import metres_from
from localoffer.openreferral.params import Opening, ServiceAtLocationFilters, ServiceFilters
from localoffer.selectors import service_details, service_listed, service_search


def _terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy")


def _identifier(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404(f"No {what} has that id.") from None


def _runs(opening: Opening) -> Exists:
    """The service has a schedule that runs on the day (a weekly `MO`, or a monthly `2MO` or
    `-1MO`, among its `byday`), opens no earlier and closes no later than asked."""
    schedules = Schedule.objects.filter(service=OuterRef("pk"))
    if opening.day is not None:
        schedules = schedules.filter(byday__iregex=rf"(^|,)\s*[+-]?[0-9]*{opening.day}\s*(,|$)")
    if opening.opens_from is not None:
        schedules = schedules.filter(opens_at__gte=opening.opens_from)
    if opening.closes_by is not None:
        schedules = schedules.filter(closes_at__lte=opening.closes_by)
    return Exists(schedules)


def feed_service_list(filters: ServiceFilters) -> QuerySet[Service]:
    """Listed services matching every filter given, ordered by relevance when searched for
    words and by name otherwise."""
    services = service_listed()
    if filters.runs is not None:
        services = services.filter(_runs(filters.runs))
    if filters.taxonomy_id is not None:
        services = services.filter(
            Exists(
                TaxonomyTerm.objects.filter(
                    services=OuterRef("pk"), taxonomy_id=filters.taxonomy_id
                )
            )
        )
    return service_search(
        services,
        words=filters.words,
        term_ids=filters.term_ids,
        minimum_age=filters.minimum_age,
        maximum_age=filters.maximum_age,
    )


def feed_service_get(pk: str) -> Service:
    services = service_details(Service.objects.all())
    try:
        return services.get(pk=_identifier(pk, "service"))
    except Service.DoesNotExist:
        raise Http404("No service has that id.") from None


def feed_service_at_location_list(filters: ServiceAtLocationFilters) -> QuerySet[ServiceAtLocation]:
    """Listed services at their locations, matching the service filters. Near a postcode,
    nearest first (and no further than asked), leaving out locations without coordinates;
    otherwise by relevance when searched for words, then by service and location name."""
    services = feed_service_list(filters.services)
    places = ServiceAtLocation.objects.select_related("service__organization", "location").filter(
        service__in=services.values("pk")
    )
    ordering = ["service__name", "location__name", "id"]
    if filters.services.words:
        relevance = services.filter(pk=OuterRef("service_id")).values(score=F("rank"))[:1]
        places = places.annotate(rank=Subquery(relevance))
        ordering.insert(0, "-rank")
    if filters.near is not None:
        places = places.filter(
            location__latitude__isnull=False, location__longitude__isnull=False
        ).annotate(
            distance=metres_from(
                filters.near.centre, latitude="location__latitude", longitude="location__longitude"
            )
        )
        if filters.near.within_metres is not None:
            places = places.filter(distance__lte=filters.near.within_metres)
        ordering.insert(0, "distance")
    return places.order_by(*ordering)


def feed_service_at_location_get(pk: str) -> ServiceAtLocation:
    places = ServiceAtLocation.objects.select_related(
        "service__organization", "location"
    ).prefetch_related(
        "service__contacts",
        "service__schedules",
        "service__cost_options",
        Prefetch("service__terms", queryset=_terms()),
    )
    try:
        return places.get(pk=_identifier(pk, "service at location"))
    except ServiceAtLocation.DoesNotExist:
        raise Http404("No service at location has that id.") from None


def feed_taxonomy_list() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "id")


def feed_taxonomy_get(pk: str) -> Taxonomy:
    taxonomies = Taxonomy.objects.prefetch_related(
        Prefetch("terms", queryset=_terms().order_by("position", "name", "id"))
    )
    try:
        return taxonomies.get(pk=_identifier(pk, "taxonomy"))
    except Taxonomy.DoesNotExist:
        raise Http404("No taxonomy has that id.") from None


def feed_taxonomy_term_list() -> QuerySet[TaxonomyTerm]:
    return _terms().order_by("taxonomy__name", "position", "name", "id")


def feed_taxonomy_term_get(pk: str) -> TaxonomyTerm:
    try:
        return _terms().get(pk=_identifier(pk, "taxonomy term"))
    except TaxonomyTerm.DoesNotExist:
        raise Http404("No taxonomy term has that id.") from None
