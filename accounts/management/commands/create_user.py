from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Role, SchoolJob
from accounts.services import user_create
from organisation.models import AreaTeam, Setting


class Command(BaseCommand):
    help = "Create a person who can sign in, with one role (DESIGN section 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--name", default="", help="Full name (defaults to the email's local part)."
        )
        parser.add_argument(
            "--area", action="append", default=[], help="Area team name; repeat for several."
        )
        parser.add_argument(
            "--setting", help="URN of the school (volunteers, headteachers and school staff)."
        )
        parser.add_argument(
            "--job",
            choices=SchoolJob.values,
            default=SchoolJob.OTHER.value,
            help="What a member of school staff does at the school.",
        )
        parser.add_argument(
            "--password", help="Without it the person sets a password through 'forgotten password'."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        areas = []
        for name in options["area"]:
            try:
                areas.append(AreaTeam.objects.get(name__iexact=name))
            except AreaTeam.DoesNotExist:
                known = ", ".join(AreaTeam.objects.values_list("name", flat=True)) or "none yet"
                raise CommandError(
                    f"No area team is called {name!r}. Known area teams: {known}."
                ) from None
        setting = None
        if options["setting"]:
            try:
                setting = Setting.objects.get(urn=options["setting"])
            except Setting.DoesNotExist:
                raise CommandError(f"No school has the URN {options['setting']!r}.") from None
        try:
            user = user_create(
                email=options["email"],
                role=Role(options["role"]),
                full_name=options["name"],
                password=options["password"],
                areas=areas,
                setting=setting,
                job=SchoolJob(options["job"]),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created {user.email} ({user.get_role_display()}).")
