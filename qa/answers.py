"""Reading a QA checklist's answers, and the grades they come to (DESIGN section 5).

`checklist_answers` lays out every section of the checklist's template with its questions and
the answers given so far, in order, for the checklist pages, the moderation pages and the
check before submission; `checklist_outcome` grades a submitted checklist section by section
(qa.scoring) for the volunteer's summary and the case page.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from accounts.models import User
from qa import scoring
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistStatus,
    ChecklistTemplate,
    Grade,
    Response,
)
from qa.selectors import checklist_list_for_user
from reviews.models import Review

EHCP_SECTION_CODE = re.compile(r"[A-Z][0-9]?")


@dataclass
class QuestionAnswer:
    item: ChecklistItem
    number: int
    response: str
    comment: str

    @property
    def response_label(self) -> str:
        return str(Response(self.response).label) if self.response else "Not answered"


@dataclass
class SectionAnswers:
    section: ChecklistSection
    questions: list[QuestionAnswer] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.response)

    @property
    def progress(self) -> str:
        """The GOV.UK task list status of the section."""
        if self.questions and self.answered == len(self.questions):
            return "Completed"
        return "In progress" if self.answered else "Not started"

    @property
    def heading(self) -> str:
        return section_heading(self.section)


def section_heading(section: ChecklistSection) -> str:
    """The heading a person sees: "Section B: Special educational needs" for a section of the
    plan (a letter, maybe with a digit: A, H1); the title alone for anything else, such as the
    review paperwork (AR)."""
    if EHCP_SECTION_CODE.fullmatch(section.code):
        return f"Section {section.code}: {section.title}"
    return section.title


def checklist_answers(checklist: Checklist) -> list[SectionAnswers]:
    """Every section of the checklist's template, with its questions and answers, in order.
    Three queries, whatever the size of the template."""
    answers = {a.item_id: a for a in Answer.objects.filter(checklist=checklist)}
    sections = ChecklistSection.objects.filter(template_id=checklist.template_id).prefetch_related(
        "items"
    )
    result = []
    for section in sections:
        entry = SectionAnswers(section)
        for number, item in enumerate(section.items.all(), start=1):
            answer = answers.get(item.pk)
            entry.questions.append(
                QuestionAnswer(
                    item,
                    number,
                    answer.response if answer else "",
                    answer.comment if answer else "",
                )
            )
        result.append(entry)
    return result


def thresholds_of(template: ChecklistTemplate) -> scoring.Thresholds:
    return scoring.Thresholds(
        outstanding_from=template.outstanding_from,
        good_from=template.good_from,
        requires_improvement_from=template.requires_improvement_from,
    )


def checklist_score(
    checklist: Checklist, sections: Sequence[SectionAnswers]
) -> scoring.ChecklistScore:
    """The grade of each section and overall, from a complete checklist's answers."""
    answers = [
        scoring.ScoredAnswer(s.section.code, q.item.weight, q.response)
        for s in sections
        for q in s.questions
    ]
    return scoring.checklist_score(
        answers,
        thresholds_of(checklist.template),
        section_codes=[s.section.code for s in sections],
    )


def recommendation_position(sections: Sequence[ChecklistSection]) -> int:
    """`current_position` past the last section means the recommendation (or the check of
    answers, once a recommendation is made)."""
    return max((s.position for s in sections), default=0) + 1


@dataclass(frozen=True)
class SectionOutcome:
    code: str
    heading: str
    score: scoring.Score


@dataclass(frozen=True)
class ChecklistOutcome:
    """What a submitted checklist found: its stored overall grade, each section's grade, and
    the headings of the sections the volunteer would amend."""

    checklist: Checklist
    overall: scoring.Score
    sections: list[SectionOutcome]
    amend_headings: list[str]


def checklist_outcome(
    checklist: Checklist, sections: Sequence[SectionAnswers] | None = None
) -> ChecklistOutcome:
    if sections is None:
        sections = checklist_answers(checklist)
    result = checklist_score(checklist, sections)
    headings = {s.section.code: s.heading for s in sections}
    return ChecklistOutcome(
        checklist=checklist,
        overall=scoring.Score(checklist.score, Grade(checklist.grade) if checklist.grade else None),
        sections=[
            SectionOutcome(s.section.code, s.heading, result.sections[s.section.code])
            for s in sections
        ],
        amend_headings=[headings.get(code, code) for code in checklist.amend_sections],
    )


def checklist_outcome_for_review(user: User, review: Review) -> ChecklistOutcome | None:
    """The latest submitted checklist of the review that the person may see, graded."""
    checklist = (
        checklist_list_for_user(user)
        .filter(review=review, status=ChecklistStatus.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    return None if checklist is None else checklist_outcome(checklist)
