"""Changes to Local Offer records, each written with its event in one transaction.

Only a service's owner changes it (`service_may_change`) and only an editor marks feedback
handled (`feedback_get_for_user`). The pages ask the selectors before calling these; these
ask again under the row lock, so that no other caller can skip the rule.

A service is "reviewed" when its owner confirms the information is still correct: the
next review falls due `LOCALOFFER_REVIEW_INTERVAL_DAYS` later.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from localoffer.models import (
    Contact,
    Feedback,
    Location,
    LocationType,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from localoffer.openreferral.geo import postcode_centre, postcode_compact
from localoffer.selectors import feedback_get_for_user, service_may_change

# Fields of the service an editor may change, in the order the form asks for them.
SERVICE_FIELDS = (
    "name",
    "description",
    "status",
    "alert",
    "minimum_age",
    "maximum_age",
    "url",
    "email",
    "fees_description",
)
CONTACT_FIELDS = ("name", "phone", "email")
LOCATION_FIELDS = ("name", "address_1", "city", "postal_code")
SCHEDULE_FIELDS = ("byday", "opens_at", "closes_at", "description")


class FeedbackAlreadyHandled(Exception):
    """The feedback was marked handled before (HTTP 409 from an API)."""

    def __init__(self, feedback: Feedback) -> None:
        super().__init__("This feedback was already marked as handled.")
        self.feedback = feedback


@dataclass(frozen=True)
class ContactDetails:
    """The service's main contact; all blank means the service has none."""

    name: str = ""
    phone: str = ""
    email: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.name or self.phone or self.email)


@dataclass(frozen=True)
class LocationDetails:
    """The service's main place; all blank means it has none (online or by phone)."""

    name: str = ""
    address_1: str = ""
    city: str = ""
    postal_code: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.name or self.address_1 or self.city or self.postal_code)


@dataclass(frozen=True)
class ScheduleDetails:
    """The service's main opening times; all blank means none are given."""

    byday: str = ""
    opens_at: time | None = None
    closes_at: time | None = None
    description: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.byday or self.opens_at or self.closes_at or self.description)


@dataclass(frozen=True)
class ServiceDetails:
    """Everything the editor's form sets on a service, already validated."""

    name: str
    description: str
    status: str
    alert: str
    minimum_age: int | None
    maximum_age: int | None
    url: str
    email: str
    fees_description: str
    terms: tuple[TaxonomyTerm, ...]
    contact: ContactDetails
    # Blank or None: leave as it is (a caller that does not ask for them).
    organisation: str = ""
    location: LocationDetails | None = None
    schedule: ScheduleDetails | None = None


@dataclass(frozen=True)
class ServiceChange:
    service: Service
    changed: tuple[str, ...]
    reviewed: bool


def service_review_due(*, reviewed_on: date) -> date:
    return reviewed_on + timedelta(days=settings.LOCALOFFER_REVIEW_INTERVAL_DAYS)


def service_main_contact(service: Service) -> Contact | None:
    """The contact the editor's form changes: the first, as the public page lists them."""
    return service.contacts.order_by("name", "id").first()


def _locked_for_change(actor: User, service: Service) -> Service:
    locked = Service.objects.select_for_update().get(pk=service.pk)
    if not service_may_change(actor, locked):
        raise PermissionDenied
    return locked


def _mark_reviewed(service: Service, *, today: date) -> None:
    service.last_reviewed_on = today
    service.review_by = service_review_due(reviewed_on=today)
    # A later lapse earns a fresh reminder.
    service.reminder_sent_on = None


def _record_reviewed(actor: User, service: Service) -> None:
    event_record(
        actor=actor,
        action="service.reviewed",
        target=service,
        details={"last_reviewed_on": service.last_reviewed_on, "review_by": service.review_by},
    )


def _contact_change(service: Service, wanted: ContactDetails) -> dict[str, list[Any]]:
    """Make the main contact match `wanted`, creating or removing it; what changed."""
    contact = service_main_contact(service)
    before = (
        ContactDetails(**{field: getattr(contact, field) for field in CONTACT_FIELDS})
        if contact is not None
        else ContactDetails()
    )
    if before == wanted:
        return {}
    if wanted.is_blank:
        if contact is not None:
            contact.delete()
    else:
        contact = contact or Contact(service=service)
        for field in CONTACT_FIELDS:
            setattr(contact, field, getattr(wanted, field))
        contact.save()
    return {
        f"contact_{field}": [getattr(before, field), getattr(wanted, field)]
        for field in CONTACT_FIELDS
        if getattr(before, field) != getattr(wanted, field)
    }


def service_main_location(service: Service) -> Location | None:
    """The place the editor's form changes: the first, as the public page lists them."""
    found = (
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .order_by("location__name", "id")
        .first()
    )
    return found.location if found else None


def service_main_schedule(service: Service) -> Schedule | None:
    return service.schedules.order_by("id").first()


def _located(location: Location) -> None:
    """Coordinates for the location from the postcode, found among the Local Offer's own
    locations (no call out); none when the postcode is not known there."""
    compact = postcode_compact(location.postal_code)
    centre = postcode_centre(compact) if compact else None
    location.latitude = centre.latitude if centre else None
    location.longitude = centre.longitude if centre else None


def _location_change(service: Service, wanted: LocationDetails) -> dict[str, list[Any]]:
    """Make the main place match `wanted`: a place only this service uses is changed in
    place; one shared with other services is left to them and a new one made."""
    location = service_main_location(service)
    before = (
        LocationDetails(**{field: getattr(location, field) for field in LOCATION_FIELDS})
        if location is not None
        else LocationDetails()
    )
    if before == wanted:
        return {}
    shared = location is not None and location.services_at.exclude(service=service).exists()
    if location is not None and (wanted.is_blank or shared):
        ServiceAtLocation.objects.filter(service=service, location=location).delete()
        if not shared:
            location.delete()
        location = None
    if not wanted.is_blank:
        location = location or Location(location_type=LocationType.PHYSICAL)
        for field in LOCATION_FIELDS:
            setattr(location, field, getattr(wanted, field))
        if location.postal_code != before.postal_code or location.latitude is None:
            _located(location)
        location.save()
        ServiceAtLocation.objects.get_or_create(service=service, location=location)
    return {
        f"location_{field}": [getattr(before, field), getattr(wanted, field)]
        for field in LOCATION_FIELDS
        if getattr(before, field) != getattr(wanted, field)
    }


def _schedule_change(service: Service, wanted: ScheduleDetails) -> dict[str, list[Any]]:
    schedule = service_main_schedule(service)
    before = (
        ScheduleDetails(**{field: getattr(schedule, field) for field in SCHEDULE_FIELDS})
        if schedule is not None
        else ScheduleDetails()
    )
    if before == wanted:
        return {}
    if wanted.is_blank:
        if schedule is not None:
            schedule.delete()
    else:
        schedule = schedule or Schedule(service=service)
        for field in SCHEDULE_FIELDS:
            setattr(schedule, field, getattr(wanted, field))
        schedule.freq = "WEEKLY" if wanted.byday else ""
        schedule.save()
    return {
        f"opening_{field}": [str(getattr(before, field) or ""), str(getattr(wanted, field) or "")]
        for field in SCHEDULE_FIELDS
        if getattr(before, field) != getattr(wanted, field)
    }


def organisation_for_name(name: str) -> Organization:
    """The organisation of that name, whatever its capitals, or a new one."""
    found = Organization.objects.filter(name__iexact=name.strip()).first()
    return found or Organization.objects.create(name=name.strip())


def _details_change(locked: Service, details: ServiceDetails) -> dict[str, Any]:
    """Set `details` on the locked service and its details; what changed."""
    changes: dict[str, Any] = {}
    for field in SERVICE_FIELDS:
        before, after = getattr(locked, field), getattr(details, field)
        if before != after:
            changes[field] = [before, after]
            setattr(locked, field, after)
    if details.organisation and details.organisation.lower() != locked.organization.name.lower():
        organisation = organisation_for_name(details.organisation)
        changes["organisation"] = [locked.organization.name, organisation.name]
        locked.organization = organisation
    return changes


def _details_beside(locked: Service, details: ServiceDetails) -> dict[str, Any]:
    """Set the terms, contact, place and opening times of a saved service; what changed."""
    changes: dict[str, Any] = {}
    terms_before = {term.pk: term.code for term in locked.terms.all()}
    terms_after = {term.pk: term.code for term in details.terms}
    if terms_before.keys() != terms_after.keys():
        locked.terms.set(details.terms)
        changes["terms"] = [sorted(terms_before.values()), sorted(terms_after.values())]
    changes.update(_contact_change(locked, details.contact))
    if details.location is not None:
        changes.update(_location_change(locked, details.location))
    if details.schedule is not None:
        changes.update(_schedule_change(locked, details.schedule))
    return changes


def service_create(*, actor: User, details: ServiceDetails, today: date | None = None) -> Service:
    """An editor adds a service they will keep current, checked as correct today. It starts
    in the status the editor chose, as an imported one does, and is one event."""
    if actor.role != Role.LOCALOFFER_EDITOR:
        raise PermissionDenied
    today = today or timezone.localdate()
    with transaction.atomic():
        service = Service(
            owner=actor,
            organization=organisation_for_name(details.organisation),
            last_reviewed_on=today,
            review_by=service_review_due(reviewed_on=today),
        )
        _details_change(service, details)
        service.save()
        _details_beside(service, details)
        event_record(
            actor=actor,
            action="service.created",
            target=service,
            details={"name": service.name, "organisation": service.organization.name},
        )
    return service


def service_update(
    *,
    actor: User,
    service: Service,
    details: ServiceDetails,
    confirmed_correct: bool = False,
    today: date | None = None,
) -> ServiceChange:
    """Save the owner's changes to a service, its terms and its main contact; with
    `confirmed_correct`, also mark it reviewed today. The changes are one event, each field
    as [before, after], and the check another; nothing is written when nothing changed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked_for_change(actor, service)
        changes = _details_change(locked, details)
        changes.update(_details_beside(locked, details))
        if confirmed_correct:
            _mark_reviewed(locked, today=today)
        if changes or confirmed_correct:
            locked.save()
        if changes:
            event_record(actor=actor, action="service.updated", target=locked, details=changes)
        if confirmed_correct:
            _record_reviewed(actor, locked)
    return ServiceChange(service=locked, changed=tuple(changes), reviewed=confirmed_correct)


def service_mark_reviewed(*, actor: User, service: Service, today: date | None = None) -> Service:
    """The owner confirms the service's information is still correct, changing nothing else."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked_for_change(actor, service)
        _mark_reviewed(locked, today=today)
        locked.save(update_fields=["last_reviewed_on", "review_by", "reminder_sent_on"])
        _record_reviewed(actor, locked)
    return locked


def feedback_mark_handled(*, actor: User, feedback: Feedback) -> Feedback:
    """An editor has dealt with the feedback; raises `FeedbackAlreadyHandled` the second time."""
    with transaction.atomic():
        feedback_get_for_user(actor, feedback.pk, write=True)
        locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if locked.handled_at is not None:
            raise FeedbackAlreadyHandled(locked)
        locked.handled_at = timezone.now()
        locked.handled_by = actor
        locked.save(update_fields=["handled_at", "handled_by"])
        event_record(
            actor=actor,
            action="feedback.handled",
            target=locked,
            details={"page": locked.page, "service": str(locked.service_id or "")},
        )
    return locked
