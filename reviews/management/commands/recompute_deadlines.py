import time
from typing import Any

from django.core.management.base import BaseCommand

from reviews.recompute import recompute_reviews


class Command(BaseCommand):
    help = "Recompute every open review's deadlines, states and priority (the nightly task's work)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        updated = recompute_reviews()
        self.stdout.write(
            f"Recomputed {updated} open reviews in {time.perf_counter() - started:.1f}s."
        )
