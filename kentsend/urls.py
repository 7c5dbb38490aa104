from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from kentsend import information
from kentsend.health import healthz

admin.site.site_header = "Manage EHCP annual reviews: administration"
admin.site.site_title = "Manage EHCP annual reviews"

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("workbench.urls")),
    path("", include("caseload.urls")),
    path("", include("localoffer.urls")),
    path("", include("localoffer.editor_urls")),
    path("", include("localoffer.sen_report_urls")),
    path("", include("localoffer.import_urls")),
    path("openreferral/", include("localoffer.openreferral.urls")),
    path("", include("volunteers.urls")),
    path("", include("documents.urls")),
    path("", include("qa.urls")),
    path("", include("qa.moderation_urls")),
    path("", include("qa.cpd_urls")),
    path("", include("reporting.urls")),
    path("", include("portal.advice_urls")),
    path("", include("portal.urls")),
    path("healthz", healthz, name="healthz"),
    path("accessibility/", information.accessibility, name="accessibility"),
    path("privacy/", information.privacy, name="privacy"),
    path("cookies/", information.cookies, name="cookies"),
    path("api/v1/", include("kentsend.api_urls")),
    # The schema and its docs describe what the API holds: for signed-in people only
    # (a browser session or a token).
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="schema",
    ),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", permission_classes=[IsAuthenticated]
        ),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]

handler404 = "kentsend.errors.not_found"
handler500 = "kentsend.errors.server_error"
