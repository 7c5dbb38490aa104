"""A demo Local Offer for `seed_demo`: a few dozen providers across Kent and a few hundred
services with contacts, opening times, costs and places, kept by the demo editors, and the
SEN information reports of the demo schools.

Every record has an identifier derived from its name and the services are drawn by a seeded
random generator, so a second run adds nothing and every demo shows the same Local Offer.
Web addresses are on example.org and example.com and phone numbers are in Ofcom's ranges for
drama, so the link checker and curious visitors reach nobody real.
"""

import random
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from demo.caseload import SCHOOLS
from demo.localoffer_catalogue import (
    ACCESSIBILITY,
    ALERTS,
    COUNCIL_EDITOR,
    EDITORS,
    FIRST_NAMES,
    KINDS,
    PROVIDERS,
    SURNAMES,
    TOWNS,
    VENUES,
    VIRTUAL,
    Kind,
    Town,
)
from localoffer import taxonomy
from localoffer.models import (
    Contact,
    CostOption,
    Location,
    LocationType,
    Organization,
    Schedule,
    SenInformationReport,
    SenReportItem,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from organisation.models import Setting

NAMESPACE = uuid.UUID("0c5d3f57-2a55-4c4b-9a35-6b656e744c4f")


def _id(kind: str, name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{name}")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Offer:
    kind: Kind
    town: Town | None

    @property
    def name(self) -> str:
        return f"{self.kind.name} ({self.town.name})" if self.town else self.kind.name

    @property
    def provider_key(self) -> str:
        providers = self.kind.providers
        return providers[self.town.region % len(providers)] if self.town else providers[0]


def _offers(rng: random.Random) -> list[Offer]:
    """Every service the demo could have, in an order fixed by the seed, so that a smaller
    demo is always the start of a larger one."""
    offers = [
        Offer(kind, None if kind.countywide else town)
        for kind in KINDS
        for town in ([TOWNS[0]] if kind.countywide else TOWNS)
    ]
    rng.shuffle(offers)
    return offers


def _editors() -> dict[str, User]:
    editors = User.objects.filter(role=Role.LOCALOFFER_EDITOR, is_active=True).order_by("pk")
    found = {u.email: u for u in editors}
    if not found:
        raise ValueError("The demo Local Offer needs a Local Offer editor: seed the demo council.")
    fallback = found.get(COUNCIL_EDITOR) or next(iter(found.values()))
    return {email: found.get(email, fallback) for email in EDITORS}


def _organizations() -> dict[str, Organization]:
    Organization.objects.bulk_create(
        [
            Organization(
                id=_id("organization", p.name),
                name=p.name,
                description=p.description,
                website=p.site,
                email=f"enquiries.{_slug(key)}@{p.domain}",
            )
            for key, p in PROVIDERS.items()
        ],
        ignore_conflicts=True,
    )
    by_name = {
        o.name: o
        for o in Organization.objects.filter(name__in=[p.name for p in PROVIDERS.values()])
    }
    return {key: by_name[p.name] for key, p in PROVIDERS.items()}


def _locations(rng: random.Random) -> dict[tuple[str, str], Location]:
    """A venue of each kind in each town, and one for services by phone and online."""
    locations = {("", VIRTUAL): Location(id=_id("location", VIRTUAL), name=VIRTUAL, location_type=LocationType.VIRTUAL, city="", state_province="Kent")}  # fmt: skip
    for town in TOWNS:
        for number, (venue, pattern) in enumerate(VENUES.items()):
            name = pattern.format(town=town.name)
            locations[(town.name, venue)] = Location(
                id=_id("location", name),
                name=name,
                address_1=f"{rng.randint(2, 120)} {town.streets[number % len(town.streets)]}",
                city=town.name,
                postal_code=town.postcodes[number % len(town.postcodes)],
                latitude=round(town.latitude + rng.uniform(-0.012, 0.012), 5),
                longitude=round(town.longitude + rng.uniform(-0.018, 0.018), 5),
                accessibility=rng.choice(ACCESSIBILITY),
            )
    Location.objects.bulk_create(locations.values(), ignore_conflicts=True)
    return locations


def _review_dates(rng: random.Random, today: date) -> tuple[date, date]:
    """About a tenth of services are past their review date, as in a real Local Offer."""
    if rng.random() < 0.1:
        reviewed = today - timedelta(days=rng.randint(400, 760))
    else:
        reviewed = today - timedelta(days=rng.randint(3, 330))
    return reviewed, reviewed + timedelta(days=365)


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.03:
        return ServiceStatus.TEMPORARILY_CLOSED
    if roll < 0.05:
        return ServiceStatus.INACTIVE
    return ServiceStatus.ACTIVE


def _phone(rng: random.Random) -> str:
    """A number in Ofcom's ranges for drama, which are never given to anyone."""
    if rng.random() < 0.5:
        return f"01632 960{rng.randint(0, 999):03d}"
    return f"0306 999 0{rng.randint(0, 999):03d}"


def _contacts(rng: random.Random, kind: Kind) -> list[tuple[str, str, str]]:
    """(name, title, phone) of a service's contacts: its team, a named person, or both."""
    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    team, named = (kind.contact, "", _phone(rng)), (person, kind.contact, _phone(rng))
    roll = rng.random()
    return [team] if roll < 0.5 else [named] if roll < 0.8 else [team, named]


@transaction.atomic
def demo_localoffer_seed(*, today: date, services: int = 300, seed: int = 2026) -> int:
    """Add up to `services` demo services (at most one of each kind in each town) with their
    providers, places, contacts, times and costs, and the demo schools' SEN information
    reports. Returns how many services it added: none on a second run."""
    rng = random.Random(seed)
    offers = _offers(rng)[:services]
    editors = _editors()
    organizations = _organizations()
    locations = _locations(rng)
    terms = {
        (code, term_code): taxonomy.term_id(code, term_code)
        for code, entries in taxonomy.TERMS.items()
        for term_code, _, _ in entries
    }
    existing = set(
        Service.objects.filter(pk__in=[_id("service", o.name) for o in offers]).values_list(
            "pk", flat=True
        )
    )
    new_services: list[Service] = []
    contacts: list[Contact] = []
    schedules: list[Schedule] = []
    costs: list[CostOption] = []
    places: list[Location] = []
    links: list[Any] = []  # rows of the services' terms table
    for offer in offers:
        kind, provider = offer.kind, PROVIDERS[offer.provider_key]
        # Drawn for every offer, added or not, so that the demo is the same however often
        # it is seeded.
        reviewed, review_by = _review_dates(rng, today)
        status, alert = _status(rng), rng.choice(ALERTS) if rng.random() < 0.05 else ""
        people = _contacts(rng, kind)
        service_id = _id("service", offer.name)
        if service_id in existing:
            continue
        slug = _slug(offer.name)
        description = kind.description
        venue = locations[(offer.town.name, kind.venue) if offer.town else ("", VIRTUAL)]
        if offer.town:
            where = "Held at" if kind.schedule else "Based at"
            description += f" {where} {venue.name}, {venue.address_1}."
        new_services.append(
            Service(
                id=service_id,
                organization=organizations[offer.provider_key],
                name=offer.name,
                description=description,
                url=f"{provider.site}/{slug}",
                email=f"{_slug(kind.contact)}.{_slug(offer.provider_key)}@{provider.domain}",
                status=status,
                fees_description="; ".join(c[2] for c in kind.costs),
                minimum_age=kind.ages[0],
                maximum_age=kind.ages[1],
                alert=alert,
                owner=editors[provider.editor],
                last_reviewed_on=reviewed,
                review_by=review_by,
            )
        )
        for number, (name, title, phone) in enumerate(people):
            contacts.append(
                Contact(
                    id=_id("contact", f"{offer.name}:{number}"),
                    service_id=service_id,
                    name=name,
                    title=title,
                    email=f"{_slug(name)}.{_slug(offer.provider_key)}@{provider.domain}",
                    phone=phone,
                )
            )
        if kind.schedule:
            freq, byday, opens, closes, when = kind.schedule
            schedules.append(
                Schedule(
                    id=_id("schedule", offer.name), service_id=service_id, freq=freq, byday=byday,
                    opens_at=opens, closes_at=closes, description=when,
                    attending_type="online" if offer.town is None else "in person",
                )
            )  # fmt: skip
        for option, amount, what in kind.costs:
            costs.append(
                CostOption(
                    id=_id("cost", f"{offer.name}:{option}"), service_id=service_id, option=option,
                    amount=amount, amount_description=what,
                )
            )  # fmt: skip
        places.append(venue)
        links.extend(
            Service.terms.through(service_id=service_id, taxonomyterm_id=terms[(code, term)])
            for code, codes in ((taxonomy.SECTIONS, kind.sections), (taxonomy.NEEDS, kind.needs))
            for term in codes
        )
    Service.objects.bulk_create(new_services)
    Contact.objects.bulk_create(contacts)
    Schedule.objects.bulk_create(schedules)
    CostOption.objects.bulk_create(costs)
    ServiceAtLocation.objects.bulk_create(
        [
            ServiceAtLocation(id=_id("at", str(s.pk)), service=s, location=place)
            for s, place in zip(new_services, places, strict=True)
        ]
    )
    Service.terms.through.objects.bulk_create(links, ignore_conflicts=True)
    demo_sen_reports_seed(seed=seed)
    return len(new_services)


def demo_sen_reports_seed(*, seed: int = 2026) -> None:
    """SEN information reports for the demo schools: some complete, some missing items or
    their web address, and some schools with none at all."""
    rng = random.Random(seed)
    schools = {s.urn: s for s in Setting.objects.filter(urn__in=[urn for urn, *_ in SCHOOLS])}
    staff = {
        u.setting_id: u
        for u in User.objects.filter(
            Q(role=Role.HEADTEACHER) | Q(role=Role.VOLUNTEER), setting__in=schools.values()
        ).order_by("-role", "pk")
    }
    assessed_at = timezone.make_aware(datetime.combine(timezone.localdate(), time(9)))
    reports = []
    for number, (urn, name, _, _) in enumerate(SCHOOLS):
        school = schools.get(urn)
        shape = number % 3  # complete, incomplete, none
        if school is None or shape == 2:
            continue
        items = list(SenReportItem.values)
        if shape == 1:
            items = sorted(rng.sample(items, k=rng.randint(9, len(items) - 2)))
        reports.append(
            SenInformationReport(
                setting=school,
                url="" if shape == 1 and rng.random() < 0.3 else f"https://www.example.org/schools/{_slug(name)}/sen-information-report",
                items_met=items,
                assessed_by=staff.get(school.pk),
                assessed_at=assessed_at,
            )
        )  # fmt: skip
    SenInformationReport.objects.bulk_create(reports, ignore_conflicts=True)
