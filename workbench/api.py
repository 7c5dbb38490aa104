from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import signed_in_user
from audit.services import event_record, plans_listed_record
from casework.models import CeaseReason, Plan
from casework.selectors import plan_get_for_user, plan_list_for_user
from common.api import UnsetAsNullChoiceField
from reviews.models import Review


class PlanSerializer(serializers.ModelSerializer[Plan]):
    upn = serializers.CharField(source="child.upn", allow_null=True, help_text="Null if unknown.")
    forename = serializers.CharField(source="child.forename")
    surname = serializers.CharField(source="child.surname")
    date_of_birth = serializers.DateField(source="child.date_of_birth")
    looked_after = serializers.BooleanField(source="child.looked_after")
    area = serializers.CharField(source="area.name")
    setting_urn = serializers.CharField(source="setting.urn", default=None, allow_null=True)
    setting_name = serializers.CharField(source="setting.name", default=None, allow_null=True)
    case_officer_email = serializers.CharField(
        source="case_officer.email", default=None, allow_null=True
    )
    cease_reason = UnsetAsNullChoiceField(
        choices=CeaseReason.choices, help_text="Null while the plan is maintained."
    )
    open_review = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "plan_ref", "upn", "forename", "surname", "date_of_birth", "looked_after",
            "primary_need", "issued_on", "area", "setting_urn", "setting_name",
            "case_officer_email", "status", "ceased_on", "cease_reason", "open_review",
        ]  # fmt: skip
        read_only_fields = fields

    def get_open_review(self, plan: Plan) -> int | None:
        open_reviews: list[Review] = getattr(plan, "open_reviews", [])
        return open_reviews[0].pk if open_reviews else None


class PlanViewSet(viewsets.ReadOnlyModelViewSet[Plan]):
    """Plans you may see, looked up by the council's plan reference."""

    queryset = Plan.objects.none()  # the schema's model; requests use get_queryset
    serializer_class = PlanSerializer
    lookup_field = "plan_ref"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Plan]:
        open_reviews = Review.objects.open()
        return plan_list_for_user(signed_in_user(self.request)).prefetch_related(
            Prefetch("reviews", queryset=open_reviews, to_attr="open_reviews")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        # A page of plans is a page of children's records: who read which ones is kept.
        plans_listed_record(
            actor=signed_in_user(request),
            via="api",
            query=dict(request.query_params),
            plan_refs=[row["plan_ref"] for row in response.data["results"]],
        )
        return response

    def get_object(self) -> Plan:
        user = signed_in_user(self.request)
        plan = plan_get_for_user(user, self.kwargs["plan_ref"])
        # A plan carries a child's special-category personal data: every read is on record.
        event_record(actor=user, action="plan.viewed", target=plan, details={"via": "api"})
        return self.get_queryset().get(pk=plan.pk)
