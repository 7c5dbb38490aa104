"""The Open Referral UK 3.0 API of the Local Offer: nine read-only, anonymous endpoints.

The feed is open data (docs/decisions/0005). Its views authenticate nobody, so a stray
token or session cookie never turns a read into a 401, 403 or CSRF failure; they answer
only JSON, errors included; and they stay out of the project's own OpenAPI schema, since
the Open Referral UK profile publishes the specification this feed follows.
"""

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBase
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import BaseAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.replica import reading_from_replica
from localoffer.openreferral import selectors, serializers
from localoffer.openreferral.pagination import page_of
from localoffer.openreferral.params import (
    page_request,
    service_at_location_filters,
    service_filters,
)

HSDS_VERSION = "3.0"
PROFILE_URL = "https://docs.openreferraluk.org/en/latest/"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"


class JsonWhateverIsAccepted(BaseContentNegotiation):
    """JSON for every request: a consumer's Accept header never earns it a 406."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class FeedView(APIView):
    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes: list[type[BasePermission]] = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonWhateverIsAccepted
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Every endpoint only reads public data that may lag a moment (common.replica)."""
        with reading_from_replica():
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        """The profile asks for `Access-Control-Allow-Origin: *` on every response;
        django-cors-headers adds it only when the request names an Origin."""
        response = super().finalize_response(request, response, *args, **kwargs)
        response.setdefault("Access-Control-Allow-Origin", "*")
        return response


@extend_schema(exclude=True)
class MetaView(FeedView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": HSDS_VERSION,
                "profile": PROFILE_URL,
                "openapi_url": OPENAPI_URL,
                "additional_fields": serializers.ADDITIONAL_FIELDS,
            }
        )


@extend_schema(exclude=True)
class NoSuchEndpointView(FeedView):
    """Any other path under /openreferral/: a JSON 404 with the CORS header, as the
    endpoints' own 404s are, rather than the site's HTML page."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Whatever the method (a browser's CORS preflight is answered by
        django-cors-headers before any view)."""
        super().initial(request, *args, **kwargs)
        raise Http404("No endpoint of this API has that path.")


@extend_schema(exclude=True)
class ServiceListView(FeedView):
    """Services, filtered by `search`, `taxonomy_term_id`, `taxonomy_id`, `minimum_age`,
    `maximum_age`, and by when they run: `day`, `start_time` and `end_time`."""

    def get(self, request: Request) -> Response:
        services = selectors.feed_service_list(service_filters(request.query_params))
        page = page_request(request.query_params)
        return Response(page_of(services, page, serializers.service_summary))


@extend_schema(exclude=True)
class ServiceDetailView(FeedView):
    def get(self, request: Request, id: str) -> Response:
        return Response(serializers.service_full(selectors.feed_service_get(id)))


@extend_schema(exclude=True)
class TaxonomyListView(FeedView):
    def get(self, request: Request) -> Response:
        page = page_request(request.query_params)
        return Response(page_of(selectors.feed_taxonomy_list(), page, serializers.taxonomy))


@extend_schema(exclude=True)
class TaxonomyDetailView(FeedView):
    def get(self, request: Request, id: str) -> Response:
        taxonomy = selectors.feed_taxonomy_get(id)
        return Response(serializers.taxonomy(taxonomy, with_terms=True))


@extend_schema(exclude=True)
class TaxonomyTermListView(FeedView):
    def get(self, request: Request) -> Response:
        page = page_request(request.query_params)
        terms = selectors.feed_taxonomy_term_list()
        return Response(page_of(terms, page, serializers.taxonomy_term))


@extend_schema(exclude=True)
class TaxonomyTermDetailView(FeedView):
    def get(self, request: Request, id: str) -> Response:
        return Response(serializers.taxonomy_term(selectors.feed_taxonomy_term_get(id)))


@extend_schema(exclude=True)
class ServiceAtLocationListView(FeedView):
    """Services at their locations, filtered as services are, and by `postcode` (nearest
    first) with `proximity` (in metres): see localoffer.openreferral.geo for how a postcode
    is located without a postcode directory."""

    def get(self, request: Request) -> Response:
        filters = service_at_location_filters(request.query_params)
        page = page_request(request.query_params)
        places = selectors.feed_service_at_location_list(filters)
        return Response(page_of(places, page, serializers.service_at_location_summary))


@extend_schema(exclude=True)
class ServiceAtLocationDetailView(FeedView):
    """One service at a location, fully nested, valid under the profile's compiled
    service_at_location.json and under compiled/service.json, which its openapi.json names
    for this response (docs/decisions/0022)."""

    def get(self, request: Request, id: str) -> Response:
        place = selectors.feed_service_at_location_get(id)
        return Response(serializers.service_at_location_full(place))
