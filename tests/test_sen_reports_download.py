"""Downloading the council's compliance view of SEN information reports as CSV: the
filters kept, formulae neutralised, and filters it cannot use refused."""

import csv
import io

from django.urls import reverse

from audit.models import Event
from localoffer.models import SenReportItem
from tests import factories
from tests.conftest import client_for
from tests.sen_report_cases import (
    fixture_schools,  # noqa: F401  (a fixture)
)

# --- The download -----------------------------------------------------------------------------


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_downloads_the_table_as_csv(manager, schools, volunteer):
    response = client_for(manager).get(reverse("sen-reports:compliance-csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = {row["School"]: row for row in _csv(response)}
    assert len(rows) == 6
    complete = rows["Complete Academy"]
    assert complete["URN"] == schools["complete"].urn
    assert complete["Report web address"] == "https://complete.example.org/"
    assert (complete["Items covered"], complete["Items required"]) == ("19", "19")
    assert complete["Status"] == "Complete"
    assert complete["Assessed by"] == volunteer.full_name
    assert complete[SenReportItem.COMPLAINTS.label] == "Yes"
    assert rows["Partial Primary"][SenReportItem.COMPLAINTS.label] == "No"
    assert rows["Silent Primary"]["Status"] == "Not assessed"
    assert rows["Silent Primary"]["Last assessed"] == ""
    assert Event.objects.filter(action="sen_reports.exported", actor=manager).exists()


def test_its_csv_keeps_the_filters(manager, schools, west):
    response = client_for(manager).get(
        reverse("sen-reports:compliance-csv"), {"area": west.pk, "status": "incomplete"}
    )
    assert [row["School"] for row in _csv(response)] == ["No Address Academy"]


def test_its_csv_neutralises_formulae(manager, north):
    factories.SettingFactory.create(name='=HYPERLINK("http://evil.example")', area=north)
    rows = _csv(client_for(manager).get(reverse("sen-reports:compliance-csv")))
    assert rows[0]["School"].startswith("'=")


def test_its_csv_refuses_filters_it_cannot_use(manager):
    response = client_for(manager).get(reverse("sen-reports:compliance-csv"), {"status": "x"})
    assert response.status_code == 400
