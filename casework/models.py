"""The caseload: area teams and educational settings (plans, children and reviews follow)."""

from django.db import models


class AreaTeam(models.Model):
    """A council's area SEN team. Case officers belong to one or more; plans belong to one."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
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


class Setting(models.Model):
    """A school, college or early-years setting, identified by its DfE URN."""

    urn = models.CharField("URN", max_length=8, unique=True)
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=32, choices=SettingPhase.choices)
    area = models.ForeignKey(AreaTeam, on_delete=models.PROTECT, related_name="settings")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phase__in=SettingPhase.values), name="setting_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"
