from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
        "cleanly; otherwise non-zero, one line per row error, and nothing saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check the file; save nothing.")

    def run_import(self, *, data: bytes, filename: str, dry_run: bool) -> CheckedFile:
        """Check the file and, unless `dry_run`, save it; other imports override this."""
        return caseload_import(data=data, filename=filename, actor=None, dry_run=dry_run)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            result = self.run_import(data=data, filename=path.name, dry_run=options["dry_run"])
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
