from django.contrib import admin
from django.http import HttpRequest

from common.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin[OutgoingEmail]):
    """Read only: the notification layer alone writes these rows (common.notices)."""

    list_display = ["created_at", "kind", "to", "subject", "status", "attempts", "backend"]
    list_filter = ["status", "kind", "backend"]
    search_fields = ["to", "subject"]
    exclude = ["body", "html_body"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutgoingEmail | None = None) -> bool:
        return False
