"""The Local Offer's services, shaped after Open Referral UK 3.0 (HSDS 3).

Organisations provide services; a service is delivered at locations (a service at a
location), has contacts, schedules and cost options, and is classified by taxonomy terms:
the Local Offer sections and the SEN2 needs. Every service has an owner (a Local Offer
editor) who keeps it current: `last_reviewed_on` says when they last checked it and
`review_by` when it is next due. Identifiers are UUIDs because the Open Referral feed
publishes them and other services keep them.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models


class Organization(models.Model):
    """A body that provides services: the council, an NHS trust, a charity, a school."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Taxonomy(models.Model):
    """A vocabulary that classifies services, such as the Local Offer sections."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(unique=True, help_text="Stable name used by the code and imports.")
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """One term of a taxonomy: a Local Offer section, or a SEN2 need such as SLCN."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.CharField(max_length=40, help_text="Unique within its taxonomy.")
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    term_uri = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["taxonomy__name", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="term_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    """HSDS service statuses. Only active services appear in public search and the feed's
    default listing; the others stay so that links and references do not break."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "No longer runs"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Service(models.Model):
    """A service families can use, kept current by its owner."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField("website", max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    fees_description = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    alert = models.TextField(blank=True, help_text="A short notice shown above the service.")
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="localoffer_services"
    )
    last_reviewed_on = models.DateField()
    review_by = models.DateField()
    reminder_sent_on = models.DateField(
        null=True, blank=True, help_text="When the owner was last reminded it is past review."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config="english")
        + SearchVector("description", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="service_search_idx"),
            models.Index(fields=["review_by"], name="service_review_by_idx"),
            models.Index(fields=["owner", "review_by"], name="service_owner_review_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ServiceStatus.values), name="service_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
                violation_error_message="The minimum age must not be above the maximum age.",
            ),
            models.CheckConstraint(
                condition=models.Q(review_by__gte=models.F("last_reviewed_on")),
                name="service_review_by_after_last_review",
                violation_error_message="The review-by date must be on or after the last review.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "A place people visit"
    VIRTUAL = "virtual", "Online or by phone"
    POSTAL = "postal", "A postal address"


class Location(models.Model):
    """Where a service is delivered. The address is held on the location (one each)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address_1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField("county", max_length=100, blank=True, default="Kent")
    postal_code = models.CharField(max_length=10, blank=True)
    country = models.CharField(max_length=2, default="GB")
    accessibility = models.TextField(blank=True, help_text="Step-free access, hearing loop...")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(location_type__in=LocationType.values),
                name="location_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="location_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_id(self) -> uuid.UUID:
        """A stable identifier for the location's address in the Open Referral feed."""
        return uuid.uuid5(self.id, "address")


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="services_at")

    class Meta:
        ordering = ["service__name", "location__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_location_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Contact(models.Model):
    """A named contact for a service, with at most one phone number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.phone or self.email

    @property
    def phone_id(self) -> uuid.UUID:
        return uuid.uuid5(self.id, "phone")


class Schedule(models.Model):
    """When a service runs, in the iCalendar terms HSDS uses (freq, byday, opens and closes)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(max_length=10, blank=True, help_text="WEEKLY or MONTHLY")
    byday = models.CharField(max_length=30, blank=True, help_text="For example MO,WE,FR")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)
    attending_type = models.CharField(max_length=20, blank=True, help_text="In person, online")

    class Meta:
        ordering = ["service", "id"]

    def __str__(self) -> str:
        return self.description or f"{self.byday} {self.opens_at}-{self.closes_at}"


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["service", "amount"]

    def __str__(self) -> str:
        return self.option or self.amount_description
