"""Plans and downloads shared by the SEN2-aligned export's tests: the page and file addresses, the
census day of 15 January 2026 (collection year 2025), plans open or ceased, and the file read
back as rows.
"""

import csv
import io
from datetime import date

from django.http import StreamingHttpResponse

from accounts.models import User
from casework.models import CeaseReason, Child, Plan, PlanStatus
from organisation.models import AreaTeam
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory

CSV_URL = "/manager/exports/sen2.csv"
PAGE_URL = "/manager/exports/sen2/"
CENSUS = {"census_day_0": "15", "census_day_1": "1", "census_day_2": "2026"}


def _plan(ref: str, area: AreaTeam, *, child: Child | None = None, **fields: object) -> Plan:
    return PlanFactory.create(
        plan_ref=ref, area=area, child=child or ChildFactory.create(), **fields
    )


def _ceased(
    ref: str, area: AreaTeam, *, on: date, child: Child | None = None, **fields: object
) -> Plan:
    return _plan(
        ref,
        area,
        child=child,
        status=PlanStatus.CEASED,
        ceased_on=on,
        cease_reason=CeaseReason.NEEDS_MET,
        **fields,
    )


def _download(user: User, **query: str) -> list[list[str]]:
    response = client_for(user).get(CSV_URL, query)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def _rows(user: User, **query: str) -> dict[str, dict[str, str]]:
    header, *rows = _download(user, **{**CENSUS, **query})
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}
