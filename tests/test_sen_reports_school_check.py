"""A school's own check of its SEN information report: what is recorded and shown, checking
again, and the bad addresses and item codes refused."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from audit.models import Event
from localoffer.models import SenInformationReport, SenReportItem
from localoffer.sen_reports import sen_report_assess
from tests.conftest import client_for
from tests.sen_report_cases import ALL_ITEMS, GOOD_POST, _report

# --- The school's own check -------------------------------------------------------------------


def test_it_records_the_check_who_made_it_and_when(volunteer, frozen_today):
    response = client_for(volunteer).post(reverse("sen-reports:mine"), GOOD_POST, follow=True)

    report = SenInformationReport.objects.get(setting=volunteer.setting)
    assert report.url == "https://www.oakfield.kent.sch.uk/send"
    assert report.items_met == ["kinds_of_sen", "complaints", "local_offer"]
    assert report.assessed_by == volunteer
    assert report.assessed_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    event = Event.objects.get(action="sen_report.assessed")
    assert event.actor == volunteer
    assert event.target_id == str(report.pk)
    assert event.details["items_met"] == 3
    assert event.details["status"] == "incomplete"
    assert "Your check of the SEN information report is saved." in response.content.decode()


def test_it_shows_the_last_check_and_what_is_still_missing(volunteer, headteacher):
    _report(volunteer.setting, items=[c for c in ALL_ITEMS if c != "complaints"], by=headteacher)

    page = client_for(volunteer).get(reverse("sen-reports:mine")).content.decode()

    assert escape(headteacher.full_name) in page
    assert "18 of 19" in page
    assert "The web address of the published report" in page
    assert SenReportItem.COMPLAINTS.label in page
    assert SenReportItem.LOCAL_OFFER.label not in page.split('id="missing"')[1].split("</ul>")[0]


def test_it_shows_each_item_with_what_schedule_1_asks(volunteer):
    page = client_for(volunteer).get(reverse("sen-reports:mine")).content.decode()
    assert "Paragraph 3(f)" in page
    assert "Nobody at your school has checked the report here yet." in page
    assert not SenInformationReport.objects.exists()


def test_it_updates_the_schools_one_report_when_checked_again(volunteer, headteacher):
    client_for(volunteer).post(reverse("sen-reports:mine"), GOOD_POST)
    client_for(headteacher).post(
        reverse("sen-reports:mine"), {"url": GOOD_POST["url"], "items_met": ALL_ITEMS}
    )

    report = SenInformationReport.objects.get()
    assert report.is_complete
    assert report.assessed_by == headteacher
    assert Event.objects.filter(action="sen_report.assessed").count() == 2


def test_it_assumes_https_for_an_address_typed_without_one(volunteer):
    client_for(volunteer).post(reverse("sen-reports:mine"), {"url": "www.oakfield.kent.sch.uk"})
    assert SenInformationReport.objects.get().url == "https://www.oakfield.kent.sch.uk"


@pytest.mark.parametrize(
    "url",
    ["ftp://www.oakfield.kent.sch.uk/send.pdf", "not a web address", "javascript:alert(1)"],
)
def test_it_refuses_a_bad_web_address_and_saves_nothing(volunteer, url):
    response = client_for(volunteer).post(reverse("sen-reports:mine"), {**GOOD_POST, "url": url})

    assert response.status_code == 400
    assert "Enter the web address of the report as it appears in a browser" in (
        response.content.decode()
    )
    assert not SenInformationReport.objects.exists()
    assert not Event.objects.filter(action="sen_report.assessed").exists()


def test_it_refuses_unknown_item_codes_on_the_page(volunteer):
    response = client_for(volunteer).post(
        reverse("sen-reports:mine"), {**GOOD_POST, "items_met": ["kinds_of_sen", "made_up"]}
    )
    assert response.status_code == 400
    assert "Select only the items listed" in response.content.decode()
    assert not SenInformationReport.objects.exists()


def test_it_refuses_unknown_item_codes_in_the_service(volunteer):
    with pytest.raises(ValidationError) as refused:
        sen_report_assess(
            user=volunteer, setting_id=volunteer.setting_id, url="", items_met=["made_up"]
        )
    assert "items_met" in refused.value.message_dict
    assert not SenInformationReport.objects.exists()


def test_it_refuses_a_bad_web_address_in_the_service(volunteer):
    with pytest.raises(ValidationError) as refused:
        sen_report_assess(
            user=volunteer, setting_id=volunteer.setting_id, url="ftp://x.org/", items_met=[]
        )
    assert "url" in refused.value.message_dict


def test_it_links_the_check_from_the_school_home_pages(volunteer, headteacher):
    link = reverse("sen-reports:mine")
    assert link in client_for(volunteer).get(reverse("volunteers:volunteer-home")).content.decode()
    assert (
        link in client_for(headteacher).get(reverse("volunteers:headteacher-home")).content.decode()
    )
