"""The demo Local Offer: a realistic few hundred services, valid, and seeded only once."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db.models import Count

from demo.caseload import demo_council_seed
from demo.localoffer import demo_localoffer_seed
from demo.localoffer_catalogue import TOWNS
from localoffer import taxonomy
from localoffer.models import (
    Contact,
    CostOption,
    Location,
    Organization,
    Schedule,
    SenInformationReport,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture
def council(settings) -> None:
    settings.DEBUG = True
    demo_council_seed()


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Organization, Service, Location, ServiceAtLocation, Contact, Schedule,
                      CostOption, Service.terms.through, SenInformationReport)
    )  # fmt: skip


def test_it_creates_a_few_hundred_services_across_every_section_need_and_town(council):
    assert demo_localoffer_seed(today=TODAY) == 300
    assert Service.objects.count() == 300
    assert 25 <= Organization.objects.count() <= 60
    used = set(TaxonomyTerm.objects.filter(services__isnull=False).values_list("code", flat=True))
    assert {code for code, _, _ in taxonomy.SECTION_TERMS} <= used
    assert {code for code, _, _ in taxonomy.NEED_TERMS} <= used
    towns = set(Location.objects.filter(services_at__isnull=False).values_list("city", flat=True))
    assert {t.name for t in TOWNS} <= towns
    assert not Service.objects.filter(at_locations__isnull=True).exists()
    assert not Service.objects.filter(contacts__isnull=True).exists()


def test_it_spreads_the_services_among_the_demo_editors_with_most_for_the_demo_editor(council):
    demo_localoffer_seed(today=TODAY)
    owners = dict(Service.objects.values_list("owner__email").annotate(n=Count("id")))
    assert set(owners) == {
        "editor@example.org",
        "editor.health@example.org",
        "editor.voluntary@example.org",
    }
    assert owners["editor@example.org"] == max(owners.values())


def test_it_leaves_about_a_tenth_of_the_services_past_their_review_date(council):
    demo_localoffer_seed(today=TODAY)
    stale = Service.objects.filter(review_by__lt=TODAY).count()
    assert 15 <= stale <= 50, stale
    assert Service.objects.exclude(status=ServiceStatus.ACTIVE).exists()


def test_it_is_the_same_every_time_and_a_second_run_adds_nothing(council):
    demo_localoffer_seed(today=TODAY)
    first = counts()
    names = set(Service.objects.values_list("id", "name", "last_reviewed_on"))
    assert demo_localoffer_seed(today=TODAY) == 0
    assert counts() == first
    assert set(Service.objects.values_list("id", "name", "last_reviewed_on")) == names


def test_it_adds_a_larger_demo_to_a_smaller_one_without_duplicates(council):
    demo_localoffer_seed(today=TODAY, services=50)
    small = set(Service.objects.values_list("id", "name"))
    assert demo_localoffer_seed(today=TODAY, services=120) == 70
    assert small < set(Service.objects.values_list("id", "name"))
    assert Service.objects.values("name", "organization").distinct().count() == 120


def test_it_makes_only_valid_records(council):
    demo_localoffer_seed(today=TODAY)
    for model in (Organization, Service, Location, Contact, Schedule, CostOption):
        for record in model.objects.all():
            record.full_clean()


def test_it_points_no_web_address_or_email_at_a_real_site(council):
    demo_localoffer_seed(today=TODAY)
    addresses = [
        *Service.objects.exclude(url="").values_list("url", flat=True),
        *Organization.objects.exclude(website="").values_list("website", flat=True),
        *SenInformationReport.objects.exclude(url="").values_list("url", flat=True),
    ]
    assert addresses
    assert {urlsplit(a).hostname for a in addresses} <= {"www.example.org", "www.example.com"}
    emails = [*Service.objects.values_list("email", flat=True), *Contact.objects.values_list("email", flat=True)]  # fmt: skip
    assert {e.rsplit("@", 1)[1] for e in emails} <= {"example.org", "example.com"}


def test_it_gives_the_demo_schools_complete_incomplete_and_missing_sen_reports(council):
    demo_localoffer_seed(today=TODAY)
    reports = list(SenInformationReport.objects.all())
    assert any(r.is_complete for r in reports)
    assert any(not r.is_complete for r in reports)
    assert len(reports) < 12  # some demo schools have none


def test_it_is_loaded_once_by_seed_demo(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", plans=60)
    assert "Demo Local Offer: 300 services." in capsys.readouterr().out
    first = counts()
    call_command("seed_demo", plans=60)
    assert counts() == first
