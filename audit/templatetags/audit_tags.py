import re
from datetime import date

from django import template
from django.utils import dateformat

from audit.models import Event

register = template.Library()

LABELS = {
    "plan.viewed": "Record viewed",
    "plan.listed": "Record listed",
    "review.opened": "Review opened",
    "review.meeting_planned": "Meeting planned",
    "review.invitations_sent": "Invitations sent",
    "review.advice_circulated": "Advice circulated",
    "review.meeting_held": "Review meeting held",
    "review.report_received": "Report received",
    "review.decision_notified": "Decision notified",
    "review.amendment_notice_sent": "Proposed amendments sent",
    "review.final_plan_issued": "Final amended plan issued",
    "review.amendments_withdrawn": "Decided not to amend the plan after all",
    "review.post16_move_planned": "Planned move between post-16 institutions recorded",
    "review.concluded": "Review concluded",
    "review.plan_ceased": "Plan ceased",
    "assignment.created": "Assigned to a volunteer",
    "assignment.closed": "Volunteer assignment closed",
    "checklist.started": "QA checklist started",
    "checklist.submitted": "QA checklist submitted",
    "plan.officer_changed": "Moved to another case officer",
    "document.uploaded": "Document uploaded",
    "document.viewed": "Document viewed",
    "document.downloaded": "Document downloaded",
    "letter.generated": "Letter generated",
    "letter_template.changed": "Letter wording changed",
    "letter_template.restored": "Letter wording restored to the starting wording",
    "api.token_issued": "API token issued",
    "api.token_revoked": "API token revoked",
    "api.tokens_revoked": "Every API token revoked",
    "agreement.requested": "Release requested",
    "agreement.approve": "Release approved",
    "agreement.decline": "Release declined",
    "agreement.pause": "Release paused",
    "agreement.resume": "Release resumed",
    "agreement.end": "Release ended",
    "service.updated": "Local Offer service changed",
    "service.reviewed": "Local Offer service checked as correct",
    "feedback.handled": "Feedback handled",
    "sen_report.assessed": "SEN information report checked",
    "sen_reports.exported": "Schools' SEN information reports downloaded",
    "forecast_capacity.changed": "Default capacity for the backlog forecast changed",
    "deadline_rules.changed": "Warning window and priority weights changed",
    "setting.last_year_changed": "Last year of the setting's phase changed",
    "document.added": "Document added",
    "checklist.saved": "QA checklist saved",
    "checklist_template.copied": "QA checklist template copied",
    "checklist_template.activated": "QA checklist template put in use",
    "moderation.completed": "Moderation completed",
    "moderation.returned": "Checklist returned to the volunteer after moderation",
    "caseload.import_checked": "Caseload file checked",
    "caseload.import_refused": "Caseload file refused",
    "caseload.imported": "Caseload imported",
    "caseload.exported": "Caseload downloaded",
    "export.sen2": "SEN2 return downloaded",
    "export.board_numbers": "Board report figures downloaded",
    "export.board_report": "Board report downloaded",
    "board_report.requested": "Board report asked for",
    "localoffer.services_imported": "Local Offer services imported",
    "localoffer.service_import_refused": "Local Offer services file refused",
    "user.created": "Account created",
    "user.signed_in": "Signed in",
    "user.signed_out": "Signed out",
    "volunteer.invited": "Volunteer invited",
    "volunteer.joined": "Volunteer joined",
    "volunteer.interest_registered": "Interest in volunteering registered",
    "volunteer.interest_from_account_holder": (
        "Interest in volunteering registered by someone who already has an account"
    ),
    "volunteer.interest_accepted": "Interest in volunteering accepted",
    "volunteer.interest_declined": "Interest in volunteering declined",
    "cpd.certificate_downloaded": "CPD certificate downloaded",
}


@register.filter
def event_label(event: Event) -> str:
    """A plain-English title for an event; unknown actions read from their dotted name."""
    label = LABELS.get(event.action)
    if label is None:
        label = event.action.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return label


@register.filter
def detail_label(key: str) -> str:
    """`meeting_on` reads as "Meeting on"."""
    return key.replace("_", " ").capitalize()


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME = re.compile(r"^[a-z]+(?:_[a-z0-9]+)*$")


@register.filter
def detail_value(value: object) -> str:
    """A detail as a person reads it: "2026-11-20" as "20 November 2026", a stored name such
    as "amendments_withdrawn" as "Amendments withdrawn"; anything else as it was written."""
    text = str(value)
    if _ISO_DAY.match(text):
        try:
            return dateformat.format(date.fromisoformat(text), "j F Y")
        except ValueError:
            return text
    if _NAME.match(text):
        return text.replace("_", " ").capitalize()
    return text
