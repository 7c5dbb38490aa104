"""Each row of the backlog queue, worked out in Python (workbench.queue_rows), shows the same
words as the review's own rules give: its next step, days overdue, priority and reasons, its
case page's address, every value escaped."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import escape

from common.dates import short_date
from reviews.models import Review
from reviews.recompute import recompute_reviews
from reviews.steps import review_next_step
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory
from volunteers.models import Assignment
from workbench.queue_rows import queue_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = date(2026, 11, 23)


def review_in(area, *, ref: str, issued: date, forename: str = "Sam", surname: str = "Jones"):
    child = ChildFactory.create(forename=forename, surname=surname)
    plan = PlanFactory.create(area=area, plan_ref=ref, issued_on=issued, child=child)
    return ReviewFactory.create(plan=plan, due_on=issued.replace(year=issued.year + 1))


def row_as_the_rules_give_it(review: Review) -> list[str]:
    """The row's words as the queue's template printed them from the review itself: each
    value through the rules' own functions, Django's date format and `escape`."""
    step = review_next_step(review)
    state = step.state if step and step.state else ""
    tag = {"overdue": "govuk-tag--red", "due_soon": "govuk-tag--yellow"}.get(
        state, "govuk-tag--grey"
    )
    due_on = dateformat.format(step.due_on, "j M Y") if step and step.due_on else ""
    child = review.plan.child
    reasons = "; ".join(escape(reason) for reason in review.priority_reasons)
    return [
        f'id="select-{review.pk}" name="reviews" type="checkbox" value="{review.pk}">',
        f'<a class="govuk-link" href="{reverse("workbench:case", args=[review.plan.plan_ref])}">'
        f"{escape(child.forename)} {escape(child.surname)}</a>",
        f'<span class="kentsend-nowrap">{escape(review.plan.plan_ref)}</span>'
        f"<br>{escape(review.plan.area.name)}",
        f'<td data-label="Year" class="govuk-table__cell">{escape(review.year_group)}</td>',
        f'<strong class="govuk-tag {tag}">'
        f"{escape(step.state_label) if step else 'No steps open'}</strong>",
        f'<td data-label="Next step" class="govuk-table__cell">{escape(step.to_do)}<br>'
        f'<span class="govuk-body-s kentsend-nowrap">by {due_on}</span>'
        if step
        else '<td data-label="Next step" class="govuk-table__cell">None</td>',
        f'govuk-table__cell--numeric">{review.days_overdue}</td>',
        f'<span class="govuk-body-s">Priority {review.priority}'
        f"{': ' + reasons if reasons else ''}</span>",
    ]


def test_each_row_shows_the_words_its_reviews_own_rules_give_escaped(
    officer_north, north, volunteer
):
    overdue = review_in(
        north, ref="N-OLD", issued=date(2023, 1, 10), forename="Zoë & <b>", surname="O'Brien"
    )
    soon = review_in(north, ref="N-SOON", issued=date(2025, 12, 1), surname="D'Arcy")
    calm = review_in(north, ref="N-CALM", issued=date(2026, 9, 1))
    no_step = review_in(north, ref="N-NONE", issued=date(2026, 9, 2))
    recompute_reviews(today=TODAY)
    # A review whose steps are all closed, as an open review can be between two recomputes.
    states = [f"{step}_state" for step in ("invitations", "advice", "meeting", "report")]
    Review.objects.filter(pk=no_step.pk).update(**dict.fromkeys(states))
    volunteer.full_name = "Ann O'Hara"
    volunteer.save()
    Assignment.objects.create(review=overdue, volunteer=volunteer, release_day=TODAY)

    response = client_for(officer_north).get("/casework/")
    page = response.content.decode()

    reviews = list(response.context["page"].object_list)
    assert {review.pk for review in reviews} == {overdue.pk, soon.pk, calm.pk, no_step.pk}
    assert [review_next_step(review) is None for review in reviews].count(True) == 1
    for review in reviews:
        for words in row_as_the_rules_give_it(review):
            assert words in page, words
    assert f"<br>With {escape(volunteer.full_name)}</span>" in page
    assert page.count("<br>With ") == 1


@pytest.mark.parametrize(
    "ref", ["N-0001", "kcc.2024_17", ".", "..", "XSS/0003", "a b", "O'Neil", "100%", "Zoë-1"]
)
def test_a_rows_case_link_is_the_address_reversing_its_reference_gives(north, ref):
    review_in(north, ref=ref, issued=date(2025, 1, 10))
    [row] = queue_rows(Review.objects.select_related("plan", "plan__child", "plan__area"))
    assert row["case_url"] == reverse("workbench:case", args=[ref])
    assert row["volunteer_name"] == ""


def test_a_short_date_is_djangos_j_m_y_in_every_month():
    for month in range(1, 13):
        day = date(2026, month, 1 + month)
        assert short_date(day) == dateformat.format(day, "j M Y")


def test_a_ticked_review_stays_ticked(north):
    review = review_in(north, ref="N-TICK", issued=date(2025, 1, 10))
    reviews = Review.objects.select_related("plan", "plan__child", "plan__area")
    assert [row["selected"] for row in queue_rows(reviews, selected={review.pk})] == [True]
    assert [row["selected"] for row in queue_rows(reviews)] == [False]
