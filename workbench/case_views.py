"""The case page: one child's plan, its current review's statutory clock, and its timeline.

Reading it writes a `plan.viewed` event: a child's record is special-category data. Each
statutory step is recorded on its own page (GOV.UK: one thing per page), with the review's
version in the form so that a second officer saving over the first is told, not silently
overwritten.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import any_role, signed_in_user
from accounts.models import User
from audit.selectors import event_list_for_targets
from audit.services import event_record
from casework.forms import ChildContactForm
from casework.models import Plan
from casework.selectors import plan_get_for_user, plan_may_change
from casework.services import child_contact_change
from common.dates import long_date
from contributions.advice import (
    advice_may_circulate,
    advice_request_list,
    advice_request_may_create,
)
from contributions.deadline_notices import deadline_notice_list_for_review, late_steps_for_review
from contributions.family_access import family_member_list_for_plan
from contributions.family_questions import question_list_for_plan
from contributions.family_views import views_by_person, views_open
from contributions.models import AnnualReviewReport, ReportStatus
from contributions.services import report_return
from documents.letters import decision_letter_key, withdrawal_letter_key
from documents.selectors import (
    document_list_for_user,
    document_may_add,
    letter_job_failed_for_review,
)
from qa.answers import checklist_outcome_for_review
from qa.moderation import moderation_pickable
from reviews import services, statutory
from reviews.forms import StepForm
from reviews.models import Review
from reviews.selectors import review_current_for_plan, review_get_for_user, review_may_change
from reviews.steps import review_clock
from reviews.transitions import (
    TRANSITIONS_BY_SLUG,
    Transition,
    transitions_open_for,
)
from volunteers.selectors import assignment_open_for_review
from workbench.steps import review_step_record
from workbench.timeline import timeline_entries

TIMELINE_LENGTH = 200


def _letters_due(review: Review | None) -> set[str]:
    """The `source_key`s of the letters the review's recorded steps call for."""
    if review is None or not review.decision:
        return set()
    keys = {decision_letter_key(review.pk)}
    if review.amendments_withdrawn_on is not None:
        keys.add(withdrawal_letter_key(review.pk))
    return keys


def _decision_outside_period(review: Review | None) -> str:
    """The Code of Practice 9.169 flag in words, or nothing."""
    if review is None or not review.decision_outside_period:
        return ""
    period = f"{statutory.REVIEW_PERIOD_MONTHS}-month review period"
    if review.decision_notified_on is not None:
        return f"Decision after the {period} (Code of Practice 9.169)"
    return (
        f"The decision can now only come after the {period}, which ended on "
        f"{long_date(review.due_on)} (Code of Practice 9.169)"
    )


def _case_context(user: User, plan: Plan, *, include_reads: bool = False) -> dict[str, Any]:
    review = review_current_for_plan(plan)
    reviews = list(plan.reviews.all())
    may_change = review is not None and review_may_change(user, review)
    documents = list(document_list_for_user(user).filter(plan=plan))
    letter_failed = (
        letter_job_failed_for_review(review.pk) if review is not None and review.decision else None
    )
    letters_kept = {d.source_key for d in documents}
    actions = transitions_open_for(review) if review and may_change else []
    qa_outcome = checklist_outcome_for_review(user, review) if review else None
    advice_requests = advice_request_list(review) if review else []
    school_report = (
        AnnualReviewReport.objects.filter(review=review)
        .exclude(status=ReportStatus.DRAFT)
        .select_related("setting", "submitted_by")
        .first()
        if review is not None
        else None
    )
    return {
        "deadline_notices": deadline_notice_list_for_review(review) if review else [],
        "late_steps": [s for s in late_steps_for_review(review) if s.may_record]
        if review is not None and may_change
        else [],
        "advice_requests": advice_requests,
        "may_request_advice": review is not None and advice_request_may_create(user, review),
        # The step's own rule decides whether it may follow; all advice in is the prompt.
        "offer_circulate_advice": review is not None
        and may_change
        and advice_may_circulate(review, advice_requests),
        "school_report": school_report,
        "family_members": list(family_member_list_for_plan(plan)),
        "family_views": views_by_person(review) if review is not None else None,
        "family_views_open": review is not None
        and may_change
        and views_open(review, today=timezone.localdate()),
        "family_questions": list(question_list_for_plan(plan)),
        "documents": documents,
        "may_add_documents": document_may_add(user, plan),
        "letter_failed": letter_failed,
        "letter_pending": letter_failed is None and bool(_letters_due(review) - letters_kept),
        "assignment": assignment_open_for_review(review.pk) if review else None,
        "plan": plan,
        "child": plan.child,
        "review": review,
        "clock": review_clock(review) if review else [],
        "actions": [a for a in actions if a.in_sequence],
        "side_actions": [a for a in actions if not a.in_sequence],
        "outside_period": _decision_outside_period(review),
        "may_change": may_change,
        "may_change_plan": plan_may_change(user, plan),
        "timeline": timeline_entries(
            event_list_for_targets([plan, plan.child, *reviews], include_reads=include_reads)[
                :TIMELINE_LENGTH
            ]
        ),
        "include_reads": include_reads,
        "qa_outcome": qa_outcome,
        "may_pick_for_moderation": qa_outcome is not None
        and moderation_pickable(user, qa_outcome.checklist),
    }


@any_role
def case(request: HttpRequest, plan_ref: str) -> HttpResponse:
    """Everything about one plan. Only those who may see the plan get past the selector (404)."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref)
    event_record(actor=user, action="plan.viewed", target=plan, details={"page": "case"})
    include_reads = request.GET.get("reads") == "shown"
    return render(
        request, "workbench/case.html", _case_context(user, plan, include_reads=include_reads)
    )


@any_role
def case_contact(request: HttpRequest, plan_ref: str) -> HttpResponse:
    """The parent or carer the family's letters go to, and their address."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref, write=True)
    form = ChildContactForm(request.POST or None, instance=plan.child)
    if request.method == "POST" and form.is_valid():
        child_contact_change(child_id=plan.child_id, actor=user, values=form.cleaned_data)
        messages.success(request, "Contact details saved.")
        return redirect("workbench:case", plan_ref=plan.plan_ref)
    return render(request, "workbench/case_contact.html", {"plan": plan, "form": form})


def _step_action(slug: str) -> Transition:
    action = TRANSITIONS_BY_SLUG.get(slug)
    if action is None:
        raise Http404("No such step.")
    return action


@any_role
def case_step(request: HttpRequest, plan_ref: str, review_id: int, step: str) -> HttpResponse:
    """Record one statutory step of the plan's current review."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref)
    review = review_get_for_user(user, review_id, write=True)
    if review.plan_id != plan.pk:
        raise Http404("No such review on this plan.")
    action = _step_action(step)
    form = StepForm(request.POST or None, action=action, initial={"version": review.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            review_step_record(
                services.STEP_FUNCTIONS[action.slug],
                review.pk,
                actor=user,
                **form.transition_arguments(),
            )
        except services.StaleReview as stale:
            conflict = True
            review = stale.current
            form.add_error(None, str(stale))
            current = request.POST.copy()
            current["version"] = str(review.version)
            form.data = current
        except services.TransitionNotAllowed as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            # An error about one of the step's own inputs names it; any other is the date's.
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                form.add_error("on", " ".join(error.messages))
        else:
            messages.success(request, f"{action.title}: saved.")
            return redirect("workbench:case", plan_ref=plan.plan_ref)
    return render(
        request,
        "workbench/case_step.html",
        {
            "plan": plan,
            "review": review,
            "action": action,
            "form": form,
            "conflict": conflict,
            "clock": review_clock(review),
        },
        status=409 if conflict else 200,
    )


@any_role
@require_POST
def case_report_return(request: HttpRequest, plan_ref: str, review_id: int) -> HttpResponse:
    """The council returns the school's submitted report with a reason; the school resubmits."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref)
    review = review_get_for_user(user, review_id, write=True)
    if review.plan_id != plan.pk:
        raise Http404("No such review on this plan.")
    try:
        report_return(actor=user, review=review, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The report is returned to the school.")
    return redirect(f"{reverse('workbench:case', args=[plan.plan_ref])}#school-report")
