from django.contrib import admin

from casework.models import AreaTeam, Child, Plan, Setting


@admin.register(AreaTeam)
class AreaTeamAdmin(admin.ModelAdmin[AreaTeam]):
    search_fields = ["name"]


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin[Setting]):
    list_display = ["urn", "name", "phase", "area"]
    list_filter = ["phase", "area"]
    search_fields = ["urn", "name"]


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin[Child]):
    list_display = ["upn", "forename", "surname", "date_of_birth", "looked_after"]
    search_fields = ["upn", "surname"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ["plan_ref", "area", "setting", "primary_need", "status", "issued_on"]
    list_filter = ["area", "status", "primary_need"]
    search_fields = ["plan_ref", "child__upn"]
    raw_id_fields = ["child", "setting", "case_officer"]
