"""The schools register (DESIGN section 6): load the DfE's "Get Information about Schools"
(GIAS) establishment extract for one local authority, upserted by URN, or save nothing.

Each row's setting phase comes from its type, phase of education, ages and sixth form
(organisation.models.phase_from_register). A phase or last year group a manager set by hand
is kept; so are a school's area team and address. A new school joins the area team whose
districts name its `DistrictAdministrative (name)`, or else the area team the import is given
for new schools (docs/decisions/0019). A closed school the register does not yet hold is
left out. A file that changes nothing writes nothing, not even an event.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from accounts.models import User
from audit.services import event_record
from common.table_rows import CellError, ImportFileError, printable, read_table
from organisation.models import AreaTeam, Setting, phase_from_register
from reviews.models import Review
from reviews.recompute import recompute_reviews

# The GIAS columns the register reads, by the name the file gives them.
COLUMNS = {
    "urn": "URN",
    "name": "EstablishmentName",
    "type": "TypeOfEstablishment (name)",
    "phase": "PhaseOfEducation (name)",
    "low_age": "StatutoryLowAge",
    "high_age": "StatutoryHighAge",
    "la_code": "LA (code)",
    "la_name": "LA (name)",
    "postcode": "Postcode",
    "easting": "Easting",
    "northing": "Northing",
    "status": "EstablishmentStatus (name)",
    "sixth_form": "OfficialSixthForm (name)",
    "district": "DistrictAdministrative (name)",
}
REQUIRED = [key for key in COLUMNS if key not in {"district", "la_name"}]
# What a register import writes on every school; the phase and last year only when no
# manager set them by hand.
REGISTER_FIELDS = [
    "name", "postcode", "easting", "northing", "la_code", "establishment_type",
    "statutory_low_age", "statutory_high_age", "closed",
]  # fmt: skip
PHASE_FIELDS = ["phase", "last_year_of_phase"]
OUTCOMES = ("new", "changed", "unchanged", "closed", "error")
REGISTER_LOCK = 7_362_019  # pg_advisory_xact_lock key: "the schools register import"


def _header(name: str) -> str:
    """A column name as common.table_rows.read_table keys it."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


KEYS = {_header(gias): key for key, gias in COLUMNS.items()}


@dataclass
class SchoolOutcome:
    row: int
    urn: str
    outcome: str  # one of OUTCOMES
    messages: list[str] = field(default_factory=list)


@dataclass
class RegisterResult:
    filename: str
    sha256: str
    la_code: str
    outcomes: list[SchoolOutcome]
    warnings: list[str]
    saved: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(o.outcome for o in self.outcomes)
        return {kind: counted.get(kind, 0) for kind in OUTCOMES}

    @property
    def errors(self) -> list[str]:
        return [m for o in self.outcomes if o.outcome == "error" for m in o.messages]

    @property
    def changes_anything(self) -> bool:
        counts = self.counts
        return bool(counts["new"] or counts["changed"] or counts["closed"])


@dataclass
class RegisterRow:
    row: int
    urn: str
    values: dict[str, Any]  # REGISTER_FIELDS
    phase: dict[str, Any] | None  # PHASE_FIELDS, None when it cannot be derived (closed)
    district: str


def _whole_number(
    number: int, raw: dict[str, str], key: str, errors: list[CellError]
) -> int | None:
    value = raw.get(key, "")
    if not value:
        return None
    if not re.fullmatch(r"\d{1,7}", value):
        errors.append(CellError(number, COLUMNS[key], value, "is not a whole number"))
        return None
    return int(value)


def _parsed(number: int, raw: dict[str, str]) -> RegisterRow | list[CellError]:
    errors: list[CellError] = []
    urn = raw["urn"]
    if not re.fullmatch(r"\d{6}", urn):
        errors.append(CellError(number, "URN", urn, "is not a URN; expected 6 digits"))
    if not raw["name"]:
        errors.append(CellError(number, COLUMNS["name"], "", "the school needs a name"))
    low = _whole_number(number, raw, "low_age", errors)
    high = _whole_number(number, raw, "high_age", errors)
    easting = _whole_number(number, raw, "easting", errors)
    northing = _whole_number(number, raw, "northing", errors)
    closed = raw["status"].strip().lower() == "closed"
    derived = phase_from_register(
        phase_of_education=raw["phase"],
        establishment_type=raw["type"],
        low_age=low,
        high_age=high,
        sixth_form=raw["sixth_form"],
    )
    if derived is None and not closed:
        errors.append(
            CellError(
                number,
                COLUMNS["phase"],
                raw["phase"],
                f"unknown phase for a school of type '{printable(raw['type'])}'; "
                "set its phase by hand once it is added, or correct the file",
            )
        )
    if errors:
        return errors
    values = {
        "name": raw["name"][:200],
        "postcode": raw["postcode"].upper()[:10],
        "easting": easting,
        "northing": northing,
        "la_code": raw["la_code"][:3],
        "establishment_type": raw["type"][:100],
        "statutory_low_age": low,
        "statutory_high_age": high,
        "closed": closed,
    }
    phase = {"phase": derived[0].value, "last_year_of_phase": derived[1]} if derived else None
    return RegisterRow(number, urn, values, phase, raw.get("district", ""))


def _rows(data: bytes, filename: str, warnings: list[str]) -> list[tuple[int, dict[str, str]]]:
    headers, rows = read_table(
        data,
        filename,
        warnings,
        columns=list(KEYS),
        required=[],
        noun="schools",
        name_unused=False,
    )
    missing = [COLUMNS[key] for key in REQUIRED if _header(COLUMNS[key]) not in headers]
    if missing:
        raise ImportFileError(
            "The file is missing these columns of the schools register (GIAS) extract: "
            f"{', '.join(missing)}."
        )
    return [
        (number, {KEYS[h]: value for h, value in raw.items() if h in KEYS}) for number, raw in rows
    ]


def _compared(
    rows: list[tuple[int, dict[str, str]]], result: RegisterResult, area_for_new: AreaTeam | None
) -> tuple[list[Setting], dict[str, tuple[Setting, list[str]]]]:
    """The schools to add, and those to change with the fields that change; each row's
    outcome goes to `result`."""
    stored = {s.urn: s for s in Setting.objects.filter(urn__in={raw["urn"] for _, raw in rows})}
    by_district = {
        district.strip().lower(): team
        for team in AreaTeam.objects.order_by("name")
        for district in team.districts
    }
    urns = Counter(raw["urn"] for _, raw in rows)
    new: list[Setting] = []
    changed: dict[str, tuple[Setting, list[str]]] = {}
    for number, raw in rows:
        parsed = _parsed(number, raw)
        if isinstance(parsed, list):
            result.outcomes.append(
                SchoolOutcome(number, printable(raw["urn"]), "error", [str(e) for e in parsed])
            )
            continue
        if urns[parsed.urn] > 1:
            message = str(CellError(number, "URN", parsed.urn, "appears more than once"))
            result.outcomes.append(SchoolOutcome(number, parsed.urn, "error", [message]))
            continue
        setting = stored.get(parsed.urn)
        if setting is None:
            if parsed.values["closed"]:
                continue  # a closed school the register never held: nothing to keep
            area = by_district.get(parsed.district.strip().lower(), area_for_new)
            if area is None:
                message = str(
                    CellError(
                        number,
                        COLUMNS["district"],
                        parsed.district,
                        "is no area team's district; add it to an area team's districts, "
                        "or choose an area team for new schools",
                    )
                )
                result.outcomes.append(SchoolOutcome(number, parsed.urn, "error", [message]))
                continue
            assert parsed.phase is not None  # an open school's phase is derived, or in error
            new.append(Setting(urn=parsed.urn, area=area, **parsed.values, **parsed.phase))
            result.outcomes.append(SchoolOutcome(number, parsed.urn, "new"))
            continue
        wanted = dict(parsed.values)
        if parsed.phase is not None and not setting.phase_set_by_hand:
            wanted.update(parsed.phase)
        fields = [name for name, value in wanted.items() if getattr(setting, name) != value]
        if not fields:
            result.outcomes.append(SchoolOutcome(number, parsed.urn, "unchanged"))
            continue
        newly_closed = "closed" in fields and parsed.values["closed"]
        for name in fields:
            setattr(setting, name, wanted[name])
        changed[setting.urn] = (setting, fields)
        kind = "closed" if newly_closed else "changed"
        result.outcomes.append(
            SchoolOutcome(number, parsed.urn, kind, [f"changed: {', '.join(fields)}"])
        )
    result.outcomes.sort(key=lambda o: o.row)
    return new, changed


def _saved(
    new: list[Setting],
    changed: dict[str, tuple[Setting, list[str]]],
    result: RegisterResult,
    actor: User | None,
) -> None:
    Setting.objects.bulk_create(new)
    for setting, fields in changed.values():
        setting.save(update_fields=fields)
    rephased = [s.pk for s, fields in changed.values() if set(fields) & set(PHASE_FIELDS)]
    if rephased:
        review_ids = list(
            Review.objects.filter(plan__setting_id__in=rephased).open().values_list("pk", flat=True)
        )
        recompute_reviews(review_ids=review_ids)
    result.saved = True
    event_record(
        actor=actor,
        action="schools.imported",
        details={
            "file": result.filename,
            "sha256": result.sha256,
            "la_code": result.la_code,
            **{k: v for k, v in result.counts.items() if k != "error"},
        },
    )


def schools_register_import(
    *,
    data: bytes,
    filename: str,
    la_code: str,
    actor: User | None,
    area_for_new: AreaTeam | None = None,
    dry_run: bool = False,
) -> RegisterResult:
    """Check a GIAS extract's schools of `la_code` against the register and, unless it is a
    dry run or has a row in error, save them all in one transaction.

    `actor` is the manager importing (None: the operator at the command line). Raises
    ImportFileError for a file that cannot be read or lacks a column.
    """
    warnings: list[str] = []
    result = RegisterResult(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        la_code=la_code,
        outcomes=[],
        warnings=warnings,
    )
    rows = [(n, raw) for n, raw in _rows(data, filename, warnings) if raw["la_code"] == la_code]
    if not rows:
        raise ImportFileError(
            f"The file has no schools of local authority {la_code}: check the LA code, or "
            "that the extract is of your council's schools."
        )
    if dry_run:
        _compared(rows, result, area_for_new)
        return result
    with transaction.atomic():
        # One register import at a time: the second reads what the first saved.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTER_LOCK])
        new, changed = _compared(rows, result, area_for_new)
        if not result.counts["error"] and result.changes_anything:
            _saved(new, changed, result, actor)
    return result
