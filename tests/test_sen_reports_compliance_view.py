"""The council's compliance view of schools' SEN information reports: the summary, each
school's status, filters, sorting and paging on the server, and one school's report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localoffer.selectors import sen_report_setting_list_for_user
from localoffer.sen_reports import compliance_summary
from tests import factories
from tests.conftest import client_for
from tests.sen_report_cases import (
    ALL_ITEMS,
    _report,
    fixture_schools,  # noqa: F401  (a fixture)
)

# --- The council's view -----------------------------------------------------------------------


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
