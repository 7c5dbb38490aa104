from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import MeView, ObtainTokenView
from casework.api import PlanViewSet
from reviews.api import ReviewViewSet

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("plans", PlanViewSet, basename="plan")
router.register("reviews", ReviewViewSet, basename="review")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
