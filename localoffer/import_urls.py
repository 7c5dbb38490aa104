from django.urls import URLPattern, path

from localoffer import import_views as views

app_name = "localoffer-import"

urlpatterns: list[URLPattern] = [
    path("local-offer/manage/import/", views.upload, name="upload"),
    path("local-offer/manage/import/template.csv", views.template, name="template"),
    path("local-offer/manage/import/<uuid:token>/", views.preview, name="preview"),
    path("local-offer/manage/import/<uuid:token>/import/", views.confirm, name="confirm"),
    path("local-offer/manage/import/<uuid:token>/cancel/", views.cancel, name="cancel"),
    path("local-offer/manage/import/<uuid:token>/done/", views.result, name="result"),
]
