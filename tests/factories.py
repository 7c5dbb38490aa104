from datetime import date
from typing import Any

import factory

from accounts.models import Role, User
from casework.models import Child, Plan, PrimaryNeed
from localoffer.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from organisation.models import AreaTeam, Setting, SettingPhase
from reviews.models import Review, ReviewStatus
from volunteers.models import AgreementStatus, ReleaseAgreement

PASSWORD = "correct-horse-battery-staple"


class AreaTeamFactory(factory.django.DjangoModelFactory[AreaTeam]):
    class Meta:
        model = AreaTeam
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Area {n}")


class SettingFactory(factory.django.DjangoModelFactory[Setting]):
    class Meta:
        model = Setting

    urn = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"School {n}")
    phase = SettingPhase.PRIMARY
    area = factory.SubFactory(AreaTeamFactory)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.MANAGER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def areas(user: Any, create: bool, extracted: list[AreaTeam] | None, **kwargs: Any) -> None:
        if create and extracted:
            user.areas.set(extracted)
        if create:
            user.save()


class CaseOfficerFactory(UserFactory):
    role = Role.CASE_OFFICER


class VolunteerFactory(UserFactory):
    role = Role.VOLUNTEER
    setting = factory.SubFactory(SettingFactory)


class HeadteacherFactory(UserFactory):
    role = Role.HEADTEACHER
    setting = factory.SubFactory(SettingFactory)


class LocalOfferEditorFactory(UserFactory):
    role = Role.LOCALOFFER_EDITOR


class ChildFactory(factory.django.DjangoModelFactory[Child]):
    class Meta:
        model = Child

    upn = None
    forename = factory.Faker("first_name", locale="en_GB")
    surname = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2015, 3, 10)


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    plan_ref = factory.Sequence(lambda n: f"EHCP-{n:05d}")
    child = factory.SubFactory(ChildFactory)
    issued_on = date(2024, 1, 15)
    setting = factory.SubFactory(SettingFactory, area=factory.SelfAttribute("..area"))
    area = factory.SubFactory(AreaTeamFactory)
    primary_need = PrimaryNeed.ASD


class ReviewFactory(factory.django.DjangoModelFactory[Review]):
    """An open first review in its planning stage; pass dates and a status for later stages."""

    class Meta:
        model = Review

    plan = factory.SubFactory(PlanFactory)
    is_first_review = True
    due_on = factory.LazyAttribute(
        lambda r: r.plan.issued_on.replace(year=r.plan.issued_on.year + 1)
    )
    status = ReviewStatus.PLANNING


class ReleaseAgreementFactory(factory.django.DjangoModelFactory[ReleaseAgreement]):
    """An approved agreement releasing a volunteer on Tuesdays for 12 weeks from 2026-11-02."""

    class Meta:
        model = ReleaseAgreement

    volunteer = factory.SubFactory(VolunteerFactory)
    weekday = 1
    start_on = date(2026, 11, 2)
    weeks = 12
    status = AgreementStatus.APPROVED


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Provider {n}")
    description = "A provider of services for children and young people with SEND."


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    """An active, current service for ages 0 to 25, owned by a new Local Offer editor.

    Give `terms=[term, ...]` to classify it; `StaleServiceFactory` is past its review date.
    """

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Support for children and young people with SEND and their families."
    url = factory.Sequence(lambda n: f"https://services.example.org/{n}")
    status = ServiceStatus.ACTIVE
    minimum_age = 0
    maximum_age = 25
    owner = factory.SubFactory(LocalOfferEditorFactory)
    last_reviewed_on = date(2026, 9, 1)
    review_by = date(2027, 9, 1)

    @factory.post_generation
    def terms(service: Any, create: bool, extracted: list[TaxonomyTerm] | None, **kw: Any) -> None:
        if create and extracted:
            service.terms.set(extracted)


class StaleServiceFactory(ServiceFactory):
    last_reviewed_on = date(2025, 6, 1)
    review_by = date(2026, 6, 1)


class LocationFactory(factory.django.DjangoModelFactory[Location]):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Family hub {n}")
    address_1 = factory.Sequence(lambda n: f"{n} High Street")
    city = "Maidstone"
    postal_code = "ME14 1XQ"
    latitude = 51.2762
    longitude = 0.5219


class ServiceAtLocationFactory(factory.django.DjangoModelFactory[ServiceAtLocation]):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


def taxonomy_term(taxonomy_code: str, term_code: str) -> TaxonomyTerm:
    """One of the terms every installation has (localoffer/taxonomy.py), by its codes."""
    return TaxonomyTerm.objects.get(taxonomy__code=taxonomy_code, code=term_code)
