"""The Local Offer's Link table: one link per published address, the others dropped."""

import pytest

from localoffer import links
from localoffer.links import links_sync
from localoffer.models import Link, SenInformationReport
from tests.factories import OrganizationFactory, ServiceFactory, SettingFactory
from tests.link_checker_cases import BROKEN, OK, checked, checker_settings

# fixtures from tests/link_checker_cases.py (checker_settings applies to every test),
# found by pytest among this module's names
__all__ = ["checker_settings"]

pytestmark = pytest.mark.django_db

# --- The Link table -----------------------------------------------------------------------------


def test_it_keeps_one_link_per_published_address_and_drops_the_others(editor):
    organization = OrganizationFactory.create(website="https://provider.example.org/")
    ServiceFactory.create(owner=editor, organization=organization, url="https://a.example.org/")
    ServiceFactory.create(owner=editor, organization=organization, url="https://a.example.org/")
    ServiceFactory.create(owner=editor, organization=organization, url="")
    SenInformationReport.objects.create(
        setting=SettingFactory.create(), url="https://school.example.org/send"
    )
    SenInformationReport.objects.create(setting=SettingFactory.create(), url="")
    Link.objects.create(url="https://gone.example.org/", status=BROKEN)
    kept = Link.objects.create(url="https://a.example.org/", status=OK)

    counts = links_sync()

    assert set(Link.objects.values_list("url", flat=True)) == {
        "https://provider.example.org/",
        "https://a.example.org/",
        "https://school.example.org/send",
    }
    assert (counts.added, counts.removed) == (2, 1)
    assert checked(kept).status == OK
    assert links_sync() == links.SyncCounts(added=0, removed=0)
