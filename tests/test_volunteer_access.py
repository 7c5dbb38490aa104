"""A volunteer sees only the reviews assigned to them, only while assigned, and only the
minimised record; a headteacher never reaches case data. Pages, documents and the API."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import User
from documents.models import Document, DocumentKind
from reviews.models import Review
from tests import factories
from tests.conftest import client_for
from volunteers.models import Assignment
from volunteers.services import assignments_close_for_review, assignments_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def assigned(volunteer: User, officer_north: User, north) -> Review:
    """A review in North, at another school than the volunteer's, assigned to them."""
    factories.ReleaseAgreementFactory.create(volunteer=volunteer)
    child = factories.ChildFactory.create(forename="Zebedee", surname="Quill")
    plan = factories.PlanFactory.create(area=north, child=child, plan_ref="EHCP-KENT-000777")
    review = factories.ReviewFactory.create(plan=plan, ncy=5)
    [outcome] = assignments_create(
        actor=officer_north,
        volunteer=volunteer,
        reviews=[review],
        today=datetime.date(2026, 11, 23),
    )
    assert outcome.assignment is not None, outcome.refusal
    return review


@pytest.fixture
def paperwork(assigned: Review, officer_north: User) -> Document:
    document = Document(
        plan=assigned.plan,
        review=assigned,
        kind=DocumentKind.PAPERWORK,
        title="Annual review report",
        original_filename="report.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=officer_north,
    )
    document.file.save("report.pdf", ContentFile(PDF))
    return document


def _urls(review: Review, document: Document) -> dict[str, str]:
    ref = review.plan.plan_ref
    return {
        "volunteer review": reverse("volunteers:review", args=[review.pk]),
        "case page": reverse("workbench:case", args=[ref]),
        "document": reverse("documents:view", args=[ref, document.pk]),
        "api review": f"/api/v1/reviews/{review.pk}/",
        "api events": f"/api/v1/reviews/{review.pk}/events/",
        "api plan": f"/api/v1/plans/{ref}/",
    }


# What each persona gets, while the review is assigned to the volunteer.
WHILE_ASSIGNED = {
    "volunteer": {
        "volunteer review": 200,
        "case page": 404,
        "document": 200,
        "api review": 200,
        "api events": 403,
        "api plan": 404,
    },
    "other_volunteer": {
        "volunteer review": 404,
        "case page": 404,
        "document": 404,
        "api review": 404,
        "api events": 404,
        "api plan": 404,
    },
    "headteacher": {
        "volunteer review": 403,
        "case page": 404,
        "document": 404,
        "api review": 404,
        "api events": 404,
        "api plan": 404,
    },
    "officer_north": {
        "volunteer review": 403,
        "case page": 200,
        "document": 200,
        "api review": 200,
        "api events": 200,
        "api plan": 200,
    },
    "officer_west": {
        "volunteer review": 403,
        "case page": 404,
        "document": 404,
        "api review": 404,
        "api events": 404,
        "api plan": 404,
    },
}


@pytest.mark.parametrize(
    ("who", "where"), [(who, where) for who, row in WHILE_ASSIGNED.items() for where in row]
)
def test_who_reaches_an_assigned_review(who, where, personas, assigned, paperwork):
    people = {**personas, "other_volunteer": factories.VolunteerFactory.create()}
    response = client_for(people[who]).get(_urls(assigned, paperwork)[where])
    assert response.status_code == WHILE_ASSIGNED[who][where]


@pytest.mark.parametrize("where", ["volunteer review", "document", "api review"])
def test_the_volunteer_loses_access_when_the_assignment_closes(
    where, volunteer, officer_north, assigned, paperwork
):
    client = client_for(volunteer)
    url = _urls(assigned, paperwork)[where]
    assert client.get(url).status_code == 200
    assignments_close_for_review(actor=officer_north, review=assigned, reason="withdrawn")
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/reviews/").json()["results"] == []


def test_the_volunteer_sees_only_the_minimised_record(volunteer, assigned, paperwork):
    page = client_for(volunteer).get(reverse("volunteers:review", args=[assigned.pk]))
    body = page.content.decode()
    assert "EHCP-KENT-000777" in body
    assert "ZQ" in body
    assert "Year 5" in body
    assert "Annual review report" in body
    for secret in ["Zebedee", "Quill", assigned.plan.child.date_of_birth.strftime("%-d %B %Y")]:
        assert secret not in body
    api = client_for(volunteer).get(f"/api/v1/reviews/{assigned.pk}/").json()
    assert set(api) == {"id", "plan_ref", "child_initials", "ncy", "primary_need", "setting_type"}
    assert api["child_initials"] == "ZQ"


def test_the_volunteer_home_lists_todays_and_upcoming_reviews(volunteer, assigned):
    page = client_for(volunteer).get(reverse("volunteers:volunteer-home"))
    assert page.status_code == 200
    assignment = Assignment.objects.get(review=assigned)
    assert assignment.release_day == datetime.date(2026, 11, 24)
    assert [a.pk for a in page.context["upcoming"]] == [assignment.pk]
    assert "EHCP-KENT-000777" in page.content.decode()
    assert "Zebedee" not in page.content.decode()


def test_a_volunteer_lists_only_their_open_assignments_through_the_api(
    volunteer, assigned, officer_north
):
    other = factories.ReviewFactory.create(
        plan=factories.PlanFactory.create(area=assigned.plan.area)
    )
    results = client_for(volunteer).get("/api/v1/reviews/").json()["results"]
    assert [r["id"] for r in results] == [assigned.pk]
    assert other.pk not in [r["id"] for r in results]


@pytest.mark.parametrize("who", ["headteacher", "other_volunteer"])
def test_school_staff_without_an_assignment_list_no_reviews_or_plans(who, personas, assigned):
    people = {**personas, "other_volunteer": factories.VolunteerFactory.create()}
    client = client_for(people[who])
    assert client.get("/api/v1/reviews/").json()["results"] == []
    assert client.get("/api/v1/plans/").json()["results"] == []
