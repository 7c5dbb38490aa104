from collections.abc import Callable
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import signed_in_user
from accounts.models import Role
from audit.models import Event
from audit.selectors import event_list_for_target
from casework.models import CeaseReason
from reviews import services
from reviews.filters import ReviewFilter
from reviews.models import Decision, Review
from reviews.selectors import review_get_for_user, review_list_for_user


class ReviewSerializer(serializers.ModelSerializer[Review]):
    plan_ref = serializers.CharField(source="plan.plan_ref")
    area = serializers.CharField(source="plan.area.name")

    class Meta:
        model = Review
        fields = [
            "id", "plan_ref", "area", "status", "is_first_review", "ncy", "due_on",
            "meeting_planned_on", "invitations_sent_on", "invitations_due_on",
            "advice_circulated_on", "advice_due_on", "meeting_on", "report_received_on",
            "report_due_on", "decision", "decision_notes", "decision_notified_on", "decision_due_on",
            "amendment_notice_on", "amendment_notice_due_on", "final_plan_due_on",
            "final_plan_issued_on", "phase_transfer_due_on", "concluded_on",
            "invitations_state", "advice_state", "meeting_state", "report_state",
            "decision_state", "amendment_notice_state", "final_plan_state",
            "phase_transfer_state", "state", "in_backlog", "days_overdue", "priority",
            "priority_reasons", "version",
        ]  # fmt: skip
        read_only_fields = fields


class VolunteerReviewSerializer(serializers.ModelSerializer[Review]):
    """What a volunteer reviewer may know of an assigned review: the minimised record of
    DESIGN section 4, without officers' notes, dates of the family's meetings or history."""

    plan_ref = serializers.CharField(source="plan.plan_ref")
    child_initials = serializers.CharField(source="plan.child.initials")
    primary_need = serializers.CharField(source="plan.get_primary_need_display")
    setting_type = serializers.CharField(source="plan.setting.get_phase_display", default=None)

    class Meta:
        model = Review
        fields = ["id", "plan_ref", "child_initials", "ncy", "primary_need", "setting_type"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer[Event]):
    actor = serializers.CharField(source="actor.email", default=None)

    class Meta:
        model = Event
        fields = ["occurred_at", "actor", "action", "details"]


class StepDateSerializer(serializers.Serializer[dict[str, Any]]):
    on = serializers.DateField(help_text="The date the step happened (YYYY-MM-DD).")
    version = serializers.IntegerField(
        required=False,
        source="expected_version",
        help_text="The review's version you last read; if it has changed since, the answer is 409.",
    )


class DecisionSerializer(StepDateSerializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    notes = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The proposed amendments (amend) or the reasons (cease), quoted in the letter.",
    )


class CeaseSerializer(StepDateSerializer):
    reason = serializers.ChoiceField(choices=CeaseReason.choices)


Transition = Callable[..., Review]


class ReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Review]
):
    """Annual reviews you may see, most urgent first. POST actions record each statutory step."""

    queryset = Review.objects.none()  # the schema's model; requests use get_queryset
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["priority", "due_on", "days_overdue"]
    ordering = ["-priority", "due_on", "id"]

    def get_queryset(self) -> QuerySet[Review]:
        return review_list_for_user(signed_in_user(self.request))

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Review]]:
        user = self.request.user
        if getattr(user, "role", None) == Role.VOLUNTEER:
            return VolunteerReviewSerializer
        return ReviewSerializer

    def get_object(self) -> Review:
        return review_get_for_user(signed_in_user(self.request), int(self.kwargs["pk"]))

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        if signed_in_user(request).role == Role.VOLUNTEER:
            # A review's history names the family's meetings and the officers' notes.
            raise PermissionDenied("Volunteer reviewers do not see a review's history.")
        return Response(EventSerializer(event_list_for_target(review), many=True).data)

    def _step(
        self, request: Request, pk: str, transition: Transition, serializer_class: type
    ) -> Response:
        user = signed_in_user(request)
        review = review_get_for_user(user, int(pk), write=True)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            review = transition(review.pk, actor=user, **serializer.validated_data)
        except services.TransitionNotAllowed as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        except services.StaleReview as error:
            return Response(
                {"detail": str(error), "current": ReviewSerializer(error.current).data},
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as error:
            return Response(
                {"detail": " ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(ReviewSerializer(review).data)

    @extend_schema(request=StepDateSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="plan-meeting")
    def plan_meeting(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_plan_meeting, StepDateSerializer)

    @extend_schema(request=StepDateSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="send-invitations")
    def send_invitations(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_send_invitations, StepDateSerializer)

    @extend_schema(request=StepDateSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="circulate-advice")
    def circulate_advice(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_circulate_advice, StepDateSerializer)

    @extend_schema(request=StepDateSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="hold-meeting")
    def hold_meeting(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_hold_meeting, StepDateSerializer)

    @extend_schema(request=StepDateSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="receive-report")
    def receive_report(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_receive_report, StepDateSerializer)

    @extend_schema(request=DecisionSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="notify-decision")
    def notify_decision(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_notify_decision, DecisionSerializer)

    @extend_schema(request=StepDateSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="send-amendment-notice")
    def send_amendment_notice(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_send_amendment_notice, StepDateSerializer)

    @extend_schema(request=StepDateSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="issue-final-plan")
    def issue_final_plan(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_issue_final_plan, StepDateSerializer)

    @extend_schema(request=StepDateSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_conclude, StepDateSerializer)

    @extend_schema(request=CeaseSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="cease-plan")
    def cease_plan(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.review_cease_plan, CeaseSerializer)
