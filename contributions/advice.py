"""Advice requests to professionals: who may ask, the rules of a request, receiving the
advice from a signed link, and the reminders (DESIGN section 9; docs/decisions/0021).

The school's pages and the case page both ask through `advice_request_create`; whether the
asker may is `advice_request_may_create`, the one hook for it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import DateField, ExpressionWrapper, F, Q
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from casework.selectors import plan_may_change
from common.dates import long_date
from common.notices import notice_send
from contributions.advice_models import (
    ADVICE_TEXT_MAX_CHARS,
    AdviceRequest,
    AdviceService,
)
from contributions.selectors import school_review_may_change
from documents.models import Document, DocumentKind
from documents.services import document_content_type, document_size_check, document_store
from reviews import statutory
from reviews.models import Review, ReviewStatus
from reviews.transitions import CIRCULATE_ADVICE

REMINDER_DAYS_BEFORE = 5
ADVICE_FILES_MAX = 5


def advice_request_may_create(user: User, review: Review) -> bool:
    """Who may ask a professional for advice on a review, while it is open: whoever works the
    review (a case officer of its area or a manager, casework.selectors.plan_may_change), and
    the staff of the plan's current school (contributions.selectors.school_review_may_change)."""
    if review.status == ReviewStatus.CONCLUDED:
        return False
    return plan_may_change(user, review.plan) or school_review_may_change(user, review)


def advice_may_circulate(review: Review, requests: Sequence[AdviceRequest]) -> bool:
    """Whether recording the advice circulated is offered: all the advice asked for is in, it
    has not been recorded yet, and the step's own rule lets it follow now."""
    return (
        advice_all_in(requests)
        and review.advice_circulated_on is None
        and CIRCULATE_ADVICE.is_open_for(review)
    )


def advice_latest_due_on(review: Review) -> date | None:
    """The last day advice may be due: 2 weeks before the planned meeting (reg 20(4)); None
    while no meeting is planned."""
    if review.meeting_planned_on is None:
        return None
    return statutory.advice_due(meeting_on=review.meeting_planned_on)


def advice_due_on_hint(review: Review) -> str:
    """The due date's hint on the request form: the latest day, and an example of it."""
    latest = advice_latest_due_on(review)
    if latest is None or review.meeting_planned_on is None:
        return ""
    return (
        f"By {long_date(latest)} at the latest: {statutory.ADVICE_WEEKS_BEFORE} weeks before "
        f"the meeting planned for {long_date(review.meeting_planned_on)}. "
        f"For example, {latest:%-d %-m %Y}"
    )


def advice_due_on_check(review: Review, due_on: date) -> None:
    """A due date the professional can meet and the meeting can use, or a ValidationError."""
    latest = advice_latest_due_on(review)
    if latest is None:
        raise ValidationError(
            {
                "due_on": "Plan the review meeting first: advice is due at least "
                f"{statutory.ADVICE_WEEKS_BEFORE} weeks before it."
            }
        )
    if due_on > latest:
        raise ValidationError(
            {
                "due_on": f"The advice must be due by {long_date(latest)}, at least "
                f"{statutory.ADVICE_WEEKS_BEFORE} weeks before the meeting planned for "
                f"{long_date(review.meeting_planned_on)}."  # type: ignore[arg-type]
            }
        )
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": "The date the advice is due cannot be in the past."})


def advice_request_create(
    *,
    review: Review,
    by: User,
    name: str,
    email: str,
    service: AdviceService,
    question: str,
    due_on: date,
) -> AdviceRequest:
    """Ask one professional for advice on the review and email them a link to give it."""
    if not advice_request_may_create(by, review):
        raise PermissionDenied("You may not ask for advice on this review.")
    advice_due_on_check(review, due_on)
    with transaction.atomic():
        request = AdviceRequest.objects.create(
            review=review,
            name=name.strip(),
            email=email.strip(),
            service=service,
            question=question.strip(),
            due_on=due_on,
            requested_by=by,
        )
        event_record(
            actor=by,
            action="advice.requested",
            target=review,
            details={
                "request": request.pk,
                "name": request.name,
                "service": service,
                "due_on": due_on.isoformat(),
            },
        )
        transaction.on_commit(lambda: _email(request, "requested"), robust=True)
    return request


def advice_request_list(review: Review) -> list[AdviceRequest]:
    return list(review.advice_requests.prefetch_related("documents").order_by("due_on", "id"))


def advice_asked_for(reviews: Sequence[Review]) -> set[int]:
    """The ids of those of `reviews` for which any advice has been asked (one query)."""
    return set(AdviceRequest.objects.filter(review__in=reviews).values_list("review_id", flat=True))


def advice_overdue_by_review(reviews: Sequence[Review], today: date) -> dict[int, list[str]]:
    """The professionals whose advice is overdue, by review, for a list of reviews."""
    overdue: dict[int, list[str]] = {}
    for review_id, name in (
        AdviceRequest.objects.overdue(today)
        .filter(review__in=reviews)
        .order_by("due_on", "id")
        .values_list("review_id", "name")
    ):
        overdue.setdefault(review_id, []).append(name)
    return overdue


def advice_all_in(requests: Sequence[AdviceRequest]) -> bool:
    """Every advice asked for has come: there was some, and none is awaited."""
    return bool(requests) and all(r.received_at is not None for r in requests)


def advice_link_opened(request: AdviceRequest) -> None:
    """Opening the link shows part of a child's record: an event, like any read."""
    event_record(
        actor=None,
        action="advice.link_opened",
        target=request.review,
        details={"request": request.pk, "name": request.name},
    )


@dataclass(frozen=True)
class AdviceFile:
    name: str
    data: bytes


def advice_files_read(uploads: Sequence[UploadedFile]) -> list[AdviceFile]:
    """Check every file before any is kept, so that one bad file saves nothing."""
    if len(uploads) > ADVICE_FILES_MAX:
        raise ValidationError({"attachments": f"Select {ADVICE_FILES_MAX} files or fewer."})
    files = []
    for upload in uploads:
        try:
            document_size_check(upload.size or 0)
            data = upload.read()
            document_content_type(data)
        except ValidationError as error:
            raise ValidationError(
                {"attachments": f"{upload.name}: {' '.join(error.messages)}"}
            ) from None
        files.append(AdviceFile(upload.name or "advice", data))
    return files


def advice_receive(*, request_id: int, advice: str, files: Sequence[AdviceFile]) -> AdviceRequest:
    """Keep the professional's advice and files with the review, once. The request is locked
    and checked again, so two submissions of one link keep one."""
    text = advice.strip()
    if not text and not files:
        raise ValidationError({"advice": "Enter your advice, or attach a file with it."})
    if len(text) > ADVICE_TEXT_MAX_CHARS:
        raise ValidationError(
            {"advice": f"Your advice must be {ADVICE_TEXT_MAX_CHARS:,} characters or fewer."}
        )
    stored: list[Document] = []
    try:
        with transaction.atomic():
            request = (
                AdviceRequest.objects.select_for_update()
                .select_related("review", "review__plan")
                .get(pk=request_id)
            )
            if request.received_at is not None or request.review.status == ReviewStatus.CONCLUDED:
                raise ValidationError("This advice has already been received.")
            for file in files:
                stored.append(
                    document_store(
                        plan=request.review.plan,
                        review=request.review,
                        kind=DocumentKind.ADVICE,
                        title=f"{request.get_service_display()} advice from {request.name}",
                        filename=file.name,
                        data=file.data,
                        actor=None,
                    )
                )
            request.advice = text
            request.received_at = timezone.now()
            request.save(update_fields=["advice", "received_at"])
            request.documents.add(*stored)
            event_record(
                actor=None,
                action="advice.received",
                target=request.review,
                details={
                    "request": request.pk,
                    "name": request.name,
                    "service": request.service,
                    "files": len(stored),
                    **({"late": "yes"} if timezone.localdate() > request.due_on else {}),
                },
            )
    except BaseException:
        for document in stored:
            document.file.delete(save=False)
        raise
    return request


LINK_RENEWAL_INTERVAL = timedelta(days=1)


def advice_link_renew(*, request_id: int) -> bool:
    """Email a fresh link to the professional's own address, for an expired one; at most once
    a day, so the page cannot be used to flood their inbox. Whether one was sent."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            AdviceRequest.objects.awaited()
            .filter(pk=request_id)
            .exclude(review__status=ReviewStatus.CONCLUDED)
            .filter(
                Q(link_renewed_at__isnull=True) | Q(link_renewed_at__lt=now - LINK_RENEWAL_INTERVAL)
            )
            .update(link_renewed_at=now)
        )
        if not claimed:
            return False
        request = AdviceRequest.objects.select_related("review").get(pk=request_id)
        event_record(
            actor=None,
            action="advice.link_renewed",
            target=request.review,
            details={"request": request.pk, "name": request.name},
        )
        transaction.on_commit(lambda: _email(request, "renewed"), robust=True)
    return True


# Reminders ------------------------------------------------------------------------------------

# The reminders in words, as the case page's timeline names them.
ADVICE_REMINDERS = {
    "before": f"{REMINDER_DAYS_BEFORE} days before the due date",
    "on_due": "On the due date",
}
REMINDERS = {
    # kind: (the field that claims it, which awaited requests are due one on `today`)
    "before": "reminded_before_at",
    "on_due": "reminded_on_due_at",
}


def _reminder_window(kind: str, today: date) -> Q:
    if kind == "before":
        # From 5 days before the due date until the day before it, for requests sent before
        # that (a request sent 3 days before its due date needs no reminder yet).
        return Q(
            due_on__gt=today,
            due_on__lte=today + timedelta(days=REMINDER_DAYS_BEFORE),
            sent_at__date__lte=ExpressionWrapper(
                F("due_on") - timedelta(days=REMINDER_DAYS_BEFORE), output_field=DateField()
            ),
        )
    return Q(due_on__lte=today, sent_at__date__lt=F("due_on"))


def advice_reminders_send(*, today: date | None = None) -> int:
    """Email each professional whose advice is awaited on the reminder days: 5 days before the
    due date and on it, each with a fresh link. A reminder is claimed by a conditional update
    before it is sent, so running this twice (or two workers at once) never sends one twice."""
    today = today or timezone.localdate()
    sent = 0
    for kind, field in REMINDERS.items():
        with transaction.atomic():
            claimable = (
                AdviceRequest.objects.awaited()
                .filter(_reminder_window(kind, today), **{f"{field}__isnull": True})
                .exclude(review__status=ReviewStatus.CONCLUDED)
            )
            ids = list(claimable.select_for_update(skip_locked=True).values_list("pk", flat=True))
            AdviceRequest.objects.filter(pk__in=ids, **{f"{field}__isnull": True}).update(
                **{field: timezone.now()}
            )
            claimed = list(AdviceRequest.objects.filter(pk__in=ids).select_related("review"))
            for request in claimed:
                event_record(
                    actor=None,
                    action="advice.reminded",
                    target=request.review,
                    details={"request": request.pk, "name": request.name, "reminder": kind},
                )
                transaction.on_commit(
                    lambda request=request, kind=kind: _email(request, kind),  # type: ignore[misc]
                    robust=True,
                )
        sent += len(claimed)
    return sent


SUBJECTS = {
    "requested": "Advice requested for an annual review, due {due}",
    "before": "Reminder: advice for an annual review is due on {due}",
    "on_due": "Advice for an annual review is due on {due}",
    "renewed": "A new link to give your advice for an annual review, due {due}",
}


def _email(request: AdviceRequest, kind: str) -> None:
    from contributions.advice_links import ADVICE_LINK_MAX_AGE, advice_link_url

    notice_send(
        SUBJECTS[kind].format(due=long_date(request.due_on)),
        "contributions/email/advice_request.txt",
        {
            "request": request,
            "kind": kind,
            "initials": advice_child_initials(request.review),
            "due": long_date(request.due_on),
            "link_url": advice_link_url(request),
            "link_days": ADVICE_LINK_MAX_AGE.days,
            "weeks_before": statutory.ADVICE_WEEKS_BEFORE,
        },
        [request.email],
    )


def advice_child_initials(review: Review) -> str:
    child = review.plan.child
    return f"{child.forename[:1]}{child.surname[:1]}".upper()
