"""Personas shared by every test module: two case officers of different areas, a volunteer,
a headteacher, a manager, a Local Offer editor, and the anonymous visitor (a plain client)."""

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
import redis
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client

from accounts.models import User
from localoffer.models import Taxonomy, TaxonomyTerm
from localoffer.taxonomy import taxonomies_install, taxonomies_installed
from organisation.models import AreaTeam
from tests import factories

T = TypeVar("T")


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files() -> None:
    """Pages link to hashed static files, so the manifest must exist, as in production."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with no cached state (throttles, heartbeats) under the cache prefix.

    Only this service's keys are removed: the same Redis may carry a Celery queue.
    """
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _local_offer_taxonomies(request: pytest.FixtureRequest) -> None:
    """The Local Offer sections and SEN needs, which every database has from a data
    migration; a transactional test empties every table, so put them back after one."""
    wants_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not wants_db:
        return
    request.getfixturevalue("_django_db_helper")
    if not taxonomies_installed(TaxonomyTerm):
        taxonomies_install(Taxonomy, TaxonomyTerm)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen_today():
    """The clock stopped at 10:00 on Monday 23 November 2026, for tests of dated rules."""
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path):
    """Each test keeps its documents in its own directory."""
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    return settings.DOCUMENTS_ROOT


@pytest.fixture
def north(db: None) -> AreaTeam:
    return factories.AreaTeamFactory.create(name="North")


@pytest.fixture
def west(db: None) -> AreaTeam:
    return factories.AreaTeamFactory.create(name="West")


@pytest.fixture
def officer_north(north: AreaTeam) -> User:
    return factories.CaseOfficerFactory.create(email="officer.north@example.org", areas=[north])


@pytest.fixture
def officer_west(west: AreaTeam) -> User:
    return factories.CaseOfficerFactory.create(email="officer.west@example.org", areas=[west])


@pytest.fixture
def volunteer(north: AreaTeam) -> User:
    return factories.VolunteerFactory.create(
        email="senco@example.org", setting=factories.SettingFactory.create(area=north)
    )


@pytest.fixture
def headteacher(volunteer: User) -> User:
    return factories.HeadteacherFactory.create(email="head@example.org", setting=volunteer.setting)


@pytest.fixture
def manager(db: None) -> User:
    return factories.UserFactory.create(email="manager@example.org")


@pytest.fixture
def editor(db: None) -> User:
    return factories.LocalOfferEditorFactory.create(email="editor@example.org")


@pytest.fixture
def senco(volunteer: User) -> User:
    """School staff (the SENCO) of the volunteer's and headteacher's school, in North."""
    return factories.SchoolStaffUserFactory.create(
        email="school.senco@example.org", setting=volunteer.setting
    )


@pytest.fixture
def parent(db: None) -> User:
    """A parent's account (following no plan until a test gives them a place)."""
    return factories.FamilyUserFactory.create(email="parent@example.org")


@pytest.fixture
def personas(
    officer_north: User,
    officer_west: User,
    volunteer: User,
    headteacher: User,
    manager: User,
    editor: User,
    senco: User,
    parent: User,
) -> dict[str, User]:
    return {
        "officer_north": officer_north,
        "officer_west": officer_west,
        "volunteer": volunteer,
        "headteacher": headteacher,
        "manager": manager,
        "editor": editor,
        "senco": senco,
        "parent": parent,
    }


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run_at_once(work: Callable[[], T], *, times: int = 2) -> list[T]:
    """Run `work` in `times` threads at once, each with its own database connection, and
    return what each returned; an exception in any thread is raised here."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def wait_for(condition: Callable[[], object], *, seconds: float = 30) -> bool:
    """Poll `condition` (for a real Celery worker's result) every 0.2s for up to `seconds`;
    whether it came true. The test's own assertions say what was expected."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
