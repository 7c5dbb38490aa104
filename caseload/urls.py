from django.urls import path

from caseload import exports, views

app_name = "caseload"

urlpatterns = [
    path("casework/export/plans.<str:fmt>", exports.export_plans, name="export-plans"),
    path("casework/export/reviews.<str:fmt>", exports.export_reviews, name="export-reviews"),
    path("casework/import/", views.import_upload, name="import"),
    path("casework/import/<uuid:pk>/", views.import_job, name="import-job"),
    path("casework/import/<uuid:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("casework/import/<uuid:pk>/report.csv", views.import_report, name="import-report"),
]
