"""The volunteer programme in the API, read-only: volunteers, release agreements and
assignments, each filtered by its one access function.

Nothing here names a child: an assignment carries its review's id and plan reference, which
is all a volunteer's own pages show of a case. Headteachers see their staff's release
agreements and nothing else.
"""

import django_filters
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from rest_framework import serializers, viewsets

from accounts.access import signed_in_user
from accounts.models import User
from common.api import FilterBackend, TrueOrFalseFilter, WholeNumberFilter
from volunteers.models import Assignment, ProgrammeSettings, ReleaseAgreement
from volunteers.selectors import (
    agreement_list_for_user,
    assignment_list_for_user,
    volunteer_list_for_user,
)


class SchoolSerializer(serializers.Serializer[object]):
    urn = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PersonSerializer(serializers.Serializer[User]):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class VolunteerSerializer(serializers.ModelSerializer[User]):
    school = SchoolSerializer(source="setting", allow_null=True, read_only=True)
    trained_on = serializers.DateField(allow_null=True, read_only=True)
    reviews_per_day = serializers.IntegerField(
        read_only=True,
        help_text="Reviews the volunteer may be given a release day: their own if set, "
        "otherwise the programme's.",
    )

    class Meta:
        model = User
        fields = ["id", "full_name", "email", "school", "trained_on", "reviews_per_day"]
        read_only_fields = fields


class VolunteerViewSet(viewsets.ReadOnlyModelViewSet[User]):
    """The programme's active volunteers (case officers and managers only)."""

    queryset = User.objects.none()  # the schema's model; requests use get_queryset
    lookup_value_regex = "[^/]+"  # any id reaches the lookup, which says 404
    serializer_class = VolunteerSerializer

    def get_queryset(self) -> QuerySet[User]:
        programme = ProgrammeSettings.current()
        return (
            volunteer_list_for_user(signed_in_user(self.request))
            .annotate(
                trained_on=F("volunteer_profile__trained_on"),
                reviews_per_day=Coalesce(
                    "volunteer_profile__reviews_per_day", Value(programme.reviews_per_day)
                ),
            )
            .order_by("full_name", "id")
        )


class ReleaseAgreementSerializer(serializers.ModelSerializer[ReleaseAgreement]):
    volunteer = PersonSerializer(read_only=True)
    school = SchoolSerializer(source="volunteer.setting", allow_null=True, read_only=True)
    first_day = serializers.DateField(read_only=True)
    last_day = serializers.DateField(read_only=True)

    class Meta:
        model = ReleaseAgreement
        fields = [
            "id", "volunteer", "school", "weekday", "start_on", "weeks", "first_day",
            "last_day", "status", "reason", "resume_on", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


class ReleaseAgreementViewSet(viewsets.ReadOnlyModelViewSet[ReleaseAgreement]):
    """Release agreements you may see: a headteacher their school's staff's, a volunteer
    their own, case officers and managers all. Weekday 0 is Monday."""

    queryset = ReleaseAgreement.objects.none()
    lookup_value_regex = "[^/]+"  # any id reaches the lookup, which says 404
    serializer_class = ReleaseAgreementSerializer
    filter_backends = [FilterBackend]
    filterset_fields = ["status", "weekday"]

    def get_queryset(self) -> QuerySet[ReleaseAgreement]:
        return agreement_list_for_user(signed_in_user(self.request)).order_by("-start_on", "-id")


class AssignmentFilter(django_filters.FilterSet):  # type: ignore[misc]
    open = TrueOrFalseFilter(
        field_name="closed_at", lookup_expr="isnull", label="Open (not yet closed)"
    )
    # Plain numbers, not choices of every user or review, so a filter reveals nothing.
    volunteer = WholeNumberFilter(field_name="volunteer_id")
    review = WholeNumberFilter(field_name="review_id")
    release_day = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Assignment
        fields = ["open", "volunteer", "review", "release_day"]


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    plan_ref = serializers.CharField(source="review.plan.plan_ref", read_only=True)
    volunteer = PersonSerializer(read_only=True)
    checklist = serializers.IntegerField(
        source="checklist.pk", default=None, allow_null=True, read_only=True
    )
    checklist_status = serializers.CharField(
        source="checklist.status", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Assignment
        fields = [
            "id", "review", "plan_ref", "volunteer", "release_day", "assigned_at",
            "closed_at", "closed_reason", "checklist", "checklist_status",
        ]  # fmt: skip
        read_only_fields = fields


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet[Assignment]):
    """Reviews given to volunteers: a volunteer sees their own open assignments; case
    officers and managers those of the reviews they may see."""

    queryset = Assignment.objects.none()
    lookup_value_regex = "[^/]+"  # any id reaches the lookup, which says 404
    serializer_class = AssignmentSerializer
    filter_backends = [FilterBackend]
    filterset_class = AssignmentFilter

    def get_queryset(self) -> QuerySet[Assignment]:
        return assignment_list_for_user(signed_in_user(self.request)).order_by(
            "-release_day", "-id"
        )
