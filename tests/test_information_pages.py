"""The accessibility statement, privacy notice and cookies page: open to everyone, linked
from every page's footer, naming the council from settings. Families see the public footer,
never the staff one's API documentation."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PAGES = {
    "/accessibility/": "Accessibility statement",
    "/privacy/": "Privacy notice",
    "/cookies/": "Cookies",
}


@pytest.fixture
def testshire(settings):
    settings.COUNCIL_NAME = "Testshire County Council"
    settings.COUNCIL_EMAIL = "send@testshire.example.gov.uk"
    settings.COUNCIL_PHONE = "01632 960000"
    settings.COUNCIL_ADDRESS = "Shire Hall, High Street, Testbury, TE1 1ST"


@pytest.mark.parametrize(("path", "heading"), PAGES.items())
def test_each_information_page_opens_for_anyone_with_its_heading(path, heading, testshire):
    response = Client().get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert f"<title>{heading} \N{EN DASH} " in page
    assert "Testshire County Council" in page


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/"])
def test_the_statements_say_how_to_reach_the_council_from_its_settings(path, testshire):
    page = Client().get(path).content.decode()

    assert 'href="mailto:send@testshire.example.gov.uk"' in page
    assert "call 01632 960000" in page
    assert "write to Testshire County Council, Shire Hall, High Street, Testbury, TE1 1ST" in page
    assert "Kent" not in page


def test_a_family_sees_the_public_footer_without_staff_links(testshire):
    page = Client().get("/local-offer/").content.decode()
    footer = page[page.index('<footer class="govuk-footer">') :]

    for path, heading in PAGES.items():
        assert f'href="{path}">{heading}</a>' in footer
    assert "API documentation" not in page
    assert "service manager" not in page
    assert "every view of a record is logged" not in footer
    assert "service manager" not in Client().get("/privacy/").content.decode()
    assert "This service is run by Testshire County Council." in footer
    assert 'href="mailto:send@testshire.example.gov.uk"' in footer


def test_staff_keep_the_staff_footer_with_the_api_documentation(officer_north):
    page = client_for(officer_north).get("/casework/").content.decode()
    footer = page[page.index('<footer class="govuk-footer">') :]

    assert 'href="/api/docs/">API documentation</a>' in footer
    assert 'href="/privacy/">Privacy notice</a>' in footer
    assert "every view of a record is logged" in footer


def test_the_cookies_page_names_every_cookie_the_service_sets(officer_north):
    client = Client()
    client.get("/sign-in/")
    client.post("/sign-in/", {"username": officer_north.email, "password": PASSWORD})
    client.post(reverse("localoffer:feedback"), {"page": "/local-offer/", "useful": "yes"})
    set_by_the_service = set(client.cookies.keys())
    assert {"sessionid", "csrftoken"} <= set_by_the_service

    page = Client().get("/cookies/").content.decode()
    for name in set_by_the_service:
        assert f'<td class="govuk-table__cell">{escape(name)}</td>' in page
