"""Schools' SEN information reports: a school's own check against Schedule 1 of the SEND
Regulations 2014 (regulation 51), and the council's view of compliance across its schools.

A school's status is one of three:
- not assessed: nobody at the school has checked its report here yet;
- incomplete: checked, but the report lacks a Schedule 1 item or its web address;
- complete: a published address, and every Schedule 1 item covered.

The rule lives twice on purpose, in the two shapes it is needed: `SenInformationReport.
is_complete` for one row, `COMPLETE` below for a whole queryset.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from localoffer.models import SenInformationReport, SenReportItem
from localoffer.selectors import sen_report_get_for_user
from organisation.models import Setting

URL_MAX_LENGTH = 500
ITEM_TOTAL = len(SenReportItem.values)

# What each item asks of the school, in the words of Schedule 1, for the school's checklist.
ITEM_GUIDANCE: dict[str, str] = {
    SenReportItem.KINDS_OF_SEN: "Paragraph 1: the kinds of special educational needs the school "
    "makes provision for.",
    SenReportItem.IDENTIFICATION: "Paragraph 2: the school's policies for identifying and "
    "assessing pupils with SEN (mainstream schools and maintained nursery schools).",
    SenReportItem.CONSULTING_PARENTS: "Paragraph 7: how the school consults parents of children "
    "with SEN about their child's education, and involves them in it.",
    SenReportItem.CONSULTING_PUPILS: "Paragraph 8: how the school consults young people with SEN "
    "about their education, and involves them in it.",
    SenReportItem.REVIEWING_PROGRESS: "Paragraph 3(b): the school's arrangements for assessing "
    "and reviewing the progress of pupils with SEN.",
    SenReportItem.TRANSITIONS: "Paragraph 12: how the school supports pupils with SEN moving "
    "between phases of education, and preparing for adulthood and independent living.",
    SenReportItem.TEACHING_APPROACH: "Paragraph 3(c): the school's approach to teaching pupils "
    "with SEN.",
    SenReportItem.ADAPTATIONS: "Paragraph 3(d): how the school adapts the curriculum and the "
    "learning environment for pupils with SEN.",
    SenReportItem.ADDITIONAL_SUPPORT: "Paragraph 3(e): the additional support for learning "
    "available to pupils with SEN.",
    SenReportItem.SENCO_CONTACT: "Paragraph 4: the name and contact details of the SEN "
    "co-ordinator (mainstream schools and maintained nursery schools).",
    SenReportItem.STAFF_EXPERTISE: "Paragraph 5: the expertise and training of staff in SEN, and "
    "how specialist expertise will be secured.",
    SenReportItem.EQUIPMENT: "Paragraph 6: how equipment and facilities to support pupils with "
    "SEN will be secured.",
    SenReportItem.EVALUATING: "Paragraph 3(a): how the school evaluates the effectiveness of its "
    "provision for pupils with SEN.",
    SenReportItem.INCLUSION: "Paragraph 3(f): how pupils with SEN take part in the school's "
    "activities, physical activities included, together with pupils who do not have SEN.",
    SenReportItem.EMOTIONAL_SOCIAL: "Paragraph 3(g): the support available for improving the "
    "emotional, mental and social development of pupils with SEN.",
    SenReportItem.HEALTH_SOCIAL_CARE: "Paragraph 10: how the governing body involves health and "
    "social care, local authority support services and voluntary organisations in meeting "
    "pupils' needs and supporting their families.",
    SenReportItem.PARENT_SUPPORT: "Paragraph 11: contact details of support services for parents "
    "of pupils with SEN, including the information, advice and support service (section 32 of "
    "the Children and Families Act 2014).",
    SenReportItem.COMPLAINTS: "Paragraph 9: how complaints from parents of pupils with SEN about "
    "the school's provision are handled.",
    SenReportItem.LOCAL_OFFER: "Paragraph 13: where the local authority's Local Offer is "
    "published.",
}


class ComplianceStatus(TextChoices):
    """Worked out from the report, never stored (see the module docstring)."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    INCOMPLETE = "incomplete", "Incomplete"
    COMPLETE = "complete", "Complete"


# Conditions over organisation.Setting rows, so that a list or a count needs no loop in Python.
ASSESSED = Q(sen_information_report__assessed_at__isnull=False)
COMPLETE = (
    ASSESSED
    & Q(sen_information_report__url__gt="")
    & Q(sen_information_report__items_met__contains=SenReportItem.values)
)


def sen_report_status(report: SenInformationReport) -> ComplianceStatus:
    if report.assessed_at is None:
        return ComplianceStatus.NOT_ASSESSED
    return ComplianceStatus.COMPLETE if report.is_complete else ComplianceStatus.INCOMPLETE


# --- Writing --------------------------------------------------------------------------------


def _valid_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(
            {"url": f"The web address must be {URL_MAX_LENGTH} characters or fewer"}
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as invalid:
        raise ValidationError(
            {
                "url": "Enter the web address of the report as it appears in a browser, "
                "starting with https://, like https://www.school.kent.sch.uk/send"
            }
        ) from invalid
    return url


def _valid_items(items_met: Iterable[str]) -> list[str]:
    chosen = set(items_met)
    unknown = sorted(chosen - set(SenReportItem.values))
    if unknown:
        raise ValidationError(
            {"items_met": f"These are not Schedule 1 items: {', '.join(unknown)}"}
        )
    # Kept in Schedule order, so that two checks of the same report store the same array.
    return [code for code in SenReportItem.values if code in chosen]


def sen_report_assess(
    *, user: User, setting_id: int, url: str, items_met: Iterable[str]
) -> SenInformationReport:
    """Record the school's own check of its report: its address and the Schedule 1 items it
    covers, who checked and when, with an event, all in one transaction.

    404 if the person may not see the school, 403 unless it is their own school; a bad
    address or an unknown item raises ValidationError keyed by field, and nothing is saved.
    """
    clean_url = _valid_url(url)
    codes = _valid_items(items_met)
    with transaction.atomic():
        sen_report_get_for_user(user, setting_id, write=True)
        report, _ = SenInformationReport.objects.select_for_update().get_or_create(
            setting_id=setting_id
        )
        before = set(report.items_met)
        report.url = clean_url
        report.items_met = codes
        report.assessed_by = user
        report.assessed_at = timezone.now()
        report.save()
        event_record(
            actor=user,
            action="sen_report.assessed",
            target=report,
            details={
                "url": clean_url,
                "items_met": len(codes),
                "items_total": ITEM_TOTAL,
                "added": [code for code in codes if code not in before],
                "removed": [code for code in SenReportItem.values if code in before - set(codes)],
                "status": sen_report_status(report),
            },
        )
    return report


# --- Reading the council's view --------------------------------------------------------------


COMPLIANCE_SORTS: dict[str, tuple[str, str]] = {
    # key: (column heading, field sorted on); ties fall back to the school's name and URN.
    "school": ("School", "name"),
    "area": ("Area", "area__name"),
    "items": ("Items covered", "items_covered"),
    "status": ("Status", "status_rank"),
    "assessed": ("Last assessed", "assessed_at"),
}


def compliance_rows(settings: QuerySet[Setting]) -> QuerySet[Setting]:
    """Each school with the figures of its report, as columns of the one query."""
    return settings.annotate(
        report_url=Coalesce(F("sen_information_report__url"), Value("")),
        report_items=F("sen_information_report__items_met"),
        assessed_at=F("sen_information_report__assessed_at"),
        assessed_by_name=F("sen_information_report__assessed_by__full_name"),
        items_covered=Coalesce(
            Func(
                F("sen_information_report__items_met"),
                function="cardinality",
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        status=Case(
            When(COMPLETE, then=Value(ComplianceStatus.COMPLETE)),
            When(ASSESSED, then=Value(ComplianceStatus.INCOMPLETE)),
            default=Value(ComplianceStatus.NOT_ASSESSED),
        ),
        status_rank=Case(
            When(COMPLETE, then=Value(2)),
            When(ASSESSED, then=Value(1)),
            default=Value(0),
        ),
    )


def compliance_filter(rows: QuerySet[Setting], *, status: str = "") -> QuerySet[Setting]:
    """Rows of `compliance_rows` with one status, or all of them."""
    return rows.filter(Q(status=status)) if status else rows


def compliance_sort(rows: QuerySet[Setting], key: str, *, descending: bool) -> QuerySet[Setting]:
    field = F(COMPLIANCE_SORTS[key][1])
    first = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
    return rows.order_by(first, "name", "urn")


@dataclass(frozen=True)
class ItemCoverage:
    code: str
    label: str
    schools: int


@dataclass(frozen=True)
class ComplianceSummary:
    schools: int
    assessed: int
    complete: int
    items: list[ItemCoverage]

    @property
    def incomplete(self) -> int:
        return self.assessed - self.complete

    @property
    def not_assessed(self) -> int:
        return self.schools - self.assessed


def compliance_summary(settings: QuerySet[Setting]) -> ComplianceSummary:
    """How many schools have checked their report, how many are complete, and how many cover
    each Schedule 1 item: one aggregate query, whatever the number of schools."""
    per_item: dict[str, Any] = {
        f"item_{code}": Count("pk", filter=Q(sen_information_report__items_met__contains=[code]))
        for code in SenReportItem.values
    }
    counts = settings.order_by().aggregate(
        schools=Count("pk"),
        assessed=Count("pk", filter=ASSESSED),
        complete=Count("pk", filter=COMPLETE),
        **per_item,
    )
    return ComplianceSummary(
        schools=counts["schools"],
        assessed=counts["assessed"],
        complete=counts["complete"],
        items=[
            ItemCoverage(item.value, item.label, counts[f"item_{item.value}"])
            for item in SenReportItem
        ],
    )
