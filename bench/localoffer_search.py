"""Public Local Offer search under load: 20 concurrent clients against gunicorn, 2,000 services.

Loads 2,000 active services (varied names, descriptions, sections, needs and ages), starts
gunicorn on a free local port against the benchmark database, and has 20 threads, each an
anonymous visitor with its own httpx client, make a fixed number of searches back to back
(varied words, sections, needs, ages and pages). Prints throughput and p50/p95/p99 latency
against the same load on /healthz, measured in the same run, and the p95 against the
target of 200 ms; nothing is asserted.
"""

import random
import threading
import time
import uuid
from datetime import date
from urllib.parse import urlencode

import httpx
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from bench._server import gunicorn_serving, report
from bench._timing import measure
from kentsend.health import heartbeat_record
from localoffer.models import Organization, Service, TaxonomyTerm
from localoffer.taxonomy import NEEDS, SECTIONS

SERVICES = 2_000
CLIENTS = 20
SEARCHES = 4_000  # in all, shared evenly between the clients
BASELINE_REQUESTS = 4_000
WARM_UP = 200
TARGET_P95_MS = 200
WORKERS = 3  # as docker-compose.yml and the Dockerfile run the web container
SEED = 20261123

PLACES = [
    "Ashford", "Canterbury", "Dartford", "Deal", "Dover", "Faversham", "Folkestone",
    "Gravesend", "Maidstone", "Margate", "Ramsgate", "Sevenoaks", "Sittingbourne",
    "Tonbridge", "Tunbridge Wells", "Whitstable",
]  # fmt: skip
# A kind of service: its name, what it does, its sections, the needs it is for, and the
# age ranges such services usually have (None: no limit).
KINDS: list[tuple[str, str, list[str], list[str], list[tuple[int | None, int | None]]]] = [
    ("Speech and language therapy", "Assessment and therapy for children who find talking, listening or understanding others hard.", ["health-wellbeing"], ["SLCN"], [(0, 5), (5, 11), (0, 18), (None, None)]),
    ("Autism outreach", "Specialist teachers who advise schools and families on supporting autistic pupils in class.", ["school-age"], ["ASD", "SLCN"], [(4, 16), (5, 11), (11, 19)]),
    ("Hearing support", "Teachers of the deaf visit nurseries, schools and homes, check hearing aids and advise staff.", ["health-wellbeing", "school-age"], ["HI", "MSI"], [(0, 19), (0, 25)]),
    ("Vision support", "Habilitation, mobility training and advice on large print, braille and lighting.", ["school-age"], ["VI", "MSI"], [(0, 19), (5, 16)]),
    ("Short breaks club", "Weekend and holiday sessions that give disabled children fun and their parent carers a break.", ["social-care", "leisure"], ["PMLD", "SLD", "PD", "ASD"], [(5, 18), (8, 18), (11, 19)]),
    ("Inclusive swimming", "Small swimming groups with changing places facilities, hoists and trained instructors.", ["leisure"], ["PD", "DS", "SLD"], [(4, 16), (None, None)]),
    ("Dyslexia assessment and tuition", "Screening, specialist assessment and weekly tuition for reading, spelling and numbers.", ["school-age"], ["SPLD"], [(6, 16), (7, 18)]),
    ("Portage home visiting", "A home visitor plays and learns with your young child and shows you small next steps.", ["under-5s"], ["SLD", "PMLD", "DS"], [(0, 5), (0, 4)]),
    ("Supported internships", "A year of work placements with a job coach for young people with an EHC plan.", ["young-adults", "preparing-for-adulthood"], ["MLD", "SLD", "ASD"], [(16, 25), (18, 24)]),
    ("Young people's mental health service", "Counselling, group work and clinics for anxiety, low mood and self-harm.", ["health-wellbeing"], ["SEMH"], [(11, 25), (13, 18)]),
    ("Parent carer forum", "Coffee mornings, workshops and a voice for families in how local services are planned.", ["advice-for-families"], [], [(None, None)]),
    ("SEND information, advice and support", "Impartial advice about SEN support, EHC needs assessments, plans, reviews and appeals.", ["advice-for-families", "ehc-plans", "think-my-child-has-send"], [], [(0, 25), (None, None)]),
    ("Home to school transport", "How to apply for transport, travel passes and mileage allowances, and how to appeal.", ["money-travel"], [], [(4, 19), (5, 16)]),
    ("Occupational therapy", "Help with handwriting, dressing, sensory processing and equipment at home and school.", ["health-wellbeing"], ["PD", "ASD", "SPLD"], [(0, 18), (2, 19)]),
    ("Physiotherapy", "Exercise programmes, splints and advice on movement, posture and mobility.", ["health-wellbeing"], ["PD", "PMLD"], [(0, 19), (0, 18)]),
    ("Wheelchair service", "Assessment, loan and repair of wheelchairs and seating for children and young people.", ["health-wellbeing"], ["PD"], [(0, 25), (None, None)]),
    ("Inclusive youth club", "Evening youth club with games, cooking and trips, with support workers on hand.", ["leisure"], ["MLD", "ASD", "SEMH"], [(11, 19), (13, 25)]),
    ("Independent travel training", "One-to-one training to travel by bus and train alone, safely and with confidence.", ["preparing-for-adulthood", "money-travel"], ["MLD", "ASD"], [(14, 25), (16, 25)]),
    ("Disability benefits advice", "Help to claim Disability Living Allowance, Carer's Allowance and other benefits.", ["money-travel", "advice-for-families"], [], [(None, None)]),
    ("Early years SEN inclusion", "Specialist advisers help nurseries and childminders plan support for young children.", ["under-5s", "think-my-child-has-send"], ["SLCN", "ASD", "OTH"], [(0, 5), (2, 5)]),
    ("Educational psychology", "Psychologists assess learning needs and give advice for EHC needs assessments.", ["school-age", "ehc-plans"], ["MLD", "SEMH", "SPLD"], [(0, 25), (4, 19)]),
    ("Sensory play sessions", "Sensory rooms, messy play and music for babies and toddlers with complex needs.", ["under-5s", "leisure"], ["MSI", "PMLD", "VI"], [(0, 5), (0, 4)]),
    ("Down syndrome support group", "Family meet-ups, Makaton sessions and speech groups for children with Down syndrome.", ["advice-for-families"], ["DS", "SLCN"], [(0, 18), (None, None)]),
    ("British Sign Language classes", "Family sign language courses for parents, brothers and sisters of deaf children.", ["advice-for-families", "leisure"], ["HI", "SLCN"], [(None, None), (5, 25)]),
    ("College learning support", "Learning support assistants, assistive technology and exam arrangements at college.", ["young-adults"], ["SPLD", "MLD", "ASD", "VI", "HI"], [(16, 25), (16, 19)]),
    ("Emotionally based school avoidance support", "Plans with families and schools to help anxious pupils return to school.", ["school-age", "health-wellbeing"], ["SEMH", "ASD"], [(5, 16), (11, 16)]),
    ("Holiday activities and food", "Free holiday clubs with a meal for children on benefits-related free school meals.", ["leisure"], [], [(4, 16), (5, 16)]),
    ("Specialist teaching and learning service", "Advice, training and direct teaching for pupils with complex learning needs.", ["school-age"], ["MLD", "SLD", "SPLD", "PD"], [(4, 16), (5, 19)]),
]  # fmt: skip
DETAILS = [
    "Families can refer themselves by phone or email.",
    "A referral from a GP, health visitor or school is needed.",
    "Sessions run in term time only.",
    "We also run online sessions for families who cannot travel.",
    "There is a waiting list; we will tell you how long it is when you contact us.",
    "Staff are trained in Makaton and positive behaviour support.",
    "Brothers and sisters are welcome at family sessions.",
    "We work closely with schools, health visitors and social workers.",
    "Most sessions are free; some trips have a small charge.",
    "The building has step-free access, a lift and a changing places toilet.",
]
PROVIDER_KINDS = ["NHS Trust", "Family Hub", "Charity", "Academy Trust", "Council", "CIC"]
WORDS = [
    "", "", "", "speech", "speech therapy", "autism", "short breaks", "dyslexia", "hearing",
    "therapy", "swimming", "college", "anxiety", "transport", "parent carer", "play",
    "wheelchair", "sign language", "maidstone", "occupational therapy", "youth club",
    "benefits", "mental health", "internship",
]  # fmt: skip


def load_services() -> None:
    rng = random.Random(SEED)
    owner = User.objects.create_user(
        "bench.editor@example.org", full_name="Bench Editor", role=Role.LOCALOFFER_EDITOR
    )
    providers = Organization.objects.bulk_create(
        [
            Organization(name=f"{place} {kind}", description=f"A {kind.lower()} in {place}.")
            for place in PLACES
            for kind in PROVIDER_KINDS
        ]
    )
    terms = {
        (code, taxonomy): pk
        for code, taxonomy, pk in TaxonomyTerm.objects.values_list("code", "taxonomy__code", "id")
    }
    services, links = [], []
    Link = Service.terms.through
    for n in range(SERVICES):
        name, summary, sections, needs, ages = KINDS[n % len(KINDS)]
        place = rng.choice(PLACES)
        minimum, maximum = rng.choice(ages)
        service = Service(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            organization=rng.choice(providers),
            name=rng.choice([f"{name} in {place}", f"{place} {name.lower()}", f"{name} ({place})"]),
            description=" ".join([summary, *rng.sample(DETAILS, 3), f"Based in {place}."]),
            url=f"https://services.example.org/{n}",
            minimum_age=minimum,
            maximum_age=maximum,
            owner=owner,
            last_reviewed_on=date(2026, 9, 1),
            review_by=date(2027, 9, 1),
        )
        services.append(service)
        chosen = [(c, SECTIONS) for c in sections] + [
            (c, NEEDS) for c in rng.sample(needs, k=min(len(needs), rng.randint(1, 3)))
        ]
        links += [Link(service_id=service.id, taxonomyterm_id=terms[key]) for key in chosen]
    Service.objects.bulk_create(services)
    Link.objects.bulk_create(links)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have done on a live database


def search_paths(count: int) -> list[str]:
    rng = random.Random(SEED + 1)
    sections = list(
        TaxonomyTerm.objects.filter(taxonomy__code=SECTIONS).values_list("code", flat=True)
    )
    needs = list(TaxonomyTerm.objects.filter(taxonomy__code=NEEDS).values_list("code", flat=True))
    paths = []
    for _ in range(count):
        query = {
            "q": rng.choice(WORDS),
            "section": rng.choice(sections) if rng.random() < 0.3 else "",
            "need": rng.choice(needs) if rng.random() < 0.3 else "",
            "age": str(rng.randint(0, 25)) if rng.random() < 0.5 else "",
            "page": rng.choice(["2", "3"]) if rng.random() < 0.15 else "",
        }
        paths.append("/local-offer/?" + urlencode({k: v for k, v in query.items() if v}))
    return paths


def visitor(base_url: str, paths: list[str], latencies: list[float], errors: list[str]) -> None:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for path in paths:
            started = time.perf_counter()
            response = client.get(path)
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors.append(f"{path}: {response.status_code}")


def run_load(base_url: str, paths: list[str]) -> tuple[float, list[float]]:
    """Every client takes its share of `paths`, one after another, all clients at once."""
    shares = [paths[i::CLIENTS] for i in range(CLIENTS)]
    per_client: list[list[float]] = [[] for _ in shares]
    errors: list[str] = []
    threads = [
        threading.Thread(target=visitor, args=(base_url, share, out, errors))
        for share, out in zip(shares, per_client, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, first: {errors[0]}")
    return len(paths) / elapsed, sorted(x for out in per_client for x in out)


def in_process_figures(paths: list[str]) -> None:
    """One search page, in process and one at a time: what a request costs without load."""
    client = Client()
    rng = random.Random(SEED + 2)
    client.get(paths[0])  # the sections and needs are then kept for a while
    with CaptureQueriesContext(connection) as queries:
        client.get(paths[1])
    count = len(queries)
    figures = measure("in process, one search at a time", lambda: client.get(rng.choice(paths)))
    print(f"{figures.line()}   {count} query a page", flush=True)


def main() -> None:
    started = time.perf_counter()
    load_services()
    heartbeat_record()  # so that /healthz, the baseline, answers 200
    paths = search_paths(SEARCHES)
    print(f"  loaded {SERVICES:,} services in {time.perf_counter() - started:.1f}s", flush=True)
    in_process_figures(paths)

    with gunicorn_serving(workers=WORKERS) as base_url:
        run_load(base_url, paths[:WARM_UP])  # every worker has loaded its templates
        rate, latencies = run_load(base_url, ["/healthz"] * BASELINE_REQUESTS)
        baseline = report(f"baseline: GET /healthz, {CLIENTS} clients", rate, latencies)
        rate, latencies = run_load(base_url, paths)
        p95 = report(f"search, {CLIENTS} clients", rate, latencies, baseline)
        verdict = "met" if p95 < TARGET_P95_MS else "NOT met"
        print(f"  target: search p95 under {TARGET_P95_MS} ms: {p95:.0f} ms, {verdict}", flush=True)
