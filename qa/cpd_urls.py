from django.urls import path

from qa import cpd_views as views

app_name = "cpd"

urlpatterns = [
    path("volunteer/cpd/", views.cpd_record, name="record"),
    path("volunteer/cpd/certificate.pdf", views.cpd_certificate, name="certificate"),
]
