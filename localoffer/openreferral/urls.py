from django.urls import URLPattern

app_name = "openreferral"

urlpatterns: list[URLPattern] = []
