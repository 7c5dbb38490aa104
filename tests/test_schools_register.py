"""The schools register: the phase a GIAS row gives, and `import_schools` on the sample
extract, a bad file and a file without a column (DESIGN sections 6 and 7)."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import Event
from caseload.importing import caseload_import
from caseload.schools import schools_register_import
from organisation.models import AreaTeam, Setting, SettingPhase, phase_from_register
from tests import factories
from tests.conftest import run_at_once

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "gias_sample.csv"
BAD = DATA / "gias_bad.csv"
NA = "Not applicable"
NO_SIXTH = "Does not have a sixth form"


@pytest.mark.parametrize(
    ("phase", "kind", "low", "high", "sixth", "expected"),
    [
        ("Primary", "Community school", 4, 7, NO_SIXTH, (SettingPhase.INFANT, None)),
        ("Primary", "Community school", 7, 11, NO_SIXTH, (SettingPhase.JUNIOR, None)),
        ("Primary", "Academy converter", 4, 11, NO_SIXTH, (SettingPhase.PRIMARY, None)),
        ("Primary", "Community school", 4, 9, NO_SIXTH, (SettingPhase.PRIMARY, 4)),
        ("Primary", "Community school", None, None, NO_SIXTH, (SettingPhase.PRIMARY, None)),
        ("Middle deemed primary", "Foundation school", 8, 12, NA, (SettingPhase.MIDDLE, 7)),
        ("Middle deemed secondary", "Foundation school", 9, 13, NA, (SettingPhase.MIDDLE, None)),
        ("Secondary", "Academy converter", 11, 16, NO_SIXTH, (SettingPhase.SECONDARY, None)),
        (
            "Secondary",
            "Academy converter",
            11,
            18,
            "Has a sixth form",
            (SettingPhase.SECONDARY_WITH_SIXTH_FORM, None),
        ),
        ("All-through", "Academy sponsor led", 4, 18, NA, (SettingPhase.ALL_THROUGH, None)),
        ("Nursery", "LA nursery school", 2, 5, NA, (SettingPhase.EARLY_YEARS, None)),
        ("16 plus", "Further education", 16, 99, NA, (SettingPhase.POST16, None)),
        (NA, "Sixth form centres", 16, 19, NA, (SettingPhase.POST16, None)),
        (NA, "Community special school", 2, 19, NA, (SettingPhase.SPECIAL, None)),
        (NA, "Foundation special school", 4, 19, NA, (SettingPhase.SPECIAL, None)),
        ("Secondary", "Academy special converter", 11, 19, NA, (SettingPhase.SPECIAL, None)),
        (NA, "Non-maintained special school", 5, 19, NA, (SettingPhase.SPECIAL, None)),
        (NA, "Free schools special", 4, 16, NA, (SettingPhase.SPECIAL, None)),
        (NA, "Pupil referral unit", 5, 16, NA, (SettingPhase.OTHER, None)),
        (NA, "Other independent school", 3, 16, NA, None),
        ("Not recorded", "Community school", 4, 11, NA, None),
    ],
)
def test_the_register_row_gives_the_setting_phase_and_its_own_last_year(
    phase: str,
    kind: str,
    low: int | None,
    high: int | None,
    sixth: str,
    expected: tuple[SettingPhase, int | None] | None,
) -> None:
    derived = phase_from_register(
        phase_of_education=phase, establishment_type=kind, low_age=low, high_age=high,
        sixth_form=sixth,
    )  # fmt: skip
    assert derived == expected


@pytest.fixture
def kent_teams(db: None) -> dict[str, AreaTeam]:
    districts = {
        "North": ["Dartford", "Gravesham", "Sevenoaks"],
        "South": ["Ashford", "Dover", "Folkestone and Hythe"],
        "East": ["Canterbury", "Swale", "Thanet"],
        "West": ["Maidstone", "Tonbridge and Malling", "Tunbridge Wells"],
    }
    return {
        name: factories.AreaTeamFactory.create(name=name, districts=names)
        for name, names in districts.items()
    }


def run(*arguments: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_schools", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_schools_loads_the_councils_open_schools_with_their_phases(
    kent_teams: dict[str, AreaTeam],
) -> None:
    out, _ = run(str(SAMPLE), "--la", "886")

    assert "Imported gias_sample.csv: 13 new, 0 changed, 0 unchanged, 0 closed" in out
    assert not Setting.objects.filter(urn="100001").exists()  # another LA's school
    assert not Setting.objects.filter(urn="118012").exists()  # closed, never in the register
    phases = dict(Setting.objects.values_list("urn", "phase"))
    assert phases["118001"] == SettingPhase.INFANT
    assert phases["118002"] == SettingPhase.JUNIOR
    assert phases["118006"] == SettingPhase.SECONDARY_WITH_SIXTH_FORM
    assert phases["118007"] == SettingPhase.SPECIAL
    assert phases["118008"] == SettingPhase.POST16
    assert phases["118014"] == SettingPhase.SPECIAL
    first = Setting.objects.get(urn="118004")
    assert (first.phase, first.last_year_of_phase) == (SettingPhase.PRIMARY, 4)
    infant = Setting.objects.get(urn="118001")
    assert infant.area == kent_teams["North"]
    assert (infant.postcode, infant.easting, infant.northing) == ("DA1 1AA", 554000, 174000)
    assert (infant.la_code, infant.establishment_type) == ("886", "Community school")
    assert (infant.statutory_low_age, infant.statutory_high_age, infant.closed) == (4, 7, False)
    assert Setting.objects.get(urn="118003").name == "St Mary's Church of England Primary School"
    assert Event.objects.filter(action="schools.imported").count() == 1


def test_import_schools_takes_the_council_la_code_from_its_setting(
    kent_teams: dict[str, AreaTeam], settings
) -> None:
    settings.COUNCIL_LA_CODE = "886"
    out, _ = run(str(SAMPLE))
    assert "13 new" in out


def test_import_schools_without_an_la_code_says_how_to_give_one(db: None, settings) -> None:
    settings.COUNCIL_LA_CODE = ""
    with pytest.raises(CommandError, match="Give the local authority code with --la"):
        run(str(SAMPLE))


def test_reimporting_the_same_file_changes_nothing(kent_teams: dict[str, AreaTeam]) -> None:
    run(str(SAMPLE), "--la", "886")
    before = list(Setting.objects.order_by("urn").values())
    events = Event.objects.count()

    out, _ = run(str(SAMPLE), "--la", "886")

    assert "0 new, 0 changed, 13 unchanged, 0 closed, 0 in error" in out
    assert list(Setting.objects.order_by("urn").values()) == before
    assert Event.objects.count() == events


def test_a_dry_run_saves_nothing(kent_teams: dict[str, AreaTeam]) -> None:
    out, _ = run(str(SAMPLE), "--la", "886", "--dry-run")
    assert "Checked (dry run, nothing saved) gias_sample.csv: 13 new" in out
    assert not Setting.objects.exists()
    assert not Event.objects.filter(action="schools.imported").exists()


def test_a_managers_phase_survives_a_reimport_and_the_register_still_updates_the_rest(
    kent_teams: dict[str, AreaTeam],
) -> None:
    run(str(SAMPLE), "--la", "886")
    Setting.objects.filter(urn="118004").update(
        phase=SettingPhase.MIDDLE, last_year_of_phase=7, phase_set_by_hand=True, postcode="X"
    )

    out, _ = run(str(SAMPLE), "--la", "886")

    first = Setting.objects.get(urn="118004")
    assert (first.phase, first.last_year_of_phase) == (SettingPhase.MIDDLE, 7)
    assert first.postcode == "TN13 1AA"
    assert "0 new, 1 changed, 12 unchanged" in out


def test_a_school_the_register_lists_as_closed_is_marked_closed(
    kent_teams: dict[str, AreaTeam],
) -> None:
    open_school = factories.SettingFactory.create(
        urn="118012", name="Old Mill Primary School", area=kent_teams["South"]
    )
    out, _ = run(str(SAMPLE), "--la", "886")
    open_school.refresh_from_db()
    assert open_school.closed
    assert "13 new, 0 changed, 0 unchanged, 1 closed" in out


def test_a_new_school_in_no_teams_district_goes_to_the_area_given_or_is_a_row_error(
    db: None,
) -> None:
    west = factories.AreaTeamFactory.create(name="West", districts=["Maidstone"])
    with pytest.raises(CommandError, match="12 in error"):
        out, _ = run(str(SAMPLE), "--la", "886")
    assert not Setting.objects.exists()

    out, _ = run(str(SAMPLE), "--la", "886", "--area", "West")
    assert "13 new" in out
    assert set(Setting.objects.values_list("area", flat=True)) == {west.pk}


def test_a_bad_file_gives_one_line_per_row_error_and_saves_nothing(
    kent_teams: dict[str, AreaTeam],
) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_schools", str(BAD), "--la", "886", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "Row 3, column URN: '11800X': is not a URN; expected 6 digits",
        "Row 4, column PhaseOfEducation (name): 'Not applicable': unknown phase for a school "
        "of type 'Other independent school'; set its phase by hand once it is added, or "
        "correct the file",
        "Row 5, column StatutoryLowAge: 'four': is not a whole number",
    ]
    assert str(refused.value) == (
        "1 new, 0 changed, 0 unchanged, 0 closed, 3 in error. Nothing was saved."
    )
    assert not Setting.objects.exists()


def test_a_file_without_a_register_column_is_refused_whole(
    kent_teams: dict[str, AreaTeam], tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("PhaseOfEducation (name)", "Phase")
    path = tmp_path / "no_phase.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=r"missing these columns.*PhaseOfEducation \(name\)"):
        run(str(path), "--la", "886")
    assert not Setting.objects.exists()


def test_a_windows_1252_extract_is_read(kent_teams: dict[str, AreaTeam]) -> None:
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("Hillside First", "Hillsíde First")
    result = schools_register_import(
        data=text.encode("cp1252"), filename="extract.csv", la_code="886", actor=None
    )
    assert result.saved
    assert Setting.objects.get(urn="118004").name == "Hillsíde First School"


def test_a_file_of_another_councils_schools_is_refused(kent_teams: dict[str, AreaTeam]) -> None:
    with pytest.raises(CommandError, match="no schools of local authority 999"):
        run(str(SAMPLE), "--la", "999")


PLAN_ROW = {
    "plan_ref": "EHCP-0001", "upn": "Y886200120001", "forename": "Amara", "surname": "Okafor",
    "date_of_birth": "2015-03-10", "primary_need": "ASD", "setting_urn": "118003",
    "setting_name": "St Mary's Church of England Primary School", "setting_phase": "primary",
    "area": "North", "plan_issued_on": "2024-01-15", "last_review_meeting_on": "",
    "last_review_decision_on": "", "looked_after": "N",
    "case_officer_email": "officer.north@example.org",
}  # fmt: skip


def plans_file(*urns: str) -> bytes:
    columns = list(PLAN_ROW)
    lines = [",".join(columns)]
    for n, urn in enumerate(urns, start=1):
        values = {**PLAN_ROW, "setting_urn": urn, "plan_ref": f"EHCP-{n:04d}"}
        values["upn"] = ""
        lines.append(",".join(f'"{values[c]}"' for c in columns))
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_caseload_row_whose_school_is_not_in_the_register_is_imported_with_a_warning(
    kent_teams: dict[str, AreaTeam], officer_north
) -> None:
    run(str(SAMPLE), "--la", "886")

    result = caseload_import(
        data=plans_file("118003", "654321"), filename="caseload.csv", actor=None
    )

    assert result.saved
    assert result.counts["new"] == 2
    assert result.warnings == [
        "Row 3: setting URN 654321 is not in the schools register; the plan is imported and "
        "the school added from the file's setting name and phase."
    ]
    assert Setting.objects.filter(urn="654321").exists()


def test_the_demo_schools_come_from_the_demos_gias_file_through_the_register(db: None) -> None:
    from demo.caseload import SCHOOLS, demo_council_seed

    demo_council_seed()

    stored = {
        s.urn: (s.name, s.phase, s.area.name)
        for s in Setting.objects.filter(urn__in=[urn for urn, *_ in SCHOOLS])
    }
    assert stored == {urn: (name, phase, area) for urn, name, phase, area in SCHOOLS}
    assert Setting.objects.get(urn="900004").postcode == "ME14 2AA"
    assert Event.objects.filter(action="schools.imported").count() == 1

    demo_council_seed()  # again: nothing changes
    assert Event.objects.filter(action="schools.imported").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_add_each_school_once() -> None:
    kent = factories.AreaTeamFactory.create(name="Kent")
    data = SAMPLE.read_bytes()

    results = run_at_once(
        lambda: schools_register_import(
            data=data, filename=SAMPLE.name, la_code="886", actor=None, area_for_new=kent
        )
    )

    assert sorted(r.counts["new"] for r in results) == [0, 13]
    assert Setting.objects.count() == 13
    assert Event.objects.filter(action="schools.imported").count() == 1
