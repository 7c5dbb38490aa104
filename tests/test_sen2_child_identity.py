"""Who the child is in the SEN2-aligned return: the UPN, else the ULN, else the reason neither
is known; children with none are exported and counted on the page; the checks on ULNs and
reasons. The census day in these tests is 15 January 2026 unless said otherwise, so the
collection year is 1 January 2025 to 31 December 2025.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import User
from casework.models import UpnUnknownReason
from organisation.models import AreaTeam
from tests.conftest import client_for
from tests.factories import ChildFactory
from tests.sen2_cases import CENSUS, PAGE_URL, _ceased, _plan, _rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# --- Who the child is -------------------------------------------------------------------------


def test_the_upn_is_used_when_known(manager: User, north: AreaTeam):
    _plan("N-1", north, child=ChildFactory.create(upn="A123456789012", uln="1234567890"))
    row = _rows(manager)["N-1"]
    assert (row["UPN"], row["UniqueLearnerNumber"], row["UPNunknown"]) == (
        "A123456789012",
        "1234567890",
        "",
    )


def test_the_uln_is_used_when_there_is_no_upn(manager: User, north: AreaTeam):
    _plan("N-1", north, child=ChildFactory.create(upn=None, uln="1234567890"))
    row = _rows(manager)["N-1"]
    assert (row["UPN"], row["UniqueLearnerNumber"], row["UPNunknown"]) == ("", "1234567890", "")


def test_the_reason_is_used_when_neither_number_is_known(manager: User, north: AreaTeam):
    _plan("N-1", north, child=ChildFactory.create(upn_unknown_reason=UpnUnknownReason.UN3))
    # A reason left beside a number that is now known is not sent.
    _plan(
        "N-2",
        north,
        child=ChildFactory.create(uln="9876543210", upn_unknown_reason=UpnUnknownReason.UN1),
    )
    rows = _rows(manager)
    assert (rows["N-1"]["UPN"], rows["N-1"]["UniqueLearnerNumber"], rows["N-1"]["UPNunknown"]) == (
        "",
        "",
        "UN3",
    )
    assert rows["N-2"]["UPNunknown"] == ""


def test_children_with_no_upn_uln_or_reason_are_exported_and_counted_on_the_page(
    manager: User, north: AreaTeam
):
    twice = ChildFactory.create()
    _plan("N-1", north, child=twice)
    _ceased("N-2", north, child=twice, on=date(2025, 4, 1))
    _plan("N-3", north)
    _plan("N-4", north, child=ChildFactory.create(upn="A123456789012"))
    _plan("N-5", north, child=ChildFactory.create(upn_unknown_reason=UpnUnknownReason.UN2))

    assert [row["UPNunknown"] for row in _rows(manager).values()] == ["", "", "", "", "UN2"]
    page = client_for(manager).get(PAGE_URL, CENSUS).content.decode()
    assert "2 children have no UPN, ULN or reason." in page
    assert 'id="sen2-plans">5<' in page


def test_no_warning_is_shown_when_every_child_can_be_identified(manager: User, north: AreaTeam):
    _plan("N-1", north, child=ChildFactory.create(upn="A123456789012"))
    page = client_for(manager).get(PAGE_URL, CENSUS).content.decode()
    assert "sen2-without-identity" not in page


def test_a_uln_must_be_ten_digits():
    child = ChildFactory.build(uln="12345")
    with pytest.raises(ValidationError) as refused:
        child.full_clean()
    assert refused.value.message_dict["uln"] == ["Enter a unique learner number of 10 digits."]


def test_the_database_refuses_a_uln_that_is_not_ten_digits():
    with pytest.raises(IntegrityError):
        ChildFactory.create(uln="12345abcde")


def test_the_database_refuses_an_unknown_reason_code():
    with pytest.raises(IntegrityError):
        ChildFactory.create(upn_unknown_reason="UN99")
