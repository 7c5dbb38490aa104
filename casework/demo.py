"""A small, realistic demo council for `make run` and the smoke test (later issues extend it)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import user_create
from casework.models import AreaTeam, Child, Plan, PrimaryNeed, Setting, SettingPhase
from reviews import statutory
from reviews.models import Review, ReviewStatus

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (printed to the person running the demo)

AREAS = ["North", "South", "East", "West"]

# (URN, name, phase, area): one of each phase, spread across the four areas.
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

    @property
    def scope(self) -> str:
        if self.areas:
            return ", ".join(self.areas)
        if self.setting_urn:
            return next(name for urn, name, _, _ in SCHOOLS if urn == self.setting_urn)
        return {Role.MANAGER: "all areas", Role.LOCALOFFER_EDITOR: "Local Offer"}.get(self.role, "")


ACCOUNTS = [
    DemoAccount("officer.north@example.org", "Nia North", Role.CASE_OFFICER, areas=("North",)),
    DemoAccount("officer.west@example.org", "Wes West", Role.CASE_OFFICER, areas=("West", "South")),
    DemoAccount("manager@example.org", "Morgan Manager", Role.MANAGER),
    DemoAccount("senco@example.org", "Sam Senco", Role.VOLUNTEER, setting_urn="900004"),
    DemoAccount("head@example.org", "Hana Head", Role.HEADTEACHER, setting_urn="900004"),
    DemoAccount("editor@example.org", "Eli Editor", Role.LOCALOFFER_EDITOR),
    # Two more Local Offer editors, who keep the NHS and the voluntary sector's services.
    DemoAccount("editor.health@example.org", "Hari Health", Role.LOCALOFFER_EDITOR),
    DemoAccount("editor.voluntary@example.org", "Vic Voluntary", Role.LOCALOFFER_EDITOR),
    # More of the volunteer programme: a SENCO and headteacher at each of three more schools,
    # so that release agreements can be seen in every state (volunteers.demo).
    DemoAccount("senco.chalk@example.org", "Cara Chalk", Role.VOLUNTEER, setting_urn="900005"),
    DemoAccount("head.chalk@example.org", "Hugh Chalk", Role.HEADTEACHER, setting_urn="900005"),
    DemoAccount("senco.downs@example.org", "Dev Downs", Role.VOLUNTEER, setting_urn="900007"),
    DemoAccount("head.downs@example.org", "Hetty Downs", Role.HEADTEACHER, setting_urn="900007"),
    DemoAccount("senco.harbour@example.org", "Hal Harbour", Role.VOLUNTEER, setting_urn="900008"),
    DemoAccount(
        "head.harbour@example.org", "Helen Harbour", Role.HEADTEACHER, setting_urn="900008"
    ),
]


@transaction.atomic
def demo_council_seed() -> list[DemoAccount]:
    """Create the demo council, or bring it back to its demo state; safe to run again."""
    areas = {name: AreaTeam.objects.get_or_create(name=name)[0] for name in AREAS}
    for urn, name, phase, area in SCHOOLS:
        Setting.objects.update_or_create(
            urn=urn, defaults={"name": name, "phase": phase, "area": areas[area]}
        )
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user_create(
                email=account.email,
                role=account.role,
                full_name=account.name,
                password=DEMO_PASSWORD,
                areas=[areas[a] for a in account.areas],
                setting=Setting.objects.get(urn=account.setting_urn)
                if account.setting_urn
                else None,
            )
        else:
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
    from volunteers.demo import demo_programme_seed

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


def demo_caseload_seed(*, plans: int, today: date, seed: int = 2026) -> int:
    """Add schools of every phase and `plans` plans whose histories reproduce a real backlog.

    About a sixth have never been reviewed, a tenth had a meeting but no decision yet, and
    the rest were last reviewed up to 16 months ago (a few up to 4 years ago), so about a
    third are overdue, some by years. Returns the number of plans created. Runs in bulk:
    seconds for 20,000 plans.
    """
    rng = random.Random(seed)
    areas = list(AreaTeam.objects.order_by("name"))
    officers = {a.pk: list(a.members.filter(role=Role.CASE_OFFICER)) for a in areas}
    settings = Setting.objects.bulk_create(
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
            meeting = decided = None
        elif shape < 0.26:  # meeting held, decision awaited
            meeting = today - timedelta(days=rng.randint(3, 100))
            issued = meeting - timedelta(days=rng.randint(300, 2500))
            decided = None
        else:  # last review concluded; the next is due 12 months after its meeting
            # A few were last reviewed years ago: the long tail of a real backlog.
            longest = 1400 if rng.random() < 0.05 else 480
            meeting = today - timedelta(days=rng.randint(20, longest))
            issued = meeting - timedelta(days=rng.randint(300, 2500))
            decided = meeting + timedelta(days=rng.randint(10, 60))
            decided = min(decided, today)
        issued = max(issued, born + timedelta(days=200))
        if meeting is not None and meeting < issued:
            meeting = issued + timedelta(days=300)
            decided = decided and max(decided, meeting)
        rows.append((f"DEMO-{n + 1:06d}", setting, issued, meeting, decided))
    children = Child.objects.bulk_create(children, batch_size=5000)
    plan_objects = Plan.objects.bulk_create(
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
            )
            for child, (ref, setting, issued, _, _) in zip(children, rows, strict=True)
        ],
        batch_size=5000,
    )
    reviews = []
    for plan, (_, _, issued, meeting, decided) in zip(plan_objects, rows, strict=True):
        opening = statutory.open_review_from_history(
            plan_issued_on=issued, last_review_meeting_on=meeting, last_review_decision_on=decided
        )
        reviews.append(
            Review(
                plan=plan,
                is_first_review=opening.is_first_review,
                previous_meeting_on=opening.previous_meeting_on,
                due_on=opening.due_on,
                meeting_on=opening.meeting_on,
                status=ReviewStatus.MEETING_HELD if opening.meeting_on else ReviewStatus.PLANNING,
            )
        )
    Review.objects.bulk_create(reviews, batch_size=5000)
    return plans
