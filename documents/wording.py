"""The wording of the letters to families (Children and Families Act 2014 ss44-45, 51; SEND
Regulations 2014 regs 20-22, 29-31, 32-33).

A letter has two parts. WORDING is the council's part of each decision letter, which managers
change on /manager/letters/; this is what a new installation starts with. RIGHTS is the part
the law requires (what happens next, the right of appeal, mediation, disagreement resolution
and SENDIASS): fixed text that every letter adds after the council's part, so editing cannot
remove it. The closing with the case officer's contact details is the letter's own
(documents/letter.html). The letter telling the family that the council will not amend the
plan after all (reg 22(4)) is written in WITHDRAWAL, with WITHDRAWAL_RIGHTS.

Every period the deadline engine counts is taken from reviews.statutory, never written here.
"""

from reviews.statutory import FINAL_PLAN_WEEKS_AFTER_NOTICE, REPRESENTATIONS_DAYS

APPEAL = """Before you can appeal, you must contact a mediation adviser within 2 months of the date of this letter to find out about mediation, and get a certificate from them. You do not need to do this if your appeal is only about the school or other institution named in the plan. You can choose whether to go on to mediation itself; if you do, we must take part within 30 days.

Disagreement resolution and independent advice
Our disagreement resolution service can help settle a disagreement with us, a school or a health body. It is free and independent of us, and using it does not affect your right to appeal. The Special Educational Needs and Disability Information, Advice and Support Service (SENDIASS) gives free, impartial and confidential advice and support. The contact details of the mediation adviser, the disagreement resolution service and SENDIASS are in {{ council_name }}'s Local Offer."""

# The rights of a family told that the plan will not be amended: the maintain letter's, and the
# letter deciding not to amend after proposing amendments (reg 22(4)) gives the same.
RIGHTS_NOT_AMENDING = (
    """Your right to appeal
You have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability) against our decision not to amend the plan. You must appeal within 2 months of the date of this letter, or within 1 month of the date of your mediation certificate, whichever is later.

"""
    + APPEAL
)

# Regs 22(2)(c) and 22(3)-(4): the family's views on proposed amendments, and what follows.
PROPOSED_AMENDMENTS_NEXT = (
    """Your views
You can tell us what you think of the proposed amendments until {{ representations_by }}: """
    + f"{REPRESENTATIONS_DAYS} days beginning with the day we sent you this notice. "
    + """In that time you may also ask us to name a particular school or other institution in the plan, and you may ask to meet one of our officers to discuss the amendments.

What happens next
We will consider everything you tell us. If we go ahead with amendments, we will send you the final amended plan as soon as practicable and """
    + f"no later than {FINAL_PLAN_WEEKS_AFTER_NOTICE} weeks after the day we sent you this notice. "
    + "If we decide not to amend the plan after all, we will tell you within the same "
    + f"{FINAL_PLAN_WEEKS_AFTER_NOTICE} weeks, with our reasons and your right of appeal."
)

WORDING = {
    "maintain": (
        "Annual review: we will keep the plan as it is",
        """Dear {{ addressee }},

Thank you for taking part in {{ child_forename }}'s annual review meeting on {{ meeting_date }}.

We have considered the review report, the advice and the views given at the meeting, and we have decided to keep {{ child_forename }}'s education, health and care plan as it is, without amendment. This is our decision under section 44 of the Children and Families Act 2014 and regulation 22 of the Special Educational Needs and Disability Regulations 2014.
{% if notes %}
Our reasons: {{ notes }}
{% endif %}
""",
    ),
    "amend": (
        "Annual review: we propose to amend the plan",
        """Dear {{ addressee }},

Thank you for taking part in {{ child_forename }}'s annual review meeting on {{ meeting_date }}.

We have considered the review report, the advice and the views given at the meeting, and we propose to amend {{ child_forename }}'s education, health and care plan (section 44 of the Children and Families Act 2014; regulation 22 of the Special Educational Needs and Disability Regulations 2014). A copy of the current plan is enclosed, with the evidence for the changes.

The amendments we propose
{{ notes }}
""",
    ),
    "cease": (
        "Annual review: we intend to stop maintaining the plan",
        """Dear {{ addressee }},

Thank you for taking part in {{ child_forename }}'s annual review meeting on {{ meeting_date }}.

We have considered the review report, the advice and the views given at the meeting, and we have decided to cease to maintain {{ child_forename }}'s education, health and care plan (section 45 of the Children and Families Act 2014; regulations 29 to 31 of the Special Educational Needs and Disability Regulations 2014).

Our reasons
{{ notes }}
""",
    ),
}

# Reg 22(4): after proposing amendments, the council decides not to amend after all. Its own
# letter, with the same rights as a decision to keep the plan as it is.
WITHDRAWAL = (
    "Annual review: we will not amend the plan after all",
    """Dear {{ addressee }},

After {{ child_forename }}'s annual review meeting on {{ meeting_date }}, we wrote to you on {{ amendment_notice_date }} proposing amendments to {{ child_forename }}'s education, health and care plan.

We have considered the proposed amendments again, with any views you sent us, and we have decided not to amend the plan after all. {{ child_forename }}'s plan stays as it is: the plan you have now continues without the amendments we proposed. This is our decision under regulation 22(4) of the Special Educational Needs and Disability Regulations 2014.
{% if notes %}
Our reasons
{{ notes }}
{% endif %}
""",
)

# The part of each letter the law requires, added after the council's part whatever its wording.
RIGHTS = {
    "maintain": RIGHTS_NOT_AMENDING,
    "amend": PROPOSED_AMENDMENTS_NEXT
    + """

Your right to appeal
When we send the final amended plan, you will be able to appeal to the First-tier Tribunal (Special Educational Needs and Disability) about the special educational needs it describes (section B), the special educational provision it specifies (section F) and the school or other institution it names, or that it names none (section I). You must appeal within 2 months of the date of the final plan, or within 1 month of the date of your mediation certificate, whichever is later. We will explain this again when we send the final plan.

"""
    + APPEAL.replace(
        "2 months of the date of this letter", "2 months of the date of the final plan"
    ),
    "cease": """We will continue to maintain the plan until the time for appealing has passed, or, if you appeal, until the appeal has been decided.

Your right to appeal
You have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability) against our decision to cease to maintain the plan. You must appeal within 2 months of the date of this letter, or within 1 month of the date of your mediation certificate, whichever is later.

"""
    + APPEAL,
}
WITHDRAWAL_RIGHTS = RIGHTS_NOT_AMENDING
