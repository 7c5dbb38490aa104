from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from casework.demo import ACCOUNTS, DEMO_PASSWORD, demo_council_seed


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
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.role.label:<20} {account.email:<28} {account.scope}")
