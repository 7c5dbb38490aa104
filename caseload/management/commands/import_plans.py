from accounts.models import User
from caseload.importing import caseload_import
from common.import_command import CheckedFile, ImportCommand


class Command(ImportCommand):
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

    def run_import(
        self, *, data: bytes, filename: str, dry_run: bool, actor: User | None
    ) -> CheckedFile:
        """Check the file and, unless `dry_run`, save it as `actor` (None: the operator's full
        reach)."""
        return caseload_import(data=data, filename=filename, actor=actor, dry_run=dry_run)
