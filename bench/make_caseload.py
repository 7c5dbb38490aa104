"""Write a realistic synthetic caseload file (DESIGN section 6) of any size, CSV or XLSX.

    python bench/make_caseload.py 21000 caseload.csv [--areas North,South,East,West] [--seed 1]
        [--changed-from caseload.csv --change 0.10]

Valid UPNs with their check letters, schools of every phase, review histories of the three
shapes (never reviewed, meeting awaiting a decision, reviewed), Y/N flags and both date
formats. With --changed-from, the plans of an earlier file come back with a share of rows
changed, for timing a re-import.
"""

import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

COLUMNS = [
    "plan_ref", "upn", "forename", "surname", "date_of_birth", "primary_need", "setting_urn",
    "setting_name", "setting_phase", "area", "plan_issued_on", "last_review_meeting_on",
    "last_review_decision_on", "looked_after", "case_officer_email",
]  # fmt: skip
CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"
NEEDS = ["ASD", "SEMH", "SLCN", "MLD", "SPLD", "SLD", "PMLD", "HI", "VI", "MSI", "PD", "DS", "OTH"]
PHASES = [("primary", 4, 11)] * 6 + [("secondary", 11, 16)] * 2 + [
    ("infant", 4, 7), ("junior", 7, 11), ("early_years", 2, 4), ("middle", 9, 13),
    ("secondary_with_sixth_form", 11, 18), ("special", 4, 19), ("post16", 16, 24), ("all_through", 4, 18),
]  # fmt: skip
FORENAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Finley",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Zoë",
    "Siân",
]
SURNAMES = [
    "Adeyemi",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Khan",
    "Nowak",
    "Patel",
    "O'Neill",
    "Smith",
]


def upn(serial: int) -> str:
    rest = f"886{serial:09d}"
    total = sum(int(c) * position for position, c in enumerate(rest, start=2))
    return CHECK[total % 23] + rest


def plan_rows(
    count: int, areas: list[str], rng: random.Random, today: date
) -> list[dict[str, str]]:
    rows = []
    for n in range(1, count + 1):
        _, low, high = rng.choice(PHASES)
        born = today - timedelta(days=rng.randint(low * 365 + 30, high * 365 + 330))
        shape = rng.random()
        meeting = decided = None
        if shape < 0.16:  # never reviewed
            issued = max(born + timedelta(days=300), today - timedelta(days=rng.randint(30, 700)))
        else:
            # Last reviewed up to 16 months ago (awaiting a decision if recent), a few years ago.
            ago = (
                rng.randint(3, 100)
                if shape < 0.26
                else rng.randint(20, 1400 if rng.random() < 0.05 else 480)
            )
            meeting = today - timedelta(days=ago)
            issued = max(
                born + timedelta(days=300), meeting - timedelta(days=rng.randint(300, 2500))
            )
            if issued > meeting:
                meeting, issued = None, min(issued, today - timedelta(days=30))
            elif shape >= 0.26:
                decided = min(today, meeting + timedelta(days=rng.randint(7, 60)))
        urn = 100000 + rng.randint(1, 600)
        fmt = "%d/%m/%Y" if n % 3 == 0 else "%Y-%m-%d"
        rows.append({
            "plan_ref": f"EHCP-{n:06d}", "upn": upn(n), "forename": rng.choice(FORENAMES),
            "surname": rng.choice(SURNAMES), "date_of_birth": born.strftime(fmt),
            "primary_need": rng.choice(NEEDS), "setting_urn": str(urn),
            "setting_name": f"School {urn}", "setting_phase": PHASES[urn % len(PHASES)][0],
            "area": areas[urn % len(areas)], "plan_issued_on": issued.strftime(fmt),
            "last_review_meeting_on": meeting.strftime(fmt) if meeting else "",
            "last_review_decision_on": decided.strftime(fmt) if decided else "",
            "looked_after": "Y" if rng.random() < 0.06 else "N", "case_officer_email": "",
        })  # fmt: skip
    return rows


def changed(rows: list[dict[str, str]], share: float, rng: random.Random) -> list[dict[str, str]]:
    out = [dict(r) for r in rows]
    for r in rng.sample(out, int(len(out) * share)):
        r["looked_after"] = "N" if r["looked_after"] == "Y" else "Y"
        r["primary_need"] = rng.choice([n for n in NEEDS if n != r["primary_need"]])
    return out


def write(rows: list[dict[str, str]], path: Path) -> None:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(COLUMNS)
        for r in rows:
            sheet.append([r[c] for c in COLUMNS])
        workbook.save(path)
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--areas", default="North,South,East,West")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--changed-from", type=Path)
    parser.add_argument("--change", type=float, default=0.10)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    if args.changed_from:
        rows = changed(read(args.changed_from), args.change, rng)
    else:
        rows = plan_rows(args.rows, args.areas.split(","), rng, date.today())
    write(rows, args.path)
    print(f"wrote {len(rows):,} plans to {args.path}")


if __name__ == "__main__":
    main(sys.argv[1:])
