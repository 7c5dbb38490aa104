"""Latency of /healthz, the sign-in page and a home page, against one database round trip."""

from functools import partial

from django.db import connection, transaction
from django.test import Client

from accounts.models import Role, User
from bench._timing import measure
from kentsend.health import heartbeat_record
from organisation.models import AreaTeam


def main() -> None:
    def select_one() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    baseline = measure("baseline: SELECT 1", select_one)
    print(baseline.line())

    with transaction.atomic():
        area = AreaTeam.objects.create(name="Bench area")
        officer = User.objects.create_user(
            "bench.officer@example.org", full_name="Bench Officer", role=Role.CASE_OFFICER
        )
        officer.areas.add(area)
        heartbeat_record()
        anonymous, signed_in = Client(), Client()
        signed_in.force_login(officer)
        for label, client, path in [
            ("GET /healthz", anonymous, "/healthz"),
            ("GET /sign-in/", anonymous, "/sign-in/"),
            ("GET /casework/ (signed in)", signed_in, "/casework/"),
        ]:
            print(measure(label, partial(client.get, path)).line(baseline))
        transaction.set_rollback(True)
