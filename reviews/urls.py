from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("volunteer/", views.volunteer_home, name="volunteer-home"),
    path("headteacher/", views.headteacher_home, name="headteacher-home"),
]
