"""The import checks a row's cells whole first and only a failing row cell by cell
(decision 0031): the two must refuse exactly the same rows, or a row would pass unchecked,
or be refused with no message."""

from hypothesis import given, settings
from hypothesis import strategies as st

from caseload.import_rows import COLUMNS, MAX_LENGTHS, _cell_problem, _cells_pass
from common.tabular import FORMULA_STARTS

VALID = {
    "plan_ref": "EHCP-0001", "upn": "", "forename": "Ann", "surname": "O'Neil",
    "date_of_birth": "2015-03-04", "primary_need": "ASD", "setting_urn": "118000",
    "setting_name": "Oak School", "setting_phase": "primary", "area": "North",
    "plan_issued_on": "2020-01-02", "last_review_meeting_on": "", "last_review_decision_on": "",
    "last_review_outcome": "", "looked_after": "N", "case_officer_email": "",
}  # fmt: skip

# Values built to meet each rule of `_cell_problem`, and anything else at all.
CELLS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\t", "a\nb", "\x00", "\u2028", "\u202e", "EHCP 1", "ok"]),
    st.sampled_from(FORMULA_STARTS).flatmap(lambda s: st.text(max_size=5).map(lambda t: s + t)),
    st.integers(0, 3).map(lambda n: "x" * (max(MAX_LENGTHS.values()) + n)),
    st.sampled_from(sorted(MAX_LENGTHS.values())).map(lambda n: "y" * (n + 1)),
)


def test_the_valid_row_passes_both_checks():
    assert _cells_pass(VALID)
    assert all(_cell_problem(column, VALID[column]) is None for column in COLUMNS)


@settings(max_examples=500, deadline=None)
@given(changed=st.dictionaries(st.sampled_from(COLUMNS), CELLS, min_size=1, max_size=3))
def test_the_whole_row_check_refuses_exactly_the_rows_the_cell_checks_refuse(changed):
    raw = {**VALID, **changed}
    problems = [_cell_problem(column, raw.get(column, "")) for column in COLUMNS]
    assert _cells_pass(raw) == all(problem is None for problem in problems)


@given(missing=st.sets(st.sampled_from(["upn", "last_review_outcome", "case_officer_email"])))
def test_a_file_without_an_optional_column_is_checked_alike(missing):
    raw = {column: value for column, value in VALID.items() if column not in missing}
    assert _cells_pass(raw)
