"""The one filter of reviews: the API list, the backlog queue and the downloads all use it,
so a bookmarked queue URL and its CSV download show the same reviews."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, F, OrderBy, QuerySet

from casework.models import PrimaryNeed
from common.api import StrictFilterSet, TrueOrFalseFilter, WholeNumberFilter
from organisation.models import Setting
from reviews.models import STEP_STATE_CHOICES, Review, ReviewQuerySet, ReviewStatus, Step
from reviews.overdue import OVERDUE_BANDS, overdue_band
from reviews.statutory import StepState
from volunteers.selectors import assignments_open_for_outer_review


class SchoolNameField(forms.CharField):
    """A school's name as typed or picked from the list; one the service does not know is
    an error on the filter, not an empty queue."""

    def clean(self, value: Any) -> str:
        name = " ".join(str(super().clean(value) or "").split())
        if name and not Setting.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                f"No school is called {name}: choose one from the list, or check the spelling"
            )
        return name


class SchoolNameFilter(django_filters.CharFilter):  # type: ignore[misc]
    field_class = SchoolNameField


# Each needs `ReviewQuerySet.with_urgency()` (priority and days overdue are today's).
SORTS: dict[str, list[str | OrderBy]] = {
    "priority": ["-priority", "due_on", "id"],
    "due_on": ["due_on", "-priority", "id"],
    # Most days overdue first is the earliest `overdue_since` first; in a tie, the same days
    # overdue, the stored key orders as today's priority does (docs/decisions/0027).
    "days_overdue": [F("overdue_since").asc(nulls_last=True), "-priority_key", "id"],
}


class ReviewFilter(django_filters.FilterSet):  # type: ignore[misc]
    area = django_filters.CharFilter(
        field_name="plan__area__name", lookup_expr="iexact", label="Area team"
    )
    state = django_filters.ChoiceFilter(
        choices=STEP_STATE_CHOICES, empty_label="Any state", label="State"
    )
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)
    in_backlog = TrueOrFalseFilter()
    open = TrueOrFalseFilter(method="filter_open", label="Open (not concluded)")
    overdue_step = django_filters.ChoiceFilter(
        choices=Step.choices,
        method="filter_overdue_step",
        empty_label="Any step",
        label="Overdue step",
    )
    overdue_for = django_filters.ChoiceFilter(
        choices=[(band.slug, band.label) for band in OVERDUE_BANDS],
        method="filter_overdue_for",
        empty_label="Any time",
        label="Overdue for",
    )
    phase_transfer = TrueOrFalseFilter(
        field_name="phase_transfer_due_on",
        lookup_expr="isnull",
        exclude=True,
        label="Phase transfer",
    )
    ncy = WholeNumberFilter(label="Year group")
    primary_need = django_filters.ChoiceFilter(
        field_name="plan__primary_need",
        choices=PrimaryNeed.choices,
        empty_label="Any need",
        label="Primary need",
    )
    setting = django_filters.CharFilter(field_name="plan__setting__urn", label="School URN")
    school = SchoolNameFilter(
        field_name="plan__setting__name", lookup_expr="iexact", label="School"
    )
    assigned = django_filters.ChoiceFilter(
        choices=[("yes", "Assigned to a volunteer"), ("no", "Not assigned")],
        method="filter_assigned",
        empty_label="Either",
        label="Volunteer assignment",
    )
    volunteer = WholeNumberFilter(method="filter_volunteer", label="Volunteer")

    class Meta:
        model = Review
        fields = ["area", "state", "status", "in_backlog"]

    def filter_open(self, queryset: ReviewQuerySet, name: str, value: bool) -> ReviewQuerySet:
        if value:
            return queryset.open()
        return queryset.concluded()

    def filter_assigned(
        self, queryset: QuerySet[Review], name: str, value: str
    ) -> QuerySet[Review]:
        held = Exists(assignments_open_for_outer_review())
        return queryset.filter(held if value == "yes" else ~held)

    def filter_volunteer(
        self, queryset: QuerySet[Review], name: str, value: int
    ) -> QuerySet[Review]:
        return queryset.filter(
            Exists(assignments_open_for_outer_review().filter(volunteer_id=value))
        )

    def filter_overdue_step(
        self, queryset: QuerySet[Review], name: str, value: str
    ) -> QuerySet[Review]:
        return queryset.filter(**{f"{value}_state": StepState.OVERDUE})

    def filter_overdue_for(
        self, queryset: QuerySet[Review], name: str, value: str
    ) -> QuerySet[Review]:
        return queryset.filter(overdue_band(value).condition())

    def backlog_groups(self) -> tuple[bool, ...]:
        """Which of the groups of the queue's priority order (reviews.ordering: in the
        backlog, True, or not) can hold a review these filters let through: an overdue step
        or a band of days overdue is in the backlog only, and a review is in the backlog
        exactly when its state is overdue (reviews.recompute: both mean a step is overdue).
        Call after `is_valid`."""
        asked = self.form.cleaned_data
        groups = {True, False}
        if asked.get("overdue_step") or asked.get("overdue_for"):
            groups &= {True}
        if asked.get("in_backlog") is not None:
            groups &= {asked["in_backlog"]}
        if asked.get("state"):
            groups &= {asked["state"] == StepState.OVERDUE}
        return tuple(group for group in (True, False) if group in groups)


class MinimisedReviewFilter(StrictFilterSet):
    """The filters of a volunteer's list: only by what their minimised record of a review
    shows (DESIGN section 4); any other parameter is refused by name, so that no filter
    tells them what the record hides."""

    ncy = WholeNumberFilter(label="Year group")
    primary_need = django_filters.ChoiceFilter(
        field_name="plan__primary_need", choices=PrimaryNeed.choices, label="Primary need"
    )

    class Meta:
        model = Review
        fields = ["ncy", "primary_need"]
