"""Moderation: a share of submitted checklists gets a case officer's second opinion."""

import random

from qa.models import Checklist, Moderation, ModerationStatus
from volunteers.models import ProgrammeSettings


def moderation_sample_on_submit(
    checklist: Checklist, *, rng: random.Random | None = None
) -> Moderation | None:
    """Decide, when a checklist is submitted, whether it is sampled for moderation.

    Each submission is sampled with the programme's probability (moderation_percent), so
    that nobody can tell in advance which checklists will be looked at twice. A checklist
    already sampled (returned and now resubmitted) goes back to its moderator's queue."""
    existing = Moderation.objects.filter(checklist=checklist).first()
    if existing is not None:
        existing.status = ModerationStatus.WAITING
        existing.completed_at = None
        existing.save(update_fields=["status", "completed_at"])
        return existing
    percent = ProgrammeSettings.current().moderation_percent
    if (rng or random.SystemRandom()).random() * 100 >= percent:
        return None
    return Moderation.objects.create(checklist=checklist)
