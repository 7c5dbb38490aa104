from typing import Any

import factory

from accounts.models import Role, User
from casework.models import AreaTeam, Setting, SettingPhase

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
