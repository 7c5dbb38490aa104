"""The officer says a statutory step will be late (issue 19): why, in words the family will
understand, and when it is now expected. The family members who follow the plan are told at
once (contributions.deadline_notices)."""

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from casework.selectors import plan_get_for_user
from common.dates import long_date
from contributions.deadline_notice_models import REASON_MAX_CHARS
from contributions.deadline_notices import (
    LateStep,
    deadline_delay_record,
    expected_date_problem,
    late_step_get,
)
from contributions.family_access import family_member_list_for_plan
from reviews.forms import DayMonthYearField
from reviews.selectors import review_get_for_user


class DeadlineDelayForm(forms.Form):
    reason = forms.CharField(
        label="Why will it be late?",
        help_text='The family reads this after "This is because". Use short sentences and '
        "everyday words, for example: the school's report came 3 weeks late.",
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[
            MaxLengthValidator(
                REASON_MAX_CHARS,
                message=f"The reason must be {REASON_MAX_CHARS:,} characters or fewer",
            )
        ],
        error_messages={"required": "Enter the reason, in words the family will understand"},
    )
    expected_on = DayMonthYearField(
        label="When do you now expect it?",
        help_text="For example, 27 3 2027",
        require_all_fields=False,
    )

    def __init__(self, *args: Any, late: LateStep, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late = late
        self.today = today
        self.fields["expected_on"].error_messages.update(
            {
                "required": "Enter the date you now expect it",
                "incomplete": "Enter the date you now expect it as day, month and year",
                "invalid": "Enter the date you now expect it as a real date",
            }
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.SMALL, max_characters=REASON_MAX_CHARS),
            Field("expected_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Button("submit", "Save and tell the family"),
        )

    def clean_expected_on(self) -> date:
        expected_on: date = self.cleaned_data["expected_on"]
        problem = expected_date_problem(expected_on, due_on=self.late.due_on, today=self.today)
        if problem:
            raise ValidationError(problem)
        return expected_on


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def deadline_notice(request: HttpRequest, plan_ref: str, review_id: int, step: str) -> HttpResponse:
    """Record that a step of the plan's current review will be late, and tell the family."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref, write=True)
    review = review_get_for_user(user, review_id, write=True)
    if review.plan_id != plan.pk:
        raise Http404("No such review on this plan.")
    late = late_step_get(review, step)
    if late is None:
        raise Http404("This step is done or has no deadline.")
    today = timezone.localdate()
    followers = list(family_member_list_for_plan(plan))
    form = DeadlineDelayForm(request.POST or None, late=late, today=today)
    if late.may_record and request.method == "POST" and form.is_valid():
        try:
            notice = deadline_delay_record(
                actor=user,
                review=review,
                step=step,
                reason=form.cleaned_data["reason"],
                expected_on=form.cleaned_data["expected_on"],
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            told = notice.members_told if notice.told_at else 0
            messages.success(
                request,
                f"Saved. {told} family member{'s' if told != 1 else ''} told by email."
                if told
                else "Saved. No one in the family follows this plan online: write to them too.",
            )
            return redirect(f"{reverse('workbench:case', args=[plan.plan_ref])}#deadline-notices")
    return render(
        request,
        "workbench/deadline_notice.html",
        {
            "plan": plan,
            "review": review,
            "late": late,
            "due_on": long_date(late.due_on),
            "will_not": late.watched.will_not.format(child=plan.child.forename),
            "form": form,
            "followers": followers,
        },
        status=409 if not late.may_record and request.method == "POST" else 200,
    )
