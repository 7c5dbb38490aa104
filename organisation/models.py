"""The council's organisation: its area SEN teams and the educational settings in them.

The ground floor of kentsend (DESIGN section 8): children's plans, users, reviews and the Local
Offer all refer to these; these refer to nothing above them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class AreaTeam(models.Model):
    """A council's area SEN team. Case officers belong to one or more; plans belong to one."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        db_table = "casework_areateam"  # its table since before the move from casework
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SettingPhase(models.TextChoices):
    """The phase of an educational setting (DESIGN section 6); it decides the transfer year."""

    EARLY_YEARS = "early_years", "Early years"
    INFANT = "infant", "Infant"
    JUNIOR = "junior", "Junior"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    SECONDARY_WITH_SIXTH_FORM = "secondary_with_sixth_form", "Secondary with sixth form"
    ALL_THROUGH = "all_through", "All-through"
    SPECIAL = "special", "Special"
    POST16 = "post16", "Post-16"
    OTHER = "other", "Other"


# The usual last national curriculum year of each setting phase (Regs 2(1) "phase transfer";
# DESIGN section 6): the default for a setting of that phase. Each setting keeps its own
# value (Setting.last_year_of_phase), so first schools ending in Year 4, middle schools ending
# in Year 7 or a special school's own structure are data, not code. Phases absent here have
# no automatic transfer unless the setting is given a last year.
DEFAULT_LAST_YEAR_OF_PHASE: dict[str, int] = {
    SettingPhase.EARLY_YEARS: -1,
    SettingPhase.INFANT: 2,
    SettingPhase.JUNIOR: 6,
    SettingPhase.PRIMARY: 6,
    SettingPhase.MIDDLE: 8,
    SettingPhase.SECONDARY: 11,
}

PHASE_DEFAULTS_TEXT = (
    "; ".join(
        f"{SettingPhase(phase).label.lower()}, Year {year}"
        if year >= 0
        else f"{SettingPhase(phase).label.lower()}, the nursery year"
        for phase, year in DEFAULT_LAST_YEAR_OF_PHASE.items()
    )
    + "; no automatic transfer for other phases"
)


def year_group_words(year: int | None) -> str:
    """A national curriculum year as people say it: "the nursery year", "Reception", "Year 6"."""
    if year is None:
        return "no automatic transfer"
    if year < 0:
        return "the nursery year"
    if year == 0:
        return "Reception"
    return f"Year {year}"


def year_group_name(year: int | None) -> str:
    """A child's national curriculum year as a heading or table shows it: "Nursery" for
    the years before school (-1 and earlier), "Reception" (0), "Year 6"; "Not known"."""
    if year is None:
        return "Not known"
    if year < 0:
        return "Nursery"
    if year == 0:
        return "Reception"
    return f"Year {year}"


class Setting(models.Model):
    """A school, college or early-years setting, identified by its DfE URN."""

    urn = models.CharField("URN", max_length=8, unique=True)
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=32, choices=SettingPhase.choices)
    area = models.ForeignKey(AreaTeam, on_delete=models.PROTECT, related_name="settings")
    # db_default: rows written outside Django (bulk loads, the benches) need no address.
    address = models.TextField(
        blank=True, default="", db_default="", help_text="The postal address, with its postcode."
    )
    last_year_of_phase = models.SmallIntegerField(
        "last year group before a phase transfer",
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(14)],
        help_text="Children move on after this national curriculum year (-1 is the nursery "
        "year, 0 Reception). Leave blank for the usual year of the setting's phase: "
        f"{PHASE_DEFAULTS_TEXT}.",
    )

    class Meta:
        db_table = "casework_setting"  # its table since before the move from casework
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phase__in=SettingPhase.values), name="setting_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def transfer_after_year(self) -> int | None:
        """The last year group before a phase transfer: the setting's own, or its phase's."""
        if self.last_year_of_phase is not None:
            return self.last_year_of_phase
        return DEFAULT_LAST_YEAR_OF_PHASE.get(self.phase)
