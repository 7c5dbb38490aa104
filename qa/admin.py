"""Managers keep the QA checklist in the Django admin.

A version that checklists have been made with is read-only: its sections, questions, weights
and thresholds are what those checklists were graded against. To change the checklist, make a
new version (an action copies it with the next version number), edit the copy, then make it
active; checklists already started keep the version they began with.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from accounts.access import signed_in_user
from qa.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from qa.services import checklist_template_activate, checklist_template_new_version


def _in_use(template: ChecklistTemplate | None) -> bool:
    return template is not None and template.checklists.exists()


class ChecklistSectionInline(admin.TabularInline[ChecklistSection, ChecklistTemplate]):
    model = ChecklistSection
    fields = ["position", "code", "title"]
    extra = 0
    show_change_link = True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin[ChecklistTemplate]):
    list_display = ["name", "version", "is_active", "section_count", "checklist_count"]
    list_filter = ["is_active"]
    fields = [
        "name",
        "version",
        "is_active",
        "outstanding_from",
        "good_from",
        "requires_improvement_from",
    ]
    inlines = [ChecklistSectionInline]
    actions = ["make_new_version", "make_active"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChecklistTemplate]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_sections=Count("sections", distinct=True),
                n_checklists=Count("checklists", distinct=True),
            )
        )

    @admin.display(description="Sections", ordering="n_sections")
    def section_count(self, template: Any) -> int:
        return int(template.n_sections)

    @admin.display(description="Checklists made with it", ordering="n_checklists")
    def checklist_count(self, template: Any) -> int:
        return int(template.n_checklists)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_delete_permission(request, obj)

    @admin.action(description="Make a new version of the selected checklist")
    def make_new_version(self, request: HttpRequest, queryset: QuerySet[ChecklistTemplate]) -> None:
        for template in queryset:
            copy = checklist_template_new_version(actor=signed_in_user(request), template=template)
            self.message_user(
                request,
                f"Made {copy}. Edit it, then make it active when it is ready.",
                messages.SUCCESS,
            )

    @admin.action(description="Make the selected version active for new checklists")
    def make_active(self, request: HttpRequest, queryset: QuerySet[ChecklistTemplate]) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to make active.", messages.ERROR)
            return
        template = queryset.get()
        checklist_template_activate(actor=signed_in_user(request), template=template)
        self.message_user(request, f"{template} is now used for new checklists.", messages.SUCCESS)


class ChecklistItemInline(admin.StackedInline[ChecklistItem, ChecklistSection]):
    model = ChecklistItem
    fields = ["position", "prompt", "guidance", "weight"]
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        in_use = obj is not None and _in_use(obj.template)
        return not in_use and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        in_use = obj is not None and _in_use(obj.template)
        return not in_use and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        in_use = obj is not None and _in_use(obj.template)
        return not in_use and super().has_delete_permission(request, obj)


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(admin.ModelAdmin[ChecklistSection]):
    list_display = ["template", "position", "code", "title"]
    list_filter = ["template"]
    list_select_related = ["template"]
    fields = ["template", "position", "code", "title"]
    inlines = [ChecklistItemInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        in_use = obj is not None and _in_use(obj.template)
        return not in_use and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        in_use = obj is not None and _in_use(obj.template)
        return not in_use and super().has_delete_permission(request, obj)
