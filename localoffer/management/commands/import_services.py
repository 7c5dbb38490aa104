from casework.management.commands import import_plans
from localoffer.importing import service_import


class Command(import_plans.Command):
    help = (
        "Import Local Offer services from a CSV or XLSX file, for any Local Offer editor. "
        "Exit 0 when it imported cleanly; otherwise non-zero, one line per row error, and "
        "nothing saved."
    )

    def run_import(self, *, data: bytes, filename: str, dry_run: bool) -> import_plans.CheckedFile:
        return service_import(data=data, filename=filename, actor=None, dry_run=dry_run)
