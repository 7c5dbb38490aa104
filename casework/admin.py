from django.contrib import admin

from casework.models import Child, Plan


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
