from django.urls import URLPattern, path

from reporting import export_views, forecast_views

app_name = "reporting"

urlpatterns: list[URLPattern] = []

urlpatterns += [
    path("manager/forecast/", forecast_views.forecast, name="forecast"),
    path("manager/exports/sen2.csv", export_views.sen2_export, name="sen2"),
]
