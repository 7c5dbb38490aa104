"""Grading a checklist: weights, thresholds, not applicable, and rounding (qa.scoring)."""

from decimal import Decimal

import pytest

from qa.models import Grade, Response
from qa.scoring import (
    ScoredAnswer,
    Thresholds,
    checklist_score,
    grade_for,
    response_value,
    score,
    weighted_percent,
)

MET, PARTLY, NOT_MET, NA = (
    Response.MET,
    Response.PARTLY_MET,
    Response.NOT_MET,
    Response.NOT_APPLICABLE,
)
DEFAULT = Thresholds(Decimal(85), Decimal(70), Decimal(50))


def answer(response: str, weight: int = 1, section: str = "B") -> ScoredAnswer:
    return ScoredAnswer(section, weight, response)


@pytest.mark.parametrize(
    ("response", "value"),
    [(MET, Decimal(1)), (PARTLY, Decimal("0.5")), (NOT_MET, Decimal(0)), (NA, None)],
)
def test_each_response_is_worth_one_half_or_nothing_and_not_applicable_is_left_out(response, value):
    assert response_value(response) == value


@pytest.mark.parametrize("response", ["", "yes"])
def test_an_unanswered_or_unknown_response_cannot_be_scored(response):
    with pytest.raises(ValueError, match="Cannot score"):
        response_value(response)


@pytest.mark.parametrize(
    ("percent", "grade"),
    [
        ("100", Grade.OUTSTANDING),
        ("85", Grade.OUTSTANDING),
        ("84.99", Grade.GOOD),
        ("70", Grade.GOOD),
        ("69.99", Grade.REQUIRES_IMPROVEMENT),
        ("50", Grade.REQUIRES_IMPROVEMENT),
        ("49.99", Grade.INADEQUATE),
        ("0", Grade.INADEQUATE),
    ],
)
def test_each_threshold_is_the_lowest_score_of_its_grade(percent, grade):
    assert grade_for(Decimal(percent), DEFAULT) == grade


def test_thresholds_come_from_the_template_not_the_code():
    strict = Thresholds(Decimal(95), Decimal(90), Decimal(80))
    assert grade_for(Decimal(88), DEFAULT) == Grade.OUTSTANDING
    assert grade_for(Decimal(88), strict) == Grade.REQUIRES_IMPROVEMENT


def test_a_heavier_item_counts_for_more():
    # 3 points of 3 met, 0 of 1: 75%; the other way round: 25%.
    assert weighted_percent([answer(MET, 3), answer(NOT_MET, 1)]) == Decimal("75.00")
    assert weighted_percent([answer(NOT_MET, 3), answer(MET, 1)]) == Decimal("25.00")


def test_partly_met_earns_half_the_weight():
    assert weighted_percent([answer(PARTLY, 2), answer(MET, 2)]) == Decimal("75.00")


def test_not_applicable_items_are_left_out_of_points_scored_and_points_available():
    with_na = [answer(MET, 2), answer(NOT_MET, 2), answer(NA, 3)]
    assert weighted_percent(with_na) == Decimal("50.00")


def test_a_section_where_nothing_applies_has_no_score_and_reads_not_applicable():
    result = score([answer(NA, 2), answer(NA, 1)], DEFAULT)
    assert (result.percent, result.grade, result.label) == (None, None, "Not applicable")


def test_scores_round_half_up_to_two_places_and_the_grade_follows_the_rounded_score():
    # 2 of 3 points: 66.666... shows as 66.67.
    assert weighted_percent([answer(MET, 2), answer(NOT_MET, 1)]) == Decimal("66.67")
    assert score([answer(MET, 7), answer(NOT_MET, 3)], DEFAULT).grade == Grade.GOOD
    nearly = [answer(MET, 1)] * 1399 + [answer(NOT_MET, 1)] * 600 + [answer(PARTLY, 1)]
    # (1399 + 0.5) / 2000 = 69.975 -> 69.98: still Requires improvement.
    assert weighted_percent(nearly) == Decimal("69.98")
    assert score(nearly, DEFAULT).grade == Grade.REQUIRES_IMPROVEMENT
    over = [answer(MET, 1)] * 13999 + [answer(NOT_MET, 1)] * 6000 + [answer(PARTLY, 1)]
    # (13999 + 0.5) / 20000 = 69.9975 -> 70.00: Good, as shown.
    assert weighted_percent(over) == Decimal("70.00")
    assert score(over, DEFAULT).grade == Grade.GOOD


def test_the_overall_score_weighs_every_applicable_item_not_the_average_of_sections():
    answers = [
        answer(MET, 1, "A"),
        answer(NOT_MET, 3, "F"),
        answer(NOT_MET, 3, "F"),
        answer(NA, 1, "J"),
    ]
    result = checklist_score(answers, DEFAULT, section_codes=["A", "F", "J"])
    assert result.sections["A"].percent == Decimal("100.00")
    assert result.sections["F"].percent == Decimal("0.00")
    assert result.sections["J"].grade is None
    # Average of sections would be 50%; weighted over items it is 1 point of 7.
    assert result.overall.percent == Decimal("14.29")
    assert result.overall.grade == Grade.INADEQUATE
    assert list(result.sections) == ["A", "F", "J"]


def test_a_section_without_answers_still_appears_as_not_applicable():
    result = checklist_score([answer(MET, 1, "A")], DEFAULT, section_codes=["A", "B"])
    assert result.sections["B"].label == "Not applicable"
