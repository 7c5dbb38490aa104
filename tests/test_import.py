"""Caseload import: every bad input gets a clear message and leaves the database as it was."""

import io
import re
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audit.models import Event
from caseload.import_rows import COLUMNS, upn_is_valid
from caseload.importing import caseload_import
from casework.models import Child, Plan
from common.table_rows import ImportFileError
from organisation.models import Setting
from reviews.models import Review

pytestmark = pytest.mark.django_db

GOOD = {
    "plan_ref": "EHCP-0001",
    "upn": "Y886200120001",
    "forename": "Amara",
    "surname": "Okafor",
    "date_of_birth": "2015-03-10",
    "primary_need": "ASD",
    "setting_urn": "118001",
    "setting_name": "Oakwood Primary School",
    "setting_phase": "primary",
    "area": "North",
    "plan_issued_on": "2024-01-15",
    "last_review_meeting_on": "",
    "last_review_decision_on": "",
    "last_review_outcome": "",
    "looked_after": "N",
    "case_officer_email": "officer.north@example.org",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _north(officer_north):
    """The North area team and its case officer exist before any import."""


def csv_bytes(
    *rows: dict[str, str], columns: list[str] = COLUMNS, encoding: str = "utf-8"
) -> bytes:
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def row(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def database_state() -> tuple[object, ...]:
    return (
        list(Plan.objects.order_by("id").values()),
        list(Child.objects.order_by("id").values()),
        list(Review.objects.order_by("id").values()),
        Setting.objects.count(),
        Event.objects.filter(action="caseload.imported").count(),
    )


def refused(data: bytes, filename: str = "caseload.csv") -> list[str]:
    """Import and return the messages, checking that nothing was saved."""
    before = database_state()
    try:
        result = caseload_import(data=data, filename=filename, actor=None)
    except ImportFileError as error:
        messages = [str(error)]
    else:
        assert not result.saved
        messages = result.errors
    assert database_state() == before
    return messages


def test_a_clean_file_creates_plans_children_settings_and_open_reviews(officer_north):
    data = csv_bytes(row(), row(plan_ref="EHCP-0002", upn="M886200120002", last_review_meeting_on="2025-10-01",
                                last_review_decision_on="2025-10-20"))  # fmt: skip
    result = caseload_import(data=data, filename="caseload.csv", actor=officer_north)
    assert result.saved
    assert result.counts == {"new": 2, "changed": 0, "unchanged": 0, "error": 0}
    plan = Plan.objects.get(plan_ref="EHCP-0001")
    assert plan.child.upn == "Y886200120001"
    assert plan.setting is not None
    assert plan.setting.urn == "118001"
    assert plan.case_officer == officer_north
    first = Review.objects.get(plan=plan)
    assert (first.is_first_review, first.due_on, first.state) == (
        True,
        date(2025, 1, 14),
        "overdue",
    )
    later = Review.objects.exclude(status="concluded").get(plan__plan_ref="EHCP-0002")
    assert (later.is_first_review, later.due_on) == (False, date(2026, 9, 30))
    event = Event.objects.get(action="caseload.imported")
    assert event.actor == officer_north
    assert event.details["file"] == "caseload.csv"
    assert event.details["new"] == 2
    assert len(event.details["sha256"]) == 64


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    data = csv_bytes(row(), row(plan_ref="EHCP-0002", upn="M886200120002"))
    caseload_import(data=data, filename="caseload.csv", actor=None)
    before = database_state()[:4]
    again = caseload_import(data=data, filename="caseload.csv", actor=None)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}
    assert database_state()[:4] == before


def test_a_changed_row_updates_only_what_changed():
    caseload_import(data=csv_bytes(row()), filename="caseload.csv", actor=None)
    result = caseload_import(
        data=csv_bytes(row(surname="Okafor-Smith", looked_after="Y")),
        filename="caseload.csv",
        actor=None,
    )
    assert result.counts["changed"] == 1
    assert result.outcomes[0].messages == ["changed: surname, looked_after"]
    child = Child.objects.get()
    assert (child.surname, child.looked_after, child.forename) == ("Okafor-Smith", True, "Amara")
    assert Review.objects.get().priority_reasons[1] == "Looked-after child (+40)"


def test_children_are_matched_by_upn_across_plans():
    caseload_import(data=csv_bytes(row()), filename="a.csv", actor=None)
    caseload_import(data=csv_bytes(row(plan_ref="EHCP-0009")), filename="b.csv", actor=None)
    assert Child.objects.count() == 1
    assert Plan.objects.count() == 2


def test_a_byte_order_mark_and_header_names_in_other_cases_with_spaces_are_accepted():
    headers = [c.upper().replace("_", " ") for c in COLUMNS]
    data = b"\xef\xbb\xbf" + csv_bytes(row()).replace(
        ",".join(COLUMNS).encode(), ",".join(headers).encode()
    )
    assert caseload_import(data=data, filename="caseload.csv", actor=None).saved


def test_a_windows_1252_file_is_read_correctly_with_a_warning():
    result = caseload_import(
        data=csv_bytes(row(forename="Zoë"), encoding="cp1252"), filename="c.csv", actor=None
    )
    assert result.saved
    assert Child.objects.get().forename == "Zoë"
    assert "read as Windows-1252" in result.warnings[0]


def test_unknown_columns_are_ignored_with_a_warning():
    data = csv_bytes({**row(), "notes": "x"}, columns=[*COLUMNS, "notes"])
    result = caseload_import(data=data, filename="caseload.csv", actor=None)
    assert result.saved
    assert result.warnings == [
        "These columns are not used and were ignored: notes.",
        "Row 2: setting URN 118001 is not in the schools register; the plan is imported and "
        "the school added from the file's setting name and phase.",
    ]


def test_dates_in_day_month_year_form_are_accepted():
    caseload_import(
        data=csv_bytes(row(date_of_birth="10/03/2015", plan_issued_on="15/01/2024")),
        filename="c.csv",
        actor=None,
    )
    assert Plan.objects.get().issued_on == date(2024, 1, 15)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "caseload.csv", "The file is empty."),
        (b"\xef\xbb\xbf\r\n", "caseload.csv", "The file is empty."),
        (",".join(COLUMNS).encode() + b"\r\n", "caseload.csv", "The file has a header row but no plans."),
        (csv_bytes(row(), columns=[c for c in COLUMNS if c not in {"area", "plan_issued_on"}]), "caseload.csv",
         "The file is missing these columns: area, plan_issued_on."),
        (csv_bytes(row()), "caseload.pdf", "Choose a CSV or XLSX file (its name should end in .csv or .xlsx)."),
        (b"\x81\x8d\x8f\x90\x9d" * 20, "caseload.csv", "The file is not UTF-8 or Windows-1252 text."),
        (b"not a spreadsheet", "caseload.xlsx", "The XLSX file cannot be opened"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_refused_whole(data, filename, message):
    assert any(m.startswith(message) for m in refused(data, filename)), refused(data, filename)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1_000
    data = csv_bytes(*(row(plan_ref=f"EHCP-{n}") for n in range(20)))
    assert refused(data) == [
        f"The file is {len(data) / 1_000_000:.1f} MB; the largest file you can import is 0 MB."
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_of_birth": "31/02/2020"}, "Row 2, column date_of_birth: '31/02/2020': is not a real date; expected YYYY-MM-DD or DD/MM/YYYY"),
        ({"date_of_birth": "2027-01-01"}, "Row 2, column date_of_birth: '2027-01-01': is in the future"),
        ({"plan_issued_on": "2014-01-01"}, "Row 2, column plan_issued_on: '2014-01-01': is before the date of birth (10/03/2015)"),
        ({"last_review_meeting_on": "2023-05-01"}, "Row 2, column last_review_meeting_on: '2023-05-01': is before the plan was issued (15/01/2024)"),
        ({"last_review_decision_on": "2025-01-01"}, "Row 2, column last_review_decision_on: '2025-01-01': needs a last_review_meeting_on date"),
        ({"last_review_meeting_on": "2025-02-01", "last_review_decision_on": "2025-01-20"}, "Row 2, column last_review_decision_on: '2025-01-20': is before the meeting (01/02/2025)"),
        ({"primary_need": "AUT"}, "Row 2, column primary_need: 'AUT': is not an SEN2 need code; expected one of SPLD, MLD"),
        ({"area": "Atlantis"}, "Row 2, column area: 'Atlantis': is not an area team; expected one of North"),
        ({"setting_phase": "grammar"}, "Row 2, column setting_phase: 'grammar': is not a setting phase; expected one of early_years"),
        ({"upn": "Y88620012000"}, "Row 2, column upn: 'Y88620012000': is not a valid UPN"),
        ({"upn": "A886200120001"}, "Row 2, column upn: 'A886200120001': is not a valid UPN"),
        ({"looked_after": "yes"}, "Row 2, column looked_after: 'yes': expected Y or N"),
        ({"setting_urn": "12AB"}, "Row 2, column setting_urn: '12AB': is not a URN; expected 6 digits"),
        ({"surname": ""}, "Row 2, column surname: a blank cell: is required"),
        ({"forename": "=HYPERLINK(\"http://x\")"}, "Row 2, column forename: '=HYPERLINK(\"http://x\")': looks like a spreadsheet formula; enter the value itself"),
        ({"surname": "@SUM(A1)"}, "Row 2, column surname: '@SUM(A1)': looks like a spreadsheet formula"),
        ({"case_officer_email": "nobody@example.org"}, "Row 2, column case_officer_email: 'nobody@example.org': is not the email address of an active case officer"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_saved(changes, message):
    messages = refused(csv_bytes(row(), row(**{"plan_ref": "EHCP-0002", "upn": "", **changes})))
    assert any(m.startswith(message.replace("Row 2", "Row 3")) for m in messages), messages


def test_a_formula_in_a_quoted_csv_cell_is_refused():
    data = csv_bytes(row()).replace(b"Amara", b'"=1+2"')
    assert refused(data) == [
        "Row 2, column forename: '=1+2': looks like a spreadsheet formula; enter the value itself"
    ]


def test_a_plan_reference_twice_in_a_file_is_refused_on_every_row():
    messages = refused(csv_bytes(row(), row(upn=""), row(plan_ref="EHCP-0002", upn="")))
    assert messages == [
        "Row 2, column plan_ref: 'EHCP-0001': appears more than once in the file",
        "Row 3, column plan_ref: 'EHCP-0001': appears more than once in the file (first on row 2)",
    ]


def test_the_officer_may_save_only_the_valid_rows_and_each_is_saved_whole():
    data = csv_bytes(row(), row(plan_ref="EHCP-0002", upn="", date_of_birth="31/02/2020"))
    result = caseload_import(data=data, filename="c.csv", actor=None, save_valid_rows=True)
    assert result.saved
    assert result.counts == {"new": 1, "changed": 0, "unchanged": 0, "error": 1}
    assert list(Plan.objects.values_list("plan_ref", flat=True)) == ["EHCP-0001"]
    assert Review.objects.count() == 1


def test_a_dry_run_reports_but_saves_nothing():
    before = database_state()
    result = caseload_import(data=csv_bytes(row()), filename="c.csv", actor=None, dry_run=True)
    assert result.counts["new"] == 1
    assert not result.saved
    assert database_state() == before


def xlsx_bytes(*rows: dict[str, str], claimed_rows: int | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for r in rows:
        sheet.append([r.get(c, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if claimed_rows:
        import zipfile

        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    claim = f'<dimension ref="A1:O{claimed_rows}"/>'.encode()
                    content = re.sub(rb'<dimension ref="[^"]*" */>', claim, content)
                    assert f"A1:O{claimed_rows}".encode() in content
                target.writestr(item, content)
        data = out.getvalue()
    return data


def test_an_xlsx_file_imports_like_a_csv():
    result = caseload_import(data=xlsx_bytes(row()), filename="caseload.xlsx", actor=None)
    assert result.saved
    assert Plan.objects.get().issued_on == date(2024, 1, 15)


def test_an_xlsx_sheet_that_claims_more_rows_than_the_limit_is_refused_before_it_is_read():
    assert refused(xlsx_bytes(row(), claimed_rows=1_048_576), "caseload.xlsx") == [
        "The first sheet says it has 1,048,576 rows, more than the 750,000 you can import at "
        "once. If the rows below your data are empty, delete them and save the file again; "
        "otherwise split it and import each part."
    ]


@pytest.mark.parametrize(
    ("upn", "valid"),
    [("Y886200120001", True), ("M886200120002", True), ("B93720191234A", True),
     ("A886200120001", False), ("Y88620012000", False), ("Y8862001200O1", False), ("y886200120001", False)],
)  # fmt: skip
def test_a_upn_is_checked_against_its_check_letter(upn, valid):
    assert upn_is_valid(upn) is valid


def test_the_command_exits_0_for_a_clean_file(tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_bytes(row()))
    call_command("import_plans", str(path))
    assert Plan.objects.count() == 1


def test_the_command_prints_one_line_per_row_error_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "caseload.csv"
    path.write_bytes(
        csv_bytes(row(date_of_birth="31/02/2020"), row(plan_ref="EHCP-2", upn="", area="Atlantis"))
    )
    with pytest.raises(
        CommandError,
        match=re.escape("0 new, 0 changed, 0 unchanged, 2 in error. Nothing was saved."),
    ):
        call_command("import_plans", str(path))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Row 2, column date_of_birth")
    assert lines[1].startswith("Row 3, column area")
    assert not Plan.objects.exists()


def test_the_command_dry_run_saves_nothing(tmp_path, capsys):
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_bytes(row()))
    call_command("import_plans", str(path), "--dry-run")
    assert "Checked (dry run, nothing saved) caseload.csv: 1 new" in capsys.readouterr().out
    assert not Plan.objects.exists()


def test_blank_rows_are_skipped_and_row_numbers_still_match_the_spreadsheet():
    data = (
        csv_bytes(row())
        + b",,,,,,,,,,,,,,\r\n" * 300
        + csv_bytes(row(plan_ref="EHCP-0002", upn="", area="Atlantis")).split(b"\r\n", 1)[1]
    )
    assert refused(data)[0].startswith("Row 303, column area: 'Atlantis'")


def test_an_xlsx_file_with_many_blank_rows_keeps_every_plan_after_them():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append([GOOD[c] for c in COLUMNS])
    late = row(plan_ref="EHCP-0002", upn="")
    for column, name in enumerate(COLUMNS, start=1):
        sheet.cell(row=5000, column=column, value=late[name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = caseload_import(data=buffer.getvalue(), filename="caseload.xlsx", actor=None)
    assert [(o.row, o.outcome) for o in result.outcomes] == [(2, "new"), (5000, "new")]


def test_a_file_with_more_rows_than_allowed_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 2
    data = csv_bytes(*(row(plan_ref=f"EHCP-{n}", upn="") for n in range(3)))
    assert refused(data) == ["The file has more than 2 rows; split it and import each part."]


def test_two_plans_for_one_child_in_a_file_share_the_childs_record():
    result = caseload_import(
        data=csv_bytes(row(), row(plan_ref="EHCP-0002")), filename="c.csv", actor=None
    )
    assert result.counts["new"] == 2
    assert Child.objects.count() == 1
    assert Plan.objects.filter(child__upn="Y886200120001").count() == 2


def test_moving_a_upn_onto_another_childs_record_is_refused():
    caseload_import(
        data=csv_bytes(row(), row(plan_ref="EHCP-0002", upn="M886200120002")),
        filename="a.csv",
        actor=None,
    )
    messages = refused(csv_bytes(row(plan_ref="EHCP-0002", upn="Y886200120001", forename="Ben")))
    assert messages == [
        "Row 2, column upn: 'Y886200120001': already belongs to another child's record; check the UPN"
    ]
