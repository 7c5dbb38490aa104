"""Plan references (issue 14, finding 8): one documented character set, refused elsewhere by the
import and the admin, and every page that links to a plan works whatever an older record holds."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from caseload.importing import caseload_import
from casework.models import PLAN_REF_RULE, Plan
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory
from tests.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db

OLD_REFS = ["XSS/0003", "A/documents/new", "50%/2", "..", "a b?c#d", "ÉLAN-1"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


def plan_with_stored_ref(area, ref: str) -> Plan:
    """A plan whose reference was stored before references were checked (bypassing the check)."""
    review = ReviewFactory.create(plan=PlanFactory.create(area=area, plan_ref="PLACEHOLDER"))
    Plan.objects.filter(pk=review.plan_id).update(plan_ref=ref)
    recompute_reviews()
    return Plan.objects.get(pk=review.plan_id)


@pytest.mark.parametrize("ref", OLD_REFS)
def test_the_queue_and_case_page_work_for_a_stored_plan_reference_with_a_slash(
    officer_north, north, ref
):
    plan = plan_with_stored_ref(north, ref)
    client = client_for(officer_north)
    queue = client.get("/casework/")
    assert queue.status_code == 200
    case_url = reverse("workbench:case", kwargs={"plan_ref": ref})
    assert f'href="{case_url}"' in queue.content.decode()
    case = client.get(case_url)
    assert case.status_code == 200
    assert case.context["plan"] == plan
    review = plan.reviews.get()
    step = client.get(reverse("workbench:case-step", args=[ref, review.pk, "hold-meeting"]))
    assert step.status_code == 200
    assert step.context["plan"] == plan
    upload = client.get(reverse("documents:upload", args=[ref]))
    assert upload.status_code == 200


def test_a_stored_reference_with_a_slash_does_not_reach_another_plans_page(officer_north, north):
    """ "A/documents/new" is one plan's reference, not the document page of plan "A"."""
    plan_with_stored_ref(north, "A/documents/new")
    plain = PlanFactory.create(area=north, plan_ref="A")
    page = client_for(officer_north).get(reverse("workbench:case", args=["A/documents/new"]))
    assert page.context["plan"].plan_ref == "A/documents/new"
    assert client_for(officer_north).get("/casework/plans/A/").context["plan"] == plain


@pytest.mark.parametrize("ref", ["EHCP-0001", "ehcp_2026.17", "12345", "A" * 40])
def test_a_valid_plan_reference_reads_as_itself_in_the_address(ref):
    assert reverse("workbench:case", args=[ref]) == f"/casework/plans/{ref}/"


@pytest.mark.parametrize(
    "ref", ["XSS/0003", "EHCP 0001", ".hidden", "-0001", "A" * 41, "EHCP\u20130001", "ÉLAN-1"]
)
def test_a_plan_reference_outside_the_character_set_is_refused_by_the_model_and_admin(ref, north):
    plan = PlanFactory.build(area=north, plan_ref=ref)
    with pytest.raises(ValidationError) as refused:
        plan.full_clean(exclude=["child", "setting"])
    messages = refused.value.message_dict["plan_ref"]
    assert any(m.startswith("Enter a plan reference of 1 to 40") for m in messages)


def test_the_admin_refuses_a_plan_reference_with_a_slash(manager, north):
    manager.is_staff = manager.is_superuser = True
    manager.save()
    plan = PlanFactory.create(area=north, plan_ref="EHCP-ADMIN")
    page = client_for(manager).post(
        f"/admin/casework/plan/{plan.pk}/change/",
        {"plan_ref": "XSS/0003", "child": plan.child_id, "issued_on": "2024-01-15",
         "area": north.pk, "primary_need": "ASD", "status": "active"},
    )  # fmt: skip
    assert page.status_code == 200
    assert "Enter a plan reference of 1 to 40 characters" in page.content.decode()
    plan.refresh_from_db()
    assert plan.plan_ref == "EHCP-ADMIN"


@pytest.mark.parametrize("ref", ["XSS/0003", "EHCP 0001", ".0001", "EHCP:1"])
def test_the_import_refuses_a_plan_reference_with_a_slash(officer_north, ref):
    result = caseload_import(
        data=csv_bytes(row(plan_ref=ref)), filename="c.csv", actor=officer_north
    )
    assert result.errors == [
        f"Row 2, column plan_ref: '{ref}': is not a plan reference; expected {PLAN_REF_RULE}"
    ]
    assert not Plan.objects.exists()


def test_the_import_and_the_model_share_one_rule_for_plan_references():
    assert PLAN_REF_RULE == (
        "1 to 40 characters: letters, digits, hyphens (-), underscores (_) and full stops (.), "
        "starting with a letter or a digit"
    )
    assert PLAN_REF_RULE in str(Plan._meta.get_field("plan_ref").help_text)
