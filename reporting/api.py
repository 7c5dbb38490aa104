"""`GET /api/v1/metrics/backlog/` (DESIGN section 7): the backlog and timeliness of the
reviews the caller may list, for scripts and dashboards outside the service.

The figures are reporting.kpis.backlog_metrics over `reviews.selectors.review_list_for_user`,
the selector of the review list itself, so `in_backlog` is always the count of
`GET /api/v1/reviews/?in_backlog=true` for the same caller. Case officers see their area
teams, managers every one; other roles see no casework figures and are answered 403.
"""

from typing import Any

from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import signed_in_user
from accounts.models import Role
from common.replica import reading_from_replica
from reporting.backlog import backlog_metrics
from reviews import statutory
from reviews.selectors import review_list_for_user

METRICS_ROLES = frozenset({Role.CASE_OFFICER, Role.MANAGER})


class BacklogBandSerializer(serializers.Serializer[Any]):
    # DESIGN section 7 names the field `label`; the metaclass takes it out of the class, so
    # it does not shadow Field.label, which only the type checker sees.
    label = serializers.CharField(help_text="How long overdue, in words.")  # type: ignore[assignment]
    min_days = serializers.IntegerField(help_text="The fewest days overdue in the band.")
    max_days = serializers.IntegerField(
        allow_null=True, help_text="The most days overdue in the band; null for no limit."
    )
    count = serializers.IntegerField(
        help_text="Reviews in the backlog whose most overdue step is this long overdue."
    )


class AreaBacklogSerializer(serializers.Serializer[Any]):
    area = serializers.CharField(help_text="The area team's name.")
    open_reviews = serializers.IntegerField(help_text="Reviews not concluded.")
    in_backlog = serializers.IntegerField(help_text="Reviews with a statutory step overdue.")


class StepTimelinessSerializer(serializers.Serializer[Any]):
    on_time = serializers.IntegerField(help_text="Done by the step's last day.")
    late = serializers.IntegerField(help_text="Done after it.")
    none_recorded = serializers.IntegerField(
        help_text="Not done, including those whose last day has not yet come."
    )


class TimelinessSerializer(serializers.Serializer[Any]):
    decisions = StepTimelinessSerializer(
        help_text="Of the meetings held: decisions notified within "
        f"{statutory.DECISION_WEEKS_AFTER} weeks of the meeting (Regs 20(10)), later, or none "
        "recorded."
    )
    meetings = StepTimelinessSerializer(
        help_text="Of the reviews due: meetings held by the due date, after it, or not held."
    )
    final_plans = StepTimelinessSerializer(
        help_text="Of the decisions to amend: final amended plans issued within "
        f"{statutory.FINAL_PLAN_WEEKS_AFTER_MEETING} weeks of the meeting (Regs 22(3)), later, "
        "or not issued; a decision not to amend after all "
        "(Regs 22(4)) counts as issued on the day the family was told."
    )


class BacklogMetricsSerializer(serializers.Serializer[Any]):
    as_of = serializers.DateField(help_text="The day the figures are for (today).")
    open_reviews = serializers.IntegerField(help_text="Reviews you may see, not concluded.")
    in_backlog = serializers.IntegerField(
        help_text="Reviews you may see with `in_backlog` true: the count of "
        "`/api/v1/reviews/?in_backlog=true`."
    )
    bands = BacklogBandSerializer(many=True)
    by_area = AreaBacklogSerializer(many=True)
    timeliness = TimelinessSerializer(
        help_text=f"The reviews due in the {statutory.REVIEW_PERIOD_MONTHS} months to `as_of` (from the day after the same "
        "date a year before), whenever their steps were done."
    )


class BacklogMetricsView(APIView):
    """The backlog and timeliness of the annual reviews you may see: case officers their
    area teams, managers every one."""

    @extend_schema(
        operation_id="metrics_backlog",
        responses={
            200: BacklogMetricsSerializer,
            403: OpenApiResponse(
                description="Only case officers and managers see the backlog's figures."
            ),
        },
    )
    @method_decorator(reading_from_replica())
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        if user.role not in METRICS_ROLES:
            raise PermissionDenied("Only case officers and managers see the backlog's figures.")
        metrics = backlog_metrics(review_list_for_user(user), today=timezone.localdate())
        return Response(BacklogMetricsSerializer(metrics).data)
