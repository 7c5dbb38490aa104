from django.urls import path

from casework import views

app_name = "casework"

urlpatterns = [
    path("casework/", views.officer_home, name="officer-home"),
    path("casework/notifications/", views.notifications, name="notifications"),
    path("manager/", views.manager_home, name="manager-home"),
    path("manager/deadline-rules/", views.deadline_rules, name="deadline-rules"),
]
