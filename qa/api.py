"""QA checklists in the API, read-only, filtered by qa.selectors.checklist_list_for_user.

A checklist carries its review's id and plan reference and the volunteer's findings, never
the child's name, date of birth or address. Section grades are computed from the stored
answers (qa.scoring) for submitted checklists; a draft has none yet.
"""

from typing import Any

from django.db.models import F, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from accounts.access import signed_in_user
from common.api import FilterBackend, UnsetAsNullChoiceField
from qa import scoring
from qa.answers import thresholds_of
from qa.models import Answer, Checklist, ChecklistStatus, Grade, Recommendation
from qa.selectors import checklist_list_for_user
from volunteers.api import PersonSerializer


class SectionGradeSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(help_text="The section's code, such as AR, B or H1.")
    score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text="Weighted score in per cent; null when every item is not applicable.",
    )
    grade = serializers.CharField(allow_null=True)


class ChecklistSerializer(serializers.ModelSerializer[Checklist]):
    plan_ref = serializers.CharField(source="review.plan.plan_ref", read_only=True)
    volunteer = PersonSerializer(read_only=True)
    template_name = serializers.CharField(source="template.name", read_only=True)
    template_version = serializers.IntegerField(source="template.version", read_only=True)
    sections = serializers.SerializerMethodField()
    recommendation = UnsetAsNullChoiceField(
        choices=Recommendation.choices, help_text="Null until the checklist is submitted."
    )
    grade = UnsetAsNullChoiceField(
        choices=Grade.choices, help_text="Null until the checklist is submitted."
    )

    class Meta:
        model = Checklist
        fields = [
            "id", "review", "plan_ref", "volunteer", "template_name", "template_version",
            "status", "recommendation", "amend_sections", "score", "grade", "sections",
            "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(SectionGradeSerializer(many=True))
    def get_sections(self, checklist: Checklist) -> list[dict[str, Any]]:
        if checklist.status != ChecklistStatus.SUBMITTED:
            return []
        answers = [
            scoring.ScoredAnswer(a.item.section.code, a.item.weight, a.response)
            for a in checklist.answers.all()
        ]
        try:
            result = scoring.checklist_score(
                answers,
                thresholds_of(checklist.template),
                section_codes=[s.code for s in checklist.template.sections.all()],
            )
        except ValueError:  # an unanswered item: not gradable, whatever its status says
            return []
        return [
            {
                "code": code,
                # As DRF writes decimals: a string with the two places the score keeps.
                "score": None if score.percent is None else str(score.percent),
                "grade": score.grade.value if score.grade else None,
            }
            for code, score in result.sections.items()
        ]


class ChecklistViewSet(viewsets.ReadOnlyModelViewSet[Checklist]):
    """QA checklists you may see: a volunteer their own while the review is assigned to
    them; case officers those of their areas' reviews; managers all."""

    queryset = Checklist.objects.none()  # the schema's model; requests use get_queryset
    lookup_value_regex = "[^/]+"  # any id reaches the lookup, which says 404
    serializer_class = ChecklistSerializer
    filter_backends = [FilterBackend]
    filterset_fields = ["status", "grade", "recommendation"]

    def get_queryset(self) -> QuerySet[Checklist]:
        answers = Answer.objects.filter(checklist__status=ChecklistStatus.SUBMITTED)
        return (
            checklist_list_for_user(signed_in_user(self.request))
            .prefetch_related(
                Prefetch("answers", queryset=answers.select_related("item__section")),
                "template__sections",
            )
            .order_by(F("submitted_at").desc(nulls_last=True), "-id")
        )
