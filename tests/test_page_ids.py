"""Ids typed into a page's form that are not whole numbers (issue 14, finding 10's class):
the page answers with its own message, never a 500."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"reviews": ["²"], "action": "assign", "volunteer": "1"}, "Select at least one review"),
        ({"reviews": ["1"], "action": "assign", "volunteer": "²"}, "Choose the volunteer"),
        (
            {"reviews": ["1"], "action": "move", "officer": "99999999999999999999999"},
            "Choose the case officer",
        ),
    ],
)
def test_a_bulk_action_with_an_id_that_is_not_a_number_says_what_is_missing(
    officer_north, form, message
):
    response = client_for(officer_north).post("/casework/bulk/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
