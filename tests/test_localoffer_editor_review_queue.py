"""The Local Offer editor's past-review queue: most overdue first, a manager's view, leaving
the queue once confirmed, and paging with a fixed number of queries."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import Event
from localoffer.models import Service, ServiceStatus
from tests import factories
from tests.conftest import client_for
from tests.localoffer_editor_cases import (
    TODAY,
    fixture_mine,  # noqa: F401  (a fixture)
    fixture_other_editor,  # noqa: F401  (a fixture)
    fixture_theirs,  # noqa: F401  (a fixture)
    service_url,
)

pytestmark = pytest.mark.usefixtures("frozen_today")


# The past-review queue --------------------------------------------------------------------


def stale_names(client: Client, **query: Any) -> list[str]:
    response = client.get(reverse("localoffer-editor:stale"), query)
    assert response.status_code == 200
    return [service.name for service, _, _ in response.context["rows"]]


def test_it_lists_past_review_services_most_overdue_first_with_days_overdue(
    editor: User, other_editor: User
):
    def service(name: str, review_by: date, **fields: Any) -> Service:
        return factories.ServiceFactory.create(
            owner=fields.pop("owner", editor),
            name=name,
            last_reviewed_on=review_by - timedelta(days=365),
            review_by=review_by,
            **fields,
        )

    service("A month late", date(2026, 10, 23))
    service("A day late", date(2026, 11, 22))
    service("Due today", TODAY)
    service("A year late", date(2025, 11, 23))
    service("Closed for now", date(2026, 11, 1), status=ServiceStatus.TEMPORARILY_CLOSED)
    service("No longer runs", date(2025, 1, 1), status=ServiceStatus.DEFUNCT)
    service("Paused", date(2025, 1, 1), status=ServiceStatus.INACTIVE)
    service("Someone else's", date(2026, 1, 1), owner=other_editor)

    response = client_for(editor).get(reverse("localoffer-editor:stale"))
    rows = [(service.name, days) for service, days, _ in response.context["rows"]]
    assert rows == [
        ("A year late", 365),
        ("A month late", 31),
        ("Closed for now", 22),
        ("A day late", 1),
    ]
    assert "4 services to check" in response.content.decode()


def test_it_shows_a_manager_every_owners_past_review_services(
    manager: User, mine: Service, theirs: Service
):
    client = client_for(manager)
    assert stale_names(client) == ["Mine service", "Theirs service"]
    page = client.get(reverse("localoffer-editor:stale")).content.decode()
    assert "Still correct" not in page


def test_it_takes_a_service_out_of_the_queue_when_its_owner_confirms_it(
    editor: User, mine: Service
):
    client = client_for(editor)
    assert stale_names(client) == ["Mine service"]
    response = client.post(service_url(mine, "service-reviewed") + "?back=stale", follow=True)

    assert response.redirect_chain == [(reverse("localoffer-editor:stale"), 302)]
    assert "Mine service: checked. The next check is due by 23 November 2027." in (
        response.content.decode()
    )
    assert response.context["rows"] == []
    mine.refresh_from_db()
    assert (mine.last_reviewed_on, mine.review_by) == (TODAY, date(2027, 11, 23))
    event = Event.objects.get(action="service.reviewed")
    assert event.details == {"last_reviewed_on": "2026-11-23", "review_by": "2027-11-23"}


def test_it_pages_the_queue_with_a_fixed_number_of_queries(editor: User):
    def queries_for_the_queue() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_for(editor).get(reverse("localoffer-editor:stale")).status_code == 200
        return len(queries)

    factories.StaleServiceFactory.create_batch(2, owner=editor)
    few = queries_for_the_queue()
    factories.StaleServiceFactory.create_batch(40, owner=editor)
    assert queries_for_the_queue() == few


def test_it_pages_the_queue_fifty_at_a_time(editor: User):
    factories.StaleServiceFactory.create_batch(51, owner=editor)
    client = client_for(editor)
    assert len(stale_names(client)) == 50
    assert len(stale_names(client, page=2)) == 1
