import re
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from audit.models import Event
from casework.models import Plan
from demo.caseload import ACCOUNTS, DEMO_PASSWORD
from demo.families import STAGES as FAMILY_STAGES
from demo.schools import STAGES as SCHOOL_STAGES
from organisation.models import AreaTeam, Setting
from reviews import statutory
from reviews.models import Review
from tests.factories import AreaTeamFactory, SettingFactory
from volunteers.models import (
    AgreementStatus,
    Assignment,
    InterestStatus,
    ReleaseAgreement,
    VolunteerInterest,
)
from volunteers.services import ReleaseDay, volunteer_next_release_day

pytestmark = pytest.mark.django_db

STRONG = "a-long-enough-passphrase"


def test_create_user_makes_a_case_officer_of_an_area_who_can_sign_in():
    north = AreaTeamFactory.create(name="North")
    call_command(
        "create_user", "Officer@Example.org", role="case_officer", area=["north"], password=STRONG
    )
    user = User.objects.get(email="officer@example.org")
    assert user.role == Role.CASE_OFFICER
    assert list(user.areas.all()) == [north]
    assert user.check_password(STRONG)
    assert Event.objects.filter(action="user.created", target_id=str(user.pk)).exists()


def test_create_user_gives_school_staff_their_school():
    school = SettingFactory.create(urn="123456")
    call_command("create_user", "head@example.org", role="headteacher", setting="123456")
    head = User.objects.get(email="head@example.org")
    assert head.setting == school
    assert not head.has_usable_password()  # they choose one through the reset link


def test_create_user_lets_a_manager_edit_checklists_and_programme_settings_in_the_admin(
    client,
):
    call_command("create_user", "manager@example.org", role="manager", password=STRONG)
    AreaTeamFactory.create(name="North")
    call_command(
        "create_user", "officer@example.org", role="case_officer", area=["North"], password=STRONG
    )
    manager = User.objects.get(email="manager@example.org")
    assert manager.is_staff
    assert not manager.is_superuser
    client.force_login(manager)
    assert client.get("/admin/qa/checklisttemplate/").status_code == 200
    assert client.get("/admin/qa/checklistsection/").status_code == 200
    assert client.get("/admin/volunteers/programmesettings/").status_code == 200
    # Nothing beyond the programme: the caseload and accounts stay out of reach.
    assert client.get("/admin/casework/plan/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code in {403, 404}
    assert not User.objects.get(email="officer@example.org").is_staff


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"role": "case_officer"}, "A case officer must belong to at least one area team."),
        (
            {"role": "case_officer", "area": ["Nowhere"]},
            "No area team is called 'Nowhere'. Known area teams: North.",
        ),
        (
            {"role": "volunteer"},
            "A volunteer, headteacher or member of school staff must belong to a school (its URN).",
        ),
        ({"role": "volunteer", "setting": "999999"}, "No school has the URN '999999'."),
        ({"role": "manager", "area": ["North"]}, "Only case officers belong to area teams."),
        (
            {"role": "manager", "setting": "123456"},
            "Only volunteers, headteachers and school staff belong to a school.",
        ),
        ({"role": "manager", "password": "short"}, "This password is too short."),
    ],
)
def test_create_user_refuses_what_a_role_cannot_have_and_saves_nothing(arguments, message):
    SettingFactory.create(urn="123456", area=AreaTeamFactory.create(name="North"))
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("create_user", "someone@example.org", **arguments)
    assert not User.objects.filter(email="someone@example.org").exists()
    assert not Event.objects.exists()


def test_create_user_refuses_an_address_that_already_has_an_account():
    call_command("create_user", "manager@example.org", role="manager")
    with pytest.raises(
        CommandError, match=re.escape("There is already an account for manager@example.org.")
    ):
        call_command("create_user", "MANAGER@example.org", role="manager")


def test_create_user_refuses_an_unknown_role():
    with pytest.raises(CommandError, match="invalid choice: 'wizard'"):
        call_command("create_user", "x@example.org", "--role", "wizard")


def test_create_user_refuses_a_malformed_email_address():
    with pytest.raises(CommandError, match=re.escape("Enter a valid email address.")):
        call_command("create_user", "not-an-email", role="manager")


def test_seed_demo_creates_four_area_teams_schools_of_every_phase_and_an_account_per_role(settings):
    settings.DEBUG = True
    call_command("seed_demo", plans=60)
    assert AreaTeam.objects.count() == 4
    assert set(Setting.objects.values_list("phase", flat=True)) == {
        "early_years", "infant", "junior", "primary", "middle", "secondary",
        "secondary_with_sixth_form", "all_through", "special", "post16", "other",
    }  # fmt: skip
    assert {u.role for u in User.objects.all()} == set(Role)
    for account in ACCOUNTS:
        user = User.objects.get(email=account.email)
        if account.role == Role.FAMILY:
            # A family member signs in with a code sent by email, never a password.
            assert not user.has_usable_password()
        else:
            assert user.check_password(DEMO_PASSWORD)


def test_seed_demo_releases_the_demo_volunteer_so_work_can_be_assigned_at_once(
    settings, frozen_today
):
    settings.DEBUG = True
    call_command("seed_demo", plans=60)
    call_command("seed_demo", plans=60)

    volunteer = User.objects.get(email="senco@example.org")
    [agreement] = ReleaseAgreement.objects.filter(volunteer=volunteer)
    # Released on Tuesdays from this week: the first day is tomorrow.
    assert volunteer_next_release_day(volunteer) == ReleaseDay(agreement, date(2026, 11, 24))


def test_seed_demo_shows_release_agreements_in_every_state_and_a_day_of_work(settings):
    settings.DEBUG = True
    call_command("seed_demo", plans=200)
    call_command("seed_demo", plans=200)

    assert set(ReleaseAgreement.objects.values_list("status", flat=True)) == set(AgreementStatus)
    assert ReleaseAgreement.objects.count() == len(AgreementStatus)
    volunteer = User.objects.get(email="senco@example.org")
    assignments = Assignment.objects.filter(volunteer=volunteer, closed_at__isnull=True)
    assert assignments.count() == 3
    assert not assignments.filter(review__plan__setting=volunteer.setting).exists()
    assert VolunteerInterest.objects.filter(status=InterestStatus.PENDING).exists()


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", plans=60)
    counts = (AreaTeam.objects.count(), Setting.objects.count(), User.objects.count())
    call_command("seed_demo", plans=60)
    assert (AreaTeam.objects.count(), Setting.objects.count(), User.objects.count()) == counts


def test_seed_demo_if_empty_leaves_a_real_councils_database_alone(settings, capsys):
    settings.DEBUG = True
    call_command("create_user", "real.person@council.example", role="manager")
    call_command("seed_demo", if_empty=True, plans=60)
    assert "the demo was not loaded" in capsys.readouterr().out
    assert User.objects.count() == 1


def test_seed_demo_prints_the_accounts_it_made(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", if_empty=True, plans=60)
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for account in ACCOUNTS:
        assert account.email in out
    assert "parent@example.org" in out
    [family_line] = [line for line in out.splitlines() if "parent@example.org" in line]
    assert "signs in with a code sent by email" in family_line


def test_seed_demo_refuses_to_make_public_password_accounts_on_a_production_server():
    with pytest.raises(CommandError, match="Refusing to create demo accounts with DEBUG off"):
        call_command("seed_demo", plans=60)
    assert not User.objects.exists()


def test_seed_demo_builds_a_caseload_with_a_backlog_of_about_a_third(settings):
    settings.DEBUG = True
    call_command("seed_demo", plans=600)
    reviews = Review.objects.exclude(status="concluded")
    # The caseload, and the demo school's children at each stage of its work (demo.schools).
    assert Plan.objects.count() == 600 + len(SCHOOL_STAGES) + len(FAMILY_STAGES)
    assert reviews.count() == Plan.objects.filter(status="active").count()  # one open each
    backlog = reviews.filter(in_backlog=True).count()
    assert 150 <= backlog <= 270, backlog
    assert reviews.with_urgency().filter(days_overdue__gt=365).exists()  # type: ignore[misc]
    assert reviews.filter(
        status="meeting_held", decision_state="overdue"
    ).exists()  # awaiting decisions
    assert reviews.filter(is_first_review=True, meeting_on__isnull=True).exists()  # never reviewed
    assert Setting.objects.count() >= 600


def test_seed_demo_adds_the_caseload_only_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", plans=60)
    call_command("seed_demo", plans=60)
    assert Plan.objects.count() == 60 + len(SCHOOL_STAGES) + len(FAMILY_STAGES)


@pytest.fixture
def demo_history(settings):
    """A small demo caseload seeded on 23 November 2026."""
    settings.DEBUG = True
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        call_command("seed_demo", plans=200)


def test_seed_demo_notifies_between_a_third_and_a_half_of_decisions_within_4_weeks(demo_history):
    decided = Review.objects.filter(decision_notified_on__isnull=False)
    assert decided.filter(status="concluded").count() > 200  # earlier reviews kept, concluded
    dates = list(decided.values_list("meeting_on", "decision_notified_on"))
    on_time = sum(
        notified <= statutory.decision_due(meeting_on=met)
        for met, notified in dates
        if met is not None and notified is not None
    )
    assert 1 / 3 <= on_time / len(dates) <= 1 / 2, (on_time, len(dates))


def test_seed_demo_keeps_two_years_of_reviews_with_a_councils_mix_of_outcomes(demo_history):
    concluded = Review.objects.filter(status="concluded")
    assert concluded.filter(meeting_on__lt=date(2024, 11, 23)).exists()  # two years back
    assert concluded.filter(decision_notified_on__isnull=True).exists()  # a few never recorded
    outcomes = Counter(concluded.exclude(decision="").values_list("decision", flat=True))
    assert outcomes["maintain"] > outcomes["amend"] > outcomes["cease"] > 0
    amended = list(
        concluded.filter(decision="amend").values_list("meeting_on", "final_plan_issued_on")
    )
    within_12_weeks = [
        met for met, issued in amended if met and issued and issued <= met + timedelta(weeks=12)
    ]
    assert 0 < len(within_12_weeks) < len(amended)
    assert Plan.objects.filter(status="ceased", reviews__status="concluded").exists()
    # Some amendments are still awaiting their final plan.
    assert Review.objects.filter(
        status="amendment_notice_sent", final_plan_state="overdue"
    ).exists()


def test_seed_demo_history_runs_in_order_and_each_review_is_due_a_year_from_the_last(demo_history):
    for plan in Plan.objects.prefetch_related("reviews"):
        reviews = sorted(plan.reviews.all(), key=lambda r: (r.status != "concluded", r.meeting_on))
        open_reviews = [r for r in reviews if r.status != "concluded"]
        assert len(open_reviews) == (1 if plan.status == "active" else 0)
        for earlier, later in pairwise(reviews):
            assert earlier.meeting_on is not None
            assert later.previous_meeting_on == earlier.meeting_on
            assert later.due_on == statutory.next_review_due(previous_meeting_on=earlier.meeting_on)
        for review in reviews:
            if review.is_first_review:
                assert review.due_on == statutory.first_review_due(plan_issued_on=plan.issued_on)
            steps = [plan.issued_on, review.meeting_on, review.decision_notified_on,
                     review.final_plan_issued_on, date(2026, 11, 23)]  # fmt: skip
            recorded = [day for day in steps if day is not None]
            assert recorded == sorted(recorded), (plan.plan_ref, steps)
