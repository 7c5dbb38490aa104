from django.urls import URLPattern, path

from localoffer import editor_views as views

app_name = "localoffer-editor"

urlpatterns: list[URLPattern] = [
    path("local-offer/manage/", views.editor_home, name="home"),
    path("local-offer/manage/past-review/", views.stale, name="stale"),
    path("local-offer/manage/services/new/", views.service_new, name="service-new"),
    path("local-offer/manage/services/<uuid:pk>/", views.service, name="service"),
    path(
        "local-offer/manage/services/<uuid:pk>/reviewed/",
        views.service_reviewed,
        name="service-reviewed",
    ),
    path("local-offer/manage/broken-links/", views.broken_links, name="broken-links"),
    path("local-offer/manage/feedback/", views.feedback, name="feedback"),
    path(
        "local-offer/manage/feedback/<int:pk>/handled/",
        views.feedback_handled,
        name="feedback-handled",
    ),
]
