"""Services and their details for the Local Offer editor's page tests: another editor, a
service of each editor, a broken link, feedback, what the editor's form posts, and a
service's page address. The modules import the fixtures they need as `fixture_<name>`."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from localoffer import taxonomy
from localoffer.models import Feedback, Link, LinkStatus, Service
from localoffer.services import service_main_location, service_main_schedule
from tests import factories

TODAY = date(2026, 11, 23)


@pytest.fixture(name="other_editor")
def fixture_other_editor(db: None) -> User:
    return factories.LocalOfferEditorFactory.create(email="other.editor@example.org")


@pytest.fixture(name="mine")
def fixture_mine(editor: User) -> Service:
    return factories.StaleServiceFactory.create(
        owner=editor, name="Mine service", url="https://mine.example.org/"
    )


@pytest.fixture(name="theirs")
def fixture_theirs(other_editor: User) -> Service:
    return factories.StaleServiceFactory.create(
        owner=other_editor, name="Theirs service", url="https://theirs.example.org/"
    )


def broken(url: str, **fields: Any) -> Link:
    fields.setdefault("status", LinkStatus.BROKEN)
    fields.setdefault("status_code", 404)
    fields.setdefault("checked_at", timezone.now())
    return Link.objects.create(url=url, **fields)


def feedback_on(service: Service | None, **fields: Any) -> Feedback:
    fields.setdefault(
        "page", f"/local-offer/services/{service.pk}/" if service else "/local-offer/"
    )
    return Feedback.objects.create(service=service, **fields)


def form_data(service: Service, **changes: Any) -> dict[str, Any]:
    """What the editor's form posts for `service` as it is, with `changes` made."""
    contact = service.contacts.order_by("name", "id").first()
    place = service_main_location(service)
    times = service_main_schedule(service)
    terms = list(service.terms.values_list("pk", "taxonomy__code"))
    data: dict[str, Any] = {
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "alert": service.alert,
        "minimum_age": "" if service.minimum_age is None else service.minimum_age,
        "maximum_age": "" if service.maximum_age is None else service.maximum_age,
        "sections": [str(pk) for pk, code in terms if code == taxonomy.SECTIONS],
        "needs": [str(pk) for pk, code in terms if code == taxonomy.NEEDS],
        "url": service.url,
        "email": service.email,
        "contact_name": contact.name if contact else "",
        "contact_phone": contact.phone if contact else "",
        "contact_email": contact.email if contact else "",
        "fees_description": service.fees_description,
        "organisation": service.organization.name,
        "location_name": place.name if place else "",
        "address_1": place.address_1 if place else "",
        "city": place.city if place else "",
        "postcode": place.postal_code if place else "",
        "days": [d for d in times.byday.split(",") if d] if times else [],
        "opens_at": f"{times.opens_at:%H:%M}" if times and times.opens_at else "",
        "closes_at": f"{times.closes_at:%H:%M}" if times and times.closes_at else "",
        "times_description": times.description if times else "",
    }
    data.update(changes)
    return data


def service_url(service: Service, name: str = "service") -> str:
    return reverse(f"localoffer-editor:{name}", args=[service.pk])
