"""How a checklist is graded (DESIGN section 5): pure functions, no database.

Each answered item is worth a share of its weight: met 1, partly met 1/2, not met 0. An item
marked not applicable counts in neither the points scored nor the points available, so a
plan is not marked down for a section that does not apply to the child (no social care
needs, say). A score is the points scored over the points available, in per cent:

    score = 100 * sum(weight * value) / sum(weight), over the applicable items

A section's score uses its own items; the overall score uses every applicable item of the
checklist, so a heavily weighted item counts as much overall as it does in its section
(the overall score is not an average of section scores). A section whose items are all not
applicable has no score and no grade, and reads "Not applicable".

Rounding: scores are kept as exact Decimals while adding up, then rounded once, half up, to
two decimal places (the precision `Checklist.score` stores). The grade is read from that
rounded score, so the score shown and the grade shown never disagree: 69.995 shows as 70.00
and is Good when Good starts at 70.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from qa.models import Grade, Response

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")

RESPONSE_VALUES: dict[str, Decimal] = {
    Response.MET: Decimal(1),
    Response.PARTLY_MET: Decimal("0.5"),
    Response.NOT_MET: Decimal(0),
}


@dataclass(frozen=True)
class Thresholds:
    """The lowest score, in per cent, of each grade; below `requires_improvement_from` is
    Inadequate."""

    outstanding_from: Decimal
    good_from: Decimal
    requires_improvement_from: Decimal


@dataclass(frozen=True)
class ScoredAnswer:
    """One item's weight and the response given to it."""

    section_code: str
    weight: int
    response: str


@dataclass(frozen=True)
class Score:
    """A score in per cent with its grade; both None when nothing was applicable."""

    percent: Decimal | None
    grade: Grade | None

    @property
    def label(self) -> str:
        if self.grade is None:
            return "Not applicable"
        return str(self.grade.label)


@dataclass(frozen=True)
class ChecklistScore:
    overall: Score
    sections: dict[str, Score]


def response_value(response: str) -> Decimal | None:
    """What a response is worth: 1, 1/2 or 0; None for not applicable.

    An empty or unknown response is an error: only complete checklists are graded."""
    if response == Response.NOT_APPLICABLE:
        return None
    try:
        return RESPONSE_VALUES[response]
    except KeyError:
        raise ValueError(f"Cannot score the response {response!r}.") from None


def weighted_percent(answers: Iterable[ScoredAnswer]) -> Decimal | None:
    """Points scored over points available, in per cent, rounded half up to 2 places; None
    when no answer is applicable."""
    scored = Decimal(0)
    available = Decimal(0)
    for answer in answers:
        value = response_value(answer.response)
        if value is None:
            continue
        scored += answer.weight * value
        available += answer.weight
    if not available:
        return None
    return (HUNDRED * scored / available).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def grade_for(percent: Decimal, thresholds: Thresholds) -> Grade:
    """The grade whose threshold the score reaches (thresholds are inclusive)."""
    if percent >= thresholds.outstanding_from:
        return Grade.OUTSTANDING
    if percent >= thresholds.good_from:
        return Grade.GOOD
    if percent >= thresholds.requires_improvement_from:
        return Grade.REQUIRES_IMPROVEMENT
    return Grade.INADEQUATE


def score(answers: Iterable[ScoredAnswer], thresholds: Thresholds) -> Score:
    percent = weighted_percent(answers)
    return Score(percent, None if percent is None else grade_for(percent, thresholds))


def checklist_score(
    answers: Sequence[ScoredAnswer], thresholds: Thresholds, *, section_codes: Sequence[str]
) -> ChecklistScore:
    """The score of each section (in the order of `section_codes`) and overall."""
    by_section: dict[str, list[ScoredAnswer]] = {code: [] for code in section_codes}
    for answer in answers:
        by_section.setdefault(answer.section_code, []).append(answer)
    return ChecklistScore(
        overall=score(answers, thresholds),
        sections={code: score(items, thresholds) for code, items in by_section.items()},
    )
