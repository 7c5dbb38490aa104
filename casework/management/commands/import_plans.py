from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from casework.importing import ImportFileError, caseload_import


class CheckedFile(Protocol):
    """What an import reports back: its outcome counts, row errors and warnings."""

    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def errors(self) -> list[str]: ...
    @property
    def warnings(self) -> list[str]: ...


class Command(BaseCommand):
    help = (
        "Import a caseload file (CSV or XLSX, DESIGN section 6). Exit 0 when it imported "
        "cleanly; otherwise non-zero, one line per row error, and nothing saved. Without "
        "--as it runs with the operator's full reach: every area team and every plan."
    )

    as_help = (
        "Import as this person, within their reach only (a case officer: the area teams they "
        "work in; a manager: all), recorded as the importer. Without it, the import reaches "
        "every area team and every plan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check the file; save nothing.")
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            help=self.as_help,
        )

    def run_import(
        self, *, data: bytes, filename: str, dry_run: bool, actor: User | None
    ) -> CheckedFile:
        """Check the file and, unless `dry_run`, save it as `actor` (None: the operator's full
        reach); other imports override this."""
        return caseload_import(data=data, filename=filename, actor=actor, dry_run=dry_run)

    def _actor(self, email: str | None) -> User | None:
        if email is None:
            return None
        actor = User.objects.filter(email=email.strip().lower(), is_active=True).first()
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
