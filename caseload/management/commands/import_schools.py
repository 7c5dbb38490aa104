from typing import Any

from django.core.management.base import CommandError, CommandParser

from caseload.schools import schools_register_import
from common.council import council_la_code
from common.import_command import CheckedFile, ImportCommand
from organisation.models import AreaTeam


class Command(ImportCommand):
    help = (
        "Load the schools register from a Get Information about Schools (GIAS) establishment "
        "extract (CSV, DESIGN section 6), for one local authority, upserted by URN. Exit 0 "
        "when it imported cleanly; otherwise non-zero, one line per row error, and nothing "
        "saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--la",
            metavar="CODE",
            help="The local authority code (GIAS 'LA (code)', like 886) whose schools to load; "
            "COUNCIL_LA_CODE unless given.",
        )
        parser.add_argument(
            "--area",
            metavar="NAME",
            help="The area team for new schools whose district is no area team's.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.la_code = (options["la"] or council_la_code()).strip()
        if not self.la_code:
            raise CommandError("Give the local authority code with --la, or set COUNCIL_LA_CODE.")
        self.area = None
        if options["area"]:
            self.area = AreaTeam.objects.filter(name=options["area"]).first()
            if self.area is None:
                raise CommandError(f"No area team is called {options['area']}.")
        super().handle(*args, **options)

    def run_import(self, *, data: bytes, filename: str, dry_run: bool, actor: Any) -> CheckedFile:
        return schools_register_import(
            data=data,
            filename=filename,
            la_code=self.la_code,
            actor=actor,
            area_for_new=self.area,
            dry_run=dry_run,
        )
