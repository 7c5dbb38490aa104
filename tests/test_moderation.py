"""Moderation of QA checklists (DESIGN section 5): sampling, a case officer's second opinion,
returning a checklist to the volunteer, the agreement figures, and who may do what."""

import random
from collections.abc import Sequence
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from audit.models import Event
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistStatus,
    ChecklistTemplate,
    Moderation,
    ModerationAnswer,
    ModerationStatus,
    Response,
)
from qa.moderation import (
    ModerationIncomplete,
    ModerationLocked,
    ModeratorAnswer,
    moderation_complete,
    moderation_list_for_user,
    moderation_queue_for_user,
    moderation_return,
    moderation_sample_on_submit,
)
from qa.moderation_agreement import (
    Agreement,
    agreement_by_item,
    agreement_by_volunteer,
    agreement_overall,
)
from tests.conftest import client_for
from tests.factories import (
    ChecklistFactory,
    ChecklistTemplateFactory,
    ModerationFactory,
    PlanFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import Assignment, ProgrammeSettings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

MET, PARTLY, NOT_MET, NA = (
    Response.MET,
    Response.PARTLY_MET,
    Response.NOT_MET,
    Response.NOT_APPLICABLE,
)


# Building checklists directly, without the volunteer's pages ---------------------------------


@pytest.fixture
def template(db) -> ChecklistTemplate:
    """Two sections (AR and B) of two questions each, not the active version."""
    template = ChecklistTemplateFactory.create(name="Moderation test checklist")
    for position, code in enumerate(["AR", "B"], start=1):
        section = ChecklistSection.objects.create(
            template=template, position=position, code=code, title=f"Part {code}"
        )
        for n in (1, 2):
            ChecklistItem.objects.create(section=section, position=n, prompt=f"{code} asks {n}?")
    return template


def items_of(template: ChecklistTemplate) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(section__template=template).order_by(
            "section__position", "position"
        )
    )


def submitted_checklist(
    template: ChecklistTemplate, volunteer: User, area, responses: Sequence[str]
) -> Checklist:
    """A submitted checklist of a review in `area`, its assignment still open."""
    checklist = ChecklistFactory.create(
        assignment__review__plan__area=area,
        assignment__volunteer=volunteer,
        assignment__release_day=date(2026, 11, 17),
        template=template,
        submitted=True,
    )
    Answer.objects.bulk_create(
        Answer(checklist=checklist, item=item, response=response, comment=f"Because {n}")
        for n, (item, response) in enumerate(zip(items_of(template), responses, strict=True))
    )
    return checklist


def answers_for(
    template: ChecklistTemplate, responses: Sequence[str]
) -> dict[int, ModeratorAnswer]:
    return {
        item.pk: ModeratorAnswer(response)
        for item, response in zip(items_of(template), responses, strict=True)
    }


def set_moderation_percent(percent: int) -> None:
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"moderation_percent": percent})


@pytest.fixture
def moderation(template, volunteer, north) -> Moderation:
    checklist = submitted_checklist(template, volunteer, north, [MET, PARTLY, NOT_MET, NA])
    return ModerationFactory.create(checklist=checklist)


# Sampling ------------------------------------------------------------------------------------


def many_checklists(template: ChecklistTemplate, volunteer: User, area, count: int) -> list[int]:
    review = ReviewFactory.create(plan=PlanFactory.create(area=area))
    assignments = Assignment.objects.bulk_create(
        Assignment(
            review=review,
            volunteer=volunteer,
            release_day=date(2026, 11, 17),
            closed_at=timezone.now(),
        )
        for _ in range(count)
    )
    checklists = Checklist.objects.bulk_create(
        Checklist(assignment=a, review=review, volunteer=volunteer, template=template)
        for a in assignments
    )
    return [c.pk for c in checklists]


def test_a_moderation_share_of_nought_samples_no_checklist(template, volunteer, north):
    set_moderation_percent(0)
    for pk in many_checklists(template, volunteer, north, 50):
        assert moderation_sample_on_submit(Checklist.objects.get(pk=pk)) is None
    assert not Moderation.objects.exists()


def test_a_moderation_share_of_a_hundred_samples_every_checklist(template, volunteer, north):
    set_moderation_percent(100)
    pks = many_checklists(template, volunteer, north, 50)
    sampled = [moderation_sample_on_submit(Checklist.objects.get(pk=pk)) for pk in pks]
    assert [moderation.checklist_id if moderation else None for moderation in sampled] == pks
    assert Moderation.objects.filter(status=ModerationStatus.WAITING).count() == 50


def test_the_default_share_samples_about_one_checklist_in_ten(template, volunteer, north):
    set_moderation_percent(10)
    rng = random.Random(20261123)
    checklists = Checklist.objects.filter(pk__in=many_checklists(template, volunteer, north, 1000))
    sampled = sum(moderation_sample_on_submit(c, rng=rng) is not None for c in checklists)
    assert 60 <= sampled <= 140
    assert Moderation.objects.count() == sampled


def test_the_programme_samples_one_in_ten_unless_configured():
    assert ProgrammeSettings.current().moderation_percent == 10


def test_a_resubmitted_checklist_goes_back_to_the_queue_whatever_the_share(
    template, volunteer, north, officer_north
):
    moderation = ModerationFactory.create(
        checklist=submitted_checklist(template, volunteer, north, [MET, PARTLY, NOT_MET, NA]),
        completed=True,
        moderator=officer_north,
    )
    set_moderation_percent(0)
    again = moderation_sample_on_submit(moderation.checklist)
    assert again == moderation
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.WAITING
    assert moderation.completed_at is None
    assert list(moderation_queue_for_user(officer_north)) == [moderation]


# Completing a moderation -----------------------------------------------------------------------


def test_an_officer_of_the_area_completes_a_moderation_with_a_response_to_every_item(
    moderation, template, officer_north
):
    answers = answers_for(template, [MET, MET, NOT_MET, NA])
    first = items_of(template)[0]
    answers[first.pk] = ModeratorAnswer(MET, "  The paperwork is all there.  ")
    moderation_complete(
        actor=officer_north, moderation=moderation, answers=answers, comment=" Mostly right. "
    )
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.COMPLETED
    assert moderation.moderator == officer_north
    assert moderation.comment == "Mostly right."
    assert moderation.completed_at == timezone.now()
    stored = {a.item_id: a for a in ModerationAnswer.objects.filter(moderation=moderation)}
    assert [stored[i.pk].response for i in items_of(template)] == [MET, MET, NOT_MET, NA]
    assert stored[first.pk].comment == "The paperwork is all there."
    event = Event.objects.get(action="moderation.completed")
    assert event.actor == officer_north
    assert event.target_id == str(moderation.checklist.review_id)
    assert event.details["items"] == 4
    assert event.details["agreed"] == 3
    assert list(moderation_queue_for_user(officer_north)) == []


def test_a_moderation_missing_answers_lists_each_missing_item_and_saves_nothing(
    moderation, template, officer_north
):
    items = items_of(template)
    answers = {items[0].pk: ModeratorAnswer(MET), items[2].pk: ModeratorAnswer("")}
    with pytest.raises(ModerationIncomplete) as raised:
        moderation_complete(actor=officer_north, moderation=moderation, answers=answers)
    assert [m.item_id for m in raised.value.missing] == [items[1].pk, items[2].pk, items[3].pk]
    assert raised.value.missing[0].message.startswith("Part AR, question 2: choose met")
    assert raised.value.missing[1].message.startswith("Section B: Part B, question 1: choose")
    assert "“B asks 2?”" in raised.value.missing[2].message
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.WAITING
    assert not ModerationAnswer.objects.exists()
    assert not Event.objects.filter(action="moderation.completed").exists()


def test_a_response_that_is_not_on_the_scale_is_refused(moderation, template, officer_north):
    answers = answers_for(template, [MET, MET, MET, "brilliant"])
    with pytest.raises(ValidationError):
        moderation_complete(actor=officer_north, moderation=moderation, answers=answers)
    assert not ModerationAnswer.objects.exists()


def test_answers_to_another_checklists_items_are_refused(moderation, template, officer_north):
    other = ChecklistTemplateFactory.create(name="Another checklist")
    section = ChecklistSection.objects.create(template=other, position=1, code="A", title="A")
    stranger = ChecklistItem.objects.create(section=section, position=1, prompt="Elsewhere?")
    answers = {**answers_for(template, [MET] * 4), stranger.pk: ModeratorAnswer(MET)}
    with pytest.raises(ValidationError, match="not questions of this checklist"):
        moderation_complete(actor=officer_north, moderation=moderation, answers=answers)


def test_a_completed_moderation_cannot_be_completed_again(moderation, template, officer_north):
    moderation_complete(
        actor=officer_north, moderation=moderation, answers=answers_for(template, [MET] * 4)
    )
    with pytest.raises(ModerationLocked, match="already been completed"):
        moderation_complete(
            actor=officer_north, moderation=moderation, answers=answers_for(template, [NA] * 4)
        )
    assert set(ModerationAnswer.objects.values_list("response", flat=True)) == {MET}


def test_a_checklist_back_with_the_volunteer_cannot_be_moderated(
    moderation, template, officer_north
):
    moderation_return(actor=officer_north, moderation=moderation, comment="Look at B again.")
    with pytest.raises(ModerationLocked, match="back with the volunteer"):
        moderation_complete(
            actor=officer_north, moderation=moderation, answers=answers_for(template, [MET] * 4)
        )


@pytest.mark.parametrize("persona", ["manager", "officer_west", "volunteer"])
def test_only_an_officer_of_the_area_may_moderate(persona, personas, moderation, template):
    with pytest.raises(PermissionDenied):
        moderation_complete(
            actor=personas[persona],
            moderation=moderation,
            answers=answers_for(template, [MET] * 4),
        )
    with pytest.raises(PermissionDenied):
        moderation_return(actor=personas[persona], moderation=moderation, comment="No.")


def test_moderating_again_after_a_resubmission_replaces_the_earlier_answers(
    moderation, template, officer_north
):
    moderation_complete(
        actor=officer_north, moderation=moderation, answers=answers_for(template, [MET] * 4)
    )
    moderation_sample_on_submit(moderation.checklist)  # returned, then resubmitted
    moderation_complete(
        actor=officer_north,
        moderation=moderation,
        answers=answers_for(template, [NOT_MET] * 4),
    )
    assert list(ModerationAnswer.objects.values_list("response", flat=True)) == [NOT_MET] * 4


# Returning a checklist to the volunteer --------------------------------------------------------


def test_returning_a_checklist_sends_it_back_to_the_volunteer_with_the_comments(
    moderation, officer_north
):
    moderation_return(
        actor=officer_north, moderation=moderation, comment="  Section B needs evidence.  "
    )
    checklist = Checklist.objects.get(pk=moderation.checklist_id)
    assert checklist.status == ChecklistStatus.RETURNED
    assert checklist.returned_comment == "Section B needs evidence."
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.WAITING
    assert moderation.moderator == officer_north
    assert list(moderation_queue_for_user(officer_north)) == []
    event = Event.objects.get(action="moderation.returned")
    assert event.actor == officer_north
    assert event.details["comment"] == "Section B needs evidence."


def test_a_returned_checklist_comes_back_to_the_queue_when_resubmitted(moderation, officer_north):
    moderation_return(actor=officer_north, moderation=moderation, comment="Look again.")
    Checklist.objects.filter(pk=moderation.checklist_id).update(status=ChecklistStatus.SUBMITTED)
    moderation_sample_on_submit(Checklist.objects.get(pk=moderation.checklist_id))
    assert list(moderation_queue_for_user(officer_north)) == [moderation]


def test_a_checklist_cannot_be_returned_once_the_review_is_no_longer_assigned(
    moderation, officer_north
):
    Assignment.objects.filter(pk=moderation.checklist.assignment_id).update(
        closed_at=timezone.now(), closed_reason="completed"
    )
    with pytest.raises(ModerationLocked) as raised:
        moderation_return(actor=officer_north, moderation=moderation, comment="Look again.")
    assert "no longer assigned to" in str(raised.value)
    assert "Complete the moderation instead" in str(raised.value)
    checklist = Checklist.objects.get(pk=moderation.checklist_id)
    assert checklist.status == ChecklistStatus.SUBMITTED
    assert checklist.returned_comment == ""
    assert not Event.objects.filter(action="moderation.returned").exists()


def test_returning_needs_a_comment(moderation, officer_north):
    with pytest.raises(ValidationError, match="Enter your comments"):
        moderation_return(actor=officer_north, moderation=moderation, comment="   ")
    assert Checklist.objects.get(pk=moderation.checklist_id).status == ChecklistStatus.SUBMITTED


def test_a_completed_moderation_cannot_be_returned(moderation, template, officer_north):
    moderation_complete(
        actor=officer_north, moderation=moderation, answers=answers_for(template, [MET] * 4)
    )
    with pytest.raises(ModerationLocked):
        moderation_return(actor=officer_north, moderation=moderation, comment="Too late.")


# Agreement -------------------------------------------------------------------------------------


@pytest.fixture
def agreement_fixture(template, volunteer, north, west, officer_north, officer_west):
    """Three completed moderations and one waiting, with hand-counted agreement:

    | checklist | volunteer | area  | volunteer said              | moderator said            | agreed |
    | 1         | A         | North | met, met, not met, n/a      | met, partly, not met, n/a | 3 of 4 |
    | 2         | A         | North | partly, met, met, met       | met, met, met, not met    | 2 of 4 |
    | 3         | B         | West  | met, met, met, met          | met, met, met, met        | 4 of 4 |
    | 4         | B         | West  | (waiting: not counted, though it has stale answers) |  |

    Per item: 2/3, 2/3, 3/3, 2/3. Per volunteer: A 5/8 over 2, B 4/4 over 1. Overall 9/12.
    """
    other = VolunteerFactory.create(
        full_name="Beatrice Other", setting=SettingFactory.create(area=west)
    )
    volunteer.full_name = "Ada Senco"
    volunteer.save()
    plan = [
        (volunteer, north, officer_north, [MET, MET, NOT_MET, NA], [MET, PARTLY, NOT_MET, NA]),
        (volunteer, north, officer_north, [PARTLY, MET, MET, MET], [MET, MET, MET, NOT_MET]),
        (other, west, officer_west, [MET, MET, MET, MET], [MET, MET, MET, MET]),
    ]
    for who, area, officer, said, moderated in plan:
        checklist = submitted_checklist(template, who, area, said)
        moderation = ModerationFactory.create(checklist=checklist)
        moderation_complete(
            actor=officer, moderation=moderation, answers=answers_for(template, moderated)
        )
    waiting = ModerationFactory.create(
        checklist=submitted_checklist(template, other, west, [MET] * 4)
    )
    ModerationAnswer.objects.bulk_create(
        ModerationAnswer(moderation=waiting, item=item, response=NOT_MET)
        for item in items_of(template)
    )
    return other


def test_overall_agreement_counts_every_item_of_completed_moderations(agreement_fixture, manager):
    overall = agreement_overall(moderation_list_for_user(manager))
    assert overall == Agreement(compared=12, agreed=9)
    assert str(overall.percent) == "75.0"


def test_agreement_per_item_matches_the_hand_count(agreement_fixture, template, manager):
    rows = agreement_by_item(moderation_list_for_user(manager))
    assert [(r.item_id, r.agreed, r.compared) for r in rows] == [
        (item.pk, agreed, 3) for item, agreed in zip(items_of(template), [2, 2, 3, 2], strict=True)
    ]
    assert [(r.section_code, r.item_position) for r in rows] == [
        ("AR", 1),
        ("AR", 2),
        ("B", 1),
        ("B", 2),
    ]
    assert rows[0].template == "Moderation test checklist, version 1"
    assert str(rows[0].percent) == "66.7"
    assert str(rows[2].percent) == "100.0"


def test_agreement_per_volunteer_matches_the_hand_count(agreement_fixture, volunteer, manager):
    rows = agreement_by_volunteer(moderation_list_for_user(manager))
    assert [(r.volunteer_id, r.moderations, r.agreed, r.compared) for r in rows] == [
        (volunteer.pk, 2, 5, 8),
        (agreement_fixture.pk, 1, 4, 4),
    ]
    assert rows[0].volunteer_name == "Ada Senco"
    assert str(rows[0].percent) == "62.5"


def test_an_officer_sees_the_agreement_of_their_own_areas(
    agreement_fixture, officer_north, officer_west
):
    assert agreement_overall(moderation_list_for_user(officer_north)) == Agreement(8, 5)
    assert agreement_overall(moderation_list_for_user(officer_west)) == Agreement(4, 4)


def test_agreement_is_computed_in_one_query_whatever_the_number_of_moderations(
    agreement_fixture, manager, django_assert_num_queries
):
    moderations = Moderation.objects.all()
    with django_assert_num_queries(1):
        agreement_by_item(moderations)
    with django_assert_num_queries(1):
        agreement_by_volunteer(moderations)
    with django_assert_num_queries(1):
        agreement_overall(moderations)


def test_with_nothing_moderated_agreement_has_no_percentage(db):
    assert agreement_overall(Moderation.objects.all()) == Agreement(0, 0)
    assert Agreement(0, 0).percent is None


# Pages -----------------------------------------------------------------------------------------


@pytest.fixture
def other_volunteer(north) -> User:
    return VolunteerFactory.create(setting=SettingFactory.create(area=north))


ROLES = ["volunteer", "other_volunteer", "headteacher", "officer_north", "officer_west"]
ROLES += ["manager", "editor"]


@pytest.fixture
def everyone(personas, other_volunteer) -> dict[str, User]:
    return {**personas, "other_volunteer": other_volunteer}


@pytest.mark.parametrize(
    ("persona", "status", "sees_it"),
    [
        ("volunteer", 403, False),
        ("other_volunteer", 403, False),
        ("headteacher", 403, False),
        ("editor", 403, False),
        ("officer_north", 200, True),
        ("officer_west", 200, False),
        ("manager", 200, True),
    ],
)
def test_the_queue_shows_waiting_moderations_of_the_officers_areas(
    persona, status, sees_it, everyone, moderation
):
    response = client_for(everyone[persona]).get("/moderation/")
    assert response.status_code == status
    if status == 200:
        plan_ref = moderation.checklist.review.plan.plan_ref
        assert (plan_ref in response.content.decode()) is sees_it


def test_the_queue_is_paginated_and_sorted_on_the_server(template, volunteer, north, manager):
    for _ in range(27):
        ModerationFactory.create(
            checklist=submitted_checklist(template, volunteer, north, [MET] * 4)
        )
    client = client_for(manager)
    first = client.get("/moderation/?sort=plan")
    assert first.context["page"].paginator.count == 27
    assert len(first.context["page"].object_list) == 25
    refs = [m.checklist.review.plan.plan_ref for m in first.context["page"].object_list]
    assert refs == sorted(refs)
    assert len(client.get("/moderation/?sort=plan&page=2").context["page"].object_list) == 2
    assert client.get("/moderation/?sort=nonsense").context["sort"] == "oldest"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 200),
        ("officer_west", 404),
        ("manager", 200),
    ],
)
def test_who_may_open_a_moderation(persona, status, everyone, moderation):
    response = client_for(everyone[persona]).get(f"/moderation/{moderation.pk}/")
    assert response.status_code == status


def test_the_moderation_page_shows_the_volunteers_answers_and_the_officers_form(
    moderation, officer_north
):
    response = client_for(officer_north).get(f"/moderation/{moderation.pk}/")
    page = response.content.decode()
    assert "The volunteer answered <strong>Partly met</strong> and commented: “Because 1”" in page
    assert "Part AR" in page
    assert "Section B: Part B" in page
    assert 'name="complete"' in page
    assert "Return to the volunteer with comments" in page
    assert f'action="/moderation/{moderation.pk}/return/"' in page


def test_a_manager_reads_a_moderation_without_the_forms(moderation, manager):
    page = client_for(manager).get(f"/moderation/{moderation.pk}/").content.decode()
    assert "Because 1" in page
    assert 'name="complete"' not in page
    assert "Return to the volunteer with comments" not in page


def form_data(template: ChecklistTemplate, responses: Sequence[str]) -> dict[str, str]:
    data = {"comment": "Checked against the plan."}
    for item, response in zip(items_of(template), responses, strict=True):
        data[f"item_{item.pk}"] = response
        data[f"item_comment_{item.pk}"] = ""
    return data


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 302),
        ("officer_west", 404),
        ("manager", 403),
    ],
)
def test_who_may_complete_a_moderation(persona, status, everyone, moderation, template):
    response = client_for(everyone[persona]).post(
        f"/moderation/{moderation.pk}/", form_data(template, [MET] * 4)
    )
    assert response.status_code == status
    moderation.refresh_from_db()
    completed = moderation.status == ModerationStatus.COMPLETED
    assert completed is (status == 302)


def test_completing_on_the_page_says_how_far_the_officer_agreed(
    moderation, template, officer_north
):
    client = client_for(officer_north)
    response = client.post(
        f"/moderation/{moderation.pk}/", form_data(template, [MET, PARTLY, MET, NA])
    )
    assert response["Location"] == "/moderation/"
    banner = client.get("/moderation/").content.decode()
    assert "you agreed with the volunteer on 3 of 4 questions" in banner
    page = client.get(f"/moderation/{moderation.pk}/").content.decode()
    assert "3 of 4 questions (75.0%)" in page
    assert "Differs" in page


def test_an_incomplete_moderation_shows_each_missing_question(moderation, template, officer_north):
    data = form_data(template, [MET, "", "", MET])
    response = client_for(officer_north).post(f"/moderation/{moderation.pk}/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Part AR, question 2: choose met, partly met, not met or not applicable" in page
    assert "Section B: Part B, question 1: choose met" in page
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.WAITING


def test_completing_a_completed_moderation_on_the_page_answers_409(
    moderation, template, officer_north
):
    client = client_for(officer_north)
    client.post(f"/moderation/{moderation.pk}/", form_data(template, [MET] * 4))
    response = client.post(f"/moderation/{moderation.pk}/", form_data(template, [NA] * 4))
    assert response.status_code == 409
    assert "cannot be changed" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 302),
        ("officer_west", 404),
        ("manager", 403),
    ],
)
def test_who_may_return_a_checklist(persona, status, everyone, moderation):
    response = client_for(everyone[persona]).post(
        f"/moderation/{moderation.pk}/return/", {"return_comment": "Please look at B again."}
    )
    assert response.status_code == status
    checklist = Checklist.objects.get(pk=moderation.checklist_id)
    assert (checklist.status == ChecklistStatus.RETURNED) is (status == 302)


def test_the_return_action_takes_only_posts(moderation, officer_north):
    assert client_for(officer_north).get(f"/moderation/{moderation.pk}/return/").status_code == 405


def test_returning_without_a_comment_asks_for_one(moderation, officer_north):
    response = client_for(officer_north).post(
        f"/moderation/{moderation.pk}/return/", {"return_comment": " "}
    )
    assert response.status_code == 400
    assert "Enter your comments for the volunteer" in response.content.decode()


def test_returning_after_the_assignment_closed_explains_why_not(moderation, officer_north):
    Assignment.objects.filter(pk=moderation.checklist.assignment_id).update(
        closed_at=timezone.now(), closed_reason="completed"
    )
    response = client_for(officer_north).post(
        f"/moderation/{moderation.pk}/return/", {"return_comment": "Look again."}
    )
    assert response.status_code == 409
    assert "is no longer assigned to" in response.content.decode()


def test_once_the_assignment_has_closed_the_page_offers_no_return(moderation, officer_north):
    Assignment.objects.filter(pk=moderation.checklist.assignment_id).update(
        closed_at=timezone.now(), closed_reason="completed"
    )
    page = client_for(officer_north).get(f"/moderation/{moderation.pk}/").content.decode()
    assert "Return to the volunteer with comments" not in page
    assert "cannot be returned to them" in page


def test_the_volunteer_sees_the_returned_comment_on_their_checklist(
    moderation, officer_north, volunteer
):
    client_for(officer_north).post(
        f"/moderation/{moderation.pk}/return/", {"return_comment": "Section B needs evidence."}
    )
    page = client_for(volunteer).get(f"/checklists/{moderation.checklist_id}/")
    assert page.status_code == 200
    assert "Section B needs evidence." in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 200),
        ("officer_west", 200),
        ("manager", 200),
    ],
)
def test_who_may_see_the_agreement_report(persona, status, everyone, agreement_fixture):
    assert client_for(everyone[persona]).get("/moderation/agreement/").status_code == status


def test_the_agreement_report_shows_the_figures_per_item_volunteer_and_overall(
    agreement_fixture, manager
):
    response = client_for(manager).get("/moderation/agreement/?sort=lowest")
    page = response.content.decode()
    assert "75.0%" in page
    assert "9 of 12 questions agreed" in page
    assert "Ada Senco" in page
    assert "Beatrice Other" in page
    assert "5 of 8" in page
    assert "62.5%" in page
    assert "AR asks 1?" in page
    assert "2 of 3" in page
    rows = response.context["page"].object_list
    assert [r.volunteer_name for r in rows] == ["Ada Senco", "Beatrice Other"]


def test_the_agreement_report_of_an_officer_covers_their_areas_only(
    agreement_fixture, officer_west
):
    page = client_for(officer_west).get("/moderation/agreement/").content.decode()
    assert "Beatrice Other" in page
    assert "Ada Senco" not in page
    assert "4 of 4 questions agreed" in page


def test_the_officer_and_manager_home_pages_link_to_the_queue(officer_north, manager):
    for user in (officer_north, manager):
        assert 'href="/moderation/"' in client_for(user).get("/", follow=True).content.decode()


def test_text_typed_into_the_checklist_is_shown_as_text_on_the_moderation_page(
    moderation, template, officer_north
):
    ChecklistSection.objects.filter(template=template, code="B").update(
        title="{{ user.email }} <b>bold</b>"
    )
    item = items_of(template)[0]
    ChecklistItem.objects.filter(pk=item.pk).update(guidance="Dates <i>and</i> names")
    page = client_for(officer_north).get(f"/moderation/{moderation.pk}/").content.decode()
    assert "Section B: {{ user.email }} &lt;b&gt;bold&lt;/b&gt;" in page
    assert "What good looks like:</span> Dates &lt;i&gt;and&lt;/i&gt; names" in page
    assert officer_north.email not in page.split("<main")[1]
