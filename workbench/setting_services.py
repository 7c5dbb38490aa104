"""Where each setting's phase ends: the last year group before its children transfer.

A setting's own last year (first schools ending in Year 4, middle schools in Year 7 or 8)
replaces its phase's usual one (organisation.models.DEFAULT_LAST_YEAR_OF_PHASE). It decides the
phase-transfer deadline of every child on its roll (Regs 18(1)), so a change is recorded as an
event and those children's open reviews are recomputed in the same transaction.
"""

from typing import Any

from django.db import transaction

from accounts.models import User
from audit.services import event_record
from organisation.models import Setting
from reviews.models import Review
from reviews.recompute import recompute_reviews


def setting_last_year_recorded(*, setting: Setting, before: int | None, actor: User) -> int:
    """Record that the setting's last year changed from `before`, and recompute the open
    reviews of the children on its roll; the number of reviews recomputed. Call it inside the
    transaction that saved the setting (the admin's save does)."""
    review_ids = list(
        Review.objects.filter(plan__setting=setting).open().values_list("pk", flat=True)
    )
    recompute_reviews(review_ids=review_ids)
    event_record(
        actor=actor,
        action="setting.last_year_changed",
        target=setting,
        details={
            "last_year_of_phase": [before, setting.last_year_of_phase],
            "reviews_recomputed": len(review_ids),
        },
    )
    return len(review_ids)


def setting_last_year_change(*, setting_id: int, last_year: int | None, actor: User) -> int:
    """Set the setting's last year group before a phase transfer (None: its phase's usual
    year); the number of open reviews recomputed, 0 when nothing changed."""
    if last_year is not None:  # raises ValidationError outside the model's range
        Setting._meta.get_field("last_year_of_phase").run_validators(last_year)
    with transaction.atomic():
        setting = Setting.objects.select_for_update().get(pk=setting_id)
        before = setting.last_year_of_phase
        if before == last_year:
            return 0
        setting.last_year_of_phase = last_year
        setting.phase_set_by_hand = True  # a register import keeps it (caseload.schools)
        setting.save(update_fields=["last_year_of_phase", "phase_set_by_hand"])
        return setting_last_year_recorded(setting=setting, before=before, actor=actor)


def setting_create(*, actor: User, setting: Setting) -> Setting:
    """Add a school (its form has validated it)."""
    with transaction.atomic():
        setting.save()
        event_record(
            actor=actor,
            action="setting.created",
            target=setting,
            details={"urn": setting.urn, "name": setting.name, "area": setting.area.name},
        )
    return setting


def setting_details_change(*, actor: User, setting: Setting, changed: list[str]) -> int:
    """Save a school's changed details (its form has validated them); a changed phase moves
    its children's phase transfer, so their open reviews are recomputed: how many."""
    with transaction.atomic():
        before = Setting.objects.select_for_update().get(pk=setting.pk)
        if "phase" in changed:
            setting.phase_set_by_hand = True  # a register import keeps it (caseload.schools)
        setting.save()
        details: dict[str, Any] = {
            name: [str(getattr(before, name)), str(getattr(setting, name))] for name in changed
        }
        recomputed = 0
        if "phase" in changed:
            review_ids = list(
                Review.objects.filter(plan__setting=setting).open().values_list("pk", flat=True)
            )
            recompute_reviews(review_ids=review_ids)
            recomputed = len(review_ids)
            details["reviews_recomputed"] = recomputed
        if changed:
            event_record(actor=actor, action="setting.changed", target=setting, details=details)
    return recomputed
