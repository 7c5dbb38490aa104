"""A volunteer's CPD record and certificate (DESIGN section 4): release days given, hours,
reviews completed, and the PDF they download."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from audit.models import Event
from qa.cpd import cpd_record_for
from qa.models import Checklist, ChecklistStatus, ChecklistTemplate
from tests.conftest import client_for
from tests.factories import (
    AssignmentFactory,
    ChecklistFactory,
    ChecklistTemplateFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import Assignment, ProgrammeSettings, VolunteerProfile
from volunteers.services import WITHDRAWN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 23)  # frozen_today, a Monday
TUESDAYS = [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17), date(2026, 11, 24)]


@pytest.fixture
def template(db) -> ChecklistTemplate:
    return ChecklistTemplateFactory.create(name="CPD test checklist")


def assign(volunteer: User, day: date, *, closed: str = "") -> Assignment:
    assert volunteer.setting is not None
    return AssignmentFactory.create(
        review__plan__area=volunteer.setting.area,
        volunteer=volunteer,
        release_day=day,
        closed_at=timezone.now() if closed else None,
        closed_reason=closed,
    )


@pytest.fixture
def given(volunteer: User, template: ChecklistTemplate) -> User:
    """The volunteer's history, by hand:

    - 3 Nov: two reviews, both checklists submitted (one returned and resubmitted).
    - 10 Nov: one review withdrawn before any work (does not count), one draft.
    - 17 Nov: one review, its checklist returned and not yet resubmitted; the assignment of
      another closed when its checklist was done.
    - 24 Nov: one review still to come (does not count yet).
    - A withdrawn review on 27 Oct is the only one that day, so the day does not count.

    Release days given: 3, 10 and 17 Nov; hours 3 x 6.5 = 19.5; reviews completed: 3.
    """
    volunteer.full_name = "Grace Senco"
    volunteer.save()
    VolunteerProfile.objects.create(user=volunteer, trained_on=date(2026, 9, 14))
    first = assign(volunteer, TUESDAYS[0])
    ChecklistFactory.create(assignment=first, template=template, submitted=True)
    ChecklistFactory.create(
        assignment=assign(volunteer, TUESDAYS[0]), template=template, submitted=True
    )
    assign(volunteer, TUESDAYS[1], closed=WITHDRAWN)
    ChecklistFactory.create(assignment=assign(volunteer, TUESDAYS[1]), template=template)
    ChecklistFactory.create(
        assignment=assign(volunteer, TUESDAYS[2]),
        template=template,
        submitted=True,
        status=ChecklistStatus.RETURNED,
    )
    done = assign(volunteer, TUESDAYS[2], closed="completed")
    ChecklistFactory.create(assignment=done, template=template, submitted=True)
    assign(volunteer, TUESDAYS[3])
    assign(volunteer, date(2026, 10, 27), closed=WITHDRAWN)
    return volunteer


def test_the_record_counts_release_days_that_have_come_and_were_not_withdrawn(given):
    record = cpd_record_for(given)
    assert [d.day for d in record.days] == TUESDAYS[:3]
    assert [(d.reviews, d.completed) for d in record.days] == [(2, 2), (1, 0), (2, 1)]
    assert record.release_days == 3
    assert record.first_day == TUESDAYS[0]
    assert record.last_day == TUESDAYS[2]


def test_hours_are_release_days_times_the_programmes_hours_a_day(given):
    assert cpd_record_for(given).hours == Decimal("19.5")
    ProgrammeSettings.objects.update_or_create(
        pk=1, defaults={"hours_per_release_day": Decimal("7")}
    )
    assert cpd_record_for(given).hours == Decimal("21")


def test_reviews_completed_counts_each_submitted_checklist_once(given):
    # The resubmitted one counts once; the returned one waits for its resubmission.
    assert cpd_record_for(given).reviews_completed == 3
    returned = Checklist.objects.get(volunteer=given, status=ChecklistStatus.RETURNED)
    returned.status = ChecklistStatus.SUBMITTED
    returned.save()
    assert cpd_record_for(given).reviews_completed == 4


def test_a_release_day_counts_from_the_morning_it_comes(given):
    assert cpd_record_for(given, today=TUESDAYS[3]).release_days == 4
    assert cpd_record_for(given, today=TUESDAYS[3] - timedelta(days=1)).release_days == 3


def test_another_volunteers_work_is_not_on_the_record(given, template, north):
    other = VolunteerFactory.create(setting=SettingFactory.create(area=north))
    ChecklistFactory.create(
        assignment=assign(other, date(2026, 11, 5)), template=template, submitted=True
    )
    record = cpd_record_for(given)
    assert record.release_days == 3
    assert record.reviews_completed == 3
    assert cpd_record_for(other).reviews_completed == 1


def test_a_new_volunteer_has_an_empty_record(volunteer):
    record = cpd_record_for(volunteer)
    assert record.release_days == 0
    assert record.hours == 0
    assert record.reviews_completed == 0
    assert record.trained_on is None
    assert record.first_day is None


def test_the_record_is_computed_in_a_fixed_number_of_queries(given, django_assert_num_queries):
    ProgrammeSettings.current()
    with django_assert_num_queries(4):  # days, profile, programme settings, checklists
        cpd_record_for(given)


# Pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 200),
        ("headteacher", 403),
        ("officer_north", 403),
        ("officer_west", 403),
        ("manager", 403),
        ("editor", 403),
    ],
)
@pytest.mark.parametrize("path", ["/volunteer/cpd/", "/volunteer/cpd/certificate.pdf"])
def test_only_a_volunteer_sees_a_cpd_record(path, persona, status, personas):
    assert client_for(personas[persona]).get(path).status_code == status


def test_the_record_page_shows_the_days_hours_and_reviews(given):
    response = client_for(given).get("/volunteer/cpd/")
    page = response.content.decode()
    assert '<dd class="govuk-summary-list__value" id="release-days">3</dd>' in page
    assert "19.5 <span" in page
    assert '<dd class="govuk-summary-list__value" id="reviews-completed">3</dd>' in page
    assert "14 September 2026" in page
    assert "Tuesday 3 November 2026" in page
    assert 'href="/volunteer/cpd/certificate.pdf"' in page


def test_the_record_names_no_child_or_plan(given):
    assignments = Assignment.objects.filter(volunteer=given).select_related("review__plan__child")
    for assignment in assignments:
        # A surname no page would hold for another reason (a generated "Day" would match the
        # table's own heading).
        child = assignment.review.plan.child
        child.surname = f"Surname-of-child-{child.pk}"
        child.save(update_fields=["surname"])
    page = client_for(given).get("/volunteer/cpd/").content.decode()
    for assignment in assignments.all():
        plan = assignment.review.plan
        assert plan.plan_ref not in page
        assert plan.child.surname not in page


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_certificate_is_a_pdf_with_the_volunteers_name_and_hours(given, settings):
    settings.COUNCIL_NAME = "Anyshire County Council"
    response = client_for(given).get("/volunteer/cpd/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="cpd-certificate-2026-11-23.pdf"'
    )
    text = " ".join(pdf_text(response.content).split())
    assert "Grace Senco" in text
    assert "19.5 hours" in text
    assert given.setting.name in text
    assert "14 September 2026" in text
    assert "3 November 2026 to 17 November 2026" in text
    assert "Release days given 3" in text
    assert "Reviews completed 3" in text
    assert "Issued on 23 November 2026" in text
    assert "Anyshire County Council" in text


def test_downloading_the_certificate_is_recorded(given):
    client_for(given).get("/volunteer/cpd/certificate.pdf")
    event = Event.objects.get(action="cpd.certificate_downloaded")
    assert event.actor == given
    assert event.target_id == str(given.pk)
    assert event.details == {"release_days": 3, "hours": "19.5", "reviews_completed": 3}


def test_a_volunteer_with_no_days_yet_still_gets_a_certificate(volunteer):
    response = client_for(volunteer).get("/volunteer/cpd/certificate.pdf")
    text = " ".join(pdf_text(response.content).split())
    assert "No release days yet" in text
    assert "0 hours" in text
    assert "Trained on Not recorded" in text
