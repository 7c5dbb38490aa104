"""A volunteer's CPD record (DESIGN section 4): the release days they have given, the hours
those count for, and the reviews they completed; and the certificate that evidences it.

- A release day counts once it has come (today included) and the volunteer held at least one
  review for it that was not withdrawn before any work (volunteers.services.WITHDRAWN).
- Hours are release days times the programme's `hours_per_release_day`.
- A review is completed when its checklist is submitted. A checklist returned by a moderator
  and resubmitted is still one review; one that is back with the volunteer counts again when
  they resubmit it.

The record names no child and no plan: it is the volunteer's own evidence, to show anyone.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from common.dates import long_date
from common.pdf import pdf_from_html
from qa.models import Checklist, ChecklistStatus
from volunteers.models import Assignment, ProgrammeSettings, VolunteerProfile
from volunteers.services import WITHDRAWN


@dataclass(frozen=True)
class ReleaseDayGiven:
    day: datetime.date
    reviews: int
    completed: int


@dataclass(frozen=True)
class CpdRecord:
    volunteer: User
    trained_on: datetime.date | None
    days: list[ReleaseDayGiven]
    hours_per_day: Decimal
    reviews_completed: int
    today: datetime.date

    @property
    def release_days(self) -> int:
        return len(self.days)

    @property
    def hours(self) -> Decimal:
        return self.hours_per_day * self.release_days

    @property
    def first_day(self) -> datetime.date | None:
        return self.days[0].day if self.days else None

    @property
    def last_day(self) -> datetime.date | None:
        return self.days[-1].day if self.days else None


def hours_label(hours: Decimal) -> str:
    """6.5 as "6.5", 13.0 as "13": hours as people write them."""
    return f"{hours.normalize():f}"


def cpd_record_for(volunteer: User, *, today: datetime.date | None = None) -> CpdRecord:
    """The volunteer's CPD record as it stands today. Two queries for the figures, whatever
    the number of days."""
    today = today or timezone.localdate()
    days = (
        Assignment.objects.filter(volunteer=volunteer, release_day__lte=today)
        .exclude(closed_reason=WITHDRAWN)
        .values("release_day")
        .annotate(
            reviews=Count("pk"),
            completed=Count("pk", filter=Q(checklist__status=ChecklistStatus.SUBMITTED)),
        )
        .order_by("release_day")
    )
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    return CpdRecord(
        volunteer=volunteer,
        trained_on=profile.trained_on if profile else None,
        days=[ReleaseDayGiven(d["release_day"], d["reviews"], d["completed"]) for d in days],
        hours_per_day=ProgrammeSettings.current().hours_per_release_day,
        reviews_completed=Checklist.objects.filter(
            volunteer=volunteer, status=ChecklistStatus.SUBMITTED
        ).count(),
        today=today,
    )


def _long(day: datetime.date | None) -> str:
    return long_date(day) if day else "Not recorded"


def cpd_certificate_html(record: CpdRecord) -> str:
    """The certificate's page: who, which school, training, the period, days, hours and
    reviews, when it was issued and by which council."""
    volunteer = record.volunteer
    context: dict[str, Any] = {
        "council_name": settings.COUNCIL_NAME,
        "name": volunteer.full_name or volunteer.email,
        "school": volunteer.setting.name if volunteer.setting else "",
        "trained_on": _long(record.trained_on),
        "period": f"{_long(record.first_day)} to {_long(record.last_day)}"
        if record.days
        else "No release days yet",
        "release_days": record.release_days,
        "hours": hours_label(record.hours),
        "hours_per_day": hours_label(record.hours_per_day),
        "reviews_completed": record.reviews_completed,
        "issued_on": _long(record.today),
    }
    return render_to_string("qa/cpd_certificate.html", context)


def cpd_certificate_pdf(record: CpdRecord) -> bytes:
    """Print the certificate with WeasyPrint. Only its own HTML is read: no URLs."""
    return pdf_from_html(cpd_certificate_html(record))
