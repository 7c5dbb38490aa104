from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from accounts.access import HOME_URL_NAMES
from accounts.models import Role
from accounts.selectors import school_places_for
from common.council import council_details

CASEWORK_ROLES = frozenset({Role.CASE_OFFICER, Role.MANAGER})
FAMILY_SERVICE_NAME = "Your child's EHC plan"


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The council's name and the service navigation for the signed-in person's role.

    A request refused before the middleware signs anyone in (a host the service does not
    answer to) has no user: its error page shows the navigation of someone signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "navigation": [],
            "council_name": settings.COUNCIL_NAME,
            "council_contact": council_details(),
        }
    items = [("Home", reverse(HOME_URL_NAMES[user.role]))]
    if user.role in CASEWORK_ROLES:
        items.append(("Notifications", reverse("workbench:notifications")))
    if user.role == Role.MANAGER:
        items.append(("Caseload", reverse("workbench:officer-home")))
        items.append(("People", reverse("workbench:people")))
    if user.role in (Role.VOLUNTEER, Role.HEADTEACHER) and school_places_for(user).exists():
        # A volunteer or headteacher who is also on their school's staff list.
        items.append(("School reviews", reverse("portal:school-home")))
    items.append(("Your account", reverse("accounts:account")))
    current = request.path
    family = user.role == Role.FAMILY
    return {
        "council_name": settings.COUNCIL_NAME,
        # A family's pages speak to the family: their own service name, and the council's
        # contact details where staff are told to ask their service manager.
        "staff_pages": not family,
        **(
            {"service_name": FAMILY_SERVICE_NAME, "council_contact": council_details()}
            if family
            else {}
        ),
        # The header's "Find a case" box, for those who work cases.
        "case_search_url": reverse("workbench:case-search") if user.role in CASEWORK_ROLES else "",
        "navigation": [
            {"text": text, "href": href, "active": current == href} for text, href in items
        ],
    }
