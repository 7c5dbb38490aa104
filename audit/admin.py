from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import Event


class ReadOnlyAdmin:
    """For records written only by services (events, computed reviews): never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin, admin.ModelAdmin[Event]):
    list_display = ["occurred_at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action"]
    search_fields = ["action", "target_id", "actor__email"]
    date_hierarchy = "occurred_at"
