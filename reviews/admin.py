from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.admin import ReadOnlyAdmin
from reviews.models import Alert, DeadlineRules, Review


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin, admin.ModelAdmin[Review]):
    """Read-only: review steps are recorded through the guarded transitions, never edited here."""

    list_display = ["plan", "status", "due_on", "state", "days_overdue", "priority"]
    list_filter = ["status", "state", "in_backlog"]
    search_fields = ["plan__plan_ref"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    list_display = ["review", "step", "kind", "due_on", "raised_at"]
    list_filter = ["step", "kind"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(DeadlineRules)
