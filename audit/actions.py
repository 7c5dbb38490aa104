"""Every action kentsend writes to the event log: its stored name, its words for people and
what its details hold.

`audit.services.event_record` refuses a name that is not here, so a new action cannot reach
the log without a label for the timeline. The names are the strings stored in
`Event.action`: history and its filters hold them, so a name is added, never renamed.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    details: str


_REVIEW_STEP = "The review's status after the step and"
_AGREEMENT_DECISION = (
    "The status before and after (from, to), how it was decided (via: site, email link or "
    "resume date), the reason if one was given, the resume date of a pause and the emailed "
    "link's id if one was used."
)

ACTIONS: tuple[Action, ...] = (
    # Accounts and API tokens
    Action(
        "user.created",
        "Account created",
        "The account's role, the names of its areas and its school's URN.",
    ),
    Action("user.signed_in", "Signed in", "Nothing."),
    Action("user.signed_out", "Signed out", "Nothing."),
    Action("user.sign_in_code_sent", "Sign-in code emailed", "Nothing."),
    Action(
        "user.sign_in_code_blocked",
        "Sign-in code not sent: too many wrong codes",
        "Nothing.",
    ),
    Action(
        "user.sign_in_code_refused",
        "Sign-in code refused",
        "Why (why): expired, used, or ended by wrong tries.",
    ),
    Action("user.sign_in_code_ended", "Sign-in code ended by wrong tries", "Nothing."),
    Action(
        "family.page_read",
        "Family member read a page",
        "The page's address (path) and name (page).",
    ),
    Action(
        "user.phone_changed",
        "Phone number changed",
        "The phone number before and after (from, to).",
    ),
    Action("api.token_issued", "API token issued", "The first 8 characters of the token."),
    Action(
        "api.token_revoked",
        "API token revoked",
        "The first 8 characters of the token and why it was revoked.",
    ),
    Action(
        "api.tokens_revoked",
        "Every API token revoked",
        "How many tokens were revoked and why.",
    ),
    # Plans: reads and moves
    Action(
        "plan.viewed",
        "Record viewed",
        "Where it was read: the page (case, volunteer review) or via the API.",
    ),
    Action(
        "plan.listed",
        "Record listed",
        "Where it was listed (a page, or the API and the query asked) and the plan references listed.",
    ),
    Action(
        "plan.searched",
        "Record found by a search",
        "The words searched for and the plan references the results listed.",
    ),
    # Notifications: an officer working through the deadlines that need attention
    Action(
        "alert.done",
        "Notification marked as done",
        "The notification's step, kind (due soon or overdue) and deadline.",
    ),
    Action(
        "alert.snoozed",
        "Notification snoozed",
        "The notification's step, kind and deadline, and the date it comes back.",
    ),
    Action(
        "child.contact_changed",
        "Parent or carer's contact details changed",
        "Which of the name and address lines changed (changed), never their values.",
    ),
    Action(
        "plan.officer_changed",
        "Moved to another case officer",
        "The ids of the case officer before and after (from, to) and the new officer's name.",
    ),
    Action(
        "setting.last_year_changed",
        "Last year of the setting's phase changed",
        "The last year of the phase before and after, and how many reviews were recomputed.",
    ),
    Action("setting.created", "School added", "Its URN, name and area team."),
    Action(
        "setting.changed",
        "School's details changed",
        "Each changed detail before and after, and how many reviews were recomputed if its "
        "phase changed.",
    ),
    # Staff and area teams, managed by managers
    Action(
        "staff.invited",
        "Member of staff invited",
        "The role, the names of the area teams and the email address invited.",
    ),
    Action("staff.invited_again", "Member of staff sent a new invitation link", "Nothing."),
    Action("staff.joined", "Member of staff set their password", "Nothing."),
    Action(
        "staff.changed",
        "Member of staff's role or area teams changed",
        "The role and the area teams' names, before and after.",
    ),
    Action(
        "staff.switched_off",
        "Member of staff switched off",
        "How many open reviews they were case officer of.",
    ),
    Action(
        "staff.switched_on",
        "Member of staff switched back on",
        "How many open reviews they were case officer of.",
    ),
    # Schools' staff lists (DESIGN section 9)
    Action(
        "school_staff.added",
        "Added to a school's staff",
        "The school's URN and name, the job, and whether an invitation was emailed.",
    ),
    Action(
        "school_staff.removed",
        "Removed from a school's staff",
        "The school's URN and name and the job they held.",
    ),
    Action("school_staff.joined", "Member of a school's staff set their password", "Nothing."),
    # Families invited to follow a plan by its case officer (DESIGN section 9)
    Action(
        "family.invited",
        "Family member invited",
        "Their relationship to the child, the id of their account and whether it was new.",
    ),
    Action(
        "family.removed",
        "Family member removed",
        "Their relationship to the child and the id of their account.",
    ),
    Action(
        "school.step_recorded",
        "Step recorded by the school",
        "The step, its date, and the school's URN and name.",
    ),
    Action(
        "school_report.started",
        "School started the annual review report",
        "The school's URN and name.",
    ),
    Action(
        "school_report.submitted",
        "School submitted the annual review report",
        "The date, the school's URN and name, and whether it was submitted again after a return.",
    ),
    Action(
        "school_report.returned",
        "Annual review report returned to the school",
        "The reason and the school's name.",
    ),
    Action("area_team.created", "Area team added", "Its name."),
    Action("area_team.renamed", "Area team renamed", "Its name before and after."),
    Action(
        "area_team.districts_changed",
        "Area team's districts changed",
        "The districts it serves before and after (new schools of the register join it).",
    ),
    # Caseload files
    Action(
        "caseload.import_checked",
        "Caseload file checked",
        "The file's name and SHA-256, and how many rows were new, changed, unchanged or in error.",
    ),
    Action(
        "caseload.import_refused",
        "Caseload file refused",
        "The file's name and SHA-256, and why it was refused.",
    ),
    Action(
        "schools.imported",
        "Schools register imported",
        "The file's name and SHA-256, its local authority code, and how many schools were new, "
        "changed, unchanged or newly closed.",
    ),
    Action(
        "caseload.imported",
        "Caseload imported",
        "The file's name and SHA-256, and how many rows were new, changed, unchanged or in error.",
    ),
    Action(
        "caseload.exported",
        "Caseload downloaded",
        "The file's name and the filters used (and, for a spreadsheet, its number of rows "
        "and SHA-256), recorded before the first row is sent.",
    ),
    Action(
        "caseload.export_sent",
        "Caseload download sent",
        "The CSV file's name, number of rows, size and SHA-256, once its last row has been sent.",
    ),
    # Reviews: the statutory steps (reviews.services records each as review.<step>)
    Action("review.opened", "Review opened", "The date the review is due."),
    Action(
        "review.meeting_planned",
        "Meeting planned",
        f"{_REVIEW_STEP} the date the meeting is planned for.",
    ),
    Action(
        "review.invitations_sent",
        "Invitations sent",
        f"{_REVIEW_STEP} the date the invitations were sent.",
    ),
    Action(
        "review.advice_circulated",
        "Advice circulated",
        f"{_REVIEW_STEP} the date the advice was circulated.",
    ),
    Action(
        "review.meeting_held",
        "Review meeting held",
        f"{_REVIEW_STEP} the date of the meeting.",
    ),
    Action(
        "review.report_received",
        "Report received",
        f"{_REVIEW_STEP} the date the report was received.",
    ),
    Action(
        "review.decision_notified",
        "Decision notified",
        f"{_REVIEW_STEP} the decision (maintain, amend or cease) and the date it was notified.",
    ),
    Action(
        "review.amendment_notice_sent",
        "Proposed amendments sent",
        f"{_REVIEW_STEP} the date the notice of proposed amendments was sent.",
    ),
    Action(
        "review.final_plan_issued",
        "Final amended plan issued",
        f"{_REVIEW_STEP} the date the final amended plan was issued.",
    ),
    Action(
        "review.amendments_withdrawn",
        "Decided not to amend the plan after all",
        f"{_REVIEW_STEP} the date of the decision and its reasons.",
    ),
    Action(
        "review.post16_move_planned",
        "Planned move between post-16 institutions recorded",
        f"{_REVIEW_STEP} the date of the planned move.",
    ),
    Action(
        "review.concluded",
        "Review concluded",
        f"{_REVIEW_STEP} the date it concluded.",
    ),
    Action(
        "review.plan_ceased",
        "Plan ceased",
        f"{_REVIEW_STEP} the date the plan ceased and why.",
    ),
    Action(
        "deadline_rules.changed",
        "Warning window and priority weights changed",
        "Each changed rule as [before, after].",
    ),
    Action(
        "forecast_capacity.changed",
        "Default capacity for the backlog forecast changed",
        "The area's name and its reviews per officer per week as [before, after].",
    ),
    # Documents and letters
    Action(
        "document.added",
        "Document added",
        "The document's id, title and kind.",
    ),
    Action("document.viewed", "Document viewed", "The document's id and title."),
    Action("document.downloaded", "Document downloaded", "The document's id and title."),
    Action(
        "letter_template.changed",
        "Letter wording changed",
        "Which parts of the wording changed (subject, body).",
    ),
    Action(
        "letter_template.restored",
        "Letter wording restored to the starting wording",
        "The decision whose letter it is.",
    ),
    # Families told before a statutory deadline is missed (contributions.deadline_notices)
    Action(
        "deadline_notice.recorded",
        "Reason and new date recorded for a step that will be late",
        "The step, its statutory last day, the new expected date and whether anyone in the "
        "family follows the plan online.",
    ),
    Action(
        "deadline_notice.family_told",
        "Family told a deadline will be missed",
        "The step, its statutory last day, the new expected date if one was given, whether "
        "the officer's reason was given and how many family members were emailed.",
    ),
    Action(
        "deadline_notice.reason_told",
        "Family told why a deadline was missed",
        "The step, its statutory last day, the new expected date and how many family members "
        "were emailed.",
    ),
    # Advice requests to professionals (contributions.advice)
    Action(
        "advice.requested",
        "Advice requested from a professional",
        "The request's id, the professional's name, their service and the due date.",
    ),
    Action(
        "advice.link_opened",
        "Advice request opened by the professional from the emailed link",
        "The request's id and the professional's name.",
    ),
    Action(
        "advice.received",
        "Advice received from a professional",
        "The request's id, the professional's name and service, how many files came with it "
        "and whether it came after the due date.",
    ),
    Action(
        "advice.link_renewed",
        "New advice link emailed to the professional, whose link had expired",
        "The request's id and the professional's name.",
    ),
    Action(
        "advice.reminded",
        "Professional reminded that advice is due",
        "The request's id, the professional's name and which reminder (before: 5 days before "
        "the due date; on_due: on it).",
    ),
    # The family's views before the meeting and their questions (contributions.family_views,
    # contributions.family_questions)
    Action(
        "family_views.given",
        "Views given before the meeting",
        "Whose views (parent or child), how they came (online, paper, phone, advocate, in "
        "person) and whether they were changed after first being given.",
    ),
    Action(
        "family_views.file_added",
        "File added to the views given before the meeting",
        "Whose views (parent or child), the document's id and its title.",
    ),
    Action(
        "family_question.asked",
        "Question from the family to the case officer",
        "The question's id, how it came and the last day to answer it on time.",
    ),
    Action(
        "family_question.answered",
        "Family's question answered",
        "The question's id and whether the answer came after the last day to answer on time.",
    ),
    # Volunteers, their assignments and release agreements
    Action(
        "volunteer.invited",
        "Volunteer invited",
        "The school's URN and the email address invited.",
    ),
    Action("volunteer.joined", "Volunteer joined", "The date the volunteer was trained."),
    Action(
        "volunteer.interest_registered",
        "Interest in volunteering registered",
        "The school's URN.",
    ),
    Action(
        "volunteer.interest_from_account_holder",
        "Interest in volunteering registered by someone who already has an account",
        "Nothing: the event's target is the account.",
    ),
    Action(
        "volunteer.interest_accepted",
        "Interest in volunteering accepted",
        "Nothing.",
    ),
    Action(
        "volunteer.interest_declined",
        "Interest in volunteering declined",
        "The reason given.",
    ),
    Action(
        "assignment.created",
        "Assigned to a volunteer",
        "The volunteer's id and name and the release day.",
    ),
    Action(
        "assignment.closed",
        "Volunteer assignment closed",
        "The volunteer's id and why the assignment was closed.",
    ),
    Action(
        "agreement.requested",
        "Release requested",
        "The weekday, the first day and the number of weeks asked for.",
    ),
    Action("agreement.approve", "Release approved", _AGREEMENT_DECISION),
    Action("agreement.decline", "Release declined", _AGREEMENT_DECISION),
    Action("agreement.pause", "Release paused", _AGREEMENT_DECISION),
    Action("agreement.resume", "Release resumed", _AGREEMENT_DECISION),
    Action("agreement.end", "Release ended", _AGREEMENT_DECISION),
    Action(
        "school_holiday.added",
        "School holiday added",
        "The holiday's name and its first and last days.",
    ),
    Action(
        "school_holiday.removed",
        "School holiday removed",
        "The holiday's name and its first and last days.",
    ),
    Action(
        "cpd.certificate_downloaded",
        "CPD certificate downloaded",
        "The release days, hours and reviews completed that the certificate shows.",
    ),
    # Quality assurance
    Action(
        "checklist.started",
        "QA checklist started",
        "The checklist's id and its template.",
    ),
    Action(
        "checklist.saved",
        "QA checklist saved",
        "The section saved with how many of its questions are answered, or the "
        "recommendation; and whether it was saved automatically.",
    ),
    Action(
        "checklist.submitted",
        "QA checklist submitted",
        "The checklist's id, grade, score and recommendation, the sections to amend, whether "
        "it was a resubmission and whether it was sampled for moderation.",
    ),
    Action(
        "checklist_template.copied",
        "QA checklist template copied",
        "The template it was copied from.",
    ),
    Action(
        "checklist_template.activated",
        "QA checklist template put in use",
        "Nothing.",
    ),
    Action(
        "moderation.completed",
        "Moderation completed",
        "The checklist's and the moderation's ids, how many items were compared and how "
        "many agreed.",
    ),
    Action(
        "moderation.picked",
        "Checklist picked for moderation by hand",
        "The checklist's id.",
    ),
    Action(
        "moderation.returned",
        "Checklist returned to the volunteer after moderation",
        "The checklist's and the moderation's ids and the moderator's comment.",
    ),
    # The Local Offer
    Action(
        "service.created",
        "Local Offer service added",
        "The service's name and the organisation that provides it.",
    ),
    Action(
        "service.updated",
        "Local Offer service changed",
        "Each changed field, the terms or the main contact as [before, after].",
    ),
    Action(
        "service.reviewed",
        "Local Offer service checked as correct",
        "The date it was checked and the date its next check is due.",
    ),
    Action(
        "feedback.handled",
        "Feedback handled",
        "The page the feedback was about and the service's id, if any.",
    ),
    Action(
        "localoffer.services_imported",
        "Local Offer services imported",
        "The file's name and SHA-256, and how many rows were new, updated, unchanged or in error.",
    ),
    Action(
        "localoffer.service_import_refused",
        "Local Offer services file refused",
        "The file's name and SHA-256, and why it was refused.",
    ),
    Action(
        "sen_report.assessed",
        "SEN information report checked",
        "The report's address, how many items it meets out of all, the items added and "
        "removed, and its status.",
    ),
    Action(
        "sen_reports.exported",
        "Schools' SEN information reports downloaded",
        "The file's name and SHA-256, its number of rows and the filters used.",
    ),
    # Reporting
    Action(
        "export.sen2",
        "SEN2 return downloaded",
        "The file's name, the number of plans, how many children have no identity recorded "
        "and the filters used.",
    ),
    Action(
        "figures.refreshed",
        "Dashboard figures worked out again",
        "How many sets of figures were worked out (the whole service, each area team) and "
        "how many seconds it took.",
    ),
    Action(
        "export.board_numbers",
        "Board report figures downloaded",
        "The format (csv or xlsx) and the number of rows.",
    ),
    Action("export.board_report", "Board report downloaded", "The date the report is as at."),
    Action("board_report.requested", "Board report asked for", "The date it is as at."),
)

ACTIONS_BY_NAME: Mapping[str, Action] = {action.name: action for action in ACTIONS}
