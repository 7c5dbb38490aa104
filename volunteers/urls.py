from django.urls import path

from volunteers import holiday_views, joining_views, views

app_name = "volunteers"

urlpatterns = [
    path("volunteer/", views.volunteer_home, name="volunteer-home"),
    path("headteacher/", views.headteacher_home, name="headteacher-home"),
    path("volunteer/reviews/<int:review_id>/", views.volunteer_review, name="review"),
    path("volunteer/release/new/", views.request_release, name="request-release"),
    path("release/<int:pk>/", views.agreement, name="agreement"),
    path("release/decide/<str:token>/", views.decide_by_link, name="decide-by-link"),
    path("programme/", joining_views.programme, name="programme"),
    path("programme/invite/", joining_views.invite, name="invite"),
    path("programme/holidays/", holiday_views.school_holidays, name="school-holidays"),
    path(
        "programme/holidays/<int:pk>/remove/",
        holiday_views.school_holiday_delete,
        name="school-holiday-remove",
    ),
    path("programme/interest/<int:pk>/", joining_views.interest, name="interest"),
    path("volunteer-with-us/", joining_views.register_interest, name="register-interest"),
    path("join/<uidb64>/<str:token>/", joining_views.join, name="join"),
]
