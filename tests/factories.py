from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from accounts.models import Role, SchoolJob, SchoolStaff, User
from casework.models import Child, Plan, PrimaryNeed
from contributions.advice_models import AdviceRequest, AdviceService
from contributions.family_models import FamilyMember, FamilyRelationship
from localoffer.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from organisation.models import AreaTeam, Setting, SettingPhase
from qa.models import (
    Checklist,
    ChecklistStatus,
    ChecklistTemplate,
    Grade,
    Moderation,
    ModerationStatus,
    Recommendation,
)
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from volunteers.models import AgreementStatus, Assignment, ReleaseAgreement

PASSWORD = "correct-horse-battery-staple"


class AreaTeamFactory(factory.django.DjangoModelFactory[AreaTeam]):
    class Meta:
        model = AreaTeam
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Area {n}")


class SettingFactory(factory.django.DjangoModelFactory[Setting]):
    class Meta:
        model = Setting

    urn = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"School {n}")
    phase = SettingPhase.PRIMARY
    area = factory.SubFactory(AreaTeamFactory)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.MANAGER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def areas(user: Any, create: bool, extracted: list[AreaTeam] | None, **kwargs: Any) -> None:
        if create and extracted:
            user.areas.set(extracted)
        if create:
            user.save()


class CaseOfficerFactory(UserFactory):
    role = Role.CASE_OFFICER


class VolunteerFactory(UserFactory):
    role = Role.VOLUNTEER
    setting = factory.SubFactory(SettingFactory)


class HeadteacherFactory(UserFactory):
    role = Role.HEADTEACHER
    setting = factory.SubFactory(SettingFactory)


class LocalOfferEditorFactory(UserFactory):
    role = Role.LOCALOFFER_EDITOR


class SchoolStaffUserFactory(UserFactory):
    """A school staff account, on its school's staff list as its SENCO."""

    role = Role.SCHOOL
    setting = factory.SubFactory(SettingFactory)

    @factory.post_generation
    def staff_place(user: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if create:
            SchoolStaff.objects.create(
                user=user, setting=user.setting, job=extracted or SchoolJob.SENCO
            )


class FamilyUserFactory(UserFactory):
    """A parent, carer or young person's account (they sign in with a one-time code)."""

    role = Role.FAMILY

    @factory.post_generation
    def no_password(user: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """After the other steps (which save the user): a family account has no password."""
        user.set_unusable_password()
        if create:
            user.save(update_fields=["password"])


class SchoolStaffFactory(factory.django.DjangoModelFactory[SchoolStaff]):
    """A place on a school's staff list for an existing person (a volunteer or headteacher)."""

    class Meta:
        model = SchoolStaff

    user = factory.SubFactory(VolunteerFactory)
    setting = factory.SelfAttribute("user.setting")
    job = SchoolJob.SENCO


class ChildFactory(factory.django.DjangoModelFactory[Child]):
    class Meta:
        model = Child

    upn = None
    forename = factory.Faker("first_name", locale="en_GB")
    surname = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2015, 3, 10)


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    plan_ref = factory.Sequence(lambda n: f"EHCP-{n:05d}")
    child = factory.SubFactory(ChildFactory)
    issued_on = date(2024, 1, 15)
    setting = factory.SubFactory(SettingFactory, area=factory.SelfAttribute("..area"))
    area = factory.SubFactory(AreaTeamFactory)
    primary_need = PrimaryNeed.ASD


class FamilyMemberFactory(factory.django.DjangoModelFactory[FamilyMember]):
    """A parent following a plan, invited by nobody in particular."""

    class Meta:
        model = FamilyMember

    plan = factory.SubFactory(PlanFactory)
    user = factory.SubFactory(FamilyUserFactory)
    relationship = FamilyRelationship.PARENT


DECISION_NOTES = {
    Decision.MAINTAIN: "",
    Decision.AMEND: "Section F: add weekly speech and language therapy.",
    Decision.CEASE: "The outcomes of the plan have been met.",
}


class ReviewFactory(factory.django.DjangoModelFactory[Review]):
    """An open first review in its planning stage, due a year after the plan was issued.

    Each state sets the fields its transition in `reviews.services` writes, with dates that
    follow from the due date unless given: `planned` (meeting planned for the due date),
    `held` (meeting on the due date), `decided` (held, and the decision, `Decision.MAINTAIN`
    unless given, notified 3 weeks later), `amended` (decided to amend, with the amendment
    notice sent with the decision), `final_plan` (amended, the final plan issued 6 weeks after
    the notice), `concluded` (decided, and concluded on the day of its last step).

    The computed columns are left to the recompute: give `recomputed=True` (or the day to
    compute them for) to run `reviews.recompute.recompute_reviews` on the new review.
    """

    class Meta:
        model = Review
        skip_postgeneration_save = True

    class Params:
        planned = factory.Trait(meeting_planned_on=factory.SelfAttribute("due_on"))
        held = factory.Trait(
            status=ReviewStatus.MEETING_HELD, meeting_on=factory.SelfAttribute("due_on")
        )
        decided = factory.Trait(
            held=True,
            status=ReviewStatus.DECISION_NOTIFIED,
            decision=Decision.MAINTAIN,
            decision_notified_on=factory.LazyAttribute(lambda r: r.meeting_on + timedelta(weeks=3)),
            decision_notes=factory.LazyAttribute(lambda r: DECISION_NOTES[Decision(r.decision)]),
        )
        amended = factory.Trait(
            decided=True,
            status=ReviewStatus.AMENDMENT_NOTICE_SENT,
            decision=Decision.AMEND,
            amendment_notice_on=factory.SelfAttribute("decision_notified_on"),
        )
        final_plan = factory.Trait(
            amended=True,
            status=ReviewStatus.FINAL_PLAN_ISSUED,
            final_plan_issued_on=factory.LazyAttribute(
                lambda r: r.amendment_notice_on + timedelta(weeks=6)
            ),
        )
        concluded = factory.Trait(
            decided=True,
            status=ReviewStatus.CONCLUDED,
            concluded_on=factory.LazyAttribute(
                lambda r: (
                    r.final_plan_issued_on or r.amendments_withdrawn_on or r.decision_notified_on
                )
            ),
        )

    plan = factory.SubFactory(PlanFactory)
    is_first_review = True
    due_on = factory.LazyAttribute(
        lambda r: r.plan.issued_on.replace(year=r.plan.issued_on.year + 1)
    )
    status = ReviewStatus.PLANNING
    final_plan_issued_on = None
    amendments_withdrawn_on = None

    @factory.post_generation
    def recomputed(review: Any, create: bool, extracted: bool | date | None, **kwargs: Any) -> None:
        if create and extracted:
            today = extracted if isinstance(extracted, date) else None
            recompute_reviews(review_ids=[review.pk], today=today)
            review.refresh_from_db()


class ReleaseAgreementFactory(factory.django.DjangoModelFactory[ReleaseAgreement]):
    """An approved agreement releasing a volunteer on Tuesdays for 12 weeks from 2026-11-02.

    `released` adds the decision's time, as the headteacher's approval writes it (give
    `decided_by` to name them); `paused` is released and then paused, with a reason and no
    resume date unless given; `requested` is waiting for the headteacher.
    """

    class Meta:
        model = ReleaseAgreement

    class Params:
        requested = factory.Trait(status=AgreementStatus.REQUESTED)
        released = factory.Trait(
            status=AgreementStatus.APPROVED, decided_at=factory.LazyFunction(timezone.now)
        )
        paused = factory.Trait(
            released=True,
            status=AgreementStatus.PAUSED,
            reason="An inspection this half term.",
        )

    volunteer = factory.SubFactory(VolunteerFactory)
    weekday = 1
    start_on = date(2026, 11, 2)
    weeks = 12
    status = AgreementStatus.APPROVED


class AssignmentFactory(factory.django.DjangoModelFactory[Assignment]):
    """An open assignment of a new review to a new volunteer for Tuesday 3 November 2026."""

    class Meta:
        model = Assignment

    review = factory.SubFactory(ReviewFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    release_day = date(2026, 11, 3)


class ChecklistTemplateFactory(factory.django.DjangoModelFactory[ChecklistTemplate]):
    """A template version with no sections: add them where a test answers questions."""

    class Meta:
        model = ChecklistTemplate

    name = factory.Sequence(lambda n: f"Checklist {n}")
    version = 1


class ModerationFactory(factory.django.DjangoModelFactory[Moderation]):
    """A moderation waiting for a second opinion; `completed` is done by a case officer."""

    class Meta:
        model = Moderation

    class Params:
        completed = factory.Trait(
            status=ModerationStatus.COMPLETED,
            moderator=factory.SubFactory(CaseOfficerFactory),
            completed_at=factory.LazyFunction(timezone.now),
        )

    checklist = factory.SubFactory("tests.factories.ChecklistFactory", submitted=True)


class ChecklistFactory(factory.django.DjangoModelFactory[Checklist]):
    """A draft checklist of its assignment's review, by its volunteer.

    `submitted` is graded Good (75%) with no amendment recommended, as `checklist_submit`
    writes it; `moderated` is submitted and its moderation completed.
    """

    class Meta:
        model = Checklist
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(
            status=ChecklistStatus.SUBMITTED,
            score=Decimal("75.00"),
            grade=Grade.GOOD,
            recommendation=Recommendation.NO_AMENDMENT,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        moderated = factory.Trait(
            submitted=True,
            moderation=factory.RelatedFactory(
                ModerationFactory, factory_related_name="checklist", completed=True
            ),
        )

    assignment = factory.SubFactory(AssignmentFactory)
    review = factory.SelfAttribute("assignment.review")
    volunteer = factory.SelfAttribute("assignment.volunteer")
    template = factory.SubFactory(ChecklistTemplateFactory)


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Provider {n}")
    description = "A provider of services for children and young people with SEND."


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    """An active, current service for ages 0 to 25, owned by a new Local Offer editor.

    Give `terms=[term, ...]` to classify it; `StaleServiceFactory` is past its review date.
    """

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Support for children and young people with SEND and their families."
    url = factory.Sequence(lambda n: f"https://services.example.org/{n}")
    status = ServiceStatus.ACTIVE
    minimum_age = 0
    maximum_age = 25
    owner = factory.SubFactory(LocalOfferEditorFactory)
    last_reviewed_on = date(2026, 9, 1)
    review_by = date(2027, 9, 1)

    @factory.post_generation
    def terms(service: Any, create: bool, extracted: list[TaxonomyTerm] | None, **kw: Any) -> None:
        if create and extracted:
            service.terms.set(extracted)


class StaleServiceFactory(ServiceFactory):
    last_reviewed_on = date(2025, 6, 1)
    review_by = date(2026, 6, 1)


class LocationFactory(factory.django.DjangoModelFactory[Location]):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Family hub {n}")
    address_1 = factory.Sequence(lambda n: f"{n} High Street")
    city = "Maidstone"
    postal_code = "ME14 1XQ"
    latitude = 51.2762
    longitude = 0.5219


class ServiceAtLocationFactory(factory.django.DjangoModelFactory[ServiceAtLocation]):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


def taxonomy_term(taxonomy_code: str, term_code: str) -> TaxonomyTerm:
    """One of the terms every installation has (localoffer/taxonomy.py), by its codes."""
    return TaxonomyTerm.objects.get(taxonomy__code=taxonomy_code, code=term_code)


class AdviceRequestFactory(factory.django.DjangoModelFactory[AdviceRequest]):
    """Advice asked of an educational psychologist for a review whose meeting is planned for
    20 January 2027, due 2 weeks before it; `received` gives it as text."""

    class Meta:
        model = AdviceRequest

    class Params:
        received = factory.Trait(
            received_at=factory.LazyFunction(timezone.now),
            advice="Continue the weekly social communication group.",
        )

    review = factory.SubFactory(ReviewFactory, meeting_planned_on=date(2027, 1, 20))
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"professional{n}@example.nhs.uk")
    service = AdviceService.EDUCATIONAL_PSYCHOLOGY
    question = "What support does the child need with communication and interaction?"
    due_on = date(2027, 1, 6)
