"""The school's API (token auth like the rest of /api/v1/): its open reviews, and the annual
review report sent whole and submitted in one request. The same access rules and services
as the school's pages (contributions.selectors, contributions.services)."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import signed_in_user
from audit.services import event_record, plans_listed_record
from common.api import as_model_id
from contributions.models import (
    OUTCOMES_MAX,
    PLAN_SECTIONS,
    SHORT_TEXT_MAX_CHARS,
    TEXT_MAX_CHARS,
    AnnualReviewReport,
    Recommendation,
)
from contributions.school_work import school_next_thing
from contributions.selectors import school_review_get_for_user, school_review_list_for_user
from contributions.services import (
    REPORT_STATES,
    REPORT_TEXT_FIELDS,
    report_save_outcomes,
    report_save_part,
    report_save_recommendation,
    report_start,
    school_report_get_for_user,
)
from portal.school_steps import school_report_submit
from reviews.models import Review


class SchoolReviewSerializer(serializers.ModelSerializer[Review]):
    plan_ref = serializers.CharField(source="plan.plan_ref")
    child = serializers.CharField(source="plan.child.__str__")
    school_urn = serializers.CharField(source="plan.setting.urn")
    next_step = serializers.SerializerMethodField()
    next_step_by = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id", "plan_ref", "child", "school_urn", "status", "due_on", "meeting_planned_on",
            "invitations_sent_on", "meeting_on", "report_due_on", "report_received_on",
            "next_step", "next_step_by",
        ]  # fmt: skip

    def get_next_step(self, review: Review) -> str:
        return school_next_thing(review, today=timezone.localdate()).label

    def get_next_step_by(self, review: Review) -> str | None:
        by = school_next_thing(review, today=timezone.localdate()).by
        return by.isoformat() if by else None


class OutcomeSerializer(serializers.Serializer[dict[str, Any]]):
    outcome = serializers.CharField(max_length=SHORT_TEXT_MAX_CHARS)
    progress = serializers.CharField(max_length=TEXT_MAX_CHARS)


class ReportSerializer(serializers.Serializer[dict[str, Any]]):
    attendees = serializers.CharField(max_length=TEXT_MAX_CHARS)
    child_views = serializers.CharField(max_length=TEXT_MAX_CHARS, required=False, default="")
    child_views_not_obtained = serializers.CharField(
        max_length=SHORT_TEXT_MAX_CHARS, required=False, default=""
    )
    parent_views = serializers.CharField(max_length=TEXT_MAX_CHARS, required=False, default="")
    parent_views_not_obtained = serializers.CharField(
        max_length=SHORT_TEXT_MAX_CHARS, required=False, default=""
    )
    outcomes = serializers.ListField(
        child=OutcomeSerializer(), min_length=1, max_length=OUTCOMES_MAX
    )
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    proposed_changes = serializers.DictField(
        child=serializers.CharField(max_length=TEXT_MAX_CHARS),
        required=False,
        default=dict,
        help_text="By section letter, B to K: the proposed change to that section.",
    )

    def validate_proposed_changes(self, value: dict[str, str]) -> dict[str, str]:
        keys = {key for key, _ in PLAN_SECTIONS}
        unknown = sorted(set(value) - keys)
        if unknown:
            raise serializers.ValidationError(f"No section {', '.join(unknown)}: use B to K.")
        return value


class SubmittedReportSerializer(serializers.ModelSerializer[AnnualReviewReport]):
    school_urn = serializers.CharField(source="setting.urn")

    class Meta:
        model = AnnualReviewReport
        fields = ["status", "submitted_on", "school_urn", "recommendation"]


NOT_FOUND = OpenApiResponse(description="No such review, or not one of your school's.")


class SchoolReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Review]
):
    """The open reviews of the children on the rolls of your schools, soonest due first, with
    the next thing the school has to do. POST `report/` sends and submits the annual review
    report."""

    queryset = Review.objects.none()
    serializer_class = SchoolReviewSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Review]:
        return school_review_list_for_user(signed_in_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        plans_listed_record(
            actor=signed_in_user(request),
            via="api",
            plan_refs=[row["plan_ref"] for row in response.data.get("results", [])],
        )
        return response

    def get_object(self) -> Review:
        review_id = as_model_id(self.kwargs["pk"])
        if review_id is None:
            raise Http404("No such review.")
        review = school_review_get_for_user(signed_in_user(self.request), review_id)
        event_record(
            actor=signed_in_user(self.request),
            action="plan.viewed",
            target=review.plan,
            details={"via": "api"},
        )
        return review

    @extend_schema(responses={200: SchoolReviewSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=ReportSerializer,
        responses={
            201: SubmittedReportSerializer,
            400: OpenApiResponse(description="A field is missing or wrong; the answer says which."),
            403: OpenApiResponse(description="The report is already submitted."),
            404: NOT_FOUND,
            409: OpenApiResponse(description="The meeting is not recorded as held yet."),
        },
    )
    @action(detail=True, methods=["post"], url_path="report")
    def report(self, request: Request, pk: str) -> Response:
        """Send the whole annual review report and submit it: "report received" is recorded
        today. A report the council returned is replaced and submitted again."""
        user = signed_in_user(request)
        review_id = as_model_id(pk)
        if review_id is None:
            raise Http404("No such review.")
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            existing = school_report_get_for_user(user, review_id, write=True)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        try:
            with transaction.atomic():
                report = existing or report_start(actor=user, review_id=review_id)
                report_save_part(
                    actor=user,
                    report_id=report.pk,
                    fields={name: data[name] for name in REPORT_TEXT_FIELDS},
                )
                report_save_outcomes(
                    actor=user,
                    report_id=report.pk,
                    outcomes=[(o["outcome"], o["progress"]) for o in data["outcomes"]],
                )
                report_save_recommendation(
                    actor=user,
                    report_id=report.pk,
                    recommendation=Recommendation(data["recommendation"]),
                    changes=data["proposed_changes"],
                )
                report = school_report_submit(
                    actor=user, report_id=report.pk, on=timezone.localdate()
                )
        except ValidationError as error:
            code = (
                status.HTTP_409_CONFLICT if existing is None and _not_held(user, review_id) else 400
            )
            return Response({"detail": " ".join(error.messages)}, status=code)
        return Response(SubmittedReportSerializer(report).data, status=status.HTTP_201_CREATED)


def _not_held(user: Any, review_id: int) -> bool:
    return school_review_get_for_user(user, review_id).status not in REPORT_STATES
