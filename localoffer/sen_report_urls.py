from django.urls import URLPattern, path

from localoffer import sen_report_views as views

app_name = "sen-reports"

urlpatterns: list[URLPattern] = [
    path("school/sen-information-report/", views.mine, name="mine"),
    path("local-offer/schools/", views.compliance, name="compliance"),
    path("local-offer/schools.csv", views.compliance_csv, name="compliance-csv"),
    path("local-offer/schools/<int:setting_id>/", views.school, name="school"),
]
