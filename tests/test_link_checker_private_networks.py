"""The Local Offer's link checker and private networks: it refuses private addresses unless the
setting allows them, and tells public addresses from private ones.
"""

from collections import Counter

import pytest

from localoffer.link_http import address_is_public
from localoffer.links import links_check_due
from localoffer.models import Link
from tests.link_checker_cases import UNREACHABLE, checked, checker_settings, site

# fixtures from tests/link_checker_cases.py (checker_settings applies to every test),
# found by pytest among this module's names
__all__ = ["checker_settings", "site"]

pytestmark = pytest.mark.django_db

# --- Private networks ---------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_it_refuses_private_addresses_unless_the_setting_allows_them(site, checker_settings, host):
    checker_settings.LINK_CHECK_ALLOW_PRIVATE_NETWORKS = False
    link = Link.objects.create(url=site.url.replace("127.0.0.1", host) + "/ok")

    links_check_due()

    link = checked(link)
    assert link.status == UNREACHABLE
    assert link.attempts == 1
    assert "private, loopback or link-local network" in link.error
    assert site.requests == Counter()


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4009:81f::200e", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.1.2.3", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", True),
    ],
)
def test_it_tells_public_addresses_from_private_ones(address, public):
    assert address_is_public(address) is public
