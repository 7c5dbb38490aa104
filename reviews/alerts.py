"""The daily digest: one email per case officer listing what became due or overdue."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from casework.selectors import in_visible_areas
from common.notices import notice_send
from reviews.models import IS_OPEN_FROM_ALERT, Alert, AlertKind, DigestDelivery


def alert_list_for_user(user: User) -> QuerySet[Alert]:
    """Alerts on open reviews the person may see: their areas' for a case officer."""
    alerts = Alert.objects.select_related("review", "review__plan", "review__plan__area").filter(
        IS_OPEN_FROM_ALERT
    )
    return in_visible_areas(user, alerts, area_field="review__plan__area")


def alert_get_for_user(user: User, pk: int) -> Alert:
    """An alert the person may see, and so work (a case officer of its area or a manager),
    or 404."""
    alert = alert_list_for_user(user).filter(pk=pk).first()
    if alert is None:
        raise Http404("No such notification.")
    return alert


def _alert_details(alert: Alert) -> dict[str, str]:
    return {
        "alert": str(alert.pk),
        "step": alert.step,
        "kind": alert.kind,
        "due_on": alert.due_on.isoformat(),
    }


def alert_mark_done(*, actor: User, alert: Alert) -> None:
    """Take the alert off the worklist for good; an event on the review's record."""
    with transaction.atomic():
        Alert.objects.filter(pk=alert.pk).update(
            done_at=timezone.now(), snoozed_until=None, handled_by=actor
        )
        event_record(
            actor=actor, action="alert.done", target=alert.review, details=_alert_details(alert)
        )


def alert_snooze(*, actor: User, alert: Alert, until: date) -> None:
    """Take the alert off the worklist until `until`, when it comes back."""
    with transaction.atomic():
        Alert.objects.filter(pk=alert.pk).update(snoozed_until=until, handled_by=actor)
        event_record(
            actor=actor,
            action="alert.snoozed",
            target=alert.review,
            details={**_alert_details(alert), "until": until.isoformat()},
        )


def alert_digest_send(officer: User, *, today: date) -> int:
    """Send today's digest to one officer, once; returns how many alerts it listed."""
    with transaction.atomic():
        claim, created = DigestDelivery.objects.get_or_create(
            officer=officer, digest_on=today, defaults={"alert_count": 0}
        )
        if not created:
            return 0
        previous = (
            DigestDelivery.objects.filter(officer=officer, digest_on__lt=today)
            .order_by("-digest_on")
            .first()
        )
        since = (
            previous.sent_at
            if previous
            else datetime.min.replace(tzinfo=timezone.get_current_timezone())
        )
        # The page's worklist, of what is new since the last digest: raised since, or back
        # from a snooze since.
        came_back = Q(snoozed_until__gt=since.date(), snoozed_until__lte=today)
        alerts = list(
            Alert.objects.to_do(officer, today)
            .filter(Q(raised_at__gt=since) | came_back)
            .order_by("review__due_on", "step")
        )
        if alerts:
            context = {
                "officer": officer,
                "overdue": [a for a in alerts if a.kind == AlertKind.OVERDUE],
                "due_soon": [a for a in alerts if a.kind == AlertKind.DUE_SOON],
                "family_waiting": [a for a in alerts if a.kind == AlertKind.FAMILY_WAITING],
                "today": today,
            }
            # A digest the mail server refuses is retried by the notification layer.
            notice_send(
                f"EHCP reviews: {len(alerts)} deadlines need attention ({today:%-d %B %Y})",
                "reviews/email/digest.txt",
                context,
                [officer.email],
                html_template="reviews/email/digest.html",
            )
        claim.alert_count = len(alerts)
        claim.save(update_fields=["alert_count"])
    return len(alerts)


def alert_digests_send(*, today: date | None = None) -> int:
    """Send every active case officer their digest for today; safe to run twice."""
    today = today or timezone.localdate()
    sent = 0
    for officer in User.objects.filter(role=Role.CASE_OFFICER, is_active=True):
        sent += bool(alert_digest_send(officer, today=today))
    return sent
