"""An address reversed once for a page of rows is the address `reverse` gives, for any value."""

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from common.urls import reversed_once

# Any text a plan reference may hold, "/" and "%" and dots included.
plan_refs = st.text(st.characters(codec="utf-8"), min_size=1, max_size=20) | st.sampled_from(
    [".", "..", "...", "EHCP-N-0001", "a.b_c-d", "EHCP/0003", "50%"]
)


# No deadline: the first example also loads the address configuration.
@settings(deadline=None)
@given(plan_refs)
def test_a_case_address_reversed_once_is_the_one_reverse_gives(plan_ref):
    assert reversed_once("workbench:case")(plan_ref) == reverse("workbench:case", args=[plan_ref])


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_an_alerts_address_reversed_once_is_the_one_reverse_gives(pk):
    for name in ("workbench:notification-done", "workbench:notification-snooze"):
        assert reversed_once(name)(pk) == reverse(name, args=[pk])
