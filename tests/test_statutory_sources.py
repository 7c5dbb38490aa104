"""Each rule of `reviews.statutory` cites its source in the regulations, and the module
uses the standard library only, so it can be read against the law line by line.
"""

import ast
import inspect
from collections.abc import Callable

import pytest

from reviews import statutory

S = statutory


CITATIONS = [
    (S.first_review_due, "CFA s44(1)(a); CoP 9.169"),
    (S.next_review_due, "CFA s44(1)(b); DfE written answer, Oct 2023"),
    (S.invitations_due, "Regs 20(3)"),
    (S.advice_due, "Regs 20(4)"),
    (S.report_due, "Regs 20(7)"),
    (S.decision_due, "Regs 20(10); CoP 9.176"),
    (S.amendment_notice_due, "R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)"),
    (S.representations_close, "Regs 22(2)(c)"),
    (S.final_plan_due, "Regs 22(3); Devon 2022"),
    (S.withdrawal_due, "Regs 22(4)"),
    (S.phase_transfer_met_on, "Regs 18(1), 22(4)"),
    (S.owns_phase_transfer, "Regs 18(1)"),
    (S.decision_outside_period, "CoP 9.169"),
    (S.phase_transfer_due, "Regs 18(1)"),
    (S.post16_move_due, "Regs 18(2)"),
    (S.is_under_five, "CoP 9.178"),
    (S.preparing_for_adulthood_applies, "Regs 20(6), 21(6)"),
]


@pytest.mark.parametrize(
    ("rule", "source"), CITATIONS, ids=[rule.__name__ for rule, _ in CITATIONS]
)
def test_each_rule_cites_its_source_as_the_design_lists_it(
    rule: Callable[..., object], source: str
):
    assert source in " ".join((rule.__doc__ or "").split())


def test_the_rules_module_uses_the_standard_library_only():
    tree = ast.parse(inspect.getsource(statutory))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert imported <= {"calendar", "collections", "dataclasses", "datetime", "enum"}
