"""Changes to a child's record made by staff, each written with its event."""

from django.db import transaction

from accounts.models import User
from audit.services import event_record
from casework.models import Child

# Each contact field and its words in the event's details.
CONTACT_FIELDS = {
    "contact_name": "Name",
    "contact_address_line_1": "Address line 1",
    "contact_address_line_2": "Address line 2",
    "contact_town": "Town or city",
    "contact_postcode": "Postcode",
}


def child_contact_change(*, child_id: int, actor: User, values: dict[str, str]) -> Child:
    """Set who the family's letters go to and where. The event names the fields changed, not
    their values: the address is personal data, kept on the child's record only."""
    with transaction.atomic():
        child = Child.objects.select_for_update().get(pk=child_id)
        changed = [name for name in CONTACT_FIELDS if getattr(child, name) != values[name]]
        if changed:
            for name in changed:
                setattr(child, name, values[name])
            child.save(update_fields=changed)
            event_record(
                actor=actor,
                action="child.contact_changed",
                target=child,
                details={"changed": [CONTACT_FIELDS[name] for name in changed]},
            )
    return child
