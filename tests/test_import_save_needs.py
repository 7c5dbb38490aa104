"""The caseload import's check refuses, row by row, everything its save could not store (issue
14, finding 9): values longer than their field, control characters such as NUL, and a UPN the
file gives to two children. A checked file then saves its valid rows whole, and nothing half."""

import pytest
import time_machine

from caseload.import_rows import COLUMNS
from caseload.importing import caseload_import
from caseload.models import ImportJob, ImportStatus
from caseload.services import import_job_check, import_job_run
from casework.models import Child, Plan
from organisation.models import Setting
from reviews.models import Review
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory
from tests.test_import import csv_bytes, refused, row
from tests.test_import_page import upload

pytestmark = pytest.mark.django_db

CONTROL = (
    "contains a control character (such as a NUL byte, a tab or a line break); remove it and "
    "enter the value on one line"
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _north(officer_north):
    """The North area team and its case officer exist before any import."""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"forename": "A" * 101}, f"column forename: '{'A' * 59}…': is 101 characters long; expected at most 100"),
        ({"surname": "B" * 150}, f"column surname: '{'B' * 59}…': is 150 characters long; expected at most 100"),
        ({"setting_name": "C" * 201}, f"column setting_name: '{'C' * 59}…': is 201 characters long; expected at most 200"),
        ({"plan_ref": "P" * 41}, "column plan_ref: 'PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP': is 41 characters long; expected at most 40"),
        ({"forename": "Am\x00ara"}, f"column forename: 'Am\ufffdara': {CONTROL}"),
        ({"surname": "Oka\tfor"}, f"column surname: 'Oka\ufffdfor': {CONTROL}"),
        ({"setting_name": "Oak\x1b[2Jwood"}, f"column setting_name: 'Oak\ufffd[2Jwood': {CONTROL}"),
        ({"forename": "\u202eanitsirhC"}, f"column forename: '\ufffdanitsirhC': {CONTROL}"),
        ({"plan_ref": "EHCP-\x000002"}, f"column plan_ref: 'EHCP-\ufffd0002': {CONTROL}"),
        ({"case_officer_email": "x" * 250 + "@example.org"}, "column case_officer_email: '" + "x" * 59 + "…': is 262 characters long; expected at most 254"),
    ],
)  # fmt: skip
def test_a_value_the_save_could_not_store_is_refused_by_row_and_column(changes, message):
    messages = refused(csv_bytes(row(), row(**{"plan_ref": "EHCP-0002", "upn": "", **changes})))
    assert messages == [f"Row 3, {message}"]


def test_every_column_is_checked_for_control_characters():
    bad = {column: f"{row()[column] or 'x'}\x00" for column in COLUMNS}
    messages = refused(csv_bytes(row(**{**bad, "plan_ref": "EHCP-0001\x00"})))
    assert [m.split(": ")[0] for m in messages] == [f"Row 2, column {c}" for c in COLUMNS]
    assert all(m.endswith(CONTROL) for m in messages)


def test_over_long_names_and_a_nul_byte_are_listed_in_the_preview_and_the_valid_rows_saved_whole(
    officer_north,
):
    client = client_for(officer_north)
    upload(
        client,
        csv_bytes(
            row(),
            row(plan_ref="EHCP-0002", upn="", forename="A" * 101),
            row(plan_ref="EHCP-0003", upn="", surname="Oka\x00for"),
            row(plan_ref="EHCP-0004", upn="", setting_urn="118002", setting_name="S" * 201),
        ),
    )
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    assert job.counts == {"new": 1, "changed": 0, "unchanged": 0, "error": 3}
    page = client.get(f"/casework/import/{job.pk}/").content.decode()
    assert "Row 3, column forename:" in page
    assert "is 101 characters long; expected at most 100" in page
    assert "Row 4, column surname: &#x27;Oka\ufffdfor&#x27;: contains a control character" in page
    assert "Row 5, column setting_name:" in page
    assert "is 201 characters long; expected at most 200" in page

    client.post(f"/casework/import/{job.pk}/confirm/", {"save_valid_rows": "yes"})
    import_job_run(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED
    assert list(Plan.objects.values_list("plan_ref", flat=True)) == ["EHCP-0001"]
    assert (Child.objects.count(), Setting.objects.count(), Review.objects.count()) == (1, 1, 1)
    report = client.get(f"/casework/import/{job.pk}/report.csv").content.decode()
    assert "4,EHCP-0003,error,Row 4, column surname: 'Oka\ufffdfor'" in report.replace('"', "")


def test_a_upn_the_file_gives_to_two_childrens_records_is_refused_before_the_save(north):
    """The plan of a child without a UPN gets one, and a new plan in the same file has it too:
    the save would make a second child with the same UPN, which the database refuses."""
    PlanFactory.create(plan_ref="EHCP-0001", area=north, child=ChildFactory.create(upn=None))
    data = csv_bytes(row(), row(plan_ref="EHCP-0002"), row(plan_ref="EHCP-0003", upn=""))
    result = caseload_import(data=data, filename="c.csv", actor=None, save_valid_rows=True)
    message = (
        "'Y886200120001': is given to more than one child's record in this file (rows 2, 3); "
        "check the UPN, or import these rows in two files"
    )
    assert result.errors == [f"Row 2, column upn: {message}", f"Row 3, column upn: {message}"]
    assert result.saved
    assert sorted(Plan.objects.values_list("plan_ref", flat=True)) == ["EHCP-0001", "EHCP-0003"]
    assert not Child.objects.filter(upn="Y886200120001").exists()


def test_two_existing_childrens_plans_given_one_new_upn_are_refused_before_the_save(north):
    for ref in ("EHCP-0001", "EHCP-0002"):
        PlanFactory.create(plan_ref=ref, area=north, child=ChildFactory.create(upn=None))
    result = caseload_import(
        data=csv_bytes(row(), row(plan_ref="EHCP-0002")), filename="c.csv", actor=None
    )
    assert [m.split(": ")[0] for m in result.errors] == ["Row 2, column upn", "Row 3, column upn"]
    assert not result.saved
