"""Everything a family reads is written for a reading age of about 9 to 11 (issue 19): each
family page, rendered with realistic records at every stage of a review, and each email to a
family, is measured with textstat: a Flesch-Kincaid grade of 6 or less (a reading age of
about 11) and short sentences. A template in the family folder that no page here renders
fails the test, so a new page is measured too."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import textstat
from django.template.loader import render_to_string
from django.test import Client

from casework.models import CeaseReason, Plan, PlanStatus
from contributions.family_models import FamilyRelationship
from contributions.family_questions import question_answer, question_ask
from contributions.family_views import Upload, views_save
from contributions.family_views_models import ViewsAbout
from documents.letters import decision_letter_key
from documents.models import DocumentKind
from documents.services import document_store
from reviews.models import Decision
from tests.conftest import client_for
from tests.factories import (
    CaseOfficerFactory,
    ChildFactory,
    FamilyMemberFactory,
    FamilyUserFactory,
    PlanFactory,
    ReviewFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

ROOT = Path(__file__).resolve().parent.parent
FAMILY_PAGES = ROOT / "portal/templates/portal/family"
TODAY = date(2026, 11, 23)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

MAX_GRADE = 6.0  # Flesch-Kincaid grade 6: a reading age of about 11
MAX_SENTENCE_WORDS = 25  # GOV.UK's longest sentence
MAX_AVERAGE_SENTENCE_WORDS = 14

# Each email to a family, with the context it is sent with. A template in FAMILY_EMAIL_GLOBS
# not listed here fails test_every_family_email_is_measured.
FAMILY_EMAIL_GLOBS = (
    "portal/templates/portal/email/family*",
    "accounts/templates/accounts/email/sign_in_code*",
    "contributions/templates/contributions/email/family_invitation*",
    "contributions/templates/contributions/email/family_question_answered*",
    "contributions/templates/contributions/email/deadline_*",
)
_COUNCIL = {
    "name": "Kent County Council",
    "phone": "03000 41 41 41",
    "email": "sen@example.gov.uk",
    "address_lines": ["SEN Team", "County Hall", "Maidstone", "ME14 1XQ"],
}
_OFFICER = {"full_name": "Jo O'Neill", "email": "jo.oneill@example.org", "phone": "01622 000 111"}
_SENT = {"site_url": "https://kentsend.example.org", "council_name": "Kent County Council"}
_NOTICE = {
    **_SENT,
    "member": {"full_name": "Sam Jones"},
    "child": "Amara",
    "will_not": "tell you our decision about Amara's plan",
    "expect": "tell you",
    "due_on": "18 December 2026",
    "expected_on": "8 January 2027",
    "officer": _OFFICER,
}
FAMILY_EMAILS: dict[str, list[dict[str, object]]] = {
    "accounts/email/sign_in_code.txt": [
        {**_SENT, "user": {"full_name": "Pat Parent"}, "code": "123456", "minutes": 10,
         "council": _COUNCIL},
    ],
    "contributions/email/family_invitation.txt": [
        {**_SENT, "user": {"full_name": "Pat Parent", "email": "pat@example.org"},
         "child_name": "Amara", "young_person": young, "officer": _OFFICER,
         "council": _COUNCIL, "by_code": True, "sign_in_path": "/sign-in/family/"}
        for young in (False, True)
    ],
    "contributions/email/family_question_answered.txt": [
        {**_SENT, "member": {"full_name": "Pat Parent"}, "path": "/family/plans/1/questions/"},
    ],
    "contributions/email/deadline_missed.txt": [
        {**_NOTICE, "reason": "the school's report came three weeks late"},
        {**_NOTICE, "reason": ""},
    ],
    "contributions/email/deadline_reason.txt": [
        {**_NOTICE, "reason": "we are waiting for advice from the health service"},
    ],
}  # fmt: skip

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "summary", "div", "span",
          "label", "legend", "button", "caption", "strong"}  # fmt: skip


class _MainText(HTMLParser):
    """The words of the page's <main>, each block of text as a sentence of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def prose(lines: str) -> str:
    """Lines of text as sentences: a heading or a list item ends where its line does. A link
    is read as an address, not as words, so it is left out."""
    sentences = []
    for line in lines.splitlines():
        line = " ".join(word for word in line.split() if "://" not in word)
        if line:
            sentences.append(line if line[-1] in ".!?:" else f"{line}.")
    return " ".join(sentences)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return prose("".join(parser.parts))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]


def readability_problems(text: str) -> list[str]:
    problems = []
    grade = textstat.flesch_kincaid_grade(text)
    if grade > MAX_GRADE:
        problems.append(f"Flesch-Kincaid grade {grade} is above {MAX_GRADE}")
    lengths = [len(s.split()) for s in sentences(text)]
    long = [s for s in sentences(text) if len(s.split()) > MAX_SENTENCE_WORDS]
    if long:
        problems.append(f"sentences over {MAX_SENTENCE_WORDS} words: {long}")
    if lengths and sum(lengths) / len(lengths) > MAX_AVERAGE_SENTENCE_WORDS:
        problems.append(f"average sentence of {sum(lengths) / len(lengths):.1f} words")
    return problems


def test_the_measure_tells_plain_words_from_officialese():
    plain = "We must tell you our decision by 18 December 2026. The meeting was held on Monday."
    official = (
        "The local authority is required, subsequent to the convening of the annual review "
        "meeting, to notify the parent of its determination regarding the continuation, "
        "amendment or cessation of the education, health and care plan within the statutory "
        "timescale prescribed by the regulations."
    )
    assert readability_problems(plain) == []
    assert readability_problems(official) != []


# --- The family's pages at every stage --------------------------------------------------------


def _family(north) -> tuple[Client, Client, list[str]]:
    """A parent and a young person who follow plans at every stage, and the family pages."""
    officer = CaseOfficerFactory.create(full_name="Jo O'Neill", phone="01622 000 111")
    parent = FamilyUserFactory.create(full_name="Pat Parent")
    young = FamilyUserFactory.create(full_name="Sam Okafor")
    stages: dict[str, dict[str, Any]] = {
        "planning": {"due_on": date(2027, 1, 20), "meeting_planned_on": date(2027, 1, 18)},
        "not planned": {"due_on": date(2027, 3, 1)},
        "meeting late": {"due_on": date(2026, 11, 1)},
        "held": {"held": True, "due_on": date(2026, 11, 20)},
        "report in": {"held": True, "due_on": date(2026, 11, 2), "report_received_on": TODAY},
        "decision late": {"held": True, "due_on": date(2026, 9, 1)},
        "kept": {"decided": True, "due_on": date(2026, 10, 1)},
        "stopped": {"decided": True, "decision": Decision.CEASE, "due_on": date(2026, 10, 1)},
        "changes": {"amended": True, "due_on": date(2026, 10, 20)},
        "changes late": {"decided": True, "decision": Decision.AMEND, "due_on": date(2026, 9, 1)},
        "final plan": {"final_plan": True, "due_on": date(2026, 9, 1)},
        "withdrawn": {
            "amended": True,
            "due_on": date(2026, 9, 1),
            "amendments_withdrawn_on": date(2026, 11, 2),
        },
    }
    paths = ["/family/"]
    for n, (stage, fields) in enumerate(stages.items()):
        plan = PlanFactory.create(
            area=north,
            case_officer=officer if n % 3 else None,
            setting=None if n == 4 else PlanFactory.create(area=north).setting,
            child=ChildFactory.create(forename="Amira", surname=f"Khan {stage}"),
        )
        place = FamilyMemberFactory.create(plan=plan, user=parent)
        review = ReviewFactory.create(plan=plan, recomputed=True, **fields)
        paths.append(f"/family/plans/{plan.pk}/")
        if stage == "planning":
            paths += _views_and_questions(review, place)
        if stage == "held":
            paths.append(f"/family/plans/{plan.pk}/views/")  # read-only after the meeting
        if review.decision_notified_on:
            _keep(review, decision_letter_key(review.pk))
            paths.append(f"/family/plans/{plan.pk}/letters/")
    earlier = ReviewFactory.create(
        plan=PlanFactory.create(area=north), concluded=True, due_on=date(2025, 10, 1)
    )
    ReviewFactory.create(plan=earlier.plan, is_first_review=False, due_on=date(2026, 9, 30))
    FamilyMemberFactory.create(plan=earlier.plan, user=parent)
    FamilyMemberFactory.create(
        plan=earlier.plan, user=young, relationship=FamilyRelationship.YOUNG_PERSON
    )
    ceased = ReviewFactory.create(
        plan=PlanFactory.create(area=north),
        concluded=True,
        decision=Decision.CEASE,
        due_on=date(2026, 9, 1),
    )
    _keep(ceased, decision_letter_key(ceased.pk))
    Plan.objects.filter(pk=ceased.plan_id).update(
        status=PlanStatus.CEASED,
        ceased_on=TODAY - timedelta(days=10),
        cease_reason=CeaseReason.NEEDS_MET,
    )
    FamilyMemberFactory.create(plan=ceased.plan, user=parent)
    paths += [f"/family/plans/{earlier.plan_id}/", f"/family/plans/{ceased.plan_id}/letters/"]
    return client_for(parent), client_for(young), paths


def _views_and_questions(review, place) -> list[str]:
    """Views given (one with a drawing), a question answered and one waiting: the pages of
    the family's views and questions."""
    views = views_save(
        review_id=review.pk,
        about=ViewsAbout.CHILD,
        answers={"likes": "Drawing and my cat.", "helps": "", "want_known": ""},
        today=TODAY,
        member=place,
        upload=Upload(filename="drawing.pdf", data=PDF, title="My drawing"),
    )
    assert views.files.exists()
    question = question_ask(
        plan=review.plan, text="When is the meeting?", today=TODAY, member=place
    )
    question_answer(
        question_id=question.pk,
        plan=review.plan,
        actor=CaseOfficerFactory.create(areas=[review.plan.area]),
        answer="On 18 January.",
    )
    question_ask(plan=review.plan, text="Can the nurse come?", today=TODAY, member=place)
    plan_id = review.plan_id
    return [
        f"/family/plans/{plan_id}/views/",
        f"/family/plans/{plan_id}/views/parent/",
        f"/family/plans/{plan_id}/views/child/",
        f"/family/plans/{plan_id}/questions/",
    ]


def _keep(review, key: str) -> None:
    document_store(
        plan=review.plan,
        review=review,
        kind=DocumentKind.LETTER,
        title="Decision letter",
        filename="decision-letter.pdf",
        data=PDF,
        actor=None,
        source_key=key,
    )


def test_every_family_page_reads_at_a_reading_age_of_about_9_to_11(north):
    parent, young, paths = _family(north)
    nobody = client_for(FamilyUserFactory.create())
    rendered: set[str] = set()
    problems = {}
    for client, path in [
        *((parent, p) for p in paths),
        (young, paths[-2]),
        (nobody, "/family/"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        rendered |= {t.name for t in response.templates if t.name}
        found = readability_problems(main_text(response.content.decode()))
        if found:
            problems[path] = found
    assert problems == {}
    templates = {
        f"portal/family/{p.relative_to(FAMILY_PAGES)}" for p in FAMILY_PAGES.rglob("*.html")
    }
    assert templates - rendered == set(), "add a page that renders these to this test"


def test_every_family_email_is_measured():
    emails = {
        str(p.relative_to(ROOT)).split("/templates/", 1)[1]
        for pattern in FAMILY_EMAIL_GLOBS
        for p in ROOT.glob(pattern)
    }
    assert emails - set(FAMILY_EMAILS) == set(), "add each family email's context to FAMILY_EMAILS"
    problems = {}
    for name, contexts in FAMILY_EMAILS.items():
        for context in contexts:
            text = prose(render_to_string(name, context))
            if found := readability_problems(text):
                problems[name] = found
    assert problems == {}
