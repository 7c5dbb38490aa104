from django.urls import URLPattern, re_path

from localoffer.openreferral import views

app_name = "openreferral"

# The Open Referral specification writes its paths without a trailing slash; the previous
# validator, and clients written against it, add one (`/services/?page=1`), so every path
# answers both ways (reverse() gives the form without). Ids are taken as any text without a
# slash, so that a malformed one is answered with the feed's JSON 404, as is any other path
# under /openreferral/ that names no endpoint.
ID = r"(?P<id>[^/]+)"

urlpatterns: list[URLPattern] = [
    re_path(r"^$", views.MetaView.as_view(), name="meta"),
    re_path(r"^services/?$", views.ServiceListView.as_view(), name="services"),
    re_path(rf"^services/{ID}/?$", views.ServiceDetailView.as_view(), name="service"),
    re_path(r"^taxonomies/?$", views.TaxonomyListView.as_view(), name="taxonomies"),
    re_path(rf"^taxonomies/{ID}/?$", views.TaxonomyDetailView.as_view(), name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.TaxonomyTermListView.as_view(), name="taxonomy-terms"),
    re_path(
        rf"^taxonomy_terms/{ID}/?$",
        views.TaxonomyTermDetailView.as_view(),
        name="taxonomy-term",
    ),
    re_path(
        r"^service_at_locations/?$",
        views.ServiceAtLocationListView.as_view(),
        name="service-at-locations",
    ),
    re_path(
        rf"^service_at_locations/{ID}/?$",
        views.ServiceAtLocationDetailView.as_view(),
        name="service-at-location",
    ),
    re_path(r"^.*$", views.NoSuchEndpointView.as_view(), name="not-found"),
]
