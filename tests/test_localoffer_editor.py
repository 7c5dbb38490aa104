"""The Local Offer editor's pages: who may open and change what, editing a service, the
past-review queue, broken links and the feedback inbox."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from audit.models import Event
from localoffer import taxonomy
from localoffer.models import (
    Contact,
    Feedback,
    Link,
    LinkStatus,
    Organization,
    SenInformationReport,
    Service,
    ServiceStatus,
)
from localoffer.services import (
    ContactDetails,
    FeedbackAlreadyHandled,
    ServiceDetails,
    feedback_mark_handled,
    service_update,
)
from tests import factories
from tests.conftest import client_for

TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def other_editor(db: None) -> User:
    return factories.LocalOfferEditorFactory.create(email="other.editor@example.org")


@pytest.fixture
def mine(editor: User) -> Service:
    return factories.StaleServiceFactory.create(
        owner=editor, name="Mine service", url="https://mine.example.org/"
    )


@pytest.fixture
def theirs(other_editor: User) -> Service:
    return factories.StaleServiceFactory.create(
        owner=other_editor, name="Theirs service", url="https://theirs.example.org/"
    )


def broken(url: str, **fields: Any) -> Link:
    fields.setdefault("status", LinkStatus.BROKEN)
    fields.setdefault("status_code", 404)
    fields.setdefault("checked_at", timezone.now())
    return Link.objects.create(url=url, **fields)


def feedback_on(service: Service | None, **fields: Any) -> Feedback:
    fields.setdefault(
        "page", f"/local-offer/services/{service.pk}/" if service else "/local-offer/"
    )
    return Feedback.objects.create(service=service, **fields)


def form_data(service: Service, **changes: Any) -> dict[str, Any]:
    """What the editor's form posts for `service` as it is, with `changes` made."""
    contact = service.contacts.order_by("name", "id").first()
    terms = list(service.terms.values_list("pk", "taxonomy__code"))
    data: dict[str, Any] = {
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "alert": service.alert,
        "minimum_age": "" if service.minimum_age is None else service.minimum_age,
        "maximum_age": "" if service.maximum_age is None else service.maximum_age,
        "sections": [str(pk) for pk, code in terms if code == taxonomy.SECTIONS],
        "needs": [str(pk) for pk, code in terms if code == taxonomy.NEEDS],
        "url": service.url,
        "email": service.email,
        "contact_name": contact.name if contact else "",
        "contact_phone": contact.phone if contact else "",
        "contact_email": contact.email if contact else "",
        "fees_description": service.fees_description,
    }
    data.update(changes)
    return data


def service_url(service: Service, name: str = "service") -> str:
    return reverse(f"localoffer-editor:{name}", args=[service.pk])


# Who may do what --------------------------------------------------------------------------

PERSONAS = [
    "editor",
    "other_editor",
    "manager",
    "officer_north",
    "volunteer",
    "headteacher",
    "anonymous",
]
# Every role that is neither an editor nor a manager is refused before any object is found.
REFUSED = {"officer_north": 403, "volunteer": 403, "headteacher": 403, "anonymous": 302}
# Which of the two services (the editor's, the other editor's) each persona may see.
SEES = {"editor": (True, False), "other_editor": (False, True), "manager": (True, True)}
# page: method: persona: (status for the editor's object, status for the other editor's)
MATRIX: dict[str, dict[str, dict[str, tuple[int, int]]]] = {
    "home": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (200, 200)},
        "POST": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
    },
    "stale": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (200, 200)},
        "POST": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
    },
    "broken-links": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (200, 200)},
        "POST": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
    },
    "feedback": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (200, 200)},
        "POST": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
    },
    "service": {
        "GET": {"editor": (200, 404), "other_editor": (404, 200), "manager": (200, 200)},
        "POST": {"editor": (302, 404), "other_editor": (404, 302), "manager": (403, 403)},
    },
    "service-reviewed": {
        "GET": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
        "POST": {"editor": (302, 404), "other_editor": (404, 302), "manager": (403, 403)},
    },
    "feedback-handled": {
        "GET": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
        "POST": {"editor": (302, 404), "other_editor": (404, 302), "manager": (403, 403)},
    },
}
CASES = [
    (page, method, persona, owned)
    for page, methods in MATRIX.items()
    for method in methods
    for persona in PERSONAS
    for owned in (True, False)
]


@pytest.mark.parametrize(
    ("page", "method", "persona", "owned"),
    CASES,
    ids=[f"{p}-{m}-{who}-{'owned' if o else 'not-owned'}" for p, m, who, o in CASES],
)
def test_it_answers_each_role_as_the_access_rules_say(
    page: str, method: str, persona: str, owned: bool, request, mine, theirs
):
    service = mine if owned else theirs
    for each in (mine, theirs):
        broken(each.url)
    item = feedback_on(service, missing=f"About {service.name}")
    if page in {"service", "service-reviewed"}:
        url = service_url(service, page)
    elif page == "feedback-handled":
        url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    else:
        url = reverse(f"localoffer-editor:{page}")
    client = Client() if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, form_data(service, description="Changed."))

    if persona in REFUSED:
        expected = REFUSED[persona]
    else:
        expected = MATRIX[page][method][persona][0 if owned else 1]
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith("/sign-in/?next=")
    if page in {"home", "stale", "broken-links", "feedback"} and expected == 200:
        visible = SEES[persona][0 if owned else 1]
        assert (service.name in response.content.decode()) is visible
    saved = page == "service" and persona not in REFUSED and expected == 302
    assert (Service.objects.get(pk=service.pk).description == "Changed.") is saved


# Editing a service ------------------------------------------------------------------------


def test_it_shows_the_owner_the_form_filled_in_with_the_service(editor: User, mine: Service):
    mine.terms.set([factories.taxonomy_term(taxonomy.NEEDS, "ASD")])
    Contact.objects.create(service=mine, name="Family hub reception", phone="01622 696000")
    page = client_for(editor).get(service_url(mine)).content.decode()
    assert 'value="Mine service"' in page
    assert 'value="Family hub reception"' in page
    assert "Autistic spectrum disorder" in page
    assert "I have checked this information is correct" in page


def test_it_shows_a_manager_the_service_without_a_form(manager: User, mine: Service):
    response = client_for(manager).get(service_url(mine))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Only the service's owner" in page
    assert "Save changes" not in page


def test_it_saves_the_owners_changes_with_an_event_and_a_banner(editor: User, mine: Service):
    asd = factories.taxonomy_term(taxonomy.NEEDS, "ASD")
    leisure = factories.taxonomy_term(taxonomy.SECTIONS, "leisure")
    data = form_data(
        mine,
        name="Saturday club",
        description="An inclusive club on Saturday mornings.",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        alert="Closed over Christmas.",
        minimum_age="5",
        maximum_age="11",
        sections=[str(leisure.pk)],
        needs=[str(asd.pk)],
        url="www.saturday-club.example.org",
        email="Club@Example.org",
        contact_name="Sam Lee",
        contact_phone="01622  696000",
        contact_email="sam@example.org",
        fees_description="Free.",
    )
    response = client_for(editor).post(service_url(mine), data, follow=True)

    assert response.redirect_chain == [(reverse("localoffer-editor:home"), 302)]
    assert "Saturday club: changes saved." in response.content.decode()
    mine.refresh_from_db()
    assert (mine.name, mine.status, mine.minimum_age, mine.maximum_age) == (
        "Saturday club",
        ServiceStatus.TEMPORARILY_CLOSED,
        5,
        11,
    )
    assert mine.url == "https://www.saturday-club.example.org"
    assert mine.email == "club@example.org"
    assert (mine.alert, mine.fees_description) == ("Closed over Christmas.", "Free.")
    assert set(mine.terms.all()) == {asd, leisure}
    contact = mine.contacts.get()
    assert (contact.name, contact.phone, contact.email) == (
        "Sam Lee",
        "01622 696000",
        "sam@example.org",
    )
    # Saving without the confirmation leaves the review dates alone.
    assert (mine.last_reviewed_on, mine.review_by) == (date(2025, 6, 1), date(2026, 6, 1))
    event = Event.objects.get(action="service.updated")
    assert event.actor == editor
    assert event.target_id == str(mine.pk)
    assert event.details["status"] == ["active", "temporarily closed"]
    assert event.details["terms"] == [[], ["ASD", "leisure"]]
    assert event.details["contact_name"] == ["", "Sam Lee"]
    assert not Event.objects.filter(action="service.reviewed").exists()


def test_it_marks_the_service_checked_when_the_owner_confirms_it(
    editor: User, mine: Service, settings
):
    settings.LOCALOFFER_REVIEW_INTERVAL_DAYS = 180
    mine.reminder_sent_on = date(2026, 6, 2)
    mine.save()
    data = form_data(mine, description="Now on Saturdays too.", confirmed_correct="on")
    response = client_for(editor).post(service_url(mine) + "?back=stale", data, follow=True)

    assert response.redirect_chain == [(reverse("localoffer-editor:stale"), 302)]
    assert "changes saved and checked. The next check is due by 22 May 2027." in (
        response.content.decode()
    )
    mine.refresh_from_db()
    assert (mine.last_reviewed_on, mine.review_by) == (TODAY, TODAY + timedelta(days=180))
    assert mine.reminder_sent_on is None
    assert mine.description == "Now on Saturdays too."
    assert list(Event.objects.order_by("id").values_list("action", flat=True)) == [
        "service.updated",
        "service.reviewed",
    ]


def test_it_removes_the_contact_when_its_answers_are_cleared(editor: User, mine: Service):
    Contact.objects.create(service=mine, name="Reception", phone="01622 696000")
    data = form_data(mine, contact_name="", contact_phone="", contact_email="")
    assert client_for(editor).post(service_url(mine), data).status_code == 302
    assert not mine.contacts.exists()
    assert Event.objects.get().details["contact_phone"] == ["01622 696000", ""]


def test_it_records_nothing_when_nothing_changed(editor: User, mine: Service):
    response = client_for(editor).post(service_url(mine), form_data(mine), follow=True)
    assert "Mine service: nothing was changed." in response.content.decode()
    assert not Event.objects.exists()


BAD_ANSWERS = [
    ({"name": ""}, "Enter the name of the service"),
    ({"description": "  "}, "Enter a description of the service"),
    ({"status": ""}, "Select whether the service is running"),
    ({"status": "closed"}, "Select whether the service is running"),
    ({"minimum_age": "26"}, "Minimum age must be 25 or less"),
    ({"maximum_age": "30"}, "Maximum age must be 25 or less"),
    ({"minimum_age": "-1"}, "Minimum age must be 0 or more"),
    ({"minimum_age": "five"}, "Enter the minimum age as a whole number of years, like 5"),
    (
        {"minimum_age": "12", "maximum_age": "5"},
        "Maximum age must not be less than the minimum age",
    ),
    ({"url": "not a web address"}, "Enter a web address in the correct format"),
    ({"url": "ftp://files.example.org/leaflet.pdf"}, "Enter a web address in the correct format"),
    ({"email": "nobody"}, "Enter an email address in the correct format"),
    ({"contact_email": "sam@"}, "Enter an email address in the correct format"),
    ({"contact_phone": "ring us"}, "Enter a telephone number, like 01622 696000"),
    ({"contact_phone": "123"}, "Enter a telephone number, like 01622 696000"),
    ({"sections": ["not-a-term"]}, "Select the Local Offer sections from the list"),
    ({"needs": ["not-a-term"]}, "Select the special educational needs from the list"),
]


@pytest.mark.parametrize(
    ("changes", "message"), BAD_ANSWERS, ids=[message for _, message in BAD_ANSWERS]
)
def test_it_saves_nothing_and_says_what_is_wrong(
    changes: dict[str, Any], message: str, editor: User, mine: Service
):
    before = Service.objects.values().get(pk=mine.pk)
    data = form_data(mine, contact_name="New contact", confirmed_correct="on", **changes)
    response = client_for(editor).post(service_url(mine), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert Service.objects.values().get(pk=mine.pk) == before
    assert not Contact.objects.exists()
    assert not Event.objects.exists()


def test_it_saves_nothing_when_a_write_fails_part_way(editor: User, mine: Service, monkeypatch):
    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the event log is unavailable")

    monkeypatch.setattr("localoffer.services.event_record", fail)
    details = ServiceDetails(
        name="Renamed",
        description=mine.description,
        status=mine.status,
        alert="",
        minimum_age=0,
        maximum_age=25,
        url=mine.url,
        email="",
        fees_description="",
        terms=(factories.taxonomy_term(taxonomy.NEEDS, "HI"),),
        contact=ContactDetails(name="Reception"),
    )
    with pytest.raises(RuntimeError):
        service_update(actor=editor, service=mine, details=details, confirmed_correct=True)
    mine.refresh_from_db()
    assert (mine.name, mine.review_by) == ("Mine service", date(2026, 6, 1))
    assert not mine.terms.exists()
    assert not mine.contacts.exists()


# The past-review queue --------------------------------------------------------------------


def stale_names(client: Client, **query: Any) -> list[str]:
    response = client.get(reverse("localoffer-editor:stale"), query)
    assert response.status_code == 200
    return [service.name for service, _, _ in response.context["rows"]]


def test_it_lists_past_review_services_most_overdue_first_with_days_overdue(
    editor: User, other_editor: User
):
    def service(name: str, review_by: date, **fields: Any) -> Service:
        return factories.ServiceFactory.create(
            owner=fields.pop("owner", editor),
            name=name,
            last_reviewed_on=review_by - timedelta(days=365),
            review_by=review_by,
            **fields,
        )

    service("A month late", date(2026, 10, 23))
    service("A day late", date(2026, 11, 22))
    service("Due today", TODAY)
    service("A year late", date(2025, 11, 23))
    service("Closed for now", date(2026, 11, 1), status=ServiceStatus.TEMPORARILY_CLOSED)
    service("No longer runs", date(2025, 1, 1), status=ServiceStatus.DEFUNCT)
    service("Paused", date(2025, 1, 1), status=ServiceStatus.INACTIVE)
    service("Someone else's", date(2026, 1, 1), owner=other_editor)

    response = client_for(editor).get(reverse("localoffer-editor:stale"))
    rows = [(service.name, days) for service, days, _ in response.context["rows"]]
    assert rows == [
        ("A year late", 365),
        ("A month late", 31),
        ("Closed for now", 22),
        ("A day late", 1),
    ]
    assert "4 services to check" in response.content.decode()


def test_it_shows_a_manager_every_owners_past_review_services(
    manager: User, mine: Service, theirs: Service
):
    client = client_for(manager)
    assert stale_names(client) == ["Mine service", "Theirs service"]
    page = client.get(reverse("localoffer-editor:stale")).content.decode()
    assert "Still correct" not in page


def test_it_takes_a_service_out_of_the_queue_when_its_owner_confirms_it(
    editor: User, mine: Service
):
    client = client_for(editor)
    assert stale_names(client) == ["Mine service"]
    response = client.post(service_url(mine, "service-reviewed") + "?back=stale", follow=True)

    assert response.redirect_chain == [(reverse("localoffer-editor:stale"), 302)]
    assert "Mine service: checked. The next check is due by 23 November 2027." in (
        response.content.decode()
    )
    assert response.context["rows"] == []
    mine.refresh_from_db()
    assert (mine.last_reviewed_on, mine.review_by) == (TODAY, date(2027, 11, 23))
    event = Event.objects.get(action="service.reviewed")
    assert event.details == {"last_reviewed_on": "2026-11-23", "review_by": "2027-11-23"}


def test_it_pages_the_queue_with_a_fixed_number_of_queries(editor: User):
    def queries_for_the_queue() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_for(editor).get(reverse("localoffer-editor:stale")).status_code == 200
        return len(queries)

    factories.StaleServiceFactory.create_batch(2, owner=editor)
    few = queries_for_the_queue()
    factories.StaleServiceFactory.create_batch(40, owner=editor)
    assert queries_for_the_queue() == few


def test_it_pages_the_queue_fifty_at_a_time(editor: User):
    factories.StaleServiceFactory.create_batch(51, owner=editor)
    client = client_for(editor)
    assert len(stale_names(client)) == 50
    assert len(stale_names(client, page=2)) == 1


# The home page ----------------------------------------------------------------------------


def test_it_counts_the_editors_past_review_services_and_tags_them(
    editor: User, mine: Service, theirs: Service
):
    factories.ServiceFactory.create(owner=editor, name="Current service")
    response = client_for(editor).get(reverse("localoffer-editor:home"))
    page = response.content.decode()
    assert "1 service is past its review date." in page
    assert reverse("localoffer-editor:stale") in page
    assert page.count("Past review date</strong>") == 1
    assert [s.name for s in response.context["page"]] == ["Mine service", "Current service"]
    assert "Theirs service" not in page


def test_it_sorts_and_pages_the_services_on_the_server(editor: User):
    for n in range(52):
        factories.ServiceFactory.create(owner=editor, name=f"Service {n:02d}")
    client = client_for(editor)
    response = client.get(reverse("localoffer-editor:home"), {"sort": "name", "page": "2"})
    assert [s.name for s in response.context["page"]] == ["Service 50", "Service 51"]
    assert 'href="?sort=name&amp;page=1"' in response.content.decode()
    unknown = client.get(reverse("localoffer-editor:home"), {"sort": "owner; drop table"})
    assert unknown.context["sort"] == "review_by"


def test_it_shows_a_manager_every_service_with_its_owner(
    manager: User, mine: Service, theirs: Service, other_editor: User
):
    response = client_for(manager).get(reverse("localoffer-editor:home"))
    page = response.content.decode()
    assert "2 services are past their review date." in page
    assert escape(other_editor.full_name) in page


# Broken links -----------------------------------------------------------------------------


def test_it_lists_the_editors_services_whose_website_the_checker_could_not_use(
    editor: User, mine: Service, theirs: Service
):
    broken(mine.url, error="Not Found")
    broken(theirs.url)
    moved = factories.ServiceFactory.create(owner=editor, name="Moved service")
    broken(
        moved.url,
        status=LinkStatus.REDIRECTED,
        status_code=301,
        final_url="https://new.example.org/moved",
    )
    silent = factories.ServiceFactory.create(owner=editor, name="Silent service")
    broken(silent.url, status=LinkStatus.UNREACHABLE, status_code=None, error="Timed out")
    working = factories.ServiceFactory.create(owner=editor, name="Working service")
    broken(working.url, status=LinkStatus.OK, status_code=200)
    factories.ServiceFactory.create(owner=editor, name="Unchecked service")

    response = client_for(editor).get(reverse("localoffer-editor:broken-links"))
    page = response.content.decode()
    listed = {service.name: link.status for service, link in response.context["services"]}
    assert listed == {
        "Mine service": LinkStatus.BROKEN,
        "Moved service": LinkStatus.REDIRECTED,
        "Silent service": LinkStatus.UNREACHABLE,
    }
    for shown in ("Answered HTTP 404", "Not Found", "Now goes to", "new.example.org/moved"):
        assert shown in page
    assert "Timed out" in page
    assert f"{service_url(mine)}?back=broken-links" in page
    assert "Organisations&#x27; websites" not in page


def test_it_shows_a_manager_broken_organisation_and_school_addresses_too(
    manager: User, mine: Service, editor: User
):
    broken(mine.url)
    Organization.objects.create(name="Broken charity", website="https://charity.example.org/")
    broken("https://charity.example.org/")
    Organization.objects.create(name="Working charity", website="https://fine.example.org/")
    broken("https://fine.example.org/", status=LinkStatus.OK, status_code=200)
    school = factories.SettingFactory.create(name="Oak Primary")
    SenInformationReport.objects.create(setting=school, url="https://oak.example.org/sen")
    broken("https://oak.example.org/sen", status=LinkStatus.UNREACHABLE, status_code=None)

    response = client_for(manager).get(reverse("localoffer-editor:broken-links"))
    assert [s.name for s, _ in response.context["services"]] == ["Mine service"]
    assert [o.name for o, _ in response.context["organisations"]] == ["Broken charity"]
    assert [s.name for s, _ in response.context["schools"]] == ["Oak Primary"]
    # An editor sees only their services' addresses.
    editors = client_for(editor).get(reverse("localoffer-editor:broken-links"))
    assert editors.context["organisations"] == editors.context["schools"] == []


def test_it_finds_broken_links_with_a_fixed_number_of_queries(manager: User):
    def queries_for_the_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            client_for(manager).get(reverse("localoffer-editor:broken-links"))
        return len(queries)

    broken(factories.ServiceFactory.create().url)
    few = queries_for_the_page()
    for _ in range(10):
        broken(factories.ServiceFactory.create().url)
    assert queries_for_the_page() == few


# Feedback ---------------------------------------------------------------------------------


def test_it_lists_feedback_not_handled_first_and_newest_first(
    editor: User, mine: Service, theirs: Service
):
    with_times = [
        ("Old and open", timezone.now() - timedelta(days=3), None),
        ("New and open", timezone.now() - timedelta(days=1), None),
        ("Handled", timezone.now(), timezone.now()),
    ]
    for missing, received, handled in with_times:
        item = feedback_on(mine, missing=missing, useful=False, handled_at=handled)
        Feedback.objects.filter(pk=item.pk).update(received_at=received)
    feedback_on(None, missing="About the home page", useful=True)
    feedback_on(theirs, missing="About theirs")

    client = client_for(editor)
    url = reverse("localoffer-editor:feedback")

    def shown(**query: str) -> list[str]:
        return [item.missing for item in client.get(url, query).context["page"]]

    assert shown() == ["About the home page", "New and open", "Old and open"]
    assert shown(show="handled") == ["Handled"]
    assert shown(show="all") == ["About the home page", "New and open", "Old and open", "Handled"]
    page = client.get(url).content.decode()
    assert "Mine service" in page
    assert "Mark as handled" in page


def test_an_editor_marks_feedback_about_their_service_handled(editor: User, mine: Service):
    item = feedback_on(mine, missing="Opening hours")
    url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    response = client_for(editor).post(url + "?show=all", follow=True)

    assert response.redirect_chain == [(reverse("localoffer-editor:feedback") + "?show=all", 302)]
    assert f"Feedback on {item.page} marked as handled." in response.content.decode()
    item.refresh_from_db()
    assert (item.handled_by, item.handled_at) == (editor, timezone.now())
    event = Event.objects.get(action="feedback.handled")
    assert (event.actor, event.target_id) == (editor, str(item.pk))


def test_it_marks_feedback_handled_only_once(editor: User, mine: Service):
    item = feedback_on(mine)
    feedback_mark_handled(actor=editor, feedback=item)
    with pytest.raises(FeedbackAlreadyHandled):
        feedback_mark_handled(actor=editor, feedback=item)
    url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    response = client_for(editor).post(url, follow=True)
    assert "This feedback was already marked as handled." in response.content.decode()
    assert Event.objects.filter(action="feedback.handled").count() == 1


def test_a_manager_reads_feedback_but_may_not_mark_it_handled(manager: User, mine: Service):
    item = feedback_on(mine, missing="Opening hours")
    client = client_for(manager)
    page = client.get(reverse("localoffer-editor:feedback")).content.decode()
    assert "Opening hours" in page
    assert "Mark as handled" not in page
    url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    assert client.post(url).status_code == 403
    item.refresh_from_db()
    assert item.handled_at is None


def test_it_hides_feedback_about_another_editors_service(editor: User, theirs: Service):
    item = feedback_on(theirs, missing="Secret")
    client = client_for(editor)
    url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    assert client.post(url).status_code == 404
    assert "Secret" not in client.get(reverse("localoffer-editor:feedback")).content.decode()
    item.refresh_from_db()
    assert item.handled_at is None
