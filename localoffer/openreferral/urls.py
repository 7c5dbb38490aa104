from django.urls import URLPattern, path

from localoffer.openreferral import views

app_name = "openreferral"

# Without trailing slashes, as the Open Referral specification writes its paths. Ids are
# taken as any text, so that a malformed one is answered with the feed's JSON 404.
urlpatterns: list[URLPattern] = [
    path("", views.MetaView.as_view(), name="meta"),
    path("services", views.ServiceListView.as_view(), name="services"),
    path("services/<str:id>", views.ServiceDetailView.as_view(), name="service"),
    path("taxonomies", views.TaxonomyListView.as_view(), name="taxonomies"),
    path("taxonomies/<str:id>", views.TaxonomyDetailView.as_view(), name="taxonomy"),
    path("taxonomy_terms", views.TaxonomyTermListView.as_view(), name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", views.TaxonomyTermDetailView.as_view(), name="taxonomy-term"),
    path(
        "service_at_locations",
        views.ServiceAtLocationListView.as_view(),
        name="service-at-locations",
    ),
    path(
        "service_at_locations/<str:id>",
        views.ServiceAtLocationDetailView.as_view(),
        name="service-at-location",
    ),
]
