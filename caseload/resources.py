"""django-import-export resources: the exports of plans and reviews, and a plain plan import.

Exports pass through `common.downloads.neutralise_formulae` before they are written.
`PlanImportResource` is django-import-export used the ordinary way, row by row; kentsend's
own import (`caseload.importing`) does the same job in bulk, and bench/import.py compares them.
"""

from typing import Any

from import_export import fields, resources
from import_export.widgets import DateWidget, ForeignKeyWidget

from casework.models import Child, Plan
from organisation.models import AreaTeam, Setting
from reviews.models import Review


class CaseloadDateWidget(DateWidget):  # type: ignore[misc]
    """Dates as caseload files write them: YYYY-MM-DD or DD/MM/YYYY."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if isinstance(value, str) and "/" in value:
            day, month, year = value.split("/")
            value = f"{year}-{month}-{day}"
        return super().clean(value, row, **kwargs)


DATE = CaseloadDateWidget(format="%Y-%m-%d")


class PlanExportResource(resources.ModelResource):  # type: ignore[misc]
    plan_ref = fields.Field(attribute="plan_ref", column_name="plan_ref")
    upn = fields.Field(attribute="child__upn", column_name="upn")
    forename = fields.Field(attribute="child__forename", column_name="forename")
    surname = fields.Field(attribute="child__surname", column_name="surname")
    date_of_birth = fields.Field(
        attribute="child__date_of_birth", column_name="date_of_birth", widget=DATE
    )
    primary_need = fields.Field(attribute="primary_need", column_name="primary_need")
    setting_urn = fields.Field(attribute="setting__urn", column_name="setting_urn")
    setting_name = fields.Field(attribute="setting__name", column_name="setting_name")
    setting_phase = fields.Field(attribute="setting__phase", column_name="setting_phase")
    area = fields.Field(attribute="area__name", column_name="area")
    plan_issued_on = fields.Field(attribute="issued_on", column_name="plan_issued_on", widget=DATE)
    looked_after = fields.Field(column_name="looked_after")
    case_officer_email = fields.Field(
        attribute="case_officer__email", column_name="case_officer_email"
    )
    status = fields.Field(attribute="status", column_name="status")

    class Meta:
        model = Plan
        fields = [
            "plan_ref", "upn", "forename", "surname", "date_of_birth", "primary_need", "setting_urn",
            "setting_name", "setting_phase", "area", "plan_issued_on", "looked_after",
            "case_officer_email", "status",
        ]  # fmt: skip
        export_order = fields

    def dehydrate_looked_after(self, plan: Plan) -> str:
        return "Y" if plan.child.looked_after else "N"


class ReviewExportResource(resources.ModelResource):  # type: ignore[misc]
    plan_ref = fields.Field(attribute="plan__plan_ref", column_name="plan_ref")
    area = fields.Field(attribute="plan__area__name", column_name="area")
    # Today's, worked out from what the recompute stores (docs/decisions/0027).
    days_overdue = fields.Field(attribute="days_overdue", column_name="days_overdue")
    priority = fields.Field(attribute="priority", column_name="priority")

    class Meta:
        model = Review
        fields = [
            "id", "plan_ref", "area", "status", "ncy", "due_on", "meeting_on", "report_due_on",
            "decision_due_on", "decision", "decision_notified_on", "amendment_notice_on",
            "final_plan_due_on", "final_plan_issued_on", "phase_transfer_due_on", "state",
            "in_backlog", "days_overdue", "priority",
        ]  # fmt: skip
        export_order = fields


class PlanImportResource(resources.ModelResource):  # type: ignore[misc]
    """The caseload columns imported with django-import-export's ordinary row-by-row machinery."""

    plan_ref = fields.Field(attribute="plan_ref", column_name="plan_ref")
    plan_issued_on = fields.Field(attribute="issued_on", column_name="plan_issued_on", widget=DATE)
    primary_need = fields.Field(attribute="primary_need", column_name="primary_need")
    area = fields.Field(
        attribute="area", column_name="area", widget=ForeignKeyWidget(AreaTeam, "name")
    )
    setting = fields.Field(
        attribute="setting", column_name="setting_urn", widget=ForeignKeyWidget(Setting, "urn")
    )
    child = fields.Field(
        attribute="child", column_name="upn", widget=ForeignKeyWidget(Child, "upn")
    )

    class Meta:
        model = Plan
        import_id_fields = ["plan_ref"]
        fields = ["plan_ref", "plan_issued_on", "primary_need", "area", "setting", "child"]

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        area = AreaTeam.objects.get(name=row["area"])
        Setting.objects.get_or_create(
            urn=row["setting_urn"],
            defaults={"name": row["setting_name"], "phase": row["setting_phase"], "area": area},
        )
        Child.objects.update_or_create(
            upn=row["upn"],
            defaults={
                "forename": row["forename"],
                "surname": row["surname"],
                "date_of_birth": DATE.clean(row["date_of_birth"]),
                "looked_after": row["looked_after"] == "Y",
            },
        )
