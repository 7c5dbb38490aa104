"""What the demo Local Offer is drawn from (`demo.localoffer`): Kent's towns and the venues in
each, the providers and the editors who keep their services, and the kinds of service with
their sections, needs, ages, costs and opening times; names for contacts and a few alerts.

Web addresses are on example.org and example.com, so the link checker reaches nobody real.
"""

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from localoffer import taxonomy

# The editors who keep the demo services, by the kind of provider. The first is the demo
# account every demo shows; the others are added to the demo accounts beside it.
COUNCIL_EDITOR = "editor@example.org"
HEALTH_EDITOR = "editor.health@example.org"
VOLUNTARY_EDITOR = "editor.voluntary@example.org"
EDITORS = [COUNCIL_EDITOR, HEALTH_EDITOR, VOLUNTARY_EDITOR]


@dataclass(frozen=True)
class Town:
    name: str
    region: int  # 0 west, 1 east, 2 north: which NHS trust and college serve it
    latitude: float
    longitude: float
    streets: tuple[str, ...]
    postcodes: tuple[str, ...]


TOWNS = [
    Town("Maidstone", 0, 51.2725, 0.5223, ("Week Street", "Tonbridge Road", "Sittingbourne Road"), ("ME14 1PL", "ME16 8AA", "ME15 6JQ")),
    Town("Tonbridge", 0, 51.1951, 0.2744, ("High Street", "Avebury Avenue", "Shipbourne Road"), ("TN9 1BG", "TN9 1TE", "TN10 3AA")),
    Town("Tunbridge Wells", 0, 51.1324, 0.2637, ("Mount Pleasant Road", "Camden Road", "Pembury Road"), ("TN1 1RS", "TN1 2QP", "TN2 3PP")),
    Town("Sevenoaks", 0, 51.2724, 0.1909, ("London Road", "Buckhurst Lane", "Hitchen Hatch Lane"), ("TN13 1AS", "TN13 1HU", "TN13 3TG")),
    Town("Canterbury", 1, 51.2802, 1.0789, ("St George's Place", "High Street", "Military Road"), ("CT1 2RB", "CT1 2LP", "CT2 7NZ")),
    Town("Ashford", 1, 51.1465, 0.8750, ("Elwick Road", "Church Road", "Kennington Road"), ("TN23 1AX", "TN23 1RS", "TN24 8AH")),
    Town("Folkestone", 1, 51.0814, 1.1695, ("Grace Hill", "Sandgate Road", "Cheriton Road"), ("CT20 1SN", "CT20 1BW", "CT19 5DN")),
    Town("Dover", 1, 51.1279, 1.3134, ("Maison Dieu Road", "Castle Street", "London Road"), ("CT16 1DQ", "CT16 1PT", "CT17 9BP")),
    Town("Margate", 1, 51.3813, 1.3862, ("Cecil Square", "Northdown Road", "Ramsgate Road"), ("CT9 1XZ", "CT9 2RA", "CT9 4JQ")),
    Town("Dartford", 2, 51.4462, 0.2169, ("Market Street", "Lowfield Street", "Princes Road"), ("DA1 1DR", "DA1 1HR", "DA1 2HS")),
    Town("Gravesend", 2, 51.4416, 0.3688, ("Windmill Street", "King Street", "Old Road East"), ("DA11 0AS", "DA11 0BQ", "DA12 1AT")),
    Town("Sittingbourne", 2, 51.3401, 0.7318, ("Central Avenue", "Albany Road", "Bell Road"), ("ME10 4AE", "ME10 1EU", "ME10 3HT")),
]  # fmt: skip

# Where a kind of service meets people in each town.
VENUES = {
    "hub": "{town} Family Hub",
    "clinic": "{town} Children's Health Clinic",
    "library": "{town} Library",
    "leisure": "{town} Leisure Centre",
    "centre": "{town} Community Centre",
    "college": "{town} Campus",
}
ACCESSIBILITY = [
    "Step-free access, an accessible toilet and a hearing loop.",
    "Step-free access and a quiet room. Blue badge parking next to the entrance.",
    "Ground floor rooms, an accessible toilet and a changing place with a hoist.",
    "Lift to every floor. Ask at reception for a quieter waiting area.",
]
VIRTUAL = "By phone and online, across Kent"


@dataclass(frozen=True)
class Provider:
    name: str
    description: str
    editor: str
    site: str  # the demo web address of the organisation

    @property
    def domain(self) -> str:
        return self.site.split("/")[2].removeprefix("www.")


def _council(name: str, description: str, slug: str) -> Provider:
    return Provider(name, description, COUNCIL_EDITOR, f"https://www.example.org/kent/{slug}")


def _nhs(name: str, description: str, slug: str) -> Provider:
    return Provider(name, description, HEALTH_EDITOR, f"https://www.example.org/nhs/{slug}")


def _voluntary(name: str, description: str, slug: str, editor: str = VOLUNTARY_EDITOR) -> Provider:
    return Provider(name, description, editor, f"https://www.example.com/{slug}")


PROVIDERS = {
    "sen": _council("Kent County Council SEN Service", "Needs assessments, education, health and care plans and their annual reviews.", "sen"),
    "stls": _council("Kent County Council Specialist Teaching and Learning Service", "Specialist teachers who advise early years settings and schools on special educational needs.", "stls"),
    "sensory": _council("Kent County Council Sensory Service", "Qualified teachers of deaf and vision-impaired children, and habilitation specialists.", "sensory"),
    "portage": _council("Kent County Council Portage Service", "Home-visiting education for young children with special educational needs and disabilities.", "portage"),
    "edpsych": _council("Kent County Council Educational Psychology Service", "Educational psychologists working with families, schools and settings.", "educational-psychology"),
    "dcyp": _council("Kent County Council Disabled Children and Young People's Service", "Social work, short breaks and support at home for disabled children and their families.", "disabled-children"),
    "hubs": _council("Kent County Council Family Hubs", "Family hubs in every district: health visitors, stay and play, advice and groups.", "family-hubs"),
    "transport": _council("Kent County Council Home to School Transport", "Travel help for children and young people who cannot walk to school.", "transport"),
    "employment": _council("Kent County Council Supported Employment", "Job coaching, internships and work experience for disabled young people.", "supported-employment"),
    "health_needs": _council("Kent County Council Health Needs Education Service", "Teaching for children who cannot attend school because of their health.", "health-needs"),
    "adult_ed": _council("Kent Adult Education", "Courses for adults, including independent living skills for young people with learning disabilities.", "adult-education"),
    "kchft": _nhs("Kent Community Health NHS Foundation Trust", "Community health services: therapies, school nursing and community paediatrics.", "kchft"),
    "kmpt": _nhs("Kent and Medway NHS and Social Care Partnership Trust", "Mental health and learning disability services for adults and young people moving into them.", "kmpt"),
    "nelft": _nhs("NELFT NHS Foundation Trust: Kent Children and Young People's Mental Health Service", "Mental health support, assessment and treatment for children and young people in Kent.", "cypmhs-kent"),
    "icb": _nhs("NHS Kent and Medway", "The integrated care board: plans and pays for health services, including continuing care.", "kent-medway-icb"),
    "mtw": _nhs("Maidstone and Tunbridge Wells NHS Trust", "Hospital services for west Kent, including children's audiology and paediatrics.", "mtw"),
    "ekhuft": _nhs("East Kent Hospitals University NHS Foundation Trust", "Hospital services for east Kent, including children's audiology and paediatrics.", "ekhuft"),
    "dgt": _nhs("Dartford and Gravesham NHS Trust", "Hospital services for north Kent, including children's audiology and paediatrics.", "dgt"),
    # Services the council commissions are kept by its own Local Offer team.
    "advice": _voluntary("Kent SEND Information, Advice and Support Service", "Free, impartial and confidential advice about special educational needs and disability.", "send-advice-kent", COUNCIL_EDITOR),
    "forum": _voluntary("Kent Parent Carer Forum", "Parents and carers of disabled children working with the council and the NHS to improve services.", "kent-parent-carer-forum"),
    "autism": _voluntary("Kent Autism Family Network", "Support groups, training and social activities for autistic people and their families.", "kent-autism-family-network"),
    "down": _voluntary("Kent Down Syndrome Family Network", "Groups, speech and language sessions and events for families of children with Down syndrome.", "kent-down-syndrome"),
    "mencap": _voluntary("Kent Learning Disability Clubs", "Youth clubs, befriending and holidays for people with learning disabilities.", "kent-ld-clubs"),
    "blind": _voluntary("Kent Vision Support", "Support, equipment and mobility training for blind and partially sighted people.", "kent-vision-support"),
    "deaf": _voluntary("Kent Deaf Children's Society", "Activity days, family weekends and advocacy for deaf children.", "kent-deaf-children"),
    "sport": _voluntary("Kent Disability Sport Network", "Inclusive sport clubs and sessions across the county.", "kent-disability-sport"),
    "leisure": _voluntary("Kent Community Leisure Trust", "Leisure centres and pools with inclusive sessions.", "kent-leisure-trust", COUNCIL_EDITOR),
    "holidays": _voluntary("Kent Inclusive Holiday Clubs", "Holiday activities with food for children with additional needs.", "kent-holiday-clubs", COUNCIL_EDITOR),
    "carers": _voluntary("Kent Young Carers", "Groups, trips and one-to-one support for young carers.", "kent-young-carers"),
    "mediation": _voluntary("Kent SEND Mediation Service", "Independent mediation and disagreement resolution about EHC needs assessments and plans.", "send-mediation", COUNCIL_EDITOR),
    "sleep": _voluntary("Kent Sleep Support for Families", "Sleep practitioners helping families of children with additional needs.", "kent-sleep-support"),
    "dyslexia": _voluntary("Kent Dyslexia Association", "Screening, tuition and advice for dyslexic children and adults.", "kent-dyslexia"),
    "benefits": _voluntary("Citizens Advice in Kent: Disability Benefits Team", "Help to claim Disability Living Allowance, PIP and Carer's Allowance.", "kent-benefits-advice"),
    "special_school": Provider("Meadow View Special School", "A special school for pupils aged 4 to 19 with complex needs, with an outreach team.", COUNCIL_EDITOR, "https://www.example.org/schools/meadow-view"),
    "college": Provider("Weald College", "A further education college with supported learning and supported internships.", VOLUNTARY_EDITOR, "https://www.example.com/weald-college"),
    "coastal": Provider("Coastal College", "A further education college in east Kent with foundation learning for students with SEND.", VOLUNTARY_EDITOR, "https://www.example.com/coastal-college"),
    "north_college": Provider("North Kent College", "A further education college in north Kent with supported learning for students with SEND.", VOLUNTARY_EDITOR, "https://www.example.com/north-kent-college"),
}  # fmt: skip

ALL_NEEDS = tuple(code for code, _, _ in taxonomy.NEED_TERMS)
LEARNING = ("MLD", "SLD", "PMLD", "DS")

# (option, amount, what it is) of each way a service is paid for.
FREE = (("Free", Decimal("0.00"), "Free of charge"),)
FREE_IF_ELIGIBLE = (("Free to eligible families", Decimal("0.00"), "After an assessment of need"),)


@dataclass(frozen=True)
class Kind:
    """A kind of service, offered in every town unless `countywide`."""

    name: str
    providers: tuple[str, ...]  # one, or one for each region (west, east, north)
    sections: tuple[str, ...]
    needs: tuple[str, ...]
    ages: tuple[int, int]
    description: str
    venue: str = "hub"
    costs: tuple[tuple[str, Decimal, str], ...] = FREE
    # freq, byday, opens, closes, description; none for services reached by referral
    schedule: tuple[str, str, time, time, str] | None = None
    countywide: bool = False
    contact: str = "Duty team"


def _weekly(
    byday: str, opens: str, closes: str, description: str
) -> tuple[str, str, time, time, str]:
    return ("WEEKLY", byday, time.fromisoformat(opens), time.fromisoformat(closes), description)


KINDS = [
    Kind("Speech and language therapy drop-in", ("kchft",), ("health-wellbeing", "under-5s", "school-age"), ("SLCN", "ASD", "DS"), (0, 19),
         "Talk to a speech and language therapist about your child's talking, listening or understanding. No referral is needed.",
         venue="clinic", schedule=_weekly("WE", "09:30", "12:00", "Wednesday mornings, term time"), contact="Speech and language therapy admin team"),
    Kind("Children's occupational therapy", ("kchft",), ("health-wellbeing", "school-age"), ("PD", "DS", "ASD", "SPLD"), (0, 19),
         "Assessment and advice for children who find everyday activities such as dressing, eating or handwriting hard. A GP, health visitor or school can refer.",
         venue="clinic", contact="Occupational therapy referrals"),
    Kind("Children's physiotherapy", ("kchft",), ("health-wellbeing",), ("PD", "PMLD", "DS"), (0, 19),
         "Physiotherapists help children with movement, posture and mobility, at clinic, at home or at school.",
         venue="clinic", contact="Physiotherapy referrals"),
    Kind("Community paediatrics clinic", ("mtw", "ekhuft", "dgt"), ("health-wellbeing", "think-my-child-has-send"), ("ASD", "SLD", "PMLD", "PD", "DS", "OTH"), (0, 18),
         "Children's doctors who assess development, disability and long-term conditions, and give health advice for EHC needs assessments.",
         venue="clinic", schedule=_weekly("TU,TH", "09:00", "16:30", "Tuesday and Thursday clinics by appointment"), contact="Paediatric appointments"),
    Kind("Children's audiology", ("mtw", "ekhuft", "dgt"), ("health-wellbeing", "under-5s"), ("HI", "MSI"), (0, 18),
         "Hearing tests, hearing aids and follow-up for babies, children and young people.",
         venue="clinic", contact="Audiology appointments"),
    Kind("Children and young people's mental health service", ("nelft",), ("health-wellbeing",), ("SEMH", "ASD"), (0, 18),
         "Assessment and treatment for children and young people with significant mental health difficulties. Families can refer themselves through the single point of access.",
         venue="clinic", contact="Single point of access"),
    Kind("Neurodevelopmental assessment pathway", ("nelft",), ("health-wellbeing", "think-my-child-has-send"), ("ASD", "SEMH"), (0, 18),
         "Assessment for autism and ADHD, with advice for families while they wait.",
         venue="clinic", contact="Neurodevelopmental team"),
    Kind("Special school nursing team", ("kchft",), ("health-wellbeing", "school-age"), ("PMLD", "SLD", "PD"), (4, 19),
         "School nurses in special schools who train staff and care for pupils with complex health needs.",
         venue="clinic", contact="Special school nursing"),
    Kind("Community learning disability team for young adults", ("kmpt",), ("preparing-for-adulthood", "health-wellbeing"), ("SLD", "PMLD", "MLD", "DS"), (14, 25),
         "Nurses, psychologists and therapists supporting young people with learning disabilities as they move to adult health services.",
         venue="clinic", contact="Learning disability team"),
    Kind("Portage home visiting", ("portage",), ("under-5s",), ("PMLD", "SLD", "DS", "PD", "MSI", "ASD"), (0, 5),
         "A Portage home visitor plays and learns with your child at home every week or two, setting small steps together with you.",
         schedule=_weekly("MO,TU,WE,TH,FR", "09:00", "16:00", "Visits at home, arranged with you"), contact="Portage referrals"),
    Kind("Early years specialist teaching", ("stls",), ("under-5s", "think-my-child-has-send"), ALL_NEEDS, (0, 5),
         "Specialist teachers advise nurseries, pre-schools and childminders on including and supporting young children with SEND.",
         contact="Early years specialist teachers"),
    Kind("Specialist teaching outreach for schools", ("stls",), ("school-age",), ("SPLD", "MLD", "ASD", "SLCN", "SEMH"), (4, 16),
         "Specialist teachers visit schools to advise on teaching pupils with SEN support, and train staff.",
         contact="Local inclusion forum team"),
    Kind("Hearing and vision impairment teaching", ("sensory",), ("school-age", "under-5s"), ("HI", "VI", "MSI"), (0, 19),
         "Qualified teachers of deaf and vision-impaired children visit homes, settings and schools.",
         contact="Sensory service"),
    Kind("Physical disability outreach", ("stls",), ("school-age",), ("PD",), (4, 19),
         "Advice to schools on access, equipment and teaching for pupils with physical disabilities.",
         contact="Physical disability outreach team"),
    Kind("Autism outreach from a special school", ("special_school",), ("school-age",), ("ASD", "SLCN"), (4, 19),
         "Teachers from a special school help mainstream schools support autistic pupils, with training and classroom visits.",
         venue="centre", contact="Outreach coordinator"),
    Kind("Educational psychology consultation line", ("edpsych",), ("think-my-child-has-send", "school-age"), ALL_NEEDS, (0, 25),
         "Talk to an educational psychologist about your child's learning or wellbeing in a 30-minute phone call.",
         schedule=_weekly("TH", "13:00", "16:00", "Thursday afternoons, booked in advance"), countywide=True, contact="Consultation line"),
    Kind("EHC needs assessment advice sessions", ("sen",), ("ehc-plans", "think-my-child-has-send"), ALL_NEEDS, (0, 25),
         "Find out how an education, health and care needs assessment works, who can ask for one and what happens next.",
         venue="library", schedule=_weekly("MO", "10:00", "12:00", "First Monday of the month"), contact="SEN assessment team"),
    Kind("Annual review support for families", ("sen",), ("ehc-plans",), ALL_NEEDS, (0, 25),
         "Help to prepare for your child's annual review meeting and to understand the decision afterwards.",
         countywide=True, contact="SEN area team"),
    Kind("Mediation and disagreement resolution", ("mediation",), ("ehc-plans", "advice-for-families"), ALL_NEEDS, (0, 25),
         "Independent mediation if you disagree with a decision about an EHC needs assessment or plan, before an appeal to the tribunal.",
         countywide=True, contact="Mediation coordinator"),
    Kind("SEND information, advice and support helpline", ("advice",), ("advice-for-families", "ehc-plans", "think-my-child-has-send"), ALL_NEEDS, (0, 25),
         "Free, impartial and confidential advice for parents, carers and young people about SEND, SEN support and EHC plans.",
         schedule=_weekly("MO,TU,WE,TH,FR", "09:00", "17:00", "Weekdays"), countywide=True, contact="Helpline"),
    Kind("Parent carer forum coffee morning", ("forum",), ("advice-for-families",), ALL_NEEDS, (0, 25),
         "Meet other parents and carers of children with SEND, share experience and tell the council what needs to change.",
         venue="centre", schedule=_weekly("FR", "10:00", "12:00", "Second Friday of the month"), contact="Forum volunteers"),
    Kind("Autism parent support group", ("autism",), ("advice-for-families",), ("ASD",), (0, 25),
         "A friendly group for parents and carers of autistic children, with guest speakers each term.",
         venue="centre", schedule=_weekly("TU", "19:00", "21:00", "Monthly, Tuesday evenings"), contact="Group leader"),
    Kind("Down syndrome family group", ("down",), ("advice-for-families", "under-5s"), ("DS",), (0, 25),
         "Play, signing and speech sessions for young children with Down syndrome, and a chance for parents to meet.",
         venue="centre", schedule=_weekly("SA", "10:00", "12:00", "Saturday mornings, monthly"), contact="Family support worker"),
    Kind("Overnight short breaks", ("dcyp",), ("social-care",), ("SLD", "PMLD", "ASD", "PD", "MSI"), (5, 18),
         "Overnight stays in a short breaks unit, giving disabled children new experiences and their families a rest.",
         venue="centre", costs=FREE_IF_ELIGIBLE, contact="Short breaks team"),
    Kind("After-school and weekend short breaks clubs", ("dcyp", "mencap"), ("social-care", "leisure"), ("ASD", "SLD", "MLD", "PD"), (5, 17),
         "Clubs with trained staff where disabled children enjoy activities with friends after school and at weekends.",
         venue="centre", costs=(("Per session", Decimal("5.00"), "£5 a session; free to families with a short breaks plan"),),
         schedule=_weekly("SA", "10:00", "15:00", "Saturdays, and Wednesdays after school"), contact="Club coordinator"),
    Kind("Direct payments for short breaks", ("dcyp",), ("social-care", "money-travel"), ALL_NEEDS, (0, 18),
         "A payment to arrange your child's short breaks yourself, after an assessment by the disabled children's service.",
         countywide=True, costs=FREE_IF_ELIGIBLE, contact="Direct payments team"),
    Kind("Inclusive holiday activity club", ("holidays",), ("leisure",), ALL_NEEDS, (5, 16),
         "Sports, crafts and trips with a healthy lunch in the school holidays, with staff trained to include children with SEND.",
         venue="leisure", costs=(("Free with benefits-related free school meals", Decimal("0.00"), "Free for eligible children"), ("Per day", Decimal("12.50"), "£12.50 a day")),
         schedule=_weekly("MO,TU,WE,TH", "10:00", "14:00", "Easter, summer and Christmas holidays"), contact="Holiday club bookings"),
    Kind("Inclusive swimming sessions", ("leisure",), ("leisure",), ("PD", "ASD", "SLD", "MLD"), (4, 25),
         "Quieter swimming sessions with warmer water, a hoist and extra lifeguards.",
         venue="leisure", costs=(("Per swim", Decimal("3.20"), "£3.20; a carer swims free"),), schedule=_weekly("SU", "15:00", "16:30", "Sunday afternoons"), contact="Leisure centre reception"),
    Kind("Disability sports club", ("sport",), ("leisure",), ("PD", "MLD", "SLD", "ASD", "VI", "HI"), (8, 25),
         "Boccia, football, athletics and more, coached for disabled children and young people of every ability.",
         venue="leisure", costs=(("Per session", Decimal("4.00"), "£4 a session"),), schedule=_weekly("TU", "17:30", "19:00", "Tuesday evenings, term time"), contact="Head coach"),
    Kind("Sensory play sessions", ("hubs",), ("under-5s", "leisure"), ("PMLD", "MSI", "ASD", "VI"), (0, 5),
         "Play in a sensory room with lights, sounds and textures, for young children and their parents or carers.",
         schedule=_weekly("TH", "10:00", "11:30", "Thursday mornings"), contact="Family hub reception"),
    Kind("Stay and play for children with additional needs", ("hubs",), ("under-5s",), ALL_NEEDS, (0, 5),
         "A relaxed stay and play group where early years practitioners and health visitors are on hand.",
         schedule=_weekly("MO", "13:30", "15:00", "Monday afternoons"), contact="Family hub reception"),
    Kind("Youth club for young people with learning disabilities", ("mencap",), ("leisure", "young-adults"), ("MLD", "SLD", "DS", "ASD"), (11, 25),
         "A weekly youth club with games, music, cooking and trips, run by trained youth workers.",
         venue="centre", costs=(("Per evening", Decimal("3.00"), "£3 an evening"),), schedule=_weekly("WE", "18:30", "20:30", "Wednesday evenings"), contact="Youth worker"),
    Kind("Supported internships", ("college", "coastal", "north_college"), ("preparing-for-adulthood", "young-adults"), ("MLD", "SLD", "ASD", "DS"), (16, 25),
         "A year of work placements with a job coach, for young people with an EHC plan who want paid work.",
         venue="college", contact="Supported internships coordinator"),
    Kind("Independent travel training", ("transport",), ("preparing-for-adulthood", "money-travel"), ("MLD", "SLD", "ASD", "DS"), (11, 25),
         "One-to-one training to travel safely by bus, train or on foot to school, college or work.",
         countywide=True, contact="Travel training team"),
    Kind("Home to school transport for pupils with SEND", ("transport",), ("money-travel",), ALL_NEEDS, (4, 19),
         "Transport or a travel allowance for children who cannot walk to school because of their special educational needs or disability.",
         countywide=True, contact="Transport eligibility team"),
    Kind("Disability benefits advice", ("benefits",), ("money-travel", "advice-for-families"), ALL_NEEDS, (0, 25),
         "Help to claim Disability Living Allowance, Personal Independence Payment and Carer's Allowance, and to challenge decisions.",
         venue="library", schedule=_weekly("TU", "10:00", "15:00", "Tuesdays, by appointment"), contact="Benefits adviser"),
    Kind("Personal budgets advice", ("sen",), ("money-travel", "ehc-plans"), ALL_NEEDS, (0, 25),
         "How a personal budget for part of the provision in an EHC plan works, and how to ask for one.",
         countywide=True, contact="Personal budgets officer"),
    Kind("Preparing for adulthood reviews from Year 9", ("sen",), ("preparing-for-adulthood", "ehc-plans"), ALL_NEEDS, (13, 25),
         "Annual reviews from Year 9 that plan for employment, independent living, friendships and good health.",
         countywide=True, contact="Preparing for adulthood team"),
    Kind("Young carers' group", ("carers",), ("social-care", "leisure"), ("SEMH", "OTH"), (8, 18),
         "Time out, trips and someone to talk to for children who care for a disabled brother, sister or parent.",
         venue="centre", schedule=_weekly("TH", "16:30", "18:30", "Thursdays after school, fortnightly"), contact="Young carers worker"),
    Kind("Vision support and mobility training", ("blind",), ("health-wellbeing", "preparing-for-adulthood"), ("VI", "MSI"), (0, 25),
         "Mobility and independent living training, equipment advice and family support for blind and partially sighted young people.",
         venue="centre", contact="Rehabilitation officer"),
    Kind("Deaf children's activity days", ("deaf",), ("leisure",), ("HI",), (0, 19),
         "Activity days with deaf role models and British Sign Language interpreters.",
         venue="leisure", costs=(("Per day", Decimal("5.00"), "£5 a child; siblings free"),), schedule=_weekly("SA", "10:00", "15:00", "One Saturday each term"), contact="Family officer"),
    Kind("Emotional wellbeing support in schools", ("nelft",), ("health-wellbeing", "school-age"), ("SEMH",), (5, 18),
         "Mental health practitioners in schools offering short courses of support for anxiety and low mood.",
         venue="centre", contact="Mental health support team"),
    Kind("Dyslexia screening and tuition", ("dyslexia",), ("school-age", "young-adults"), ("SPLD",), (6, 25),
         "Screening, specialist tuition and advice for parents and schools.",
         venue="library", costs=(("Screening", Decimal("45.00"), "£45 a screening"), ("Tuition", Decimal("30.00"), "£30 an hour; reduced fees available")),
         schedule=_weekly("SA", "09:00", "13:00", "Saturday mornings"), contact="Tuition coordinator"),
    Kind("Supported employment and job coaching", ("employment",), ("preparing-for-adulthood",), ("MLD", "ASD", "PD", "SLD"), (16, 25),
         "A job coach helps disabled young people find work, learn the job and keep it.",
         countywide=True, contact="Employment support team"),
    Kind("College supported learning", ("college", "coastal", "north_college"), ("young-adults", "preparing-for-adulthood"), ALL_NEEDS, (16, 25),
         "Foundation courses, learning support and a transition programme for students with SEND.",
         venue="college", schedule=_weekly("MO,TU,WE,TH", "09:00", "15:30", "College term time"), contact="Additional learning support"),
    Kind("Independent living skills courses", ("adult_ed",), ("preparing-for-adulthood", "young-adults"), ("MLD", "SLD", "DS", "ASD"), (16, 25),
         "Short courses in cooking, money, travel and staying safe, for young adults with learning disabilities.",
         venue="library", costs=(("Per course", Decimal("0.00"), "Free for learners aged 19 to 25 with an EHC plan"),),
         schedule=_weekly("WE", "10:00", "14:00", "Wednesdays, termly courses"), contact="Course enquiries"),
    Kind("Children's wheelchair service", ("icb",), ("health-wellbeing",), ("PD", "PMLD"), (0, 18),
         "Assessment for wheelchairs and seating, repairs and reviews as your child grows.",
         venue="clinic", countywide=True, contact="Wheelchair service"),
    Kind("Children's continence service", ("kchft",), ("health-wellbeing",), ("PD", "SLD", "PMLD", "ASD"), (0, 19),
         "Advice on toilet training and continence products for children with additional needs.",
         venue="clinic", contact="Continence nurses"),
    Kind("Sleep support for families", ("sleep",), ("health-wellbeing", "advice-for-families"), ("ASD", "SEMH", "SLD"), (2, 18),
         "Sleep workshops and one-to-one plans for families whose child with additional needs sleeps badly.",
         venue="hub", costs=(("Workshop", Decimal("0.00"), "Free workshops"), ("Sleep plan", Decimal("60.00"), "£60 for a personal sleep plan")), contact="Sleep practitioner"),
    Kind("Education for children unable to attend school for health reasons", ("health_needs",), ("school-age",), ("SEMH", "OTH"), (5, 16),
         "Teaching at home, online or in small groups for children too unwell to go to school, arranged with their school.",
         venue="centre", contact="Health needs referrals"),
    Kind("Befriending for young people with learning disabilities", ("mencap",), ("leisure", "social-care"), LEARNING, (8, 25),
         "A trained volunteer befriender to share interests and get out and about with.",
         costs=FREE, contact="Befriending coordinator"),
]  # fmt: skip

FIRST_NAMES = ["Alex", "Bola", "Chris", "Deepa", "Emma", "Femi", "Gemma", "Hannah", "Imran", "Jo", "Kerry", "Lucy", "Maria", "Nadia", "Owen", "Paula", "Rachel", "Sunita", "Tom", "Yasmin"]  # fmt: skip
SURNAMES = ["Ahmed", "Baker", "Campbell", "Doherty", "Ellis", "Fletcher", "Gill", "Hart", "Iqbal", "Kaur", "Lawrence", "Mills", "Osei", "Price", "Reid", "Shaw", "Turner", "Walsh"]  # fmt: skip
ALERTS = [
    "There is a waiting list of about 12 weeks.",
    "Sessions are moving to a new venue next term.",
    "Booking is now open for the summer holidays.",
]
