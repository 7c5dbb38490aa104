from django.contrib import admin

from organisation.models import AreaTeam


@admin.register(AreaTeam)
class AreaTeamAdmin(admin.ModelAdmin[AreaTeam]):
    search_fields = ["name"]
