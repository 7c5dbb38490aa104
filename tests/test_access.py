"""Deny by default: every URL is walked, and each view must say who may use it."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.permissions import AllowAny

from accounts.models import Role, User
from contributions.family_views_models import Channel, FamilyQuestion, FamilyViews, FamilyViewsFile
from documents.models import DocumentKind
from documents.services import document_store
from tests import factories
from tests.conftest import client_for
from tests.urlwalk import Endpoint, endpoints

# Pages anyone may open without signing in. Adding a name here is a reviewed decision.
PUBLIC_PAGES = {
    "accounts:home",
    "accounts:sign-in",
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    # A family member's sign-in: their email address, then the code emailed to it.
    "accounts:family-sign-in",
    "accounts:family-sign-in-code",
    "healthz",
    # The volunteer programme: the signed link emailed to a headteacher, the public page
    # where a SENCO offers to volunteer, and the invitation link that sets a password.
    "volunteers:decide-by-link",
    "volunteers:register-interest",
    "volunteers:join",
    # The signed link emailed to a professional to give advice for a review (no account), and
    # the button on its expired page that emails a new one to their own address.
    "advice:give",
    "advice:new-link",
    # The invitation links that set an invited member of staff's password (the council's, and
    # a school's).
    "workbench:staff-join",
    "portal:school-join",
    # The public Local Offer: search, a service's page and the feedback form on every page.
    "localoffer:search",
    "localoffer:service",
    "localoffer:feedback",
    # The accessibility statement, privacy notice and cookies page, linked from every footer.
    "accessibility",
    "privacy",
    "cookies",
}
# The Open Referral UK feed of the Local Offer is open data (DESIGN section 6).
OPENREFERRAL_API = {
    "openreferral:meta",
    "openreferral:services",
    "openreferral:service",
    "openreferral:taxonomies",
    "openreferral:taxonomy",
    "openreferral:taxonomy-terms",
    "openreferral:taxonomy-term",
    "openreferral:service-at-locations",
    "openreferral:service-at-location",
    # Any other path under /openreferral/: a JSON 404.
    "openreferral:not-found",
}
PUBLIC_API = {"api:token", *OPENREFERRAL_API}
ADMIN_PUBLIC = {"admin:login", "admin:logout"}

ALL = list(endpoints())
PAGES = [e for e in ALL if not e.is_api and not e.is_admin and e.name not in PUBLIC_PAGES]
API = [e for e in ALL if e.is_api and e.name not in PUBLIC_API]
ADMIN = [e for e in ALL if e.is_admin and e.name not in ADMIN_PUBLIC]


def _api_is_public(endpoint: Endpoint) -> bool:
    # The view's own permissions, or those its URL gives it (`as_view(permission_classes=)`).
    permissions = getattr(endpoint.view, "initkwargs", {}).get(
        "permission_classes", getattr(endpoint.view.cls, "permission_classes", [])
    )
    return any(issubclass(p, AllowAny) for p in permissions)


def unguarded_views(urlconf: str | None = None) -> list[str]:
    """Names of views reachable without signing in that are not on an allow-list."""
    problems = []
    for endpoint in endpoints(urlconf):
        if endpoint.is_admin:
            continue
        public = _api_is_public(endpoint) if endpoint.is_api else endpoint.marked_public
        allowed = PUBLIC_API if endpoint.is_api else PUBLIC_PAGES
        if public and endpoint.name not in allowed:
            problems.append(endpoint.name)
    return problems


def views_without_roles(urlconf: str | None = None) -> list[str]:
    """Names of signed-in pages that do not declare which roles may use them."""
    return [
        e.name
        for e in endpoints(urlconf)
        if not (e.is_api or e.is_admin or e.marked_public) and e.allowed_roles is None
    ]


def test_only_allow_listed_views_are_public():
    assert unguarded_views() == []


def test_every_signed_in_page_declares_the_roles_that_may_use_it():
    assert views_without_roles() == []


def test_the_walk_catches_a_view_added_without_access_control():
    assert unguarded_views("tests.urls_with_mistakes") == ["careless-public-page"]
    assert views_without_roles("tests.urls_with_mistakes") == ["page-without-roles"]


def test_the_walk_finds_the_pages_it_guards():
    names = {e.name for e in ALL}
    assert {"workbench:officer-home", "accounts:account", "api:me", "admin:index"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", PAGES, ids=lambda e: e.name)
def test_pages_send_anonymous_visitors_to_sign_in(endpoint: Endpoint):
    response = Client().get(endpoint.path)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", API, ids=lambda e: e.name)
def test_api_endpoints_answer_401_to_anonymous_callers(endpoint: Endpoint):
    response = Client().get(endpoint.path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ADMIN, ids=lambda e: e.name)
def test_admin_pages_send_anonymous_visitors_to_a_sign_in_page(endpoint: Endpoint):
    response = Client().get(endpoint.path)
    assert response.status_code == 302
    assert response["Location"].startswith(("/sign-in/?next=", "/admin/login/?next="))


@pytest.mark.parametrize("endpoint", PAGES, ids=lambda e: e.name)
def test_pages_refuse_signed_in_roles_they_do_not_declare(endpoint: Endpoint, personas):
    for persona, user in personas.items():
        status = client_for(user).get(endpoint.path).status_code
        if user.role in (endpoint.allowed_roles or ()):
            assert status != 403, f"{persona} should be allowed on {endpoint.name}"
        else:
            assert status == 403, f"{persona} should get 403 on {endpoint.name}, got {status}"


@pytest.mark.parametrize("role", list(Role))
def test_the_admin_is_closed_to_people_who_are_not_staff(role: Role, personas):
    user = next(u for u in personas.values() if u.role == role)
    response = client_for(user).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_personas_cover_every_role(personas: dict[str, User]):
    assert {u.role for u in personas.values()} == set(Role)


# The family's part in a review (contributions.family_views, contributions.family_questions):
# each page for each person, by their place. 404: may not see it; 403: not their role's page.
# Pages: family views, give views, questions, a file given with views, record views (officer),
# record a question (officer), answer a question (officer).
FAMILY_PART_MATRIX = {
    "member_of_this_plan": (200, 200, 200, 200, 403, 403, 403),
    "member_of_another_plan": (404, 404, 404, 404, 403, 403, 403),
    "removed_member": (404, 404, 404, 404, 403, 403, 403),
    "officer_north": (403, 403, 403, 200, 200, 200, 200),  # the plan's area
    "officer_west": (403, 403, 403, 404, 404, 404, 404),  # another area
    "manager": (403, 403, 403, 200, 200, 200, 200),
    "senco": (403, 403, 403, 200, 403, 403, 403),  # the child's school
    "other_school": (403, 403, 403, 404, 403, 403, 403),
    "volunteer": (403, 403, 403, 404, 403, 403, 403),  # not on the school's staff list
}


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize("persona", FAMILY_PART_MATRIX)
def test_the_family_part_pages_follow_each_persons_place(persona, personas):
    plan = factories.PlanFactory.create(
        area=personas["officer_north"].areas.get(),
        setting=personas["senco"].setting,
        plan_ref="EHCP-ACC-1",
        case_officer=personas["officer_north"],
    )
    review = factories.ReviewFactory.create(
        plan=plan, due_on=date(2026, 12, 10), meeting_planned_on=date(2026, 11, 30)
    )
    member = factories.FamilyMemberFactory.create(plan=plan, user=personas["parent"])
    views = FamilyViews.objects.create(
        review=review, about="child", likes="Trains", channel=Channel.ONLINE, given_by=member
    )
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    document = document_store(
        plan=plan,
        review=review,
        kind=DocumentKind.PAPERWORK,
        title="Drawing",
        filename="drawing.png",
        data=png,
        actor=personas["parent"],
    )
    file = FamilyViewsFile.objects.create(views=views, document=document)
    question = FamilyQuestion.objects.create(
        plan=plan,
        text="When?",
        channel=Channel.ONLINE,
        asked_by=member,
        asked_on=date(2026, 11, 23),
        answer_due_on=date(2026, 11, 30),
    )
    people = {
        "member_of_this_plan": personas["parent"],
        "member_of_another_plan": factories.FamilyMemberFactory.create().user,
        "removed_member": factories.FamilyMemberFactory.create(
            plan=plan, removed_at=timezone.now()
        ).user,
        "other_school": factories.SchoolStaffUserFactory.create(),
        **personas,
    }
    pages = [
        f"/family/plans/{plan.pk}/views/",
        f"/family/plans/{plan.pk}/views/parent/",
        f"/family/plans/{plan.pk}/questions/",
        f"/views-files/{file.pk}/",
        f"/casework/plans/{plan.plan_ref}/reviews/{review.pk}/views/parent/",
        f"/casework/plans/{plan.plan_ref}/questions/new/",
        f"/casework/plans/{plan.plan_ref}/questions/{question.pk}/answer/",
    ]
    client = client_for(people[persona])
    got = tuple(client.get(page).status_code for page in pages)
    assert got == FAMILY_PART_MATRIX[persona]
