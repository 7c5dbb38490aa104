from typing import Any

from django.core.management.base import BaseCommand

from localoffer.links import links_check_due, links_sync


class Command(BaseCommand):
    help = (
        "Bring the Local Offer's list of published addresses up to date and check a batch "
        "of those due (the nightly task's work)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = links_sync()
        checked = links_check_due()
        self.stdout.write(
            f"Added {counts.added} and removed {counts.removed} addresses; checked {checked}."
        )
