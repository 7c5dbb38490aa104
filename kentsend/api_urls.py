from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import MeView, ObtainTokenView, TokenListView, TokenRevokeView
from portal.api import SchoolReviewViewSet
from qa.api import ChecklistViewSet
from reporting.api import BacklogMetricsView
from volunteers.api import AssignmentViewSet, ReleaseAgreementViewSet, VolunteerViewSet
from workbench.api import PlanViewSet
from workbench.review_api import ReviewViewSet

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("plans", PlanViewSet, basename="plan")
router.register("reviews", ReviewViewSet, basename="review")
router.register("volunteers", VolunteerViewSet, basename="volunteer")
router.register("release-agreements", ReleaseAgreementViewSet, basename="release-agreement")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("qa", ChecklistViewSet, basename="checklist")
router.register("school/reviews", SchoolReviewViewSet, basename="school-review")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("auth/tokens/", TokenListView.as_view(), name="tokens"),
    path("auth/tokens/<str:token_id>/", TokenRevokeView.as_view(), name="token-revoke"),
    path("me/", MeView.as_view(), name="me"),
    path("metrics/backlog/", BacklogMetricsView.as_view(), name="metrics-backlog"),
    path("", include(router.urls)),
]
