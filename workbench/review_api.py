from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import signed_in_user
from accounts.models import Role
from audit.models import Event
from audit.selectors import event_list_for_target
from caseload.filters import MinimisedReviewFilter, ReviewFilter
from casework.models import CeaseReason
from common.api import FilterBackend, StrictOrderingFilter, UnsetAsNullChoiceField, as_model_id
from reviews import services
from reviews.models import DECISION_NOTES_MAX_CHARS, Decision, Review
from reviews.selectors import review_get_for_user, review_list_for_user
from reviews.transitions import TRANSITIONS, Transition
from workbench.steps import review_step_record


class ReviewSerializer(serializers.ModelSerializer[Review]):
    plan_ref = serializers.CharField(source="plan.plan_ref")
    area = serializers.CharField(source="plan.area.name")
    decision = UnsetAsNullChoiceField(
        choices=Decision.choices, help_text="Null until the decision is notified."
    )
    # Worked out when read, from what the recompute stores (docs/decisions/0027).
    days_overdue = serializers.IntegerField(
        read_only=True, help_text="Days the most overdue step has been overdue; 0 when none is."
    )
    priority = serializers.IntegerField(read_only=True)
    priority_reasons = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Review
        fields = [
            "id", "plan_ref", "area", "status", "is_first_review", "ncy", "due_on",
            "meeting_planned_on", "invitations_sent_on", "invitations_due_on",
            "advice_circulated_on", "advice_due_on", "meeting_on", "report_received_on",
            "report_due_on", "decision", "decision_notes", "decision_notified_on", "decision_due_on",
            "amendment_notice_on", "amendment_notice_due_on", "amendments_withdrawn_on",
            "final_plan_due_on", "final_plan_issued_on", "planned_move_on",
            "phase_transfer_due_on", "phase_transfer_met_on", "decision_outside_period",
            "concluded_on",
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
    setting_type = serializers.CharField(
        source="plan.setting.get_phase_display", default=None, allow_null=True
    )

    class Meta:
        model = Review
        fields = ["id", "plan_ref", "child_initials", "ncy", "primary_need", "setting_type"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer[Event]):
    actor = serializers.CharField(source="actor.email", default=None, allow_null=True)

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
        max_length=DECISION_NOTES_MAX_CHARS,
        help_text="The proposed amendments (amend) or the reasons (cease), quoted in the letter.",
    )


class WithdrawalSerializer(StepDateSerializer):
    reasons = serializers.CharField(
        max_length=10_000,
        error_messages={
            "required": "Enter the reasons for deciding not to amend the plan: the letter to "
            "the family must give them (regulation 22(4)).",
            "blank": "Enter the reasons for deciding not to amend the plan: the letter to "
            "the family must give them (regulation 22(4)).",
        },
        help_text="Why the council decided not to amend the plan after all (reg 22(4)); the "
        "letter to the family quotes them.",
    )


class CeaseSerializer(StepDateSerializer):
    reason = serializers.ChoiceField(choices=CeaseReason.choices)


# The request of each step, by the inputs its row of `reviews.transitions` takes.
SERIALIZERS: dict[tuple[str, ...], type[StepDateSerializer]] = {
    (): StepDateSerializer,
    ("decision", "notes"): DecisionSerializer,
    ("reasons",): WithdrawalSerializer,
    ("reason",): CeaseSerializer,
}


@dataclass(frozen=True)
class ListRules:
    """How a person may filter and order the review list: by what their record shows."""

    filterset_class: type[django_filters.FilterSet]
    ordering_fields: tuple[str, ...]
    ordering: tuple[str, ...]


FULL_RECORD = ListRules(
    ReviewFilter, ("priority", "due_on", "days_overdue"), ("-priority", "due_on", "id")
)
# Nothing a volunteer's record hides, not even the order of urgency, shapes their list.
MINIMISED_RECORD = ListRules(MinimisedReviewFilter, ("ncy",), ("plan__plan_ref", "id"))

NOT_FOUND = OpenApiResponse(description="No such review, or not one you may see.")
STEP_RESPONSES = {
    200: ReviewSerializer,
    400: OpenApiResponse(description="A field is missing or wrong, or the date is impossible "
                         "(in the future, or before an earlier step); the answer says which."),
    403: OpenApiResponse(description="You may see this review but not change it."),
    404: NOT_FOUND,
    409: OpenApiResponse(
        inline_serializer("ReviewConflict", {
            "detail": serializers.CharField(),
            "current": ReviewSerializer(required=False),
        }),
        description="The review is not at a stage where this step can be recorded, or "
        "someone else changed it since the version you sent (then `current` is the review "
        "as it is now).",
    ),
}  # fmt: skip


def step_schema(request: type[serializers.Serializer[Any]]) -> Callable[..., Any]:
    return extend_schema(request=request, responses=STEP_RESPONSES)


class ReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Review]
):
    """Annual reviews you may see, most urgent first (a volunteer's by plan reference). POST
    actions record each statutory step."""

    # The step actions, one for each row of `reviews.transitions`, are added below the class.

    queryset = Review.objects.none()  # the schema's model; requests use get_queryset
    serializer_class = ReviewSerializer
    lookup_value_regex = "[^/]+"  # any id reaches get_object, which says 404 if it is not one
    filter_backends = [FilterBackend, StrictOrderingFilter]

    def _sees_minimised_record(self) -> bool:
        """The one decision of what a person's review list and record hold, by their role."""
        return getattr(self.request.user, "role", None) == Role.VOLUNTEER

    def _list_rules(self) -> ListRules:
        return MINIMISED_RECORD if self._sees_minimised_record() else FULL_RECORD

    @property
    def filterset_class(self) -> type[django_filters.FilterSet]:
        return self._list_rules().filterset_class

    @property
    def ordering_fields(self) -> list[str]:
        return list(self._list_rules().ordering_fields)

    @property
    def ordering(self) -> list[str]:
        return list(self._list_rules().ordering)

    def get_queryset(self) -> QuerySet[Review]:
        return review_list_for_user(signed_in_user(self.request)).with_urgency()

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Review]]:
        if self._sees_minimised_record():
            return VolunteerReviewSerializer
        return ReviewSerializer

    def _review(self, pk: str, *, write: bool = False) -> Review:
        review_id = as_model_id(pk)
        if review_id is None:
            raise Http404("No such review.")
        return review_get_for_user(signed_in_user(self.request), review_id, write=write)

    def get_object(self) -> Review:
        return self._review(self.kwargs["pk"])

    @extend_schema(responses={200: ReviewSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        responses={
            200: EventSerializer(many=True),
            403: OpenApiResponse(description="Volunteer reviewers do not see a review's history."),
            404: NOT_FOUND,
        }
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def events(self, request: Request, pk: str) -> Response:
        """The review's history, newest first, a page at a time like every list."""
        review = self.get_object()
        if self._sees_minimised_record():
            # A review's history names the family's meetings and the officers' notes.
            raise PermissionDenied("Volunteer reviewers do not see a review's history.")
        paginator = self.paginator
        assert paginator is not None  # every list is paged (REST_FRAMEWORK's pagination class)
        page = paginator.paginate_queryset(event_list_for_target(review), request, view=self)
        return paginator.get_paginated_response(EventSerializer(page, many=True).data)

    def _step(self, request: Request, pk: str, transition: Transition) -> Response:
        user = signed_in_user(request)
        review = self._review(pk, write=True)
        serializer = SERIALIZERS[transition.fields](data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            review = review_step_record(
                services.STEP_FUNCTIONS[transition.slug],
                review.pk,
                actor=user,
                **serializer.validated_data,
            )
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


def _step_action(transition: Transition) -> Callable[..., Response]:
    """The POST action that records one step of the table, at its slug."""

    def record(self: ReviewViewSet, request: Request, pk: str) -> Response:
        return self._step(request, pk, transition)

    record.__name__ = record.__qualname__ = transition.name
    record_action = action(detail=True, methods=["post"], url_path=transition.slug)(record)
    return step_schema(SERIALIZERS[transition.fields])(record_action)  # type: ignore[no-any-return]


for _transition in TRANSITIONS:
    setattr(ReviewViewSet, _transition.name, _step_action(_transition))
