"""The two vocabularies every Local Offer entry is classified by, with stable identifiers.

The identifiers are derived from names, so that every installation publishes the same term
ids in its Open Referral feed and an import can name a term by its code.
"""

import uuid
from typing import Any

NAMESPACE = uuid.UUID("6f1c1f2e-6c1b-4f2e-9a57-4b656e7453d0")

SECTIONS = "local-offer-sections"
NEEDS = "send-needs"

TAXONOMIES: dict[str, tuple[str, str]] = {
    SECTIONS: (
        "Local Offer sections",
        "The sections of the council's Local Offer under which families look for help.",
    ),
    NEEDS: (
        "Special educational needs",
        "The primary types of need of the DfE SEN2 return.",
    ),
}

SECTION_TERMS: list[tuple[str, str, str]] = [
    (
        "think-my-child-has-send",
        "What to do if you think your child has SEND",
        "First steps: who to talk to, SEN support in school and asking for an assessment.",
    ),
    (
        "under-5s",
        "Support for children under 5",
        "Early years settings, health visitors, portage and support before school.",
    ),
    (
        "school-age",
        "Support for school-age children",
        "Help in mainstream and special schools, specialist teaching and outreach.",
    ),
    (
        "young-adults",
        "Support for young adults (16 to 25)",
        "Colleges, apprenticeships, supported internships and moving on from school.",
    ),
    (
        "health-wellbeing",
        "Health and wellbeing",
        "Therapies, NHS services, mental health and emotional wellbeing.",
    ),
    (
        "ehc-plans",
        "Education, health and care plans",
        "Needs assessments, plans, annual reviews and how to appeal.",
    ),
    (
        "social-care",
        "Social care and short breaks",
        "Short breaks, respite and support from children's social care.",
    ),
    (
        "leisure",
        "Leisure, activities and clubs",
        "Inclusive clubs, sport, holiday activities and things to do.",
    ),
    (
        "preparing-for-adulthood",
        "Preparing for adulthood",
        "Employment, independent living, friendships and good health as an adult.",
    ),
    (
        "money-travel",
        "Money, benefits and travel",
        "Disability benefits, personal budgets and home to school transport.",
    ),
    (
        "advice-for-families",
        "Advice and support for families",
        "Impartial information, advice and support, parent carer forums and groups.",
    ),
]

NEED_TERMS: list[tuple[str, str, str]] = [
    ("SPLD", "Specific learning difficulty", "Dyslexia, dyscalculia and dyspraxia."),
    ("MLD", "Moderate learning difficulty", "Learning at a slower pace than other children."),
    ("SLD", "Severe learning difficulty", "Significant difficulties with learning and daily life."),
    (
        "PMLD",
        "Profound and multiple learning difficulty",
        "Severe learning difficulties with other disabilities.",
    ),
    (
        "SEMH",
        "Social, emotional and mental health",
        "Anxiety, attention difficulties and other emotional or mental health needs.",
    ),
    (
        "SLCN",
        "Speech, language and communication needs",
        "Difficulty speaking, understanding or using language to communicate.",
    ),
    ("HI", "Hearing impairment", "Deafness or partial hearing loss."),
    ("VI", "Vision impairment", "Blindness or partial sight."),
    ("MSI", "Multi-sensory impairment", "Both hearing and vision impairment."),
    ("PD", "Physical disability", "A physical disability that affects learning or access."),
    ("ASD", "Autistic spectrum disorder", "Autism, including Asperger's syndrome."),
    ("DS", "Down syndrome", "Down syndrome."),
    ("OTH", "Other difficulty or disability", "Needs not covered by the other types."),
]

TERMS: dict[str, list[tuple[str, str, str]]] = {SECTIONS: SECTION_TERMS, NEEDS: NEED_TERMS}


def taxonomy_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{code}")


def term_id(taxonomy_code: str, term_code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{taxonomy_code}:{term_code}")


def taxonomies_install(taxonomy_model: Any, term_model: Any) -> None:
    """Create or refresh both vocabularies. Takes the model classes so that the data
    migration can pass its historical models."""
    for code, (name, description) in TAXONOMIES.items():
        taxonomy, _ = taxonomy_model.objects.update_or_create(
            id=taxonomy_id(code),
            defaults={"code": code, "name": name, "description": description, "version": "1"},
        )
        for position, (term_code, term_name, term_description) in enumerate(TERMS[code]):
            term_model.objects.update_or_create(
                id=term_id(code, term_code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": term_code,
                    "name": term_name,
                    "description": term_description,
                    "position": position,
                },
            )


def taxonomies_installed(term_model: Any) -> bool:
    return bool(term_model.objects.count() == sum(len(terms) for terms in TERMS.values()))
