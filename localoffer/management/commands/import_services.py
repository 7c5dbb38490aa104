from accounts.models import User
from common.import_command import CheckedFile, ImportCommand
from localoffer.importing import service_import


class Command(ImportCommand):
    help = (
        "Import Local Offer services from a CSV or XLSX file, for any Local Offer editor "
        "(with --as EMAIL, only as that editor may). "
        "Exit 0 when it imported cleanly; otherwise non-zero, one line per row error, and "
        "nothing saved."
    )
    as_help = (
        "Import as this person, as the import page would let them (a Local Offer editor: only "
        "the services they keep), recorded as the importer."
    )

    def run_import(
        self, *, data: bytes, filename: str, dry_run: bool, actor: User | None
    ) -> CheckedFile:
        return service_import(data=data, filename=filename, actor=actor, dry_run=dry_run)
