"""The command every file import offers (`import_plans`, `import_services`): read the file,
check it, save it whole or not at all, print one line per row error, exit non-zero on any."""

from pathlib import Path
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.table_rows import ImportFileError


class CheckedFile(Protocol):
    """What an import reports back: its outcome counts, row errors and warnings."""

    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def errors(self) -> list[str]: ...
    @property
    def warnings(self) -> list[str]: ...


class ImportCommand(BaseCommand):
    as_help = "Import as this person, within their reach only, recorded as the importer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check the file; save nothing.")
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            help=self.as_help,
        )

    def run_import(self, *, data: bytes, filename: str, dry_run: bool, actor: Any) -> CheckedFile:
        """Check the file and, unless `dry_run`, save it as `actor` (a user, or None: the
        operator's full reach). Each import's command says how."""
        raise NotImplementedError

    def _actor(self, email: str | None) -> Any:
        if email is None:
            return None
        actor = get_user_model().objects.filter(email=email.strip().lower(), is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account has the email address {email}.")
        return actor

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        actor = self._actor(options["as_email"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            result = self.run_import(
                data=data, filename=path.name, dry_run=options["dry_run"], actor=actor
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        for line in result.errors:
            self.stdout.write(line)
        summary = ", ".join(
            f"{count} {'in error' if outcome == 'error' else outcome}"
            for outcome, count in result.counts.items()
        )
        if result.counts["error"]:
            raise CommandError(f"{summary}. Nothing was saved.")
        verb = "Checked (dry run, nothing saved)" if options["dry_run"] else "Imported"
        self.stdout.write(f"{verb} {path.name}: {summary}.")
