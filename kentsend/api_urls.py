from django.urls import path

from accounts.api import MeView, ObtainTokenView

app_name = "api"

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
]
