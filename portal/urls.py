from django.urls import path

from portal import (
    family_part_views,
    family_views,
    report_views,
    school_advice_views,
    staff_views,
    views,
)

app_name = "portal"

urlpatterns = [
    path("family/", family_views.family_home, name="family-home"),
    path("family/plans/<int:plan_id>/", family_views.family_plan, name="family-plan"),
    path(
        "family/plans/<int:plan_id>/letters/",
        family_views.family_letters,
        name="family-letters",
    ),
    path(
        "family/plans/<int:plan_id>/letters/<int:document_id>/",
        family_views.family_letter_download,
        name="family-letter-download",
    ),
    path("family/plans/<int:plan_id>/views/", family_part_views.family_views, name="family-views"),
    path(
        "family/plans/<int:plan_id>/views/<slug:about>/",
        family_part_views.family_views_give,
        name="family-views-give",
    ),
    path(
        "family/plans/<int:plan_id>/questions/",
        family_part_views.family_questions,
        name="family-questions",
    ),
    path("views-files/<int:file_id>/", family_part_views.views_file, name="views-file"),
    path("school/", views.school_home, name="school-home"),
    path("school/reviews/<int:review_id>/", views.school_review, name="school-review"),
    path(
        "school/reviews/<int:review_id>/report/",
        report_views.report_overview,
        name="school-report",
    ),
    path(
        "school/reviews/<int:review_id>/report/submit/",
        report_views.report_submit,
        name="school-report-submit",
    ),
    path(
        "school/reviews/<int:review_id>/report/attachments/",
        report_views.report_attachments,
        name="school-report-attachments",
    ),
    path(
        "school/reviews/<int:review_id>/report/<slug:part>/",
        report_views.report_part,
        name="school-report-part",
    ),
    path(
        "school/reviews/<int:review_id>/advice/new/",
        school_advice_views.school_advice_request,
        name="school-advice-request",
    ),
    path(
        "school/reviews/<int:review_id>/<slug:step>/",
        views.school_review_step,
        name="school-review-step",
    ),
    path("school/staff/", staff_views.own_school_staff, name="own-school-staff"),
    path("school/<str:urn>/staff/", staff_views.school_staff, name="school-staff"),
    path("school/<str:urn>/staff/add/", staff_views.school_staff_add, name="school-staff-add"),
    path(
        "school/<str:urn>/staff/<int:pk>/remove/",
        staff_views.school_staff_remove,
        name="school-staff-remove",
    ),
    path("school/join/<uidb64>/<token>/", staff_views.school_join, name="school-join"),
]
