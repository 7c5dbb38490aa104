"""The backlog queue: a case officer's open reviews, filtered, sorted and paginated on the server."""

from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from audit.models import Event
from caseload.filters import ReviewFilter
from casework.models import PrimaryNeed
from organisation.models import SettingPhase
from reporting.backlog import kpi_backlog
from reporting.scope import scope_for_user
from reviews.models import Review, ReviewStatus
from reviews.ordering import ByPriority
from reviews.recompute import recompute_reviews
from reviews.statutory import StepState
from tests.conftest import client_for
from tests.factories import (
    ChildFactory,
    PlanFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import Assignment
from workbench.views import queue_reviews

# The queue works out days overdue and priority as of today: the day the recompute ran.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = date(2026, 11, 23)


def review_in(area, *, ref: str, issued: date, born: date = date(2015, 3, 10), **plan_fields):
    plan = PlanFactory.create(
        area=area,
        plan_ref=ref,
        issued_on=issued,
        child=ChildFactory.create(date_of_birth=born),
        **plan_fields,
    )
    return ReviewFactory.create(plan=plan, due_on=issued.replace(year=issued.year + 1))


@pytest.fixture
def queue(north, west):
    reviews = {
        "years": review_in(north, ref="N-YEARS", issued=date(2023, 1, 10)),  # overdue about 2 years
        "weeks": review_in(north, ref="N-WEEKS", issued=date(2025, 11, 1), primary_need=PrimaryNeed.SEMH),
        "fresh": review_in(north, ref="N-FRESH", issued=date(2026, 6, 1), born=date(2010, 10, 1),
                           setting=SettingFactory.create(urn="654321", phase=SettingPhase.SECONDARY, area=north)),
        "west": review_in(west, ref="W-1", issued=date(2023, 1, 10)),
    }  # fmt: skip
    recompute_reviews(today=TODAY)
    return reviews


def refs(officer, query: str = "") -> list[str]:
    response = client_for(officer).get(f"/casework/?{query}")
    assert response.status_code == 200
    return [review.plan.plan_ref for review in response.context["page"].object_list]


def test_the_queue_lists_the_officers_open_reviews_most_urgent_first(officer_north, queue):
    assert refs(officer_north) == ["N-YEARS", "N-WEEKS", "N-FRESH"]


def test_reading_the_queue_records_which_childrens_plans_were_shown_in_order(officer_north, queue):
    client_for(officer_north).get("/casework/?size=25")
    listed = Event.objects.get(actor=officer_north, action="plan.listed")
    assert listed.details == {"page": "queue", "plan_refs": ["N-YEARS", "N-WEEKS", "N-FRESH"]}


def test_an_empty_queue_records_nothing(officer_north, north):
    client_for(officer_north).get("/casework/")
    assert not Event.objects.filter(action="plan.listed").exists()


def test_each_row_says_why_it_is_prioritised(officer_north, queue):
    page = client_for(officer_north).get("/casework/").content.decode()
    assert "Priority" in page
    assert "Overdue by" in page
    assert "Not reviewed since the plan was issued (+30)" in page


def test_concluded_reviews_are_not_in_the_queue(officer_north, queue):
    queue["years"].status = ReviewStatus.CONCLUDED
    queue["years"].save()
    assert "N-YEARS" not in refs(officer_north)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("overdue_for=up_to_4_weeks", ["N-WEEKS"]),
        ("overdue_for=more_than_52_weeks", ["N-YEARS"]),
        ("overdue_step=meeting", ["N-YEARS", "N-WEEKS"]),
        ("state=not_yet_due", ["N-FRESH"]),
        ("phase_transfer=true", ["N-FRESH"]),  # Year 11 at a secondary school
        ("ncy=11", ["N-FRESH"]),
        ("primary_need=SEMH", ["N-WEEKS"]),
        ("setting=654321", ["N-FRESH"]),
        ("area=north", ["N-YEARS", "N-WEEKS", "N-FRESH"]),
        ("area=west", []),  # another area's reviews stay hidden whatever the filter
        ("sort=due_on", ["N-YEARS", "N-WEEKS", "N-FRESH"]),
        ("sort=days_overdue&overdue_step=meeting", ["N-YEARS", "N-WEEKS"]),
    ],
)
def test_filters_and_sorting_live_in_the_url(officer_north, queue, query, expected):
    assert refs(officer_north, query) == expected


def test_the_queue_filters_by_volunteer_assignment_and_names_the_volunteer(
    officer_north, queue, volunteer
):
    other = VolunteerFactory.create(full_name="Other Volunteer")
    Assignment.objects.create(review=queue["years"], volunteer=volunteer, release_day=TODAY)
    Assignment.objects.create(review=queue["weeks"], volunteer=other, release_day=TODAY)
    Assignment.objects.create(
        review=queue["fresh"], volunteer=volunteer, release_day=TODAY, closed_at=timezone.now()
    )

    assert refs(officer_north, "assigned=yes") == ["N-YEARS", "N-WEEKS"]
    assert refs(officer_north, "assigned=no") == ["N-FRESH"]
    assert refs(officer_north, f"volunteer={volunteer.pk}") == ["N-YEARS"]
    page = client_for(officer_north).get("/casework/").content.decode()
    assert f"With {escape(volunteer.full_name)}" in page


def test_the_count_and_page_links_keep_the_filter(officer_north, north):
    for n in range(30):
        review_in(north, ref=f"N-{n:02d}", issued=date(2025, 1, 1))
    recompute_reviews(today=TODAY)
    response = client_for(officer_north).get("/casework/?overdue_step=meeting")
    page = response.content.decode()
    assert "30 reviews</h2>" in page
    assert 'href="?overdue_step=meeting&amp;page=2"' in page
    assert len(response.context["page"].object_list) == 25


def test_an_invalid_filter_value_shows_an_error_not_a_crash(officer_north, queue):
    response = client_for(officer_north).get("/casework/?overdue_for=forever")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Overdue for: Select a valid choice" in page
    assert "govuk-select--error" in page
    assert list(response.context["page"].object_list) == []


def test_the_download_link_carries_the_filter(officer_north, queue):
    page = (
        client_for(officer_north)
        .get("/casework/?overdue_for=more_than_52_weeks&page=2")
        .content.decode()
    )
    assert "/casework/export/reviews.csv?open=true&amp;overdue_for=more_than_52_weeks" in page


# The session and the person; their areas; the count below the cap (five statements: a
# savepoint and its release, the time limit set and put back, and the count); the two walks of the priority order
# and the page's reviews; the volunteers, school holidays and programme settings of the
# bulk-assign menu; the families' overdue questions; the officers of the bulk-move menu, for
# the areas already read; the event recording which plans the page showed. The schools of the
# filter are kept (organisation.selectors).
QUEUE_QUERIES = 17


def test_the_queue_makes_the_same_queries_for_25_and_100_rows(officer_north, north):
    for n in range(100):
        review_in(north, ref=f"N-{n:03d}", issued=date(2025, 1, 1))
    recompute_reviews(today=TODAY)
    client = client_for(officer_north)

    def queries(size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/casework/?size={size}")
        assert len(response.context["page"].object_list) == size
        return len(captured.captured_queries)

    client.get("/casework/")  # the first request of a session renews it; later ones do not
    assert queries(25) == queries(100) == QUEUE_QUERIES


def test_a_review_28_days_overdue_is_in_the_same_band_in_the_queue_filter_and_on_the_dashboard(
    officer_north, north
):
    review = review_in(north, ref="N-28", issued=date(2025, 10, 26))
    recompute_reviews(today=TODAY)
    review.refresh_from_db()
    assert review.days_overdue == 28

    backlog = kpi_backlog(scope_for_user(officer_north), today=TODAY)
    [dashboard_band] = [band.label for band in backlog.bands if band.count]
    queue_bands = dict(ReviewFilter.base_filters["overdue_for"].extra["choices"])
    [queue_band] = [
        label for slug, label in queue_bands.items() if refs(officer_north, f"overdue_for={slug}")
    ]
    assert queue_band == dashboard_band == "Up to 4 weeks"


@pytest.mark.parametrize(
    ("query", "groups"),
    [
        ("", (True, False)),
        ("overdue_for=more_than_52_weeks", (True,)),
        ("overdue_step=decision", (True,)),
        ("in_backlog=true", (True,)),
        ("in_backlog=false", (False,)),
        ("in_backlog=false&overdue_for=up_to_4_weeks", ()),
        ("state=overdue", (True,)),
        ("state=due_soon", (False,)),
        ("state=not_yet_due", (False,)),
        ("state=overdue&in_backlog=false", ()),
    ],
)
def test_an_overdue_filter_walks_only_the_backlog_of_the_priority_order(query, groups):
    filters = ReviewFilter(QueryDict(query), queryset=Review.objects.open())
    assert filters.is_valid()
    assert filters.backlog_groups() == groups


def test_a_review_is_in_the_backlog_exactly_when_its_state_is_overdue_so_a_state_walks_one_group(
    officer_north, queue, north
):
    due_soon = review_in(north, ref="N-SOON", issued=date(2025, 11, 30))
    recompute_reviews(today=TODAY)
    due_soon.refresh_from_db()
    assert due_soon.state == StepState.DUE_SOON
    states = set(Review.objects.open().values_list("state", "in_backlog"))
    assert states == {
        (StepState.OVERDUE, True),
        (StepState.DUE_SOON, False),
        (StepState.NOT_YET_DUE, False),
    }
    for state in StepState:
        ordered = queue_reviews(officer_north, QueryDict(f"state={state}")).ordered
        assert isinstance(ordered, ByPriority)
        assert set(ordered.ids(0, 100)) == set(ordered.queryset.values_list("pk", flat=True))
    assert refs(officer_north, "state=due_soon") == ["N-SOON"]


def test_the_priority_order_filtered_to_the_overdue_lists_what_the_filter_lets_through(
    officer_north, queue
):
    query = QueryDict("overdue_for=more_than_52_weeks")
    ordered = queue_reviews(officer_north, query).ordered
    assert isinstance(ordered, ByPriority)
    assert ordered.groups == (True,)
    ids = ordered.ids(0, 100)
    assert ids
    assert set(ids) == set(ordered.queryset.values_list("pk", flat=True))
