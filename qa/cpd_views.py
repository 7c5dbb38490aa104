"""The volunteer's CPD record and certificate. Only the volunteer sees their own: the pages
take no identifier, so there is nobody else's record to ask for."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from common.downloads import attachment
from qa.cpd import cpd_certificate_pdf, cpd_record_for, hours_label


@role_required(Role.VOLUNTEER)
def cpd_record(request: HttpRequest) -> HttpResponse:
    """Release days given, hours and reviews completed, day by day."""
    record = cpd_record_for(signed_in_user(request))
    return render(
        request,
        "qa/cpd_record.html",
        {
            "record": record,
            "hours": hours_label(record.hours),
            "hours_per_day": hours_label(record.hours_per_day),
        },
    )


@role_required(Role.VOLUNTEER)
def cpd_certificate(request: HttpRequest) -> HttpResponse:
    """The certificate as a PDF, as the record stands today."""
    user = signed_in_user(request)
    record = cpd_record_for(user)
    pdf = cpd_certificate_pdf(record)
    event_record(
        actor=user,
        action="cpd.certificate_downloaded",
        target=user,
        details={
            "release_days": record.release_days,
            "hours": hours_label(record.hours),
            "reviews_completed": record.reviews_completed,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"cpd-certificate-{record.today:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = attachment(filename)
    return response
