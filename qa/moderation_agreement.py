"""Moderation agreement: how often the moderators' responses are the volunteers' own.

For each item of a completed moderation, whether the case officer gave the same response as
the volunteer. Reported per item, per volunteer and overall, each with its counts, by
aggregate queries whatever the number of moderations; the moderation pages and the KPI
report pass in the moderations the person may see (qa.moderation.moderation_list_for_user).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from qa.models import Answer, Moderation, ModerationAnswer, ModerationStatus


@dataclass(frozen=True)
class Agreement:
    """How many items were compared and on how many the moderator agreed."""

    compared: int
    agreed: int

    @property
    def percent(self) -> Decimal | None:
        if not self.compared:
            return None
        share = Decimal(100 * self.agreed) / self.compared
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ItemAgreement(Agreement):
    item_id: int
    template: str
    section_code: str
    item_position: int
    prompt: str


@dataclass(frozen=True)
class VolunteerAgreement(Agreement):
    volunteer_id: int
    volunteer_name: str
    school: str
    moderations: int


def _compared_answers(moderations: QuerySet[Moderation]) -> QuerySet[ModerationAnswer]:
    """The moderators' answers of completed moderations, each marked with whether the
    volunteer gave the same response to the item."""
    volunteer_agrees = Answer.objects.filter(
        checklist_id=OuterRef("moderation__checklist_id"),
        item_id=OuterRef("item_id"),
        response=OuterRef("response"),
    )
    return ModerationAnswer.objects.filter(
        moderation__in=moderations.filter(status=ModerationStatus.COMPLETED).values("pk")
    ).annotate(agrees=Exists(volunteer_agrees))


_COUNTS = {"compared": Count("pk"), "agreed": Count("pk", filter=Q(agrees=True))}


def agreement_overall(moderations: QuerySet[Moderation]) -> Agreement:
    """Agreement over every item of the completed moderations among `moderations`."""
    figures = _compared_answers(moderations).aggregate(**_COUNTS)
    return Agreement(compared=figures["compared"], agreed=figures["agreed"])


def agreement_grouped(moderations: QuerySet[Moderation], *, by: str) -> list[dict[str, int]]:
    """`agreement_overall`'s counts (`compared`, `agreed`) for each value of the field `by`
    of the moderators' answers (such as their review's area), in one query."""
    return list(_compared_answers(moderations).values(by).annotate(**_COUNTS).order_by())


def agreement_by_item(moderations: QuerySet[Moderation]) -> list[ItemAgreement]:
    """Agreement on each item that has been moderated, in checklist order."""
    rows = (
        _compared_answers(moderations)
        .values(
            "item_id",
            "item__section__template__name",
            "item__section__template__version",
            "item__section__position",
            "item__section__code",
            "item__position",
            "item__prompt",
        )
        .annotate(**_COUNTS)
        .order_by(
            "item__section__template__name",
            "-item__section__template__version",
            "item__section__position",
            "item__position",
        )
    )
    return [
        ItemAgreement(
            compared=row["compared"],
            agreed=row["agreed"],
            item_id=row["item_id"],
            template=f"{row['item__section__template__name']}, version "
            f"{row['item__section__template__version']}",
            section_code=row["item__section__code"],
            item_position=row["item__position"],
            prompt=row["item__prompt"],
        )
        for row in rows
    ]


def agreement_by_volunteer(moderations: QuerySet[Moderation]) -> list[VolunteerAgreement]:
    """Agreement with each volunteer whose checklists were moderated, by name."""
    rows = (
        _compared_answers(moderations)
        .values(
            "moderation__checklist__volunteer_id",
            "moderation__checklist__volunteer__full_name",
            "moderation__checklist__volunteer__email",
            "moderation__checklist__volunteer__setting__name",
        )
        .annotate(**_COUNTS, moderations=Count("moderation_id", distinct=True))
        .order_by(
            "moderation__checklist__volunteer__full_name", "moderation__checklist__volunteer_id"
        )
    )
    return [
        VolunteerAgreement(
            compared=row["compared"],
            agreed=row["agreed"],
            volunteer_id=row["moderation__checklist__volunteer_id"],
            volunteer_name=row["moderation__checklist__volunteer__full_name"]
            or row["moderation__checklist__volunteer__email"],
            school=row["moderation__checklist__volunteer__setting__name"] or "",
            moderations=row["moderations"],
        )
        for row in rows
    ]
