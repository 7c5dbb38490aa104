"""Broken links on the Local Offer editor's pages: the services whose website the checker
could not use, and a manager's view of organisation and school addresses too."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from localoffer.models import LinkStatus, Organization, SenInformationReport, Service
from tests import factories
from tests.conftest import client_for
from tests.localoffer_editor_cases import (
    broken,
    fixture_mine,  # noqa: F401  (a fixture)
    fixture_other_editor,  # noqa: F401  (a fixture)
    fixture_theirs,  # noqa: F401  (a fixture)
    service_url,
)

pytestmark = pytest.mark.usefixtures("frozen_today")


# Broken links -----------------------------------------------------------------------------


def test_it_lists_the_editors_services_whose_website_the_checker_could_not_use(
    editor: User, mine: Service, theirs: Service
):
    broken(mine.url, error="Not Found")
    broken(theirs.url)
    moved = factories.ServiceFactory.create(owner=editor, name="Moved service")
    broken(
        moved.url,
        status=LinkStatus.REDIRECTED,
        status_code=301,
        final_url="https://new.example.org/moved",
    )
    silent = factories.ServiceFactory.create(owner=editor, name="Silent service")
    broken(silent.url, status=LinkStatus.UNREACHABLE, status_code=None, error="Timed out")
    working = factories.ServiceFactory.create(owner=editor, name="Working service")
    broken(working.url, status=LinkStatus.OK, status_code=200)
    factories.ServiceFactory.create(owner=editor, name="Unchecked service")

    response = client_for(editor).get(reverse("localoffer-editor:broken-links"))
    page = response.content.decode()
    listed = {service.name: link.status for service, link in response.context["services"]}
    assert listed == {
        "Mine service": LinkStatus.BROKEN,
        "Moved service": LinkStatus.REDIRECTED,
        "Silent service": LinkStatus.UNREACHABLE,
    }
    for shown in ("Answered HTTP 404", "Not Found", "Now goes to", "new.example.org/moved"):
        assert shown in page
    assert "Timed out" in page
    assert f"{service_url(mine)}?back=broken-links" in page
    assert "Organisations&#x27; websites" not in page


def test_it_shows_a_manager_broken_organisation_and_school_addresses_too(
    manager: User, mine: Service, editor: User
):
    broken(mine.url)
    Organization.objects.create(name="Broken charity", website="https://charity.example.org/")
    broken("https://charity.example.org/")
    Organization.objects.create(name="Working charity", website="https://fine.example.org/")
    broken("https://fine.example.org/", status=LinkStatus.OK, status_code=200)
    school = factories.SettingFactory.create(name="Oak Primary")
    SenInformationReport.objects.create(setting=school, url="https://oak.example.org/sen")
    broken("https://oak.example.org/sen", status=LinkStatus.UNREACHABLE, status_code=None)

    response = client_for(manager).get(reverse("localoffer-editor:broken-links"))
    assert [s.name for s, _ in response.context["services"]] == ["Mine service"]
    assert [o.name for o, _ in response.context["organisations"]] == ["Broken charity"]
    assert [s.name for s, _ in response.context["schools"]] == ["Oak Primary"]
    # An editor sees only their services' addresses.
    editors = client_for(editor).get(reverse("localoffer-editor:broken-links"))
    assert editors.context["organisations"] == editors.context["schools"] == []


def test_it_finds_broken_links_with_a_fixed_number_of_queries(manager: User):
    def queries_for_the_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            client_for(manager).get(reverse("localoffer-editor:broken-links"))
        return len(queries)

    broken(factories.ServiceFactory.create().url)
    few = queries_for_the_page()
    for _ in range(10):
        broken(factories.ServiceFactory.create().url)
    assert queries_for_the_page() == few


def test_it_says_when_each_address_was_last_checked_and_never_calls_an_unchecked_one_working(
    editor: User, mine: Service
):
    broken(mine.url, checked_at=timezone.make_aware(datetime(2026, 11, 20, 14, 5)))
    factories.ServiceFactory.create(owner=editor, name="Unchecked service")

    response = client_for(editor).get(reverse("localoffer-editor:broken-links"))
    page = response.content.decode()
    assert "Last checked 20 November 2026 at 14:05" in page
    assert "The link checker last checked an address on 20 November 2026 at 14:05." in page
    assert [s.name for s in response.context["unchecked"]] == ["Unchecked service"]
    assert "1 service has a web address the link checker has not tried yet" in page
    assert "Not checked yet" in page
    assert "address works" not in page


def test_it_does_not_say_addresses_work_before_the_checker_has_run(editor: User, mine: Service):
    page = client_for(editor).get(reverse("localoffer-editor:broken-links")).content.decode()
    assert "The link checker has not checked any address yet." in page
    assert "Mine service" in page  # listed as not checked yet
