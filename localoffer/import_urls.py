from django.urls import URLPattern

app_name = "localoffer-import"

urlpatterns: list[URLPattern] = []
