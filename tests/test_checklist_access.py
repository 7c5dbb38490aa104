"""Who may see and change a volunteer's QA checklist (DESIGN section 5), and after its assignment
closes."""

import pytest

from qa.models import Checklist
from tests.checklist_cases import (
    fixture_assignment,  # noqa: F401  (a fixture)
    fixture_checklist,  # noqa: F401  (a fixture)
    fixture_other_volunteer,  # noqa: F401  (a fixture)
    fixture_review,  # noqa: F401  (a fixture)
    fixture_small_template,  # noqa: F401  (a fixture)
    url,
)
from tests.conftest import client_for
from volunteers.services import assignments_close_for_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# --- Who may do what -------------------------------------------------------------------------

OWNER, OTHER_VOLUNTEER = "owner", "other_volunteer"
PAGES = ["checklist", "checklist-section", "checklist-recommendation", "checklist-check"]
WRITE_PAGES = PAGES[1:]

# (persona, page, method) -> status; pages that change need write access.
MATRIX = [
    *[(OWNER, page, "get", 200) for page in PAGES],
    (OWNER, "checklist-section", "post", 302),
    (OWNER, "checklist-recommendation", "post", 302),
    (OWNER, "checklist-check", "post", 400),  # incomplete: listed, not submitted
    (OWNER, "checklist-autosave", "post", 200),
    (OWNER, "checklist-start", "get", 302),
    *[(OTHER_VOLUNTEER, page, m, 404) for page in PAGES for m in ("get", "post")],
    (OTHER_VOLUNTEER, "checklist-autosave", "post", 404),
    (OTHER_VOLUNTEER, "checklist-start", "get", 404),
    ("officer_north", "checklist", "get", 200),
    *[("officer_north", page, m, 403) for page in WRITE_PAGES for m in ("get", "post")],
    ("officer_north", "checklist-autosave", "post", 403),
    ("officer_north", "checklist-start", "get", 403),
    ("officer_west", "checklist-start", "get", 403),
    ("manager", "checklist-start", "get", 403),
    *[("officer_west", page, m, 404) for page in PAGES for m in ("get", "post")],
    ("officer_west", "checklist-autosave", "post", 404),
    ("manager", "checklist", "get", 200),
    *[("manager", page, m, 403) for page in WRITE_PAGES for m in ("get", "post")],
    ("manager", "checklist-autosave", "post", 403),
    *[
        ("headteacher", page, m, 403)
        for page in [*PAGES, "checklist-start"]
        for m in ("get", "post")
    ],
    ("headteacher", "checklist-autosave", "post", 403),
    ("editor", "checklist", "get", 403),
]


def page_url(page: str, checklist: Checklist) -> str:
    if page == "checklist-start":
        return url(page, checklist.review_id)
    if page in {"checklist-section", "checklist-autosave"}:
        return url(page, checklist.pk, 1)
    return url(page, checklist.pk)


@pytest.mark.parametrize(
    ("persona", "page", "method", "status"),
    MATRIX,
    ids=[f"{p}-{page}-{m}" for p, page, m, _ in MATRIX],
)
def test_who_may_see_and_change_a_checklist(
    persona, page, method, status, checklist, personas, other_volunteer
):
    user = {**personas, OWNER: personas["volunteer"], OTHER_VOLUNTEER: other_volunteer}[persona]
    client = client_for(user)
    target = page_url(page, checklist)
    response = client.get(target) if method == "get" else client.post(target, {"draft": ""})
    assert response.status_code == status


@pytest.mark.parametrize("page", [*PAGES, "checklist-autosave", "checklist-start"])
def test_after_the_assignment_closes_the_volunteer_gets_404(
    page, checklist, review, officer_north, volunteer
):
    assignments_close_for_review(actor=officer_north, review=review, reason="review concluded")
    client = client_for(volunteer)
    target = page_url(page, checklist)
    if page != "checklist-autosave":
        assert client.get(target).status_code == 404
    assert client.post(target, {"draft": ""}).status_code == 404


def test_officers_still_read_a_checklist_after_the_assignment_closes(
    checklist, review, officer_north
):
    assignments_close_for_review(actor=officer_north, review=review, reason="review concluded")
    assert client_for(officer_north).get(url("checklist", checklist.pk)).status_code == 200
