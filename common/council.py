"""The council running the service: its name and how people reach it, from settings.

One reader for every page, letter and email that names the council, so that nothing in the
code assumes a particular council (`COUNCIL_*` in .env.example).
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class CouncilDetails:
    name: str
    address: tuple[str, ...]
    phone: str
    email: str
    website: str


def council_details() -> CouncilDetails:
    """The council's details as configured; an empty setting gives an empty field, which
    pages leave out rather than print."""
    address = settings.COUNCIL_ADDRESS
    return CouncilDetails(
        name=settings.COUNCIL_NAME,
        address=tuple(line.strip() for line in address.split(",") if line.strip()),
        phone=settings.COUNCIL_PHONE,
        email=settings.COUNCIL_EMAIL,
        website=settings.COUNCIL_WEBSITE,
    )
