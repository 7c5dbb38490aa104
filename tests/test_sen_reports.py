"""Schools' SEN information reports: the school's own check and the council's compliance view."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from audit.models import Event
from localoffer.models import SenInformationReport, SenReportItem
from localoffer.selectors import sen_report_setting_list_for_user
from localoffer.sen_reports import compliance_summary, sen_report_assess
from organisation.models import AreaTeam, Setting
from tests import factories
from tests.conftest import client_for

ALL_ITEMS = list(SenReportItem.values)
GOOD_POST = {
    "url": "https://www.oakfield.kent.sch.uk/send",
    "items_met": ["kinds_of_sen", "local_offer", "complaints"],
}


@pytest.fixture
def other_volunteer(west: AreaTeam) -> User:
    return factories.VolunteerFactory.create(
        email="other.senco@example.org", setting=factories.SettingFactory.create(area=west)
    )


@pytest.fixture
def people(personas: dict[str, User], other_volunteer: User) -> dict[str, User | None]:
    return {**personas, "other_volunteer": other_volunteer, "anonymous": None}


def _report(setting: Setting, *, url: str = "", items: list[str] | None = None, by=None):
    return SenInformationReport.objects.create(
        setting=setting,
        url=url,
        items_met=items or [],
        assessed_by=by,
        assessed_at=timezone.now(),
    )


def _client(user: User | None) -> Client:
    return client_for(user) if user is not None else Client()


# --- Who may do what --------------------------------------------------------------------------

# (persona, page, method, status). "school" is the volunteer's own school.
MATRIX = [
    *((persona, "mine", "get", 200) for persona in ("volunteer", "other_volunteer", "headteacher")),
    *(
        (persona, "mine", "post", 302)
        for persona in ("volunteer", "other_volunteer", "headteacher")
    ),
    *(
        (persona, "mine", method, 403)
        for persona in ("manager", "editor", "officer_north")
        for method in ("get", "post")
    ),
    *((persona, page, "get", 200) for persona in ("manager", "editor") for page in ("compliance",)),
    *((persona, "compliance-csv", "get", 200) for persona in ("manager", "editor")),
    *(
        (persona, page, "post", 405)
        for persona in ("manager", "editor")
        for page in ("compliance", "compliance-csv", "school")
    ),
    *(
        (persona, page, method, 403)
        for persona in ("volunteer", "other_volunteer", "headteacher", "officer_north")
        for page in ("compliance", "compliance-csv")
        for method in ("get", "post")
    ),
    *(
        (persona, "school", "get", 200)
        for persona in ("manager", "editor", "volunteer", "headteacher")
    ),
    ("other_volunteer", "school", "get", 404),
    *((persona, "school", "post", 405) for persona in ("volunteer", "headteacher")),
    *(("officer_north", "school", method, 403) for method in ("get", "post")),
]


@pytest.mark.parametrize(("persona", "page", "method", "status"), MATRIX)
def test_it_lets_each_role_do_only_what_it_may(people, volunteer, persona, page, method, status):
    args = [volunteer.setting_id] if page == "school" else []
    url = reverse(f"sen-reports:{page}", args=args)
    client = _client(people[persona])
    response = client.post(url, GOOD_POST) if method == "post" else client.get(url)
    assert response.status_code == status


@pytest.mark.parametrize("page", ["mine", "compliance", "compliance-csv", "school"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(volunteer, page, method):
    args = [volunteer.setting_id] if page == "school" else []
    response = getattr(Client(), method)(reverse(f"sen-reports:{page}", args=args), GOOD_POST)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_it_saves_nothing_when_a_manager_posts_to_a_schools_page(manager, volunteer):
    client_for(manager).post(reverse("sen-reports:mine"), GOOD_POST)
    client_for(manager).post(reverse("sen-reports:school", args=[volunteer.setting_id]))
    assert not SenInformationReport.objects.exists()


def test_it_refuses_a_council_write_in_the_service(manager, volunteer):
    with pytest.raises(PermissionDenied):
        sen_report_assess(user=manager, setting_id=volunteer.setting_id, url="", items_met=[])


def test_it_hides_another_schools_report_from_a_senco(volunteer, other_volunteer):
    with pytest.raises(Http404):
        sen_report_assess(
            user=other_volunteer, setting_id=volunteer.setting_id, url="", items_met=[]
        )
    assert not SenInformationReport.objects.exists()


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


# --- The council's view -----------------------------------------------------------------------


@pytest.fixture
def schools(north: AreaTeam, west: AreaTeam, volunteer: User) -> dict[str, Setting]:
    """The volunteer's school (not assessed) and five more in North and West."""
    make = factories.SettingFactory.create
    assert volunteer.setting is not None
    found = {
        "own": volunteer.setting,
        "silent": make(name="Silent Primary", area=west),
        "partial": make(name="Partial Primary", area=north),
        "no_address": make(name="No Address Academy", area=west),
        "complete": make(name="Complete Academy", area=north),
        "complete_west": make(name="Complete West School", area=west),
    }
    _report(found["partial"], url="https://partial.example.org/", items=ALL_ITEMS[:3])
    _report(found["no_address"], items=ALL_ITEMS)
    _report(found["complete"], url="https://complete.example.org/", items=ALL_ITEMS, by=volunteer)
    _report(found["complete_west"], url="https://west.example.org/", items=ALL_ITEMS)
    return found


def test_it_counts_schools_assessed_and_complete_and_each_items_coverage(manager, schools):
    summary = compliance_summary(sen_report_setting_list_for_user(manager))

    assert (summary.schools, summary.assessed, summary.complete) == (6, 4, 2)
    assert (summary.not_assessed, summary.incomplete) == (2, 2)
    coverage = {item.code: item.schools for item in summary.items}
    assert coverage[ALL_ITEMS[0]] == 4
    assert coverage["local_offer"] == 3
    assert len(coverage) == 19


def test_it_shows_the_summary_above_the_table(manager, schools):
    page = client_for(manager).get(reverse("sen-reports:compliance")).content.decode()
    assert page.index('id="summary"') < page.index('id="schools"')
    assert 'data-item="local_offer">3 of 4<' in page


def test_it_gives_each_school_its_status(manager, schools):
    response = client_for(manager).get(reverse("sen-reports:compliance"))
    rows = {row.name: row for row in response.context["page"].object_list}
    assert rows["Silent Primary"].status == "not_assessed"
    assert rows["Partial Primary"].status == "incomplete"
    assert rows["No Address Academy"].status == "incomplete"
    assert rows["Complete Academy"].status == "complete"
    assert rows["Partial Primary"].items_covered == 3
    assert rows["Silent Primary"].items_covered == 0


def test_it_filters_by_area_and_status(manager, schools, north):
    response = client_for(manager).get(
        reverse("sen-reports:compliance"), {"area": north.pk, "status": "complete"}
    )
    names = [row.name for row in response.context["page"].object_list]
    assert names == ["Complete Academy"]
    # The summary is of the chosen area, whatever the status chosen.
    assert response.context["summary"].schools == 3


def test_it_finds_schools_not_yet_assessed(manager, schools):
    response = client_for(manager).get(
        reverse("sen-reports:compliance"), {"status": "not_assessed"}
    )
    names = {row.name for row in response.context["page"].object_list}
    assert names == {"Silent Primary", schools["own"].name}


@pytest.mark.parametrize("query", [{"area": "999999"}, {"status": "made_up"}])
def test_it_explains_a_filter_it_cannot_use(manager, schools, query):
    response = client_for(manager).get(reverse("sen-reports:compliance"), query)
    assert response.status_code == 400
    assert "from the list" in response.content.decode()


def test_it_sorts_on_the_server(manager, schools):
    response = client_for(manager).get(reverse("sen-reports:compliance"), {"sort": "-items"})
    names = [row.name for row in response.context["page"].object_list]
    assert names[:3] == ["Complete Academy", "Complete West School", "No Address Academy"]
    assert names[3] == "Partial Primary"
    assert 'aria-sort="descending"' in response.content.decode()


def test_it_paginates_on_the_server(manager, north):
    factories.SettingFactory.create_batch(30, area=north)
    client = client_for(manager)
    first = client.get(reverse("sen-reports:compliance"))
    second = client.get(reverse("sen-reports:compliance"), {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert 'class="govuk-pagination"' in first.content.decode()


def test_its_query_count_does_not_grow_with_the_page_size(manager, north):
    client = client_for(manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("sen-reports:compliance"), {"size": 100}).status_code == 200
        return len(captured)

    factories.SettingFactory.create_batch(3, area=north)
    queries()  # the session's first request renews it; measure the ones after
    few = queries()
    for setting in factories.SettingFactory.create_batch(40, area=north):
        _report(setting, url="https://school.example.org/", items=ALL_ITEMS[:5], by=manager)
    assert queries() == few


def test_it_shows_one_schools_report_item_by_item(editor, schools):
    response = client_for(editor).get(reverse("sen-reports:school", args=[schools["partial"].pk]))
    page = response.content.decode()
    assert "Partial Primary" in page
    assert "3 of 19" in page
    assert page.count(">Covered<") == 3
    assert page.count(">Missing<") == 16


def test_it_answers_404_for_a_school_that_does_not_exist(manager):
    assert client_for(manager).get(reverse("sen-reports:school", args=[999999])).status_code == (
        404
    )


def test_it_links_the_compliance_view_from_the_managers_home(manager):
    page = client_for(manager).get(reverse("reporting:manager-home")).content.decode()
    assert reverse("sen-reports:compliance") in page


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
