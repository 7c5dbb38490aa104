"""The case officer invites a child's family to follow the plan, and removes them: who may,
what the invitation says, one account for a parent of two children, young people from 16,
and a removed member losing access at once."""

from datetime import date

import pytest
from django.core import mail
from django.http import Http404
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Role, User
from audit.models import Event
from casework.models import PlanStatus
from contributions.family_access import family_place_get_for_user
from contributions.family_models import FamilyMember, FamilyRelationship
from tests.conftest import client_for
from tests.factories import ChildFactory, FamilyMemberFactory, FamilyUserFactory, PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 23)  # frozen_today


def invite_url(plan) -> str:
    return f"/casework/plans/{plan.plan_ref}/family/invite/"


def remove_url(member) -> str:
    return f"/casework/plans/{member.plan.plan_ref}/family/{member.pk}/remove/"


def invitation(**changes: str) -> dict[str, str]:
    return {
        "full_name": "Sara Khan",
        "email": "sara.khan@example.org",
        "relationship": FamilyRelationship.PARENT,
        **changes,
    }


@pytest.fixture
def plan(north):
    return PlanFactory.create(area=north, child=ChildFactory.create(forename="Amara"))


def client_as(persona: str, personas) -> Client:
    return Client() if persona == "anonymous" else client_for(personas[persona])


# persona: (invitation form GET, invitation POST, removal page GET, removal POST)
MATRIX = {
    "officer_north": (200, 302, 200, 302),
    "officer_west": (404, 404, 404, 404),
    "manager": (200, 302, 200, 302),  # a manager works any area's plans (decision 0015)
    "volunteer": (404, 404, 404, 404),
    "headteacher": (404, 404, 404, 404),
    "editor": (404, 404, 404, 404),
    "senco": (404, 404, 404, 404),
    "parent": (404, 404, 404, 404),
    "anonymous": (302, 302, 302, 302),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_only_those_who_may_change_the_plan_invite_and_remove_its_family(persona, personas, plan):
    client = client_as(persona, personas)
    member = FamilyMemberFactory.create(plan=plan)
    form_get, invite_post, remove_get, remove_post = MATRIX[persona]

    assert client.get(invite_url(plan)).status_code == form_get
    assert client.post(invite_url(plan), invitation()).status_code == invite_post
    assert client.get(remove_url(member)).status_code == remove_get
    assert client.post(remove_url(member)).status_code == remove_post

    allowed = persona in {"officer_north", "manager"}
    assert FamilyMember.objects.filter(plan=plan, user__email="sara.khan@example.org").exists() == (
        allowed
    )
    member.refresh_from_db()
    assert (member.removed_at is not None) == allowed


def test_an_invitation_makes_a_family_account_without_a_password_and_emails_how_to_sign_in(
    officer_north, plan, settings
):
    settings.COUNCIL_PHONE = "01634 306000"
    officer_north.phone = "03000 412 345"
    officer_north.save()
    response = client_for(officer_north).post(
        invite_url(plan), invitation(email=" Sara.Khan@Example.org ")
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#family")

    sara = User.objects.get(email="sara.khan@example.org")
    assert (sara.role, sara.full_name) == (Role.FAMILY, "Sara Khan")
    assert not sara.has_usable_password()
    member = FamilyMember.objects.get(plan=plan, user=sara)
    assert (member.relationship, member.invited_by) == (FamilyRelationship.PARENT, officer_north)

    [email] = mail.outbox
    assert email.to == ["sara.khan@example.org"]
    assert "Amara" in email.subject
    assert "/sign-in/family/" in email.body
    assert "You do not need a password" in email.body
    assert "by phone, by email or on paper" in email.body
    assert "01634 306000" in email.body
    assert "03000 412 345" in email.body
    event = Event.objects.get(action="family.invited")
    assert (event.actor, event.target_id) == (officer_north, str(plan.pk))
    assert event.details["new_account"] is True


def test_a_parent_of_two_children_keeps_one_account_with_a_place_on_each_plan(
    officer_north, plan, north
):
    other_plan = PlanFactory.create(area=north)
    client = client_for(officer_north)
    client.post(invite_url(plan), invitation())
    client.post(invite_url(other_plan), invitation(email="SARA.KHAN@example.org"))

    sara = User.objects.get(email="sara.khan@example.org")
    assert User.objects.filter(email__iexact="sara.khan@example.org").count() == 1
    assert set(sara.family_places.values_list("plan_id", flat=True)) == {plan.pk, other_plan.pk}
    assert Event.objects.filter(action="family.invited").count() == 2
    assert len(mail.outbox) == 2


def test_a_plan_may_have_several_family_members(officer_north, plan):
    client = client_for(officer_north)
    client.post(invite_url(plan), invitation())
    client.post(
        invite_url(plan),
        invitation(full_name="Omar Khan", email="omar@example.org", relationship="carer"),
    )
    page = client.get(f"/casework/plans/{plan.plan_ref}/").content.decode()
    assert '<td class="govuk-table__cell" data-label="Name">Sara Khan</td>' in page
    assert '<td class="govuk-table__cell" data-label="Name">Omar Khan</td>' in page
    assert FamilyMember.objects.current().filter(plan=plan).count() == 2


def test_inviting_someone_who_already_follows_the_plan_is_refused(officer_north, plan):
    client = client_for(officer_north)
    client.post(invite_url(plan), invitation())
    response = client.post(invite_url(plan), invitation())
    assert response.status_code == 200
    assert "Sara Khan already follows this plan" in response.content.decode()
    assert FamilyMember.objects.filter(plan=plan).count() == 1


def test_a_staff_members_address_cannot_be_invited_as_family(officer_north, officer_west, plan):
    response = client_for(officer_north).post(
        invite_url(plan), invitation(email=officer_west.email)
    )
    assert "belongs to a member of staff" in response.content.decode()
    assert not FamilyMember.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("born", "allowed"),
    [
        (date(2010, 11, 24), False),  # 15, sixteen tomorrow
        (date(2010, 11, 23), True),  # sixteen today
    ],
)
def test_a_young_person_is_invited_to_their_own_plan_only_from_16(
    officer_north, north, born, allowed
):
    plan = PlanFactory.create(
        area=north, child=ChildFactory.create(forename="Theo", date_of_birth=born)
    )
    response = client_for(officer_north).post(
        invite_url(plan),
        invitation(full_name="Theo Wright", email="theo@example.org", relationship="young_person"),
    )
    assert FamilyMember.objects.filter(plan=plan).exists() == allowed
    if allowed:
        assert response.status_code == 302
        assert "give your views before the review meeting" in mail.outbox[0].body
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Theo is not 16 yet" in page
        assert "govuk-error-summary" in page
        assert not User.objects.filter(email="theo@example.org").exists()
        assert mail.outbox == []


def test_a_plan_that_has_ended_takes_no_new_family_members(officer_north, plan):
    plan.status = PlanStatus.CEASED
    plan.ceased_on = TODAY
    plan.cease_reason = "needs_met"
    plan.save()
    response = client_for(officer_north).post(invite_url(plan), invitation())
    assert "This plan has ended" in response.content.decode()
    assert not FamilyMember.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Enter their full name"),
        ("full_name", "   ", "Enter their full name"),
        ("email", "not-an-email", "Enter an email address in the correct format"),
        ("relationship", "", "Select who they are to the child"),
        ("relationship", "headteacher", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    officer_north, plan, field, value, message
):
    response = client_for(officer_north).post(invite_url(plan), invitation(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FamilyMember.objects.exists()
    assert not User.objects.filter(role=Role.FAMILY).exists()


def test_html_in_a_name_is_shown_as_text_on_the_case_page(officer_north, plan):
    client = client_for(officer_north)
    client.post(invite_url(plan), invitation(full_name="<b>Sara</b> O'Neil"))
    page = client.get(f"/casework/plans/{plan.plan_ref}/").content.decode()
    assert escape("<b>Sara</b> O'Neil") in page
    assert "<b>Sara</b>" not in page


def test_a_removed_family_member_loses_access_at_once(officer_north, plan, parent):
    member = FamilyMemberFactory.create(plan=plan, user=parent)
    parent_client = client_for(parent)
    assert "Amara" in parent_client.get("/family/").content.decode()
    assert family_place_get_for_user(parent, plan.pk, today=TODAY).plan == plan

    response = client_for(officer_north).post(remove_url(member))
    assert response.status_code == 302

    assert "Amara" not in parent_client.get("/family/").content.decode()
    with pytest.raises(Http404):
        family_place_get_for_user(parent, plan.pk, today=TODAY)
    member.refresh_from_db()
    assert (member.removed_by, member.removed_at) == (officer_north, timezone.now())
    event = Event.objects.get(action="family.removed")
    assert (event.actor, event.target_id) == (officer_north, str(plan.pk))


def test_removing_someone_already_removed_or_on_another_plan_is_404(officer_north, plan, north):
    other = FamilyMemberFactory.create(plan=PlanFactory.create(area=north))
    client = client_for(officer_north)
    tampered = f"/casework/plans/{plan.plan_ref}/family/{other.pk}/remove/"
    assert client.post(tampered).status_code == 404
    member = FamilyMemberFactory.create(plan=plan)
    client.post(remove_url(member))
    assert client.post(remove_url(member)).status_code == 404


def test_a_family_member_of_one_child_never_sees_another_childs_plan(parent, north):
    theirs = FamilyMemberFactory.create(
        user=parent, plan=PlanFactory.create(area=north, child=ChildFactory(forename="Amara"))
    ).plan
    someone_elses = FamilyMemberFactory.create(
        user=FamilyUserFactory.create(),
        plan=PlanFactory.create(area=north, child=ChildFactory(forename="Zebedee")),
    ).plan

    assert family_place_get_for_user(parent, theirs.pk, today=TODAY).plan == theirs
    with pytest.raises(Http404):
        family_place_get_for_user(parent, someone_elses.pk, today=TODAY)
    page = client_for(parent).get("/family/").content.decode()
    assert "Amara" in page
    assert "Zebedee" not in page


def test_the_case_page_offers_the_invitation_only_to_those_who_may_change_the_plan(
    officer_north, plan
):
    page = client_for(officer_north).get(f"/casework/plans/{plan.plan_ref}/").content.decode()
    assert invite_url(plan) in page
    assert "No one in the family follows this plan online" in page


def test_the_invitation_page_says_whether_the_young_person_may_be_invited(officer_north, plan):
    page = client_for(officer_north).get(invite_url(plan)).content.decode()
    assert "is under 16" in page
    assert "0300 000 0000" in page
