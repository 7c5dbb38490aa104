from django.urls import path

from volunteers import views

app_name = "reviews"

# The home pages of volunteers and headteachers keep their names here (accounts.access
# HOME_URL_NAMES); the volunteer programme renders them.
urlpatterns = [
    path("volunteer/", views.volunteer_home, name="volunteer-home"),
    path("headteacher/", views.headteacher_home, name="headteacher-home"),
]
