"""The council's organisation: its area SEN teams and the educational settings in them.

The ground floor of kentsend (DESIGN section 8): children's plans, users, reviews and the Local
Offer all refer to these; these refer to nothing above them.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class AreaTeam(models.Model):
    """A council's area SEN team. Case officers belong to one or more; plans belong to one."""

    name = models.CharField(max_length=100, unique=True)
    # db_default: the benches insert area teams with raw SQL naming only their name.
    districts = ArrayField(
        models.CharField(max_length=100),
        blank=True,
        default=list,
        db_default=[],
        help_text="The local authority districts the team serves, as the schools register "
        "(GIAS) names them, like Dartford: a new school in one of them joins this team.",
    )

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


# Types of establishment (GIAS `TypeOfEstablishment (name)`) whose phase is not their
# `PhaseOfEducation`: alternative provision is "Other" whatever ages it takes, and a college
# of further education or a sixth form centre is post-16. Every type naming "special" is
# special, whatever its phase (community, foundation, academy, free, non-maintained,
# independent).
OTHER_TYPES = frozenset(
    {
        "pupil referral unit",
        "academy alternative provision converter",
        "academy alternative provision sponsor led",
        "free schools alternative provision",
    }
)
POST16_TYPES = frozenset({"further education", "sixth form centres", "free schools 16 to 19"})
HIGH_AGE_PHASES = frozenset(
    {SettingPhase.INFANT, SettingPhase.JUNIOR, SettingPhase.PRIMARY, SettingPhase.MIDDLE}
)


def phase_from_register(
    *,
    phase_of_education: str,
    establishment_type: str,
    low_age: int | None,
    high_age: int | None,
    sixth_form: str,
) -> tuple[SettingPhase, int | None] | None:
    """The setting phase of a school as the register (GIAS) describes it, and its own last
    year group when its statutory high age ends it elsewhere than its phase usually does (a
    first school to age 9 ends in Year 4); None when neither its type nor its phase says.

    A child leaves at the statutory high age after the year group five below it (age 11:
    Year 6).
    """
    kind = establishment_type.strip().lower()
    given = phase_of_education.strip().lower()
    if "special" in kind:
        return SettingPhase.SPECIAL, None
    if kind in OTHER_TYPES:
        return SettingPhase.OTHER, None
    if kind in POST16_TYPES or given == "16 plus":
        return SettingPhase.POST16, None
    phase = {
        "nursery": SettingPhase.EARLY_YEARS,
        "middle deemed primary": SettingPhase.MIDDLE,
        "middle deemed secondary": SettingPhase.MIDDLE,
        "all-through": SettingPhase.ALL_THROUGH,
        "secondary": (
            SettingPhase.SECONDARY_WITH_SIXTH_FORM
            if sixth_form.strip().lower() == "has a sixth form"
            else SettingPhase.SECONDARY
        ),
    }.get(given)
    if given == "primary":
        if high_age is not None and high_age <= 7:
            phase = SettingPhase.INFANT
        elif low_age is not None and low_age >= 7:
            phase = SettingPhase.JUNIOR
        else:
            phase = SettingPhase.PRIMARY
    if phase is None:
        return None
    last_year = None
    if phase in HIGH_AGE_PHASES and high_age is not None:
        ends = high_age - 5
        if ends != DEFAULT_LAST_YEAR_OF_PHASE[phase] and 0 <= ends <= 13:
            last_year = ends
    return phase, last_year


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
    # From the schools register (GIAS, DESIGN section 6); db_default because rows written
    # outside Django (the benches' raw inserts) name only the columns above.
    postcode = models.CharField(max_length=10, blank=True, default="", db_default="")
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    la_code = models.CharField(
        "local authority code", max_length=3, blank=True, default="", db_default=""
    )
    establishment_type = models.CharField(
        "type of establishment", max_length=100, blank=True, default="", db_default=""
    )
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    closed = models.BooleanField(
        default=False, db_default=False, help_text="The register lists it as closed."
    )
    phase_set_by_hand = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A manager set its phase or last year group: a register import keeps them.",
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
