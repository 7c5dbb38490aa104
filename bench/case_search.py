"""Finding a case at 700,000 plans: p95 by plan reference, by surname and by a misspelt full
name, against a bare indexed lookup measured in the same run.

The children get names drawn from 160 forenames and 240 surnames (as varied as a county's
caseload, about 2,900 children to a surname) and UPNs, in 4 areas; a case officer works one
of them, a manager all four. The searches are `casework.search.plan_search_for_user`, the
function the search page calls, with its access rule and its ordering.
"""

import itertools
import random
from collections.abc import Callable

from django.db import connection

from accounts.models import Role, User
from bench._timing import measure
from casework.search import plan_search_for_user, trigrams_available
from organisation.models import AreaTeam

PLANS = 700_000
SEED = 17
FORENAMES = (  # noqa: SIM905  (words, as a reader scans them)
    "Aaliyah Aaron Abdul Abigail Adam Aiden Alex Alfie Alice Amber Amelia Amir Amy Ana Archie "
    "Aria Arthur Ava Ayaan Beatrice Bella Ben Bethany Blake Bobby Caleb Callum Charlie "
    "Charlotte Chloe Connor Daisy Daniel David Dylan Eden Edward Elijah Eliza Ella Ellie Emily "
    "Emma Erin Ethan Eva Evelyn Ewan Faith Felix Finley Florence Freddie Freya Gabriel George "
    "Georgia Grace Hannah Harley Harper Harriet Harrison Harry Harvey Hollie Hugo Ibrahim Isaac "
    "Isabel Isla Ivy Jack Jacob Jake James Jasmine Jayden Jessica Joe John Joseph Joshua Jude "
    "Julia Kai Katie Kian Layla Leah Leo Lewis Lexi Liam Lily Logan Louie Louis Lucas Lucy "
    "Luke Maisie Maria Mason Matilda Max Maya Mia Millie Mohammed Molly Muhammad Nathan Noah "
    "Olivia Oliver Ollie Oscar Owen Phoebe Poppy Reggie Reuben Riley Robyn Rory Rosie Ruby "
    "Ryan Sam Samuel Sara Scarlett Sebastian Sienna Sofia Sophie Stanley Summer Teddy Theo "
    "Thomas Toby Tommy Tyler William Willow Yusuf Zach Zara Zoe Zain Siobhan Niamh Aoife Cerys"
).split()
SURNAMES = (  # noqa: SIM905
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson "
    "Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan "
    "Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell "
    "Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan "
    "Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb "
    "Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes "
    "Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham "
    "Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders "
    "Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson "
    "Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees "
    "Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn "
    "Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver "
    "Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess "
    "Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton "
    "Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins "
    "Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon "
    "Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins "
    "Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson "
    "Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin "
    "Barton Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton Nowak Kowalski "
    "Adeyemi Okafor Mensah Nguyen Chen Wang Kumar Sharma Rahman Islam Uddin Mahmood Iqbal"
).split()


def load(upto: int) -> None:
    """`upto` children with varied names and UPNs, each with one plan, in 4 areas."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO casework_areateam (name) SELECT 'Area ' || g FROM generate_series(1, 4) g"
        )
        cursor.execute(
            """
            INSERT INTO casework_setting (urn, name, phase, area_id)
            SELECT (300000 + g)::text, 'School ' || g, 'primary',
                   (SELECT min(id) FROM casework_areateam) + g %% 4
            FROM generate_series(1, 600) g
            """,
            [],
        )
        cursor.execute(
            """
            INSERT INTO casework_child (upn, forename, surname, date_of_birth, looked_after)
            SELECT 'B' || lpad(g::text, 12, '0'),
                   (%s::text[])[1 + (g::bigint * 7919 %% %s)::int],
                   (%s::text[])[1 + (g::bigint * 104729 %% %s)::int],
                   date '2002-09-01' + (g::bigint * 7919 %% 8400)::int, false
            FROM generate_series(1, %s) g
            """,
            [FORENAMES, len(FORENAMES), SURNAMES, len(SURNAMES), upto],
        )
        cursor.execute(
            """
            INSERT INTO casework_plan (plan_ref, child_id, issued_on, setting_id, area_id,
                                       primary_need, status, cease_reason)
            SELECT 'CASE-' || c.id, c.id, date '2020-01-01' + (c.id %% 1500)::int,
                   s.id, s.area_id, 'ASD', 'active', ''
            FROM casework_child c
            JOIN casework_setting s ON s.urn = (300000 + 1 + c.id %% 600)::text
            """,
            [],
        )
        cursor.execute("ANALYZE")


def misspelt(name: str, rng: random.Random) -> str:
    """Two letters of a word swapped, as a hurried typist does ("Jonh")."""
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def main() -> None:
    load(PLANS)
    print(
        f"  loaded {PLANS:,} plans; pg_trgm {'present' if trigrams_available() else 'MISSING'}",
        flush=True,
    )
    area = AreaTeam.objects.order_by("name").first()
    assert area is not None
    officer = User.objects.create_user(
        "bench.officer@example.org", "bench-password-2026", role=Role.CASE_OFFICER
    )
    officer.areas.add(area)
    manager = User.objects.create_user(
        "bench.manager@example.org", "bench-password-2026", role=Role.MANAGER
    )
    rng = random.Random(SEED)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.forename, c.surname, p.plan_ref FROM casework_child c "
            "JOIN casework_plan p ON p.child_id = c.id WHERE p.area_id = %s "
            "ORDER BY random() LIMIT 400",
            [area.pk],
        )
        people = cursor.fetchall()
    refs = [ref for _, _, ref in people]
    surnames = [surname for _, surname, _ in people]
    typos = [f"{misspelt(f, rng)} {misspelt(s, rng)}" for f, s, _ in people]

    next_ref = itertools.cycle(refs).__next__

    def bare_lookup() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM casework_plan WHERE plan_ref = %s", [next_ref()])
            cursor.fetchall()

    baseline = measure("baseline: plan by its reference", bare_lookup, runs=400)
    print(baseline.line(), flush=True)
    for who, user in (("officer, 1 area", officer), ("manager, 4 areas", manager)):
        for label, values in (
            ("plan reference", [r.lower() for r in refs]),
            ("surname", surnames),
            ("misspelt full name", typos),
        ):
            next_value = itertools.cycle(values).__next__

            def search(user: User = user, next_value: Callable[[], str] = next_value) -> None:
                plan_search_for_user(user, next_value())

            figures = measure(
                f"{label} ({who})",
                search,
                runs=400 if label == "plan reference" else 100,
                warmup=5,
            )
            ratio = figures.p95_ms / baseline.p95_ms if baseline.p95_ms else 0
            print(f"{figures.line()}   p95 {ratio:6.1f}x baseline p95", flush=True)
    # A misspelt name the search missed would not show here as a time: count the misses.
    officer_hits = sum(
        any(p.plan_ref == ref for p in plan_search_for_user(officer, typo).plans)
        for typo, ref in zip(typos[:100], refs[:100], strict=True)
    )
    print(f"  misspelt full names whose child was among the results: {officer_hits} of 100")
