from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.access import signed_in_user
from casework.models import AreaTeam, Child, Plan, Setting
from casework.setting_services import setting_last_year_recorded


@admin.register(AreaTeam)
class AreaTeamAdmin(admin.ModelAdmin[AreaTeam]):
    search_fields = ["name"]


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin[Setting]):
    list_display = ["urn", "name", "phase", "area", "last_year_of_phase"]
    list_editable = ["last_year_of_phase"]
    list_filter = ["phase", "area"]
    search_fields = ["urn", "name"]
    fields = ["urn", "name", "phase", "area", "last_year_of_phase"]

    def save_model(self, request: HttpRequest, obj: Setting, form: Any, change: bool) -> None:
        """A changed last year group recomputes its children's deadlines, with an event, in
        the admin's own transaction, as the managers' page does."""
        super().save_model(request, obj, form, change)
        if change and "last_year_of_phase" in form.changed_data:
            setting_last_year_recorded(
                setting=obj,
                before=form.initial.get("last_year_of_phase"),
                actor=signed_in_user(request),
            )


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin[Child]):
    list_display = ["upn", "uln", "forename", "surname", "date_of_birth", "looked_after"]
    list_filter = ["upn_unknown_reason"]
    search_fields = ["upn", "uln", "surname"]
    fieldsets = [
        (None, {"fields": ["forename", "surname", "date_of_birth", "looked_after"]}),
        ("Year group", {"fields": ["ncy_override"]}),
        (
            "How the DfE identifies the child: UPN, or ULN, or the reason neither is known",
            {"fields": ["upn", "uln", "upn_unknown_reason"]},
        ),
    ]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ["plan_ref", "area", "setting", "primary_need", "status", "issued_on"]
    list_filter = ["area", "status", "primary_need"]
    search_fields = ["plan_ref", "child__upn"]
    raw_id_fields = ["child", "setting", "case_officer"]
