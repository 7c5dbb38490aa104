from django.urls import URLPattern

app_name = "localoffer"

# The public Local Offer: search, service pages and feedback, open to everyone.
urlpatterns: list[URLPattern] = []
