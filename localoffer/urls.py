from django.urls import URLPattern, path

from localoffer import views

app_name = "localoffer"

# The public Local Offer: search, service pages and feedback, open to everyone.
urlpatterns: list[URLPattern] = [
    path("local-offer/", views.search, name="search"),
    path("local-offer/services/<uuid:pk>/", views.service, name="service"),
    path("local-offer/feedback/", views.feedback, name="feedback"),
]
