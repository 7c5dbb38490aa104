"""Each row of the backlog queue as it shows it, worked out once in Python.

The queue is the busiest page: with each value looked up and filtered in its template, a row
cost about 0.3 ms to render, a 100-row page 30 ms. Here every value is text before the
template sees it, so the template only prints (and escapes) strings. The rules stay where
they are: the step a review waits on is `reviews.steps.review_next_step`, its days overdue
and priority the review's own.

Each row's markup is put together here too (`row_html`): a 100-row page spent about 15 ms
of its 40 ms of Python in the template engine resolving the rows' values one by one. Every
value is escaped with `html.escape`, which is what Django's `escape` and `format_html` call:
through them, each of the 1,700 values of a 100-row page also went through the checks for
lazy translations that Django wraps them in, three times the escaping itself (cProfile).
"""

from collections.abc import Collection, Iterable
from html import escape
from typing import TypedDict

from django.utils import timezone
from django.utils.safestring import SafeString

from common.dates import short_date
from common.urls import reversed_once
from reviews.models import Review
from reviews.statutory import StepState
from reviews.steps import review_next_step

# The tag of the state of the step a review waits on; any other state is grey.
STATE_TAGS: dict[str | None, str] = {
    StepState.OVERDUE: "govuk-tag--red",
    StepState.DUE_SOON: "govuk-tag--yellow",
}
NO_STEP_TAG = "govuk-tag--grey"


class QueueRow(TypedDict):
    """One open review as its row of the queue shows it: text, escaped when printed."""

    pk: str
    selected: bool
    plan_ref: str
    case_url: str
    child_name: str
    area_name: str
    volunteer_name: str  # who holds the review; empty when no volunteer does
    year_group: str
    state_tag: str
    state_label: str
    to_do: str  # the step the review waits on; empty when no step is open
    due_on: str
    days_overdue: str
    priority: str  # "Priority 40: Overdue by 12 days (+24); Phase transfer (+16)"


ROW_HTML = """\
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="select-{pk}" name="reviews" type="checkbox" value="{pk}"{checked}>
                <label class="govuk-label govuk-checkboxes__label" for="select-{pk}"><span class="govuk-visually-hidden">Select {plan_ref}</span></label>
              </div>
            </div>
          </td>
          <td data-label="Child and plan" class="govuk-table__cell"><a class="govuk-link" href="{case_url}">{child_name}</a><br><span class="govuk-body-s"><span class="kentsend-nowrap">{plan_ref}</span><br>{area_name}{volunteer}</span></td>
          <td data-label="Year" class="govuk-table__cell">{year_group}</td>
          <td data-label="State" class="govuk-table__cell"><strong class="govuk-tag {state_tag}">{state_label}</strong></td>
          <td data-label="Next step" class="govuk-table__cell">{next_step}</td>
          <td data-label="Days overdue" class="govuk-table__cell govuk-table__cell--numeric">{days_overdue}</td>
          <td data-label="Why it is prioritised" class="govuk-table__cell"><span class="govuk-body-s">{priority}</span></td>
        </tr>
"""
NEXT_STEP_HTML = '{to_do}<br><span class="govuk-body-s kentsend-nowrap">by {due_on}</span>'


def row_html(row: QueueRow) -> str:
    """A row of the queue's table, every value escaped."""
    text = {name: escape(value) for name, value in row.items() if isinstance(value, str)}
    return ROW_HTML.format(
        **text,
        checked=" checked" if row["selected"] else "",
        volunteer=f"<br>With {text['volunteer_name']}" if row["volunteer_name"] else "",
        next_step=NEXT_STEP_HTML.format(**text) if row["to_do"] else "None",
    )


def queue_rows(reviews: Iterable[Review], *, selected: Collection[int] = ()) -> list[QueueRow]:
    """The rows of a page of the queue (reviews with their plan, child, area and
    `volunteer_name`, as `workbench.views.queue_reviews` reads them)."""
    case_url = reversed_once("workbench:case")
    today = timezone.localdate()
    rows = []
    for review in reviews:
        plan = review.plan
        ref = plan.plan_ref
        step = review_next_step(review)
        urgency = review.urgency_on(today)
        reasons = urgency.priority_reasons
        priority = f"Priority {urgency.priority}"
        rows.append(
            QueueRow(
                pk=str(review.pk),
                selected=review.pk in selected,
                plan_ref=ref,
                case_url=case_url(ref),
                child_name=f"{plan.child.forename} {plan.child.surname}",
                area_name=plan.area.name,
                volunteer_name=getattr(review, "volunteer_name", None) or "",
                year_group=review.year_group,
                state_tag=STATE_TAGS.get(step.state, NO_STEP_TAG) if step else NO_STEP_TAG,
                state_label=step.state_label if step else "No steps open",
                to_do=step.to_do if step else "",
                due_on=short_date(step.due_on) if step and step.due_on else "",
                days_overdue=str(urgency.days_overdue),
                priority=f"{priority}: {'; '.join(reasons)}" if reasons else priority,
            )
        )
    return rows


def queue_rows_html(reviews: Iterable[Review], *, selected: Collection[int] = ()) -> SafeString:
    """The rows of a page of the queue's table (`queue_rows`), put together."""
    rows = queue_rows(reviews, selected=selected)
    return SafeString("".join(row_html(row) for row in rows))  # each value escaped by row_html
