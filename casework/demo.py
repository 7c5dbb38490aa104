"""A small, realistic demo council for `make run` and the smoke test (later issues extend it)."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Role, User
from accounts.services import user_create
from casework.models import AreaTeam, Setting, SettingPhase

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
    return ACCOUNTS
