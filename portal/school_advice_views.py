"""A school asks a professional for advice on one of its reviews (contributions.advice): the
same form, rules and email as the case page's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import role_required, signed_in_user
from audit.services import event_record
from common.forms import form_add_validation_error, form_status
from contributions.advice import (
    advice_due_on_hint,
    advice_latest_due_on,
    advice_request_create,
    advice_request_may_create,
)
from contributions.advice_forms import AdviceRequestForm
from contributions.selectors import school_review_get_for_user
from portal.views import SCHOOL_PAGE_ROLES


@role_required(*SCHOOL_PAGE_ROLES)
def school_advice_request(request: HttpRequest, review_id: int) -> HttpResponse:
    """Ask one professional for advice on the school's review; they get an emailed link."""
    user = signed_in_user(request)
    review = school_review_get_for_user(user, review_id, write=True)
    if not advice_request_may_create(user, review):
        raise PermissionDenied("You may see this review but not ask for advice on it.")
    if request.method == "GET":
        event_record(
            actor=user,
            action="plan.viewed",
            target=review.plan,
            details={"page": "school advice request"},
        )
    form = AdviceRequestForm(request.POST or None, latest_due_on_hint=advice_due_on_hint(review))
    if request.method == "POST" and form.is_valid():
        try:
            advice_request_create(review=review, by=user, **form.cleaned_data)
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(
                request,
                f"Advice requested from {form.cleaned_data['name']}: they have been emailed a "
                "link to give it.",
            )
            return redirect("portal:school-review", review_id=review.pk)
    return render(
        request,
        "portal/school_advice_request.html",
        {
            "review": review,
            "plan": review.plan,
            "child": review.plan.child,
            "form": form,
            "no_meeting": advice_latest_due_on(review) is None,
        },
        status=form_status(form),
    )
