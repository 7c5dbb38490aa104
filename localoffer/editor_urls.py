from django.urls import URLPattern, path

from localoffer import editor_views as views

app_name = "localoffer-editor"

urlpatterns: list[URLPattern] = [
    path("local-offer/manage/", views.editor_home, name="home"),
]
