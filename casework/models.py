"""Children and their plans: who each plan is for, where the child learns, who cares for them."""

from django.contrib.postgres.indexes import OpClass
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower, Upper

from organisation.models import AreaTeam, Setting


class PrimaryNeed(models.TextChoices):
    """The SEN2 primary type of need codes."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty or disability"


ULN_DIGITS = 10
uln_validator = RegexValidator(
    regex=rf"\A[0-9]{{{ULN_DIGITS}}}\Z",
    message=f"Enter a unique learner number of {ULN_DIGITS} digits.",
    code="invalid_uln",
)


class UpnUnknownReason(models.TextChoices):
    """Why neither a UPN nor a ULN is known: the DfE's "UPN unknown" codes, reported as SEN2
    item UPNunknown when a child has neither number.

    The DfE's SEN2 guide could not be consulted when these were written down: the codes and
    wording follow the DfE's UPN-unknown code set as used in its children's returns, and are to
    be checked against the current SEN2 guide before a return is submitted.
    """

    UN1 = "UN1", "UN1: aged under 6 and not yet attending a school"
    UN2 = "UN2", "UN2: has never attended a state school in England"
    UN3 = "UN3", "UN3: educated at home"
    UN4 = "UN4", "UN4: a refugee or asylum seeker"
    UN5 = "UN5", "UN5: records disagree on name or date of birth, so no number can be matched"
    UN6 = "UN6", "UN6: aged 6 or over and not attending a school"
    UN7 = "UN7", "UN7: referred, with no further action"
    UN8 = "UN8", "UN8: not yet born"
    UN9 = "UN9", "UN9: has never attended a state school or college in England"
    UN10 = "UN10", "UN10: no further action before a UPN or ULN became known"


class Child(models.Model):
    """A child or young person with a plan. Special-category personal data: reads are audited.

    The DfE identifies the child by UPN, or by ULN (young people in further education), or
    by the reason neither is known (`upn_unknown_reason`).
    """

    upn = models.CharField("UPN", max_length=13, unique=True, null=True, blank=True)
    uln = models.CharField(
        "ULN",
        max_length=ULN_DIGITS,
        blank=True,
        default="",
        db_default="",  # rows loaded in bulk by SQL (COPY, benchmarks) need no value
        validators=[uln_validator],
        help_text=f"The unique learner number: {ULN_DIGITS} digits. Leave blank if not known.",
    )
    upn_unknown_reason = models.CharField(
        "reason neither UPN nor ULN is known",
        max_length=4,
        choices=UpnUnknownReason.choices,
        blank=True,
        default="",
        db_default="",
        help_text="Only when the child has neither a UPN nor a ULN.",
    )
    forename = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    ncy_override = models.SmallIntegerField(
        "year group override",
        null=True,
        blank=True,
        help_text="Set when the child is taught out of their chronological year group.",
    )
    looked_after = models.BooleanField(default=False)
    # Who letters about the child are addressed to, and where (GOV.UK address pattern).
    contact_name = models.CharField(
        "parent or carer's name", max_length=200, blank=True, default="", db_default=""
    )
    contact_address_line_1 = models.CharField(
        "address line 1", max_length=100, blank=True, default="", db_default=""
    )
    contact_address_line_2 = models.CharField(
        "address line 2", max_length=100, blank=True, default="", db_default=""
    )
    contact_town = models.CharField(
        "town or city", max_length=100, blank=True, default="", db_default=""
    )
    contact_postcode = models.CharField(
        "postcode", max_length=10, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(
                fields=["uln"], condition=~models.Q(uln=""), name="child_uln_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(uln="") | models.Q(uln__regex=rf"^[0-9]{{{ULN_DIGITS}}}$"),
                name="child_uln_ten_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(upn_unknown_reason__in=[*UpnUnknownReason.values, ""]),
                name="child_upn_unknown_reason_valid",
            ),
        ]
        # Finding a case (casework.search): a UPN typed in any case, and a name's beginning
        # when PostgreSQL has no pg_trgm (the trigram index is made by migration 0011 when it has).
        indexes = [
            models.Index(Upper("upn"), name="child_upn_upper"),
            models.Index(
                OpClass(Lower("surname"), name="text_pattern_ops"), name="child_surname_prefix"
            ),
            models.Index(
                OpClass(Lower("forename"), name="text_pattern_ops"), name="child_forename_prefix"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def initials(self) -> str:
        return f"{self.forename[:1]}{self.surname[:1]}".upper()

    @property
    def contact_address_lines(self) -> list[str]:
        """The address's lines as an envelope shows them, empty lines left out."""
        lines = [
            self.contact_address_line_1,
            self.contact_address_line_2,
            self.contact_town,
            self.contact_postcode,
        ]
        return [line for line in lines if line]


PLAN_REF_MAX_LENGTH = 40
PLAN_REF_RULE = (
    f"1 to {PLAN_REF_MAX_LENGTH} characters: letters, digits, hyphens (-), underscores (_) "
    "and full stops (.), starting with a letter or a digit"
)
# The one rule for what a plan reference may hold: the field, the admin, the caseload import
# and anything else that makes a plan go through it. A reference is the last part of a
# case page's address, so it never holds a "/" or starts with a full stop.
plan_ref_validator = RegexValidator(
    regex=rf"\A[A-Za-z0-9][A-Za-z0-9._-]{{0,{PLAN_REF_MAX_LENGTH - 1}}}\Z",
    message=f"Enter a plan reference of {PLAN_REF_RULE}.",
    code="invalid_plan_ref",
)


class PlanStatus(models.TextChoices):
    """Whether the plan is maintained (active) or has ceased (CFA 2014 s45)."""

    ACTIVE = "active", "Active"
    CEASED = "ceased", "Ceased"


class CeaseReason(models.TextChoices):
    """SEN2 reasons an EHC plan ceased."""

    NEEDS_MET = "needs_met", "Special educational needs met without a plan"
    MOVED_LA = "moved_la", "Moved to another local authority"
    EMPLOYMENT = "employment", "Left education or training for employment"
    HIGHER_EDUCATION = "higher_education", "Moved on to higher education"
    NO_LONGER_IN_EDUCATION = "no_longer_in_education", "No longer in education or training"
    AGE_25 = "age_25", "Reached the age of 25"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class Plan(models.Model):
    """An EHC plan, identified by the council's plan reference (the natural key of imports).

    A plan reference is 1 to 40 characters: letters, digits, hyphens, underscores and full
    stops, starting with a letter or a digit (`plan_ref_validator`). Older records may hold
    other characters; every address that carries a reference encodes it (casework.converters).
    """

    plan_ref = models.CharField(
        "plan reference",
        max_length=PLAN_REF_MAX_LENGTH,
        unique=True,
        validators=[plan_ref_validator],
        help_text=f"The council's reference for the plan: {PLAN_REF_RULE}.",
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="plans")
    issued_on = models.DateField("date the plan was issued")
    setting = models.ForeignKey(
        Setting, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    named_setting = models.ForeignKey(
        Setting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The next setting named in the plan for a phase transfer, once agreed.",
    )
    area = models.ForeignKey(AreaTeam, on_delete=models.PROTECT, related_name="plans")
    case_officer = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    primary_need = models.CharField(max_length=4, choices=PrimaryNeed.choices)
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    ceased_on = models.DateField(null=True, blank=True)
    cease_reason = models.CharField(max_length=32, choices=CeaseReason.choices, blank=True)

    class Meta:
        ordering = ["plan_ref"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(primary_need__in=PrimaryNeed.values),
                name="plan_primary_need_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status=PlanStatus.ACTIVE, ceased_on__isnull=True, cease_reason=""
                )
                | models.Q(status=PlanStatus.CEASED, ceased_on__isnull=False)
                & ~models.Q(cease_reason=""),
                name="plan_ceased_has_date_and_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "status"], name="plan_area_status"),
            # A plan reference typed in any case (casework.search).
            models.Index(Upper("plan_ref"), name="plan_ref_upper"),
        ]

    def __str__(self) -> str:
        return self.plan_ref
