"""The admin's setting page: it changes deadlines, so it lives with the officers' tools."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.access import signed_in_user
from organisation.models import Setting
from workbench.setting_services import setting_last_year_recorded


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin[Setting]):
    list_display = ["urn", "name", "phase", "area", "last_year_of_phase"]
    list_editable = ["last_year_of_phase"]
    list_filter = ["phase", "area"]
    search_fields = ["urn", "name"]
    fields = ["urn", "name", "phase", "area", "last_year_of_phase", "phase_set_by_hand", "closed"]

    def save_model(self, request: HttpRequest, obj: Setting, form: Any, change: bool) -> None:
        """A changed last year group recomputes its children's deadlines, with an event, in
        the admin's own transaction, as the managers' page does; a phase or last year set
        here is kept by the register import."""
        if {"phase", "last_year_of_phase"} & set(form.changed_data):
            obj.phase_set_by_hand = True
        super().save_model(request, obj, form, change)
        if change and "last_year_of_phase" in form.changed_data:
            setting_last_year_recorded(
                setting=obj,
                before=form.initial.get("last_year_of_phase"),
                actor=signed_in_user(request),
            )
