from django.urls import URLPattern

app_name = "sen-reports"

urlpatterns: list[URLPattern] = []
