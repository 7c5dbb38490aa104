"""The caseload import keeps to the importing person's area teams (DESIGN section 6): a row for
another team's area or plan is refused, and the preview reveals nothing about what that team
holds, on the import page, in its dry-run check and from `manage.py import_plans --as`."""

from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caseload.importing import caseload_import
from caseload.models import ImportJob
from caseload.services import import_job_check, import_job_run
from casework.models import Child, Plan
from reviews.models import Review
from tests.conftest import client_for
from tests.factories import CaseOfficerFactory, ChildFactory, PlanFactory, SettingFactory
from tests.test_import import csv_bytes, row
from tests.test_import_page import upload

pytestmark = pytest.mark.django_db

ANOTHER_TEAMS_PLAN = "plan reference already used by another team's caseload; ask a manager"
ANOTHER_TEAMS_UPN = "UPN already used by another team's caseload; ask a manager"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


@pytest.fixture
def west_plan(west, officer_west) -> Plan:
    """A West plan whose reference, child and details a North officer's file might name."""
    return PlanFactory.create(
        plan_ref="EHCP-0001",
        area=west,
        case_officer=officer_west,
        child=ChildFactory.create(
            upn="Y886200120001", forename="Amara", surname="Okafor", date_of_birth=date(2015, 3, 10)
        ),
    )


def plan_state(plan: Plan) -> tuple[object, ...]:
    plan.refresh_from_db()
    plan.child.refresh_from_db()
    return (plan.area_id, plan.case_officer_id, plan.setting_id, plan.issued_on,
            plan.child.forename, plan.child.surname, plan.child.date_of_birth,
            plan.child.looked_after, Review.objects.filter(plan=plan).count())  # fmt: skip


def checked_outcomes(user, data: bytes) -> list[list[object]]:
    """Upload a file as `user` and run the dry-run check the worker runs; the preview's rows."""
    ImportJob.objects.all().delete()
    upload(client_for(user), data)
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    job.refresh_from_db()
    return list(job.outcomes)


def test_a_case_officer_cannot_move_another_areas_plan_by_import(officer_north, west_plan):
    before = plan_state(west_plan)
    result = caseload_import(
        data=csv_bytes(row(surname="Okafor-Smith")),
        filename="c.csv",
        actor=officer_north,
        save_valid_rows=True,
    )
    assert result.errors == [f"Row 2, column plan_ref: 'EHCP-0001': {ANOTHER_TEAMS_PLAN}"]
    assert plan_state(west_plan) == before


def test_the_preview_reveals_nothing_about_another_areas_plan(officer_north, west_plan):
    """Whether the file matches what the other team holds or not, the preview says the same."""
    matching = checked_outcomes(officer_north, csv_bytes(row(area="North")))
    guessed_wrong = checked_outcomes(
        officer_north, csv_bytes(row(forename="Ben", date_of_birth="2016-01-01", looked_after="Y"))
    )
    expected = [
        [2, "EHCP-0001", "error", [f"Row 2, column plan_ref: 'EHCP-0001': {ANOTHER_TEAMS_PLAN}"]]
    ]
    assert matching == expected
    assert guessed_wrong == expected
    assert ImportJob.objects.get().counts == {"new": 0, "changed": 0, "unchanged": 0, "error": 1}


def test_a_row_naming_another_area_is_refused_on_its_area_column(officer_north, west):
    result = caseload_import(
        data=csv_bytes(row(area="West"), row(plan_ref="EHCP-0002", upn="")),
        filename="c.csv",
        actor=officer_north,
        save_valid_rows=True,
    )
    assert result.errors == [
        "Row 2, column area: 'West': is not one of your area teams; expected one of North"
    ]
    assert list(Plan.objects.values_list("plan_ref", flat=True)) == ["EHCP-0002"]


def test_the_dry_run_check_refuses_another_areas_row_before_the_officer_confirms(
    officer_north, west
):
    outcomes = checked_outcomes(officer_north, csv_bytes(row(area="West")))
    assert outcomes == [
        [2, "EHCP-0001", "error",
         ["Row 2, column area: 'West': is not one of your area teams; expected one of North"]]
    ]  # fmt: skip


def test_a_confirmed_import_saves_only_the_officers_own_rows(officer_north, west_plan):
    before = plan_state(west_plan)
    upload(
        client_for(officer_north),
        csv_bytes(row(surname="Changed"), row(plan_ref="EHCP-0002", upn="M886200120002")),
    )
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    client_for(officer_north).post(
        f"/casework/import/{job.pk}/confirm/", {"save_valid_rows": "yes"}
    )
    import_job_run(str(job.pk))
    assert sorted(Plan.objects.values_list("plan_ref", flat=True)) == ["EHCP-0001", "EHCP-0002"]
    assert Plan.objects.get(plan_ref="EHCP-0002").area.name == "North"
    assert plan_state(west_plan) == before


def test_a_upn_of_a_child_in_another_areas_caseload_is_refused_without_revealing_the_child(
    officer_north, west_plan
):
    """A new plan with a known UPN would otherwise join that child's record, and the officer
    would then read the other team's child on their own case page."""
    new_plan = csv_bytes(row(plan_ref="EHCP-0002"))
    result = caseload_import(
        data=new_plan, filename="c.csv", actor=officer_north, save_valid_rows=True
    )
    assert result.errors == [f"Row 2, column upn: 'Y886200120001': {ANOTHER_TEAMS_UPN}"]
    assert not Plan.objects.filter(plan_ref="EHCP-0002").exists()
    assert Child.objects.count() == 1


def test_moving_a_upn_onto_another_areas_child_says_the_same_as_for_a_new_plan(
    officer_north, north, west_plan
):
    PlanFactory.create(plan_ref="EHCP-0002", area=north, child=ChildFactory.create(upn=None))
    result = caseload_import(
        data=csv_bytes(row(plan_ref="EHCP-0002")), filename="c.csv", actor=officer_north
    )
    assert result.errors == [f"Row 2, column upn: 'Y886200120001': {ANOTHER_TEAMS_UPN}"]


def test_a_upn_clash_within_the_officers_own_areas_still_says_check_the_upn(officer_north, north):
    PlanFactory.create(
        plan_ref="EHCP-0001", area=north, child=ChildFactory.create(upn="Y886200120001")
    )
    PlanFactory.create(plan_ref="EHCP-0002", area=north, child=ChildFactory.create(upn=None))
    result = caseload_import(
        data=csv_bytes(row(plan_ref="EHCP-0002")), filename="c.csv", actor=officer_north
    )
    assert result.errors == [
        "Row 2, column upn: 'Y886200120001': already belongs to another child's record; check the UPN"
    ]


def test_a_manager_may_import_into_every_area_and_move_a_plan(
    manager, officer_north, west_plan, north
):
    result = caseload_import(data=csv_bytes(row()), filename="c.csv", actor=manager)
    assert result.saved
    west_plan.refresh_from_db()
    assert west_plan.area == north


def test_an_officer_of_two_areas_may_move_a_plan_between_them(west_plan, north, west):
    both = CaseOfficerFactory.create(email="officer.both@example.org", areas=[north, west])
    result = caseload_import(
        data=csv_bytes(row(case_officer_email="officer.both@example.org")),
        filename="c.csv",
        actor=both,
    )
    assert result.saved, result.errors
    west_plan.refresh_from_db()
    assert west_plan.area == north


def test_someone_who_works_in_no_area_team_imports_nothing(volunteer):
    result = caseload_import(
        data=csv_bytes(row(case_officer_email="")), filename="c.csv", actor=volunteer
    )
    assert result.errors == [
        "Row 2, column area: 'North': is not one of your area teams; you work in none, so ask a manager"
    ]
    assert not Plan.objects.exists()


def test_the_case_officer_named_in_a_row_must_work_in_its_area(officer_north, officer_west):
    result = caseload_import(
        data=csv_bytes(row(case_officer_email="officer.west@example.org")),
        filename="c.csv",
        actor=None,
    )
    assert result.errors == [
        "Row 2, column case_officer_email: 'officer.west@example.org': does not work in North; "
        "expected the email address of a case officer of that area team"
    ]


def test_an_officers_import_does_not_rename_a_setting_of_another_area(officer_north, west):
    school = SettingFactory.create(urn="118001", name="Oakwood Primary School", area=west)
    result = caseload_import(
        data=csv_bytes(row(setting_name="Renamed School", setting_phase="special")),
        filename="c.csv",
        actor=officer_north,
    )
    assert result.saved, result.errors
    school.refresh_from_db()
    assert (school.name, school.phase) == ("Oakwood Primary School", "primary")
    assert Plan.objects.get().setting == school
    assert result.warnings == [
        "Settings of other area teams keep the name and phase they are registered with: 118001."
    ]


def test_import_plans_as_a_person_imports_only_into_their_areas(
    tmp_path, capsys, officer_north, west_plan
):
    before = plan_state(west_plan)
    path = tmp_path / "caseload.csv"
    path.write_bytes(
        csv_bytes(row(surname="Changed"), row(plan_ref="EHCP-0002", upn="", area="West"))
    )
    with pytest.raises(CommandError, match=r"2 in error\. Nothing was saved\."):
        call_command("import_plans", str(path), "--as", "OFFICER.north@example.org")
    assert capsys.readouterr().out.splitlines() == [
        f"Row 2, column plan_ref: 'EHCP-0001': {ANOTHER_TEAMS_PLAN}",
        "Row 3, column area: 'West': is not one of your area teams; expected one of North",
    ]
    assert plan_state(west_plan) == before


def test_import_plans_as_an_unknown_address_is_refused(tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_bytes(row()))
    with pytest.raises(
        CommandError, match=r"No active account has the email address nobody@example\.org"
    ):
        call_command("import_plans", str(path), "--as", "nobody@example.org")
    assert not Plan.objects.exists()


def test_import_plans_without_as_has_the_operators_full_reach(
    tmp_path, officer_north, west_plan, north
):
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_bytes(row()))
    call_command("import_plans", str(path))
    west_plan.refresh_from_db()
    assert west_plan.area == north


@pytest.mark.parametrize("importer", ["operator", "officer_north", "manager"])
def test_the_check_reads_what_the_rows_name_in_as_many_queries_for_many_rows_as_for_few(
    importer, officer_north, manager, north
):
    actor = {"operator": None, "officer_north": officer_north, "manager": manager}[importer]
    refs = [f"EHCP-{n:04d}" for n in range(12)]
    caseload_import(
        data=csv_bytes(*(row(plan_ref=ref, upn="") for ref in refs)), filename="c.csv", actor=None
    )
    counts = []
    for some in (refs[:3], refs):
        changed = csv_bytes(*(row(plan_ref=ref, upn="", surname="Changed") for ref in some))
        with CaptureQueriesContext(connection) as queries:
            result = caseload_import(data=changed, filename="c.csv", actor=actor, dry_run=True)
        assert result.counts["changed"] == len(some)
        counts.append(len(queries))
    assert counts[0] == counts[1]
