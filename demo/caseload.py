"""A small, realistic demo council for `make run` and the smoke test (later issues extend it)."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, SchoolJob, User
from accounts.services import user_create
from caseload.import_save import insert_by_copy
from caseload.schools import schools_register_import
from casework.models import CeaseReason, Child, Plan, PlanStatus, PrimaryNeed
from organisation.models import AreaTeam, Setting, SettingPhase
from reviews import statutory
from reviews.models import Decision, Review, ReviewStatus

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (printed to the person running the demo)

AREAS = ["North", "South", "East", "West"]

# The districts of Kent (GIAS `DistrictAdministrative (name)`) each demo area team serves.
DISTRICTS = {
    "North": ["Dartford", "Gravesham", "Sevenoaks"],
    "South": ["Ashford", "Dover", "Folkestone and Hythe"],
    "East": ["Canterbury", "Swale", "Thanet"],
    "West": ["Maidstone", "Tonbridge and Malling", "Tunbridge Wells"],
}
# The demo schools as the schools register holds them: a GIAS-shaped extract of LA 886.
DEMO_GIAS_FILE = Path(__file__).parent / "data" / "gias_demo.csv"
DEMO_LA_CODE = "886"
# (URN, name, phase, area): one of each phase, spread across the four areas, as
# DEMO_GIAS_FILE gives them (tests/test_schools_register.py checks that it does).
SCHOOLS = [
    ("900001", "Hillside Nursery", SettingPhase.EARLY_YEARS, "North"),
    ("900002", "Riverside Infant School", SettingPhase.INFANT, "North"),
    ("900003", "Riverside Junior School", SettingPhase.JUNIOR, "North"),
    ("900004", "Oakwood Primary School", SettingPhase.PRIMARY, "West"),
    ("900005", "Chalk Hill Primary School", SettingPhase.PRIMARY, "South"),
    ("900006", "Marsh Lane Middle School", SettingPhase.MIDDLE, "East"),
    ("900007", "Downs Academy", SettingPhase.SECONDARY, "South"),
    ("900008", "Harbour Grammar School", SettingPhase.SECONDARY_WITH_SIXTH_FORM, "East"),
    ("900009", "Orchard All-Through School", SettingPhase.ALL_THROUGH, "West"),
    ("900010", "Meadow View Special School", SettingPhase.SPECIAL, "North"),
    ("900011", "Weald College", SettingPhase.POST16, "West"),
    ("900012", "Hop Garden Alternative Provision", SettingPhase.OTHER, "South"),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    areas: tuple[str, ...] = ()
    setting_urn: str | None = None
    job: SchoolJob = SchoolJob.OTHER

    @property
    def scope(self) -> str:
        if self.areas:
            return ", ".join(self.areas)
        if self.setting_urn:
            return next(name for urn, name, _, _ in SCHOOLS if urn == self.setting_urn)
        return {
            Role.MANAGER: "all areas",
            Role.LOCALOFFER_EDITOR: "Local Offer",
            Role.FAMILY: "their children's plans",
        }.get(self.role, "")


ACCOUNTS = [
    DemoAccount("officer.north@example.org", "Nia North", Role.CASE_OFFICER, areas=("North",)),
    DemoAccount("officer.west@example.org", "Wes West", Role.CASE_OFFICER, areas=("West", "South")),
    DemoAccount("manager@example.org", "Morgan Manager", Role.MANAGER),
    DemoAccount("senco@example.org", "Sam Senco", Role.VOLUNTEER, setting_urn="900004"),
    DemoAccount("head@example.org", "Hana Head", Role.HEADTEACHER, setting_urn="900004"),
    DemoAccount("editor@example.org", "Eli Editor", Role.LOCALOFFER_EDITOR),
    # School staff who do their school's annual-review work (DESIGN section 9).
    DemoAccount(
        "school.senco@example.org",
        "Shona Staff",
        Role.SCHOOL,
        setting_urn="900004",
        job=SchoolJob.SENCO,
    ),
    DemoAccount(
        "office.chalk@example.org",
        "Olly Office",
        Role.SCHOOL,
        setting_urn="900005",
        job=SchoolJob.OFFICE,
    ),
    # Two more Local Offer editors, who keep the NHS and the voluntary sector's services.
    DemoAccount("editor.health@example.org", "Hari Health", Role.LOCALOFFER_EDITOR),
    DemoAccount("editor.voluntary@example.org", "Vic Voluntary", Role.LOCALOFFER_EDITOR),
    # More of the volunteer programme: a SENCO and headteacher at each of three more schools,
    # so that release agreements can be seen in every state (demo.volunteers).
    DemoAccount("senco.chalk@example.org", "Cara Chalk", Role.VOLUNTEER, setting_urn="900005"),
    DemoAccount("head.chalk@example.org", "Hugh Chalk", Role.HEADTEACHER, setting_urn="900005"),
    DemoAccount("senco.downs@example.org", "Dev Downs", Role.VOLUNTEER, setting_urn="900007"),
    DemoAccount("head.downs@example.org", "Hetty Downs", Role.HEADTEACHER, setting_urn="900007"),
    DemoAccount("senco.harbour@example.org", "Hal Harbour", Role.VOLUNTEER, setting_urn="900008"),
    DemoAccount(
        "head.harbour@example.org", "Helen Harbour", Role.HEADTEACHER, setting_urn="900008"
    ),
    # A parent who follows three children's plans at Oakwood Primary School (demo.families).
    DemoAccount("parent@example.org", "Pat Parent", Role.FAMILY),
]


def demo_schools_seed() -> None:
    """The demo schools, loaded from a GIAS-shaped extract through the register's own import
    (caseload.schools); a phase changed by hand in the demo goes back to the register's."""
    Setting.objects.filter(urn__in=[urn for urn, *_ in SCHOOLS]).update(phase_set_by_hand=False)
    result = schools_register_import(
        data=DEMO_GIAS_FILE.read_bytes(),
        filename=DEMO_GIAS_FILE.name,
        la_code=DEMO_LA_CODE,
        actor=None,
    )
    if result.errors:
        raise RuntimeError(f"The demo's schools register has errors: {result.errors}")


@transaction.atomic
def demo_council_seed() -> list[DemoAccount]:
    """Create the demo council, or bring it back to its demo state; safe to run again."""
    areas = {name: AreaTeam.objects.get_or_create(name=name)[0] for name in AREAS}
    for name, districts in DISTRICTS.items():
        AreaTeam.objects.filter(pk=areas[name].pk).update(districts=districts)
    demo_schools_seed()
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        # A family account has no password: it signs in with a code sent by email.
        password = None if account.role == Role.FAMILY else DEMO_PASSWORD
        if user is None:
            user_create(
                email=account.email,
                role=account.role,
                full_name=account.name,
                password=password,
                areas=[areas[a] for a in account.areas],
                setting=Setting.objects.get(urn=account.setting_urn)
                if account.setting_urn
                else None,
                job=account.job,
            )
        else:
            user.set_password(password)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
    from demo.volunteers import demo_programme_seed

    demo_programme_seed(today=timezone.localdate())
    return ACCOUNTS


PHASE_MIX = [
    (SettingPhase.PRIMARY, 300), (SettingPhase.INFANT, 40), (SettingPhase.JUNIOR, 35),
    (SettingPhase.EARLY_YEARS, 40), (SettingPhase.SECONDARY, 70), (SettingPhase.MIDDLE, 5),
    (SettingPhase.SECONDARY_WITH_SIXTH_FORM, 40), (SettingPhase.ALL_THROUGH, 10),
    (SettingPhase.SPECIAL, 30), (SettingPhase.POST16, 20), (SettingPhase.OTHER, 10),
]  # fmt: skip
# The age range of children in each phase, for plausible dates of birth.
PHASE_AGES = {
    SettingPhase.EARLY_YEARS: (2, 4), SettingPhase.INFANT: (4, 7), SettingPhase.JUNIOR: (7, 11),
    SettingPhase.PRIMARY: (4, 11), SettingPhase.MIDDLE: (9, 13), SettingPhase.SECONDARY: (11, 16),
    SettingPhase.SECONDARY_WITH_SIXTH_FORM: (11, 18), SettingPhase.ALL_THROUGH: (4, 18),
    SettingPhase.SPECIAL: (4, 19), SettingPhase.POST16: (16, 24), SettingPhase.OTHER: (5, 18),
}  # fmt: skip
FORENAMES = ["Amara", "Ben", "Chloe", "Daniel", "Ella", "Finley", "Grace", "Harry", "Isla", "Jack",
             "Kai", "Lily", "Mohammed", "Noah", "Olivia", "Priya", "Ruby", "Sam", "Theo", "Zara"]  # fmt: skip
SURNAMES = ["Adeyemi", "Brown", "Clarke", "Davies", "Evans", "Green", "Hughes", "Jones", "Khan", "Lewis",
            "Martin", "Nowak", "Patel", "Roberts", "Smith", "Taylor", "Walker", "White", "Wilson", "Wright"]  # fmt: skip


# The demo's review history, shaped like a real council's figures: decisions within 4 weeks
# for a third to a half, many meetings late, most plans maintained.
DECISIONS_ON_TIME = 0.42  # share of decisions notified within 4 weeks of the meeting
DECISIONS_NOT_RECORDED = 0.03  # earlier reviews whose decision never reached the records
MEETINGS_ON_TIME = 0.55  # share of meetings held within the 12 months from the previous one
FINAL_PLANS_ON_TIME = 0.6  # of final plans that can still be on time after the decision
OUTCOMES = [(Decision.MAINTAIN, 73), (Decision.AMEND, 23), (Decision.CEASE, 4)]
EARLIER_OUTCOMES = [(Decision.MAINTAIN, 76), (Decision.AMEND, 24)]  # the plan went on
CEASE_REASONS = [
    (CeaseReason.NEEDS_MET, 6), (CeaseReason.MOVED_LA, 3), (CeaseReason.NO_LONGER_IN_EDUCATION, 1),
]  # fmt: skip
# Days, for a spread of dates: not statutory periods (those come from reviews.statutory).
EARLIEST_DECISION = 5  # after the meeting
LATEST_LATE_DECISION = 100  # days after the on-time limit
LATEST_LATE_FINAL_PLAN = 160  # days after the on-time limit
MEETING_GAP_ON_TIME = (300, 364)  # days between meetings: held within the 12-month period
MEETING_GAP_LATE = (366, 500)
FIRST_REVIEW_AFTER_ISSUE = 240  # no review is held sooner after the plan was issued
MEETINGS_KEPT = 3  # the open review's meeting, if held, and up to two concluded before it


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _working_day(day: date, *, forward: bool) -> date:
    """The nearest weekday: a Saturday or Sunday moves to the Monday after or the Friday before."""
    weekend = day.weekday() - 4  # Saturday 1, Sunday 2
    if weekend <= 0:
        return day
    return day + timedelta(days=3 - weekend) if forward else day - timedelta(days=weekend)


def _between(rng: random.Random, first: date, last: date, *, forward: bool) -> date:
    return _working_day(
        first + timedelta(days=rng.randint(0, (last - first).days)), forward=forward
    )


def _meetings_before(rng: random.Random, latest: date, issued: date) -> list[date]:
    """`latest` and the meetings held before it, newest first, a year or so apart; as many
    as the issue date allows, up to one more than are kept (the previous meeting of the
    earliest kept review)."""
    meetings = [latest]
    while len(meetings) <= MEETINGS_KEPT:
        gap = MEETING_GAP_ON_TIME if rng.random() < MEETINGS_ON_TIME else MEETING_GAP_LATE
        earlier = _working_day(meetings[-1] - timedelta(days=rng.randint(*gap)), forward=False)
        if (earlier - issued).days < FIRST_REVIEW_AFTER_ISSUE:
            break
        meetings.append(earlier)
    return meetings


def _cycle(issued: date, previous: date | None) -> dict[str, object]:
    """The due date of a review: the first in the 12 months from issue, a later one in the
    12 months from the previous meeting (CFA s44(1))."""
    if previous is None:
        return {"is_first_review": True, "previous_meeting_on": None,
                "due_on": statutory.first_review_due(plan_issued_on=issued)}  # fmt: skip
    return {"is_first_review": False, "previous_meeting_on": previous,
            "due_on": statutory.next_review_due(previous_meeting_on=previous)}  # fmt: skip


def _decision_on(rng: random.Random, meeting: date) -> date:
    due = statutory.decision_due(meeting_on=meeting)
    if rng.random() < DECISIONS_ON_TIME:
        return _between(rng, meeting + timedelta(days=EARLIEST_DECISION), due, forward=False)
    late = due + timedelta(days=1)
    return _between(rng, late, late + timedelta(days=LATEST_LATE_DECISION), forward=True)


def _final_plan_on(rng: random.Random, meeting: date, notice: date) -> date:
    """After representations close, within 12 weeks of the meeting for some, later for others."""
    due = statutory.final_plan_due(amendment_notice_on=notice, meeting_on=meeting)
    earliest = statutory.representations_close(amendment_notice_on=notice) + timedelta(days=1)
    if earliest <= due and rng.random() < FINAL_PLANS_ON_TIME:
        return _between(rng, earliest, due, forward=False)
    late = max(earliest, due + timedelta(days=1))
    return _between(rng, late, late + timedelta(days=LATEST_LATE_FINAL_PLAN), forward=True)


@dataclass
class _PlanHistory:
    """One demo plan's reviews, oldest first, and its cessation if its last decision ceased it."""

    reviews: list[dict[str, object]]
    ceased_on: date | None = None
    cease_reason: str = ""


def _history(
    rng: random.Random, *, issued: date, latest: date | None, decided: bool, today: date
) -> _PlanHistory:
    """The reviews of a plan whose latest meeting was `latest` (None: never reviewed), with
    its decision if `decided` and notified by today: up to two concluded reviews before the
    open one, each due in the 12 months from the meeting before it."""
    if latest is None:
        return _PlanHistory([{**_cycle(issued, None), "status": ReviewStatus.PLANNING}])
    meetings = _meetings_before(rng, latest, issued)
    history = _PlanHistory(reviews=[])
    kept = meetings[:MEETINGS_KEPT]
    for index in range(len(kept) - 1, -1, -1):  # oldest first
        meeting = kept[index]
        previous = meetings[index + 1] if index + 1 < len(meetings) else None
        review: dict[str, object] = {**_cycle(issued, previous), "meeting_on": meeting}
        history.reviews.append(review)
        if index == 0:
            _latest_outcome(rng, review, history, decided=decided, today=today, issued=issued)
        else:
            _earlier_outcome(rng, review, next_meeting_on=kept[index - 1])
    return history


def _earlier_outcome(
    rng: random.Random, review: dict[str, object], *, next_meeting_on: date
) -> None:
    """An earlier review, concluded before the next meeting: a decision to maintain or amend
    (a few never recorded), and an amendment's final plan."""
    review["status"] = ReviewStatus.CONCLUDED
    if rng.random() < DECISIONS_NOT_RECORDED:
        return
    meeting = review["meeting_on"]
    assert isinstance(meeting, date)
    decision_on = min(_decision_on(rng, meeting), next_meeting_on)
    decision = _weighted(rng, EARLIER_OUTCOMES)
    review.update(decision=decision, decision_notified_on=decision_on, concluded_on=decision_on)
    if decision == Decision.AMEND:
        final_plan_on = min(_final_plan_on(rng, meeting, decision_on), next_meeting_on)
        review.update(
            amendment_notice_on=decision_on,  # sent with the decision (Devon 2022)
            final_plan_issued_on=final_plan_on,
            concluded_on=final_plan_on,
        )


def _latest_outcome(
    rng: random.Random,
    review: dict[str, object],
    history: _PlanHistory,
    *,
    decided: bool,
    today: date,
    issued: date,
) -> None:
    """The latest review: open while its decision or final plan is awaited; otherwise
    concluded with the next review open, or the plan ceased."""
    meeting = review["meeting_on"]
    assert isinstance(meeting, date)
    decision_on = _decision_on(rng, meeting) if decided else None
    if decision_on is None or decision_on > today:
        review["status"] = ReviewStatus.MEETING_HELD
        return
    decision = _weighted(rng, OUTCOMES)
    review.update(decision=decision, decision_notified_on=decision_on)
    if decision == Decision.AMEND:
        final_plan_on = _final_plan_on(rng, meeting, decision_on)
        review["amendment_notice_on"] = decision_on  # sent with the decision (Devon 2022)
        if final_plan_on > today:
            review["status"] = ReviewStatus.AMENDMENT_NOTICE_SENT
            return
        review.update(final_plan_issued_on=final_plan_on, concluded_on=final_plan_on)
    elif decision == Decision.CEASE:
        ceased_on = _between(rng, decision_on, decision_on + timedelta(days=40), forward=True)
        history.ceased_on = min(today, ceased_on)
        history.cease_reason = _weighted(rng, CEASE_REASONS)
        review.update(status=ReviewStatus.CONCLUDED, concluded_on=history.ceased_on)
        return
    else:
        review["concluded_on"] = decision_on
    review["status"] = ReviewStatus.CONCLUDED
    history.reviews.append({**_cycle(issued, meeting), "status": ReviewStatus.PLANNING})


def demo_caseload_seed(*, plans: int, today: date, seed: int = 2026) -> int:
    """Add schools of every phase and `plans` plans whose histories reproduce a real backlog.

    About a sixth have never been reviewed and the rest were last reviewed up to 16 months
    ago (a few up to 4 years ago), so over a third are overdue, some by years. A plan keeps
    up to two concluded reviews before its open one, about two years of history: meetings a
    year or so apart (some late), decisions within 4 weeks for about two in five and later
    for the rest (so about a tenth still await theirs), a few never recorded; most plans
    maintained, some amended (about two in five final plans within 12 weeks, a few still
    awaited), a few ceased. Returns the number of plans created. Runs in bulk (COPY): seconds
    for 20,000 plans.
    """
    rng = random.Random(seed)
    areas = list(AreaTeam.objects.order_by("name"))
    officers = {a.pk: list(a.members.filter(role=Role.CASE_OFFICER)) for a in areas}
    Setting.objects.bulk_create(
        [
            Setting(
                urn=str(200000 + n),
                name=f"{phase.label} school {n}",
                phase=phase,
                area=areas[n % len(areas)],
            )
            for n, phase in enumerate(p for p, count in PHASE_MIX for _ in range(count))
        ],
        ignore_conflicts=True,
    )
    settings = list(Setting.objects.filter(urn__gte="200000"))
    start = Plan.objects.count()
    children, rows = [], []
    for n in range(start, start + plans):
        setting = rng.choice(settings)
        low, high = PHASE_AGES[SettingPhase(setting.phase)]
        born = today - timedelta(days=rng.randint(low * 365 + 30, high * 365 + 330))
        children.append(
            Child(
                upn=None,
                forename=rng.choice(FORENAMES),
                surname=rng.choice(SURNAMES),
                date_of_birth=born,
                looked_after=rng.random() < 0.06,
            )
        )
        shape = rng.random()
        if shape < 0.16:  # never reviewed: the first review is due 12 months after issue
            issued = today - timedelta(days=rng.randint(30, 700))
            meeting, decided = None, False
        elif shape < 0.18:  # meeting held, decision awaited (late decisions add more below)
            meeting = today - timedelta(days=rng.randint(3, 100))
            issued = meeting - timedelta(days=rng.randint(300, 2500))
            decided = False
        else:  # last review decided; the next is due 12 months after its meeting
            # A few were last reviewed years ago: the long tail of a real backlog.
            longest = 1400 if rng.random() < 0.05 else 480
            meeting = today - timedelta(days=rng.randint(20, longest))
            issued = meeting - timedelta(days=rng.randint(300, 2500))
            decided = True
        issued = max(issued, born + timedelta(days=200))
        if meeting is not None:
            meeting = _working_day(max(meeting, issued + timedelta(days=300)), forward=False)
            meeting = max(meeting, issued)
        history = _history(rng, issued=issued, latest=meeting, decided=decided, today=today)
        rows.append((f"DEMO-{n + 1:06d}", setting, issued, history))
    # In bulk by COPY, as the caseload import saves: bulk_create would spend most of the
    # time building SQL for the reviews' many columns.
    insert_by_copy(Child, children)
    plan_objects = insert_by_copy(
        Plan,
        [
            Plan(
                plan_ref=ref,
                child=child,
                issued_on=issued,
                setting=setting,
                area_id=setting.area_id,
                case_officer=rng.choice(officers[setting.area_id])
                if officers[setting.area_id]
                else None,
                primary_need=rng.choice(PrimaryNeed.values),
                status=PlanStatus.CEASED if history.ceased_on else PlanStatus.ACTIVE,
                ceased_on=history.ceased_on,
                cease_reason=history.cease_reason,
            )
            for child, (ref, setting, issued, history) in zip(children, rows, strict=True)
        ],
    )
    insert_by_copy(
        Review,
        [
            Review(plan=plan, **review)
            for plan, (_, _, _, history) in zip(plan_objects, rows, strict=True)
            for review in history.reviews
        ],
    )
    return plans
