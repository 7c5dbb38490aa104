"""The council running the service, as letters and public pages name it and say how to reach
it: one reader of the COUNCIL_* settings (.env.example), so every page says the same."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class CouncilDetails:
    name: str
    address_lines: tuple[str, ...]
    phone: str
    email: str
    website: str


def council_details() -> CouncilDetails:
    """The council's name and contact details from settings; the address's comma-separated
    parts become its lines."""
    address = str(settings.COUNCIL_ADDRESS)
    return CouncilDetails(
        name=str(settings.COUNCIL_NAME),
        address_lines=tuple(part.strip() for part in address.split(",") if part.strip()),
        phone=str(settings.COUNCIL_PHONE),
        email=str(settings.COUNCIL_EMAIL),
        website=str(settings.COUNCIL_WEBSITE),
    )


def council_la_code() -> str:
    """The council's local authority code in the schools register (GIAS `LA (code)`, like
    886), or "" when COUNCIL_LA_CODE is not set."""
    return str(settings.COUNCIL_LA_CODE).strip()
