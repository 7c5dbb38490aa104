from django.urls import path

import casework.converters  # noqa: F401  (registers <plan_ref:...>, any stored reference)
from workbench import (
    advice_views,
    case_views,
    deadline_notice_views,
    email_views,
    family_part_views,
    family_views,
    people_views,
    register_views,
    views,
    worklist,
)

app_name = "workbench"

urlpatterns = [
    path("casework/", views.officer_home, name="officer-home"),
    path("casework/plans/<plan_ref:plan_ref>/", case_views.case, name="case"),
    path(
        "casework/plans/<plan_ref:plan_ref>/contact/",
        case_views.case_contact,
        name="case-contact",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/family/invite/",
        family_views.family_invite,
        name="case-family-invite",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/family/<int:member_id>/remove/",
        family_views.family_remove,
        name="case-family-remove",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/reviews/<int:review_id>/advice/new/",
        advice_views.case_advice_request,
        name="case-advice-request",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/reviews/<int:review_id>/report/return/",
        case_views.case_report_return,
        name="case-report-return",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/reviews/<int:review_id>/views/<slug:about>/",
        family_part_views.case_views_record,
        name="case-views-record",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/questions/new/",
        family_part_views.case_question_record,
        name="case-question-record",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/questions/<int:question_id>/answer/",
        family_part_views.case_question_answer,
        name="case-question-answer",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/reviews/<int:review_id>/late/<slug:step>/",
        deadline_notice_views.deadline_notice,
        name="case-deadline-notice",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/reviews/<int:review_id>/<slug:step>/",
        case_views.case_step,
        name="case-step",
    ),
    path("casework/bulk/", views.bulk_action, name="bulk"),
    path("casework/search/", worklist.case_search, name="case-search"),
    path("casework/notifications/", worklist.notifications, name="notifications"),
    path(
        "casework/notifications/<int:alert_id>/done/",
        worklist.notification_done,
        name="notification-done",
    ),
    path(
        "casework/notifications/<int:alert_id>/snooze/",
        worklist.notification_snooze,
        name="notification-snooze",
    ),
    path("manager/deadline-rules/", views.deadline_rules, name="deadline-rules"),
    path("manager/emails/", email_views.email_list, name="emails"),
    path("manager/settings/", views.setting_list, name="settings"),
    path("manager/settings/add/", people_views.school_add, name="school-add"),
    path("manager/settings/register/", register_views.schools_register, name="schools-register"),
    path(
        "manager/settings/register/save/",
        register_views.schools_register_save,
        name="schools-register-save",
    ),
    path("manager/settings/<str:urn>/", views.setting_edit, name="setting"),
    path("manager/settings/<str:urn>/details/", people_views.school_change, name="school"),
    path("manager/people/", people_views.people_list, name="people"),
    path("manager/people/invite/", people_views.person_invite, name="person-invite"),
    path("manager/people/<int:pk>/", people_views.person, name="person"),
    path("manager/people/<int:pk>/switch/", people_views.person_switch, name="person-switch"),
    path(
        "manager/people/<int:pk>/invite-again/",
        people_views.person_invite_again,
        name="person-invite-again",
    ),
    path("manager/area-teams/", people_views.area_teams, name="area-teams"),
    path("manager/area-teams/add/", people_views.area_team_add, name="area-team-add"),
    path("manager/area-teams/<int:pk>/", people_views.area_team_rename, name="area-team"),
    path(
        "manager/area-teams/<int:pk>/districts/",
        people_views.area_team_districts,
        name="area-team-districts",
    ),
    path("welcome/<uidb64>/<str:token>/", people_views.staff_join, name="staff-join"),
]
