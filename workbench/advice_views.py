"""Asking a professional for advice from the case page (contributions.advice)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import any_role, signed_in_user
from casework.selectors import plan_get_for_user
from common.forms import form_add_validation_error, form_status
from contributions.advice import (
    advice_due_on_hint,
    advice_latest_due_on,
    advice_request_create,
    advice_request_may_create,
)
from contributions.advice_forms import AdviceRequestForm
from reviews.selectors import review_get_for_user


@any_role
def case_advice_request(request: HttpRequest, plan_ref: str, review_id: int) -> HttpResponse:
    """Ask one professional for advice on the plan's review; they get an emailed link."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref)
    review = review_get_for_user(user, review_id)
    if review.plan_id != plan.pk:
        raise Http404("No such review on this plan.")
    if not advice_request_may_create(user, review):
        raise PermissionDenied("You may see this review but not ask for advice on it.")
    latest = advice_latest_due_on(review)
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
            return redirect("workbench:case", plan_ref=plan.plan_ref)
    return render(
        request,
        "workbench/advice_request.html",
        {"plan": plan, "review": review, "form": form, "no_meeting": latest is None},
        status=form_status(form),
    )
