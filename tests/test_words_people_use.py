"""Words people use on the case page and the queue: labels instead of stored names, long
dates and 24-hour times, Nursery and Reception, the step a review actually waits on, "Not
recorded" for a step never recorded, and the GOV.UK pagination with page numbers."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.template import Context, Template
from django.utils.html import escape

from audit.services import event_record
from audit.templatetags.audit_tags import detail_value
from organisation.models import year_group_name
from reviews import services
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from reviews.steps import review_clock, review_next_step
from tests.conftest import client_for
from tests.factories import CaseOfficerFactory, ChildFactory, PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def page_text(response) -> str:
    return str(response.content.decode())


@pytest.fixture
def review(north):
    made = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-WORDS-1"),
        due_on=date(2026, 12, 1),
    )
    recompute_reviews(today=TODAY)
    made.refresh_from_db()
    return made


def test_the_project_writes_dates_long_and_times_on_the_24_hour_clock():
    moment = datetime(2026, 12, 4, 14, 57, tzinfo=UTC)  # 14:57 in London in December
    rendered = Template("{{ day }} | {{ moment }} | {{ moment|time }} | {{ moment|date }}").render(
        Context({"day": date(2026, 12, 4), "moment": moment})
    )
    assert rendered == "4 December 2026 | 4 December 2026, 14:57 | 14:57 | 4 December 2026"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-12-04T14:57:00+00:00", "4 December 2026, 14:57"),
        ("2026-07-04T14:57:00+00:00", "4 July 2026, 15:57"),  # British Summer Time
        (["a", "b"], "['a', 'b']"),
    ],
)
def test_a_moment_in_an_events_details_reads_as_a_long_date_and_a_24_hour_time(value, shown):
    assert detail_value(value) == shown


def test_the_timeline_shows_labels_names_and_24_hour_times_not_stored_values(officer_north, review):
    other = CaseOfficerFactory.create(full_name="Priya Shah")
    with time_machine.travel(datetime(2026, 11, 20, 14, 57, tzinfo=UTC), tick=False):
        services.review_hold_meeting(review.pk, on=date(2026, 11, 20), actor=officer_north)
        services.review_receive_report(review.pk, on=date(2026, 11, 20), actor=officer_north)
        event_record(
            actor=officer_north,
            action="document.added",
            target=review.plan,
            details={"document": 1, "title": "Advice from the school", "kind": "letter"},
        )
        event_record(
            actor=officer_north,
            action="plan.officer_changed",
            target=review.plan,
            details={"from": other.pk, "to": officer_north.pk, "officer": str(officer_north)},
        )

    response = client_for(officer_north).get("/casework/plans/EHCP-WORDS-1/?reads=shown")

    text = page_text(response)
    assert "Status: Report received" in text
    assert "Report received on: 20 November 2026" in text
    assert "Kind: Letter from the council" in text
    assert "Document: Advice from the school" in text
    assert "Case officer before: Priya Shah" in text
    assert "Read on: The case page" in text
    assert "20 November 2026 at 14:57" in text
    for stored in ("report_received", "Kind: letter", "Document: 1", "Page: case", "p.m."):
        assert stored not in text


@pytest.mark.parametrize(
    ("ncy", "words"),
    [(-2, "Nursery"), (-1, "Nursery"), (0, "Reception"), (1, "Year 1"), (11, "Year 11"),
     (None, "Not known")],
)  # fmt: skip
def test_a_year_group_reads_as_people_say_it(ncy, words):
    assert year_group_name(ncy) == words


@pytest.mark.parametrize(("ncy", "words"), [(-1, "Nursery"), (0, "Reception")])
def test_the_case_page_and_the_queue_say_nursery_and_reception(officer_north, north, ncy, words):
    ReviewFactory.create(
        plan=PlanFactory.create(
            area=north, plan_ref="EHCP-YEAR", child=ChildFactory.create(ncy_override=ncy)
        ),
        due_on=date(2026, 12, 1),
    )
    recompute_reviews(today=TODAY)

    case = page_text(client_for(officer_north).get("/casework/plans/EHCP-YEAR/"))
    queue = client_for(officer_north).get("/casework/")

    assert f"{words} (taught out of year)" in case
    assert f"Year {ncy}" not in case
    assert f'class="govuk-table__cell">{words}</td>' in page_text(queue)


def test_a_review_whose_meeting_is_held_shows_the_report_it_waits_for_in_the_queue(
    officer_north, north
):
    held = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-HELD"),
        due_on=date(2026, 11, 30),
        held=True,
        meeting_on=date(2026, 11, 16),
    )
    recompute_reviews(today=TODAY)
    held.refresh_from_db()

    step = review_next_step(held)
    text = page_text(client_for(officer_north).get("/casework/"))

    assert step is not None
    assert (step.step.label, step.due_on) == ("Report of the meeting", date(2026, 11, 30))
    assert escape("Receive the meeting's report") + "<br>" in text
    assert "Hold the review meeting" not in text
    assert "Meeting due" not in text


def test_the_next_step_is_the_worst_open_one_and_none_when_nothing_is_open(north):
    overdue = ReviewFactory.create(
        plan=PlanFactory.create(area=north), due_on=date(2026, 11, 1), planned=True
    )
    concluded = ReviewFactory.create(plan=PlanFactory.create(area=north), concluded=True)
    recompute_reviews(today=TODAY)
    overdue.refresh_from_db()

    step = review_next_step(overdue)

    assert step is not None
    assert step.state == overdue.state == "overdue"
    assert review_next_step(concluded) is None


def test_a_concluded_reviews_step_never_recorded_reads_not_recorded(north, officer_north):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-DONE"),
        due_on=date(2026, 11, 1),
        planned=True,
        held=True,
        meeting_on=date(2026, 10, 20),
        decision=Decision.MAINTAIN,
        decision_notified_on=date(2026, 11, 5),
    )
    recompute_reviews(today=TODAY)
    # Concluded without the report: the recompute no longer judges it, its states are stale.
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.CONCLUDED, concluded_on=date(2026, 11, 5)
    )
    history = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-HISTORY"),
        due_on=date(2025, 11, 1),
        status=ReviewStatus.CONCLUDED,
        meeting_on=date(2025, 10, 20),
        decision=Decision.MAINTAIN,
        decision_notified_on=date(2025, 11, 5),
        concluded_on=date(2025, 11, 5),
    )  # loaded as history: the recompute never judged it
    review.refresh_from_db()

    labels = {row.step.label: row.state_label for row in review_clock(review)}
    history_labels = {row.step.label: row.state_label for row in review_clock(history)}
    text = page_text(client_for(officer_north).get("/casework/plans/EHCP-HISTORY/"))

    assert labels["Invitations sent"] == "Not recorded"
    assert labels["Report of the meeting"] == "Not received"
    assert labels["Review meeting held"] == "Done on time"
    assert history_labels["Review meeting held"] == "Done on time"
    assert "Not applicable" not in text


def test_the_queue_pages_with_numbers_keeping_its_filters(officer_north, north):
    for number in range(27):
        ReviewFactory.create(
            plan=PlanFactory.create(area=north, plan_ref=f"EHCP-PAGE-{number:02}"),
            due_on=date(2026, 12, 1),
        )
    recompute_reviews(today=TODAY)

    text = page_text(client_for(officer_north).get("/casework/?sort=due_on&size=25"))

    assert 'class="govuk-pagination__list"' in text
    assert escape("?sort=due_on&size=25&page=2") in text
    assert 'aria-label="Page 2"' in text
    assert 'aria-current="page"' in text
