from django.urls import path

import casework.converters  # noqa: F401  (registers <plan_ref:...>, any stored reference)
from casework import case_views, exports, import_views, views

app_name = "casework"

urlpatterns = [
    path("casework/", views.officer_home, name="officer-home"),
    path("casework/plans/<plan_ref:plan_ref>/", case_views.case, name="case"),
    path(
        "casework/plans/<plan_ref:plan_ref>/reviews/<int:review_id>/<slug:step>/",
        case_views.case_step,
        name="case-step",
    ),
    path("casework/bulk/", views.bulk_action, name="bulk"),
    path("casework/notifications/", views.notifications, name="notifications"),
    path("casework/export/plans.<str:fmt>", exports.export_plans, name="export-plans"),
    path("casework/export/reviews.<str:fmt>", exports.export_reviews, name="export-reviews"),
    path("casework/import/", import_views.import_upload, name="import"),
    path("casework/import/<uuid:pk>/", import_views.import_job, name="import-job"),
    path("casework/import/<uuid:pk>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("casework/import/<uuid:pk>/report.csv", import_views.import_report, name="import-report"),
    path("manager/", views.manager_home, name="manager-home"),
    path("manager/deadline-rules/", views.deadline_rules, name="deadline-rules"),
    path("manager/settings/", views.setting_list, name="settings"),
    path("manager/settings/<str:urn>/", views.setting_edit, name="setting"),
]
