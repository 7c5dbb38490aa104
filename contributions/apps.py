from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    """What people outside the council bring to a review (DESIGN section 9): schools' annual
    review reports, professionals' advice and families' views, with the rules for each."""

    name = "contributions"
