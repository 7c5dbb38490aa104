"""Requests and services shared by the Open Referral UK feed's tests
(tests/test_openreferral_*.py): reading the feed, three Kent towns' coordinates, a service at a
location, and a service with something in every part the Local Offer holds.
"""

from datetime import time
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from localoffer import taxonomy as vocabularies
from localoffer.models import (
    Contact,
    CostOption,
    LocationType,
    Schedule,
    Service,
    ServiceAtLocation,
)
from tests import factories
from tests.factories import taxonomy_term

MAIDSTONE = (51.2762, 0.5219)
TUNBRIDGE_WELLS = (51.1324, 0.2637)
CANTERBURY = (51.2802, 1.0789)


def get(path: str, **params):
    return Client().get(path, params)


def url(name: str, *args: object) -> str:
    return reverse(f"openreferral:{name}", args=args)


def names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["contents"]]


def place_names(body: dict[str, Any]) -> list[str]:
    return [item["location"]["name"] for item in body["contents"]]


def service_at(
    name: str, *, postcode: str = "ME14 1XQ", at: tuple[float, float] | None = MAIDSTONE, **fields
) -> ServiceAtLocation:
    latitude, longitude = at if at else (None, None)
    location = factories.LocationFactory.create(
        name=f"{name} centre", postal_code=postcode, latitude=latitude, longitude=longitude
    )
    service = factories.ServiceFactory.create(name=name, **fields)
    return factories.ServiceAtLocationFactory.create(service=service, location=location)


def nulls_in(body: object, path: str = "") -> list[str]:
    if body is None:
        return [path or "(top)"]
    if isinstance(body, dict):
        return [found for key, value in body.items() for found in nulls_in(value, f"{path}/{key}")]
    if isinstance(body, list):
        return [found for i, value in enumerate(body) for found in nulls_in(value, f"{path}/{i}")]
    return []


@pytest.fixture
def speech_therapy() -> Service:
    """A service with something in every part the Local Offer holds."""
    service = factories.ServiceFactory.create(
        name="Speech and language therapy",
        description="Therapists help children who find it hard to talk or to understand.",
        email="slt@example.org",
        fees_description="Free on the NHS.",
        accreditations="HCPC registered therapists.",
        minimum_age=2,
        maximum_age=19,
        alert="Waiting times are about 12 weeks.",
        terms=[
            taxonomy_term(vocabularies.NEEDS, "SLCN"),
            taxonomy_term(vocabularies.SECTIONS, "health-wellbeing"),
        ],
    )
    hub = factories.LocationFactory.create(
        name="Maidstone family hub", accessibility="Step-free access and a hearing loop."
    )
    online = factories.LocationFactory.create(
        name="Online",
        location_type=LocationType.VIRTUAL,
        address_1="",
        postal_code="",
        latitude=None,
        longitude=None,
    )
    factories.ServiceAtLocationFactory.create(service=service, location=hub)
    factories.ServiceAtLocationFactory.create(service=service, location=online)
    Contact.objects.create(
        service=service, name="Duty therapist", title="Therapist", phone="01622 000000"
    )
    Contact.objects.create(service=service, email="referrals@example.org")
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday="MO,WE",
        opens_at=time(9),
        closes_at=time(16, 30),
        description="Mondays and Wednesdays, 9am to 4:30pm.",
    )
    CostOption.objects.create(
        service=service,
        option="Private assessment",
        amount=Decimal("45.50"),
        amount_description="per session",
    )
    CostOption.objects.create(service=service, option="NHS referral", amount=Decimal("0.00"))
    return service
