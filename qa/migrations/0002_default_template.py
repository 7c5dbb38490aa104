"""The default QA checklist, version 1, from public good-practice criteria (DESIGN section 5):
the SEND Code of Practice 0 to 25 (2015), chapter 9, and the SEND Regulations 2014.

Managers change it by making a new version in the Django admin; this migration only seeds it.
"""

from django.db import migrations

NAME = "Kent EHCP quality checklist"
VERSION = 1

# (code, title, [(prompt, what good looks like, weight), ...])
SECTIONS = [
    (
        "AR",
        "Annual review paperwork",
        [
            (
                "The review meeting was held within 12 months of the plan being issued or last "
                "reviewed.",
                "The meeting date is recorded and is no more than 12 months after the plan was "
                "issued or the previous review meeting (SEND Regulations 2014, regulation 18).",
                3,
            ),
            (
                "Invitations went out, and advice and information were circulated, at least "
                "2 weeks before the meeting.",
                "The paperwork shows the dates invitations were sent to the parents (or young "
                "person), the school, health and social care, and that the advice gathered was "
                "sent to everyone invited at least 2 weeks before the meeting (regulation 20).",
                2,
            ),
            (
                "The child's or young person's own views, wishes and feelings are recorded.",
                "In their words where possible, or through how they communicate (pictures, "
                "symbols, an advocate's notes), with a note of how the views were gathered. Not "
                "a line from staff such as 'is happy at school'.",
                3,
            ),
            (
                "The parents' or carers' views are recorded.",
                "In their own words, including anything they disagree with. If they did not "
                "attend, the report says how their views were sought.",
                2,
            ),
            (
                "Progress towards each outcome in Section E is recorded, with evidence.",
                "Every outcome in Section E is listed with what has been achieved since the last "
                "review, backed by evidence (assessments, work, observations), and whether it is "
                "met, on track or needs changing.",
                3,
            ),
        ],
    ),
    (
        "A",
        "Views, interests and aspirations of the child and their parents",
        [
            (
                "Section A reflects the child's own voice and has been updated at this review.",
                "Written with the child and their family: what they like, what they are good "
                "at, what matters to them and how they like to be helped. Not carried over "
                "unchanged from the first plan.",
                2,
            ),
            (
                "The child's aspirations for the future are recorded; from Year 9 they include "
                "preparing for adulthood.",
                "Hopes for friendships, learning and interests. From Year 9, aspirations for "
                "work, independent living, being part of the community and good health.",
                2,
            ),
            (
                "The parents' views and aspirations for their child are recorded, with enough "
                "history for a new reader to understand the child.",
                "A short history of the child's development in plain language, without copying "
                "reports; the parents' views kept distinct from the child's.",
                1,
            ),
        ],
    ),
    (
        "B",
        "Special educational needs",
        [
            (
                "Every need is described specifically, with its effect on the child's learning.",
                "Needs are specific and quantified where possible (reading age, standardised "
                "scores, when communication breaks down), not a diagnosis alone or 'has "
                "difficulties with literacy'.",
                3,
            ),
            (
                "Every need identified in the advice is included, across the four areas of need "
                "where they apply.",
                "Communication and interaction; cognition and learning; social, emotional and "
                "mental health; sensory and physical. Nothing in the advice in Section K is left "
                "out.",
                2,
            ),
            (
                "Section B is up to date with the evidence from this review.",
                "Needs that have changed, been met or newly appeared since the last review are "
                "reflected, and it is clear which advice each need comes from.",
                2,
            ),
        ],
    ),
    (
        "C",
        "Health needs related to special educational needs",
        [
            (
                "Health needs related to the child's special educational needs are described, "
                "from current health advice.",
                "Diagnoses, medication and therapy needs and how they affect learning, from "
                "advice that is current. If there are none, the section says so.",
                2,
            ),
            (
                "Every health need in Section C is matched by provision in Section G (or in F, "
                "where it educates or trains the child).",
                "Trace each need across. Speech and language therapy that educates or trains "
                "the child belongs in F (Code of Practice 9.74); other health provision in G.",
                3,
            ),
        ],
    ),
    (
        "D",
        "Social care needs related to special educational needs or disability",
        [
            (
                "Social care needs related to the child's special educational needs or "
                "disability are described, from social care advice.",
                "Needs for short breaks, personal care or support at home, and whether the child "
                "is looked after or a child in need. If there are none, the section says so, "
                "having asked social care.",
                2,
            ),
            (
                "Every social care need in Section D is matched by provision in Section H1 or H2.",
                "Trace each need across. A need without provision, or provision without a need, "
                "is a gap.",
                3,
            ),
        ],
    ),
    (
        "E",
        "Outcomes",
        [
            (
                "Outcomes are SMART: specific, measurable, achievable, realistic and time-bound.",
                "For example 'By the end of Year 6, Sam will read a short unfamiliar text aloud "
                "and answer questions about it', rather than 'Sam will improve his reading'.",
                3,
            ),
            (
                "Outcomes say what the child will achieve, not the provision they will receive.",
                "'Will have weekly speech and language therapy' is provision and belongs in "
                "Section F. An outcome is the difference it makes to the child.",
                3,
            ),
            (
                "Outcomes are personal to the child and link to their needs and aspirations.",
                "Each outcome can be traced to a need in Section B and to the aspirations in "
                "Section A; none could have been written for any child.",
                2,
            ),
            (
                "From Year 9, outcomes prepare the young person for adulthood.",
                "Outcomes cover work, independent living, being part of the community and good "
                "health. Choose not applicable for a child below Year 9.",
                2,
            ),
            (
                "Outcomes have been reviewed and updated at this review.",
                "Outcomes achieved are replaced, and the next steps towards longer-term outcomes "
                "are set.",
                1,
            ),
        ],
    ),
    (
        "F",
        "Special educational provision",
        [
            (
                "Every need in Section B has provision in Section F.",
                "Match each need to its provision; a need without provision is a gap.",
                3,
            ),
            (
                "Provision says what, who, how often and for how long.",
                "For example 'a 30-minute one-to-one session three times a week with a teaching "
                "assistant trained by the speech and language therapist'. Hours of support and "
                "group sizes are stated.",
                3,
            ),
            (
                "No vague wording such as 'access to', 'as required', 'opportunities for' or "
                "'regular'.",
                "Vague wording cannot be checked or enforced. Any instance means this is not "
                "fully met.",
                3,
            ),
            (
                "Provision is linked to the outcomes in Section E.",
                "It is clear which provision helps the child towards which outcome.",
                2,
            ),
        ],
    ),
    (
        "G",
        "Health provision",
        [
            (
                "Health provision needed for the needs in Section C says what, who, how often "
                "and for how long.",
                "For example 'reviewed every 6 months by the community paediatrician'. If there "
                "are no health needs, the section says so.",
                3,
            ),
            (
                "Health provision is current and names the service responsible for it.",
                "It reflects the latest health advice and names the service (for example the "
                "children's community nursing team or CAMHS).",
                1,
            ),
        ],
    ),
    (
        "H1",
        "Social care provision under section 2 of the Chronically Sick and Disabled Persons "
        "Act 1970",
        [
            (
                "Provision under section 2 of the 1970 Act is specified: what, who and how often.",
                "Practical help at home, adaptations, help with travel, short breaks. If there is "
                "none, the section says so.",
                2,
            ),
            (
                "The provision in H1 meets the needs described in Section D.",
                "Each item can be traced to a need in Section D.",
                2,
            ),
        ],
    ),
    (
        "H2",
        "Other social care provision",
        [
            (
                "Any other social care provision needed because of the child's learning "
                "difficulties or disability is specified.",
                "Includes provision from a child in need or looked-after child plan, or adult "
                "social care from age 18, that relates to their special educational needs. If "
                "there is none, the section says so.",
                2,
            ),
            (
                "The provision in H2 names who provides it and meets the needs in Section D.",
                "Each item names the service and can be traced to a need in Section D.",
                1,
            ),
        ],
    ),
    (
        "I",
        "Placement",
        [
            (
                "Section I names the school or other institution and its type.",
                "For example 'Oak Primary School, mainstream academy', or the type of setting "
                "only where that is appropriate.",
                3,
            ),
            (
                "The review gives no sign that the setting cannot meet the needs or make the "
                "provision in Section F.",
                "Any request for a change of placement, and the reasons, are recorded.",
                2,
            ),
            (
                "For a phase transfer, the new setting is named by the statutory deadline.",
                "By 15 February for a move to secondary school, or 31 March for a move to "
                "post-16 education. Choose not applicable if no transfer is due.",
                2,
            ),
        ],
    ),
    (
        "J",
        "Personal budget",
        [
            (
                "Any personal budget is set out: the provision it covers, how it is managed and "
                "the amount.",
                "Direct payments and their arrangements are described. If no personal budget "
                "was asked for, the section says so.",
                1,
            ),
            (
                "A request by the parents or young person for a personal budget was considered "
                "and the outcome recorded.",
                "Choose not applicable if there was no request.",
                1,
            ),
        ],
    ),
    (
        "K",
        "Advice and information",
        [
            (
                "Section K lists all the advice and information gathered, with authors and dates.",
                "Educational, health, psychological and social care advice, and any other, each "
                "listed with its author and date and attached as an appendix.",
                2,
            ),
            (
                "The advice is current, and advice gathered for this review has been added.",
                "No advice relied on is so old that it no longer describes the child.",
                1,
            ),
        ],
    ),
]


def seed(apps, schema_editor):
    Template = apps.get_model("qa", "ChecklistTemplate")
    Section = apps.get_model("qa", "ChecklistSection")
    Item = apps.get_model("qa", "ChecklistItem")
    if Template.objects.filter(name=NAME, version=VERSION).exists():
        return
    template = Template.objects.create(
        name=NAME,
        version=VERSION,
        is_active=not Template.objects.filter(is_active=True).exists(),
    )
    for position, (code, title, items) in enumerate(SECTIONS, start=1):
        section = Section.objects.create(
            template=template, position=position, code=code, title=title
        )
        Item.objects.bulk_create(
            Item(section=section, position=n, prompt=prompt, guidance=guidance, weight=weight)
            for n, (prompt, guidance, weight) in enumerate(items, start=1)
        )


def unseed(apps, schema_editor):
    Template = apps.get_model("qa", "ChecklistTemplate")
    # Refused (PROTECT) once a checklist has been made with it, as it should be.
    Template.objects.filter(name=NAME, version=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("qa", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
