"""People who sign in, and the one role each of them holds (DESIGN section 2)."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from organisation.models import AreaTeam, Setting


class Role(models.TextChoices):
    """What a person does in the service; it decides what they see and their home page.

    - case_officer: works the plans and reviews of their area team(s).
    - volunteer: a school SENCO who checks the reviews assigned to them.
    - headteacher: releases their school's SENCO; never sees case data.
    - manager: SEN service manager; sees everything, aggregated.
    - localoffer_editor: keeps their Local Offer services current.
    - school: staff of a school (SENCO, office) who do its annual-review work (DESIGN
      section 9); what they see comes from their SchoolStaff membership, not this role.
    - family: a parent or carer, or a young person from 16, invited by a case officer to
      follow a child's plan (DESIGN section 9); what they see comes from their
      contributions.FamilyMember places, not this role. They have no password.
    """

    CASE_OFFICER = "case_officer", "Case officer"
    VOLUNTEER = "volunteer", "Volunteer reviewer"
    HEADTEACHER = "headteacher", "Headteacher"
    MANAGER = "manager", "Manager"
    LOCALOFFER_EDITOR = "localoffer_editor", "Local Offer editor"
    SCHOOL = "school", "School staff"
    FAMILY = "family", "Family member"


# The roles that belong to a school: the account's `setting` is required.
SCHOOL_ROLES = frozenset({Role.VOLUNTEER, Role.HEADTEACHER, Role.SCHOOL})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("role", Role.MANAGER)
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address (an OIDC backend can be added later)."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    phone = models.CharField(
        "phone number",
        max_length=30,
        blank=True,
        help_text="Printed on letters a case officer sends, so families can call them.",
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    areas = models.ManyToManyField(AreaTeam, blank=True, related_name="members")
    setting = models.ForeignKey(
        Setting, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(SCHOOL_ROLES))
                | models.Q(setting__isnull=False),
                name="user_school_role_has_setting",
                violation_error_message="Volunteers, headteachers and school staff must belong to a school.",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a changed password or a switched-off account also ends every API token.

        Here rather than in the views, so that no path that sets a password (the account
        page, a reset link, the admin, a management command) can leave a token working.
        """
        existing = not self._state.adding
        # Django keeps a newly set raw password here until the save (and runs the password
        # validators' password_changed from it); it does not when it only re-hashes the
        # same password with stronger settings at sign-in.
        credentials_changed = getattr(self, "_password", None) is not None
        super().save(*args, **kwargs)
        if existing and (credentials_changed or not self.is_active):
            from accounts.services import api_tokens_revoke_all  # it imports this module

            reason = "account switched off" if not self.is_active else "password changed"
            api_tokens_revoke_all(user=self, reason=reason)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class SchoolJob(models.TextChoices):
    """What a member of a school's staff does there."""

    SENCO = "senco", "SENCO"
    HEADTEACHER = "headteacher", "Headteacher"
    OFFICE = "office", "Office"
    OTHER = "other", "Other"


class SchoolStaffQuerySet(models.QuerySet["SchoolStaff"]):
    def current(self) -> "SchoolStaffQuerySet":
        return self.filter(removed_at__isnull=True)


class SchoolStaff(models.Model):
    """A person's place on a school's staff list (DESIGN section 9).

    The list belongs to the school: a row is never deleted, only ended (`removed_at`), so the
    school's work and its history survive a member leaving. Anyone with a current row sees
    the school's open reviews, whatever their role: a volunteer or headteacher of the school
    can be staff too (the volunteers' conflict-of-interest rule is separate and unchanged).
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="school_places")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="staff_places")
    job = models.CharField(max_length=16, choices=SchoolJob.choices)
    added_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = SchoolStaffQuerySet.as_manager()

    class Meta:
        verbose_name = "member of a school's staff"
        verbose_name_plural = "school staff"
        ordering = ["setting", "user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(job__in=SchoolJob.values), name="schoolstaff_job_valid"
            ),
            models.UniqueConstraint(
                fields=["user", "setting"],
                condition=models.Q(removed_at__isnull=True),
                name="schoolstaff_one_current_place_per_school",
                violation_error_message="This person is already on the school's staff.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_job_display()}, {self.setting})"


class SignInCode(models.Model):
    """A one-time code emailed to a family member so they can sign in (no password).

    Only a keyed hash of the code is kept. A code works once (`used_at`), until `expires_at`,
    and ends after settings.SIGN_IN_CODE_MAX_FAILURES wrong tries (`failed_attempts`); the
    rules are in accounts.sign_in_codes.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "sign-in code"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="signincode_user_recent")]

    def __str__(self) -> str:
        return f"Sign-in code for {self.user} ({self.created_at:%Y-%m-%d %H:%M})"
