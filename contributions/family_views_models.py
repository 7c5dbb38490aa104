"""The family's part in a review (DESIGN section 9): their views before the meeting, and the
questions they ask the case officer. Collected for Django by contributions.models.

Each record keeps how it reached the service (`channel`): online by a family member, or
recorded by a case officer from paper, a phone call or an advocate, so the same records exist
for families who do not go online. Rows are never deleted: what a family gave keeps its author
after they lose access.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# A question is a message, not a letter: long enough to explain, short enough to read.
QUESTION_MAX_CHARS = 2_000
ANSWER_MAX_CHARS = 4_000
# Each answer of the views form.
VIEWS_ANSWER_MAX_CHARS = 3_000
# Files (a drawing, a photo, a letter) with one person's views.
VIEWS_FILES_MAX = 10


class ViewsAbout(models.TextChoices):
    """Whose views: the parent's or carer's, or the child's (or young person's) own."""

    PARENT = "parent", "Your views"
    CHILD = "child", "Your child's views"


class Channel(models.TextChoices):
    """How the views or the question reached the service."""

    ONLINE = "online", "Online by the family"
    PAPER = "paper", "On paper"
    PHONE = "phone", "By phone"
    ADVOCATE = "advocate", "Through an advocate"
    IN_PERSON = "in_person", "In person"


# The guided questions of each person's views, by the field that keeps the answer.
VIEWS_QUESTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    ViewsAbout.PARENT: (
        ("going_well", "What is going well?", "At school, at home or with friends."),
        ("hard", "What is hard at the moment?", "What worries you, or what is not working."),
        ("hopes", "What do you hope for next year?", "What you would like to change."),
    ),
    ViewsAbout.CHILD: (
        ("likes", "What I like", "Things I enjoy and am good at."),
        ("helps", "What helps me", "People and things that help me learn and feel OK."),
        ("want_known", "What I want people to know", "Anything else I want to say."),
    ),
}
VIEWS_FIELDS = tuple(name for questions in VIEWS_QUESTIONS.values() for name, _, _ in questions)


class FamilyViews(models.Model):
    """One person's views (the parent's, or the child's) for one review, given before its
    meeting: answers to the guided questions and any files. One row per review and person;
    editable until the meeting (contributions.family_views.views_open), then read-only."""

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, related_name="family_views"
    )
    about = models.CharField(max_length=8, choices=ViewsAbout.choices)
    going_well = models.TextField(blank=True)
    hard = models.TextField(blank=True)
    hopes = models.TextField(blank=True)
    likes = models.TextField(blank=True)
    helps = models.TextField(blank=True)
    want_known = models.TextField(blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    # Online: the family member who gave them. Otherwise: the officer who recorded them, and
    # who they came from in words ("Sam's grandmother, by phone").
    given_by = models.ForeignKey(
        "contributions.FamilyMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    given_by_name = models.CharField(max_length=200, blank=True)
    first_given_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "family views"
        ordering = ["review", "about"]
        constraints = [
            models.CheckConstraint(
                condition=Q(about__in=ViewsAbout.values), name="familyviews_about_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="familyviews_channel_valid"
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.ONLINE) | Q(given_by__isnull=False),
                name="familyviews_online_has_a_family_member",
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.ONLINE) | Q(recorded_by__isnull=False),
                name="familyviews_recorded_has_an_officer",
            ),
            models.UniqueConstraint(fields=["review", "about"], name="familyviews_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_about_display()} for {self.review_id}"

    def answers(self) -> list[tuple[str, str]]:
        """(question, answer) for the questions answered, in order."""
        return [
            (question, getattr(self, name))
            for name, question, _ in VIEWS_QUESTIONS[self.about]
            if getattr(self, name)
        ]

    @property
    def how_given(self) -> str:
        """In words: "Online by the family" or "On paper, recorded by Ann Smith"."""
        if self.channel == Channel.ONLINE:
            return self.get_channel_display()
        recorded = f", recorded by {self.recorded_by}" if self.recorded_by else ""
        return f"{self.get_channel_display()}{recorded}"


class FamilyViewsFile(models.Model):
    """A file given with someone's views: a drawing, a photo, a letter. The file is a
    documents.Document of the review, checked and stored by the documents' rules."""

    views = models.ForeignKey(FamilyViews, on_delete=models.PROTECT, related_name="files")
    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="family_views_file"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return str(self.document_id)


class FamilyQuestionQuerySet(models.QuerySet["FamilyQuestion"]):
    def unanswered(self) -> "FamilyQuestionQuerySet":
        return self.filter(answered_at__isnull=True)

    def overdue(self, today: date) -> "FamilyQuestionQuerySet":
        """Unanswered after their last day to answer."""
        return self.unanswered().filter(answer_due_on__lt=today)


class FamilyQuestion(models.Model):
    """A question from the family to the plan's case officer, and the answer. The time to
    answer counts in working days from the day it was asked (FAMILY_QUESTION_ANSWER_DAYS):
    `answer_due_on` is the last day on which an answer is on time."""

    plan = models.ForeignKey(
        "casework.Plan", on_delete=models.PROTECT, related_name="family_questions"
    )
    text = models.TextField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    asked_by = models.ForeignKey(
        "contributions.FamilyMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asker_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    asked_on = models.DateField()
    answer_due_on = models.DateField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = FamilyQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="familyquestion_channel_valid"
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.ONLINE) | Q(asked_by__isnull=False),
                name="familyquestion_online_has_a_family_member",
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.ONLINE) | Q(recorded_by__isnull=False),
                name="familyquestion_recorded_has_an_officer",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="familyquestion_answered_has_an_answer",
            ),
        ]
        indexes = [models.Index(fields=["answered_at", "answer_due_on"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def overdue(self) -> bool:
        """Unanswered after its last day to answer (today in the service's time zone)."""
        return self.answered_at is None and timezone.localdate() > self.answer_due_on

    @property
    def answered_late(self) -> bool:
        return (
            self.answered_at is not None
            and timezone.localdate(self.answered_at) > self.answer_due_on
        )

    @property
    def asker(self) -> str:
        if self.asked_by is not None:
            return str(self.asked_by.user)
        return self.asker_name or "The family"


# The annual review report's words for each person's views.
REPORT_VIEWS_LABELS = {
    ViewsAbout.PARENT: "The parents' views given through the service",
    ViewsAbout.CHILD: "The child's views given through the service",
}


def views_given_words(review_id: int) -> list[tuple[str, str]]:
    """For the annual review report: whether each person's views were given through the
    service before the meeting, how and when, in words."""
    given = {
        views.about: views
        for views in FamilyViews.objects.filter(review_id=review_id).select_related("recorded_by")
    }
    words = []
    for about, label in REPORT_VIEWS_LABELS.items():
        views = given.get(about)
        if views is None:
            words.append((label, "No"))
        else:
            on = timezone.localdate(views.updated_at)
            how = views.how_given
            words.append((label, f"Yes: {how[:1].lower()}{how[1:]}, {on.day} {on:%B %Y}"))
    return words
