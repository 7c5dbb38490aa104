"""The page a professional's emailed link opens: the request, and their advice.

No account: the signed token (contributions.advice_links) is the authority for this one
request. Opening it shows only what the professional needs and records the read; sending
the advice uses up every link of the request. A link that cannot be used says why, on its
own page, and saves nothing.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import form_add_validation_error, form_status
from contributions.advice import (
    advice_child_initials,
    advice_files_read,
    advice_link_opened,
    advice_link_renew,
    advice_receive,
)
from contributions.advice_links import AdviceLinkProblem, advice_link_resolve
from portal.advice_forms import AdviceForm


def _problem(request: HttpRequest, problem: AdviceLinkProblem, token: str) -> HttpResponse:
    return render(
        request,
        "portal/advice/link_problem.html",
        {"problem": problem, "token": token},
        status=410,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def advice_give(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = advice_link_resolve(token)
    except AdviceLinkProblem as problem:
        return _problem(request, problem, token)
    form = AdviceForm(request.POST, request.FILES) if request.method == "POST" else AdviceForm()
    if request.method == "GET":
        advice_link_opened(found)
    elif form.is_valid():
        try:
            files = advice_files_read(form.cleaned_data["attachments"])
            received = advice_receive(
                request_id=found.pk, advice=form.cleaned_data["advice"], files=files
            )
        except ValidationError as error:
            # Sent twice at once: the second finds the advice already in.
            try:
                advice_link_resolve(token)
            except AdviceLinkProblem as problem:
                return _problem(request, problem, token)
            form_add_validation_error(form, error)
        else:
            return render(request, "portal/advice/thanks.html", {"advice": received})
    review = found.review
    return render(
        request,
        "portal/advice/give.html",
        {
            "advice": found,
            "form": form,
            "initials": advice_child_initials(review),
            "year_group": review.year_group,
        },
        status=form_status(form),
    )


@login_not_required
@require_POST
def advice_link_new(request: HttpRequest, token: str) -> HttpResponse:
    """An expired but genuine link: email a new one to the professional's own address."""
    try:
        advice_link_resolve(token)
    except AdviceLinkProblem as problem:
        if problem.renewable_id is None:
            return _problem(request, problem, token)
        sent = advice_link_renew(request_id=problem.renewable_id)
        return render(request, "portal/advice/link_renewed.html", {"sent": sent})
    # Not expired: the link itself still works.
    return redirect("advice:give", token=token)
