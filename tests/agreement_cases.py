"""A volunteer's release agreement in a given status, for the agreement tests."""

import datetime

from accounts.models import User
from tests import factories
from volunteers.models import AgreementStatus, ReleaseAgreement

TODAY = datetime.date(2026, 11, 23)
S = AgreementStatus


def _agreement(volunteer: User, status: AgreementStatus = S.REQUESTED) -> ReleaseAgreement:
    return factories.ReleaseAgreementFactory.create(
        volunteer=volunteer, status=status, start_on=TODAY
    )
