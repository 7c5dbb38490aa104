from django.urls import path

from portal import advice_views

app_name = "advice"

urlpatterns = [
    path("advice/<str:token>/", advice_views.advice_give, name="give"),
    path("advice/<str:token>/new-link/", advice_views.advice_link_new, name="new-link"),
]
