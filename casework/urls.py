from django.urls import path

from casework import exports, views

app_name = "casework"

urlpatterns = [
    path("casework/", views.officer_home, name="officer-home"),
    path("casework/notifications/", views.notifications, name="notifications"),
    path("casework/export/plans.<str:fmt>", exports.export_plans, name="export-plans"),
    path("casework/export/reviews.<str:fmt>", exports.export_reviews, name="export-reviews"),
    path("manager/", views.manager_home, name="manager-home"),
    path("manager/deadline-rules/", views.deadline_rules, name="deadline-rules"),
]
