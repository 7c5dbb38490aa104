"""The Local Offer editor's home page: the past-review count and the services, sorted and
paged on the server, with their owners for a manager."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from localoffer.models import Service
from tests import factories
from tests.conftest import client_for
from tests.localoffer_editor_cases import (
    fixture_mine,  # noqa: F401  (a fixture)
    fixture_other_editor,  # noqa: F401  (a fixture)
    fixture_theirs,  # noqa: F401  (a fixture)
)

pytestmark = pytest.mark.usefixtures("frozen_today")


# The home page ----------------------------------------------------------------------------


def test_it_counts_the_editors_past_review_services_and_tags_them(
    editor: User, mine: Service, theirs: Service
):
    factories.ServiceFactory.create(owner=editor, name="Current service")
    response = client_for(editor).get(reverse("localoffer-editor:home"))
    page = response.content.decode()
    assert "1 service is past its review date." in page
    assert reverse("localoffer-editor:stale") in page
    assert page.count("Past review date</strong>") == 1
    assert [s.name for s in response.context["page"]] == ["Mine service", "Current service"]
    assert "Theirs service" not in page


def test_it_sorts_and_pages_the_services_on_the_server(editor: User):
    for n in range(52):
        factories.ServiceFactory.create(owner=editor, name=f"Service {n:02d}")
    client = client_for(editor)
    response = client.get(reverse("localoffer-editor:home"), {"sort": "name", "page": "2"})
    assert [s.name for s in response.context["page"]] == ["Service 50", "Service 51"]
    assert 'href="?sort=name&amp;page=1"' in response.content.decode()
    unknown = client.get(reverse("localoffer-editor:home"), {"sort": "owner; drop table"})
    assert unknown.context["sort"] == "review_by"


def test_it_shows_a_manager_every_service_with_its_owner(
    manager: User, mine: Service, theirs: Service, other_editor: User
):
    response = client_for(manager).get(reverse("localoffer-editor:home"))
    page = response.content.decode()
    assert "2 services are past their review date." in page
    assert escape(other_editor.full_name) in page
