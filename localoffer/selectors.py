"""Who may see and change Local Offer records, and the one search that the public pages
and the Open Referral feed share.

- Services: the public finds the listed ones (`service_listed`: running, or closed for a
  while), in the search and the Open Referral feed alike. An
  editor sees and changes the services they own; a manager sees every service and changes
  none on the pages, but may import a file of services for any editor; nobody else sees
  any (404).
- Feedback: an editor sees what was sent about their own services and about pages that are
  not a service; a manager sees all of it.
- SEN information reports: a school's SENCO (volunteer) and headteacher see and change
  their own school's; managers and Local Offer editors see every school's but change none.
- Uploaded files of services (import jobs): only the person who uploaded one sees it.
"""

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from localoffer.models import (
    Feedback,
    SenInformationReport,
    Service,
    ServiceAtLocation,
    ServiceImportJob,
    ServiceStatus,
    TaxonomyTerm,
)
from localoffer.spelling import WORD
from organisation.models import Setting

# Services families can still find, so their owners must keep them current.
PUBLISHED_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)

SCHOOL_REPORT_WRITERS = frozenset({Role.VOLUNTEER, Role.HEADTEACHER})
SCHOOL_REPORT_READERS = frozenset({Role.MANAGER, Role.LOCALOFFER_EDITOR})


def service_listed() -> QuerySet[Service]:
    """The services the Local Offer lists: the one rule for the public search and the Open
    Referral feed's lists, so that both count the same services. A temporarily closed service
    stays listed (marked as closed) because families still need to know it exists; inactive
    and defunct services are not listed."""
    return Service.objects.filter(status__in=PUBLISHED_STATUSES).select_related("organization")


def service_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """`services` with everything a service page or the feed's full service shows, fetched in
    a fixed number of queries."""
    return services.select_related("organization").prefetch_related(
        "contacts",
        "schedules",
        "cost_options",
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by(
                "location__name", "id"
            ),
        ),
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
    )


def service_public_get(pk: UUID) -> Service:
    """A service's public page: published services only. A temporarily closed service keeps
    its page (with a notice) so that links to it still work; the rest are gone (404)."""
    published = Service.objects.filter(status__in=PUBLISHED_STATUSES).defer("search_vector")
    return get_object_or_404(service_details(published), pk=pk)


def service_past_review(today: date) -> Q:
    """Published services whose review-by date has passed: the editors' queue and the
    weekly reminders both use this rule."""
    return Q(review_by__lt=today, status__in=PUBLISHED_STATUSES)


def service_search(
    services: QuerySet[Service],
    *,
    words: str = "",
    term_ids: Iterable[UUID] = (),
    age: int | None = None,
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    corrections: dict[str, str] | None = None,
) -> QuerySet[Service]:
    """Narrow `services` by words (ranked, English stemming), taxonomy terms (a service must
    carry every term given), an age the service must cover, or an age range it must fall in.

    A service with no age limits covers every age. `minimum_age` and `maximum_age` follow
    the Open Referral UK profile: services whose own minimum is at least `minimum_age`,
    and whose own maximum is at most `maximum_age`. `corrections` (from
    `localoffer.spelling.corrected_words`) lets each misspelt word match its correction too.
    """
    for term_id in term_ids:
        services = services.filter(terms__id=term_id)
    if age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    words = words.strip()
    if words:
        query = _words_query(words, corrections or {})
        services = (
            services.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "name", "id")
        )
    else:
        services = services.order_by("name", "id")
    return services


def _words_query(words: str, corrections: dict[str, str]) -> SearchQuery:
    if not corrections:
        return SearchQuery(words, search_type="websearch", config="english")
    query: SearchQuery | None = None
    for word in WORD.findall(words):
        either = SearchQuery(word, config="english")
        if word.lower() in corrections:
            either |= SearchQuery(corrections[word.lower()], config="english")
        query = either if query is None else query & either
    assert query is not None  # a correction is made only of a word found in `words`
    return query


def service_list_for_user(user: User) -> QuerySet[Service]:
    services = Service.objects.select_related("organization", "owner")
    if user.role == Role.LOCALOFFER_EDITOR:
        return services.filter(owner=user)
    if user.role == Role.MANAGER:
        return services
    return services.none()


def service_get_for_user(user: User, pk: UUID | str, *, write: bool = False) -> Service:
    """The service, if the person may see it (404 otherwise); with `write`, 403 unless
    they may also change it."""
    try:
        service = service_list_for_user(user).get(pk=pk)
    except (Service.DoesNotExist, ValueError) as missing:
        raise Http404("No such service.") from missing
    if write and not service_may_change(user, service):
        raise PermissionDenied
    return service


def service_may_change(user: User, service: Service) -> bool:
    return user.role == Role.LOCALOFFER_EDITOR and service.owner_id == user.pk


def service_import_only_own(user: User) -> bool:
    """Whether an import by this person may only create and change services they keep
    themselves (an editor); a manager imports for any editor."""
    return user.role != Role.MANAGER


def service_import_job_get_for_user(user: User, pk: UUID) -> ServiceImportJob:
    """An uploaded file of services and its outcome, for the person who uploaded it; 404 for
    anyone else, managers included, and once it is cancelled."""
    job = ServiceImportJob.objects.filter(pk=pk, uploaded_by=user).first()
    if job is None:
        raise Http404("No such import: it may have been cancelled. Upload the file again.")
    return job


def feedback_list_for_user(user: User) -> QuerySet[Feedback]:
    feedback = Feedback.objects.select_related("service__organization", "handled_by")
    if user.role == Role.LOCALOFFER_EDITOR:
        return feedback.filter(Q(service__isnull=True) | Q(service__owner=user))
    if user.role == Role.MANAGER:
        return feedback
    return feedback.none()


def feedback_get_for_user(user: User, pk: int, *, write: bool = False) -> Feedback:
    """Feedback the person may see (404 otherwise). Editors may mark what they see as
    handled; managers only read (403)."""
    try:
        item = feedback_list_for_user(user).get(pk=pk)
    except Feedback.DoesNotExist as missing:
        raise Http404("No such feedback.") from missing
    if write and not feedback_may_handle(user):
        raise PermissionDenied
    return item


def feedback_may_handle(user: User) -> bool:
    """Editors mark the feedback they see as handled; managers only read it."""
    return user.role == Role.LOCALOFFER_EDITOR


def sen_report_setting_list_for_user(user: User) -> QuerySet[Setting]:
    """Schools whose SEN information report the person may see."""
    settings = Setting.objects.select_related("sen_information_report", "area")
    if user.role in SCHOOL_REPORT_READERS:
        return settings
    if user.role in SCHOOL_REPORT_WRITERS and user.setting_id is not None:
        return settings.filter(pk=user.setting_id)
    return settings.none()


def sen_report_get_for_user(
    user: User, setting_id: int, *, write: bool = False
) -> SenInformationReport:
    """The school's report (an empty, unsaved one if it has none yet), 404 if the person
    may not see the school, 403 with `write` unless it is their own school."""
    try:
        setting = sen_report_setting_list_for_user(user).get(pk=setting_id)
    except Setting.DoesNotExist as missing:
        raise Http404("No such school.") from missing
    if write and not (user.role in SCHOOL_REPORT_WRITERS and user.setting_id == setting.pk):
        raise PermissionDenied
    try:
        return setting.sen_information_report
    except SenInformationReport.DoesNotExist:
        return SenInformationReport(setting=setting)
