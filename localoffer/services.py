"""Changes to Local Offer records, each written with its event in one transaction.

Only a service's owner changes it (`service_may_change`) and only an editor marks feedback
handled (`feedback_get_for_user`). The pages ask the selectors before calling these; these
ask again under the row lock, so that no other caller can skip the rule.

A service is "reviewed" when its owner confirms the information is still correct: the
next review falls due `LOCALOFFER_REVIEW_INTERVAL_DAYS` later.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from localoffer.models import Contact, Feedback, Service, TaxonomyTerm
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
        changes: dict[str, Any] = {}
        for field in SERVICE_FIELDS:
            before, after = getattr(locked, field), getattr(details, field)
            if before != after:
                changes[field] = [before, after]
                setattr(locked, field, after)
        terms_before = {term.pk: term.code for term in locked.terms.all()}
        terms_after = {term.pk: term.code for term in details.terms}
        if terms_before.keys() != terms_after.keys():
            locked.terms.set(details.terms)
            changes["terms"] = [sorted(terms_before.values()), sorted(terms_after.values())]
        changes.update(_contact_change(locked, details.contact))
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
