"""For the public Local Offer tests: the search and feedback addresses, a service's page
address, what the feedback form posts, and a speech therapy service with every detail.
The modules import the service fixture as `fixture_speech_therapy`."""

from datetime import time
from decimal import Decimal

import pytest
from django.urls import reverse

from localoffer.models import Contact, CostOption, Schedule, Service
from localoffer.taxonomy import NEEDS, SECTIONS
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    taxonomy_term,
)

SEARCH = reverse("localoffer:search")
FEEDBACK = reverse("localoffer:feedback")


def service_url(service: Service) -> str:
    return reverse("localoffer:service", args=[service.pk])


def feedback_data(**changes: str) -> dict[str, str]:
    return {"page": "/local-offer/", "useful": "no", "missing": "Opening times", **changes}


@pytest.fixture(name="speech_therapy")
def fixture_speech_therapy(db: None) -> Service:
    service = ServiceFactory.create(
        name="Speech and language therapy",
        organization=OrganizationFactory.create(
            name="Kent Community Health", website="https://health.example.org"
        ),
        description="Assessment and therapy for children who find talking hard.",
        alert="Waiting times are currently 12 weeks.",
        email="slt@health.example.org",
        url="https://health.example.org/slt",
        minimum_age=5,
        maximum_age=11,
        fees_description="Free on the NHS.",
        terms=[taxonomy_term(SECTIONS, "health-wellbeing"), taxonomy_term(NEEDS, "SLCN")],
    )
    Contact.objects.create(
        service=service, name="Referrals team", title="Triage", phone="01622 123456"
    )
    ServiceAtLocationFactory.create(
        service=service,
        location=LocationFactory.create(
            name="Oakwood clinic",
            address_1="1 Oakwood Road",
            city="Maidstone",
            postal_code="ME16 8AE",
            accessibility="Step-free entrance and a hearing loop.",
        ),
    )
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday="MO,WE",
        opens_at=time(9, 30),
        closes_at=time(15),
        description="Clinics",
    )
    CostOption.objects.create(service=service, option="Private report", amount=Decimal("45.00"))
    return service
