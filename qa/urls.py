from django.urls import path

from qa import views

app_name = "qa"

urlpatterns = [
    path(
        "volunteer/reviews/<int:review_id>/checklist/",
        views.checklist_start,
        name="checklist-start",
    ),
    path("checklists/<int:pk>/", views.checklist_overview, name="checklist"),
    path(
        "checklists/<int:pk>/sections/<int:position>/",
        views.checklist_section,
        name="checklist-section",
    ),
    path(
        "checklists/<int:pk>/sections/<int:position>/autosave/",
        views.checklist_autosave,
        name="checklist-autosave",
    ),
    path(
        "checklists/<int:pk>/recommendation/",
        views.checklist_recommendation,
        name="checklist-recommendation",
    ),
    path("checklists/<int:pk>/check/", views.checklist_check, name="checklist-check"),
]
