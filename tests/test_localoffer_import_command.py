"""The `import_services` command: what it prints, its exit status, and its dry run."""

import re

import pytest
from django.core.management import CommandError, call_command

from localoffer.models import Service
from tests.localoffer_import_files import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# --- The command -------------------------------------------------------------------------------


def test_it_exits_0_from_the_command_for_a_clean_file_and_says_what_it_did(
    editor, tmp_path, capsys
):
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(row()))
    call_command("import_services", str(path))
    assert (
        "Imported services.csv: 1 new, 0 updated, 0 unchanged, 0 in error."
        in capsys.readouterr().out
    )
    assert Service.objects.count() == 1


def test_it_prints_one_line_per_row_error_from_the_command_and_exits_non_zero(
    editor, tmp_path, capsys
):
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(row(minimum_age="five"), row(name="Portage", sections="Swimming")))
    with pytest.raises(
        CommandError,
        match=re.escape("0 new, 0 updated, 0 unchanged, 2 in error. Nothing was saved."),
    ):
        call_command("import_services", str(path))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        "Row 2, column minimum_age: 'five': expected a whole number of years from 0 to 25",
        "Row 3, column sections: 'Swimming': 'Swimming' is not a Local Offer section; expected "
        "section codes or names such as under-5s; school-age; leisure",
    ]
    assert not Service.objects.exists()


def test_it_saves_nothing_from_the_command_with_dry_run(editor, tmp_path, capsys):
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(row()))
    call_command("import_services", str(path), "--dry-run")
    assert "Checked (dry run, nothing saved) services.csv: 1 new" in capsys.readouterr().out
    assert not Service.objects.exists()


def test_it_refuses_a_missing_or_empty_file_from_the_command(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_services", str(tmp_path / "missing.csv"))
    path = tmp_path / "services.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match=r"The file is empty\."):
        call_command("import_services", str(path))
