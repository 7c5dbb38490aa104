from django.urls import path

import casework.converters  # noqa: F401  (registers <plan_ref:...>, any stored reference)
from workbench import case_views, views, worklist

app_name = "workbench"

urlpatterns = [
    path("casework/", views.officer_home, name="officer-home"),
    path("casework/plans/<plan_ref:plan_ref>/", case_views.case, name="case"),
    path(
        "casework/plans/<plan_ref:plan_ref>/contact/",
        case_views.case_contact,
        name="case-contact",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/reviews/<int:review_id>/<slug:step>/",
        case_views.case_step,
        name="case-step",
    ),
    path("casework/bulk/", views.bulk_action, name="bulk"),
    path("casework/search/", worklist.case_search, name="case-search"),
    path("casework/notifications/", worklist.notifications, name="notifications"),
    path(
        "casework/notifications/<int:alert_id>/done/",
        worklist.notification_done,
        name="notification-done",
    ),
    path(
        "casework/notifications/<int:alert_id>/snooze/",
        worklist.notification_snooze,
        name="notification-snooze",
    ),
    path("manager/deadline-rules/", views.deadline_rules, name="deadline-rules"),
    path("manager/settings/", views.setting_list, name="settings"),
    path("manager/settings/<str:urn>/", views.setting_edit, name="setting"),
]
