from django.contrib import admin
from django.http import HttpRequest

from volunteers.models import ProgrammeSettings, VolunteerProfile


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(admin.ModelAdmin[ProgrammeSettings]):
    """The programme's limits: one row, edited in place."""

    list_display = ["__str__", "reviews_per_day", "max_weeks", "days_per_week"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ProgrammeSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin[VolunteerProfile]):
    list_display = ["user", "trained_on", "reviews_per_day", "joined_at"]
    search_fields = ["user__email", "user__full_name"]
    readonly_fields = ["user", "invited_by", "invited_at", "joined_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
