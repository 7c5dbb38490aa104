import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from casework.models import Plan
from demo.caseload import ACCOUNTS, DEMO_PASSWORD, demo_caseload_seed, demo_council_seed
from demo.families import demo_family_notice_seed, demo_family_seed, demo_family_views_seed
from demo.localoffer import demo_localoffer_seed
from demo.schools import demo_school_work_seed
from demo.volunteers import demo_assignments_seed
from reviews.models import Review
from reviews.recompute import recompute_reviews


class Command(BaseCommand):
    help = "Load a realistic demo council and print the demo accounts (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (demo accounts share a published password).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only a database without accounts (first run); else list the demo accounts.",
        )
        parser.add_argument(
            "--plans",
            type=int,
            default=20_000,
            help="How many plans the demo caseload has (default 20,000; added only once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off: their password is public. "
                "Pass --allow-production if this really is a demo server."
            )
        if options["if_empty"] and User.objects.exists():
            demo_emails = set(
                User.objects.filter(email__in=[a.email for a in ACCOUNTS]).values_list(
                    "email", flat=True
                )
            )
            if not demo_emails:
                self.stdout.write("The database already has accounts; the demo was not loaded.")
                return
            accounts = [a for a in ACCOUNTS if a.email in demo_emails]
        else:
            accounts = demo_council_seed()
            self._seed_caseload(options["plans"])
            demo_assignments_seed(today=timezone.localdate())
            if demo_school_work_seed(today=timezone.localdate()):
                recompute_reviews()
            demo_family_seed(today=timezone.localdate())
            demo_family_views_seed(today=timezone.localdate())
            demo_family_notice_seed(today=timezone.localdate())
            added = demo_localoffer_seed(today=timezone.localdate())
            if added:
                self.stdout.write(f"Demo Local Offer: {added} services.")
        self.stdout.write(f"Demo accounts (password for all staff: {DEMO_PASSWORD}):")
        for account in accounts:
            scope = account.scope
            if account.role == Role.FAMILY:
                scope += f", signs in with a code sent by email ({settings.FAMILY_SIGN_IN_URL})"
            self.stdout.write(f"  {account.role.label:<20} {account.email:<28} {scope}")
        if any(account.role == Role.FAMILY for account in accounts):
            self.stdout.write(
                "  (With DEBUG on and no EMAIL_URL, the code's email is printed on this console.)"
            )

    def _seed_caseload(self, plans: int) -> None:
        if Plan.objects.filter(plan_ref__startswith="DEMO-").exists():
            return
        started = time.perf_counter()
        with transaction.atomic():
            demo_caseload_seed(plans=plans, today=timezone.localdate())
            recompute_reviews()
        backlog = Review.objects.in_backlog().count()
        concluded = Review.objects.concluded().count()
        self.stdout.write(
            f"Demo caseload: {plans} plans, {backlog} reviews in the backlog, {concluded} "
            f"concluded before ({time.perf_counter() - started:.0f}s)."
        )
