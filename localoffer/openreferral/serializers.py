"""Local Offer records as the JSON objects of the Open Referral UK 3.0 profile.

Each function follows one of the profile's schemas (schema/compiled/service.json and its
siblings in OpenReferralUK/uk-profile). How absent values are written:

- Required fields are always present, with their type, even where the record holds an
  empty string (an organisation's description, say).
- Arrays are always present, `[]` when the Local Offer holds nothing for them, including
  the ones it never holds (languages, funding, service areas, organisation identifiers).
- An optional field with no value is left out. The profile types its fields as plain
  strings and numbers, many with a format (uri, email, uuid), and allows no null; a strict
  validator such as the profile's own rejects `null` and rejects `""` as a URI or an email
  address. The feed's tests hold it to that.

Identifiers are strings. Objects the Local Offer keeps on their parent row (a location's
address and accessibility note, a contact's phone, a service's classification by a term)
get identifiers derived from the parent's, so they are the same in every response.
"""

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from localoffer import taxonomy as vocabularies
from localoffer.models import (
    Contact,
    CostOption,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

Json = dict[str, Any]

# What a term says about the services it is attached to (attribute.link_type, an open list).
LINK_TYPES = {vocabularies.SECTIONS: "category", vocabularies.NEEDS: "audience"}
DEFAULT_LINK_TYPE = "category"
SCHEDULE_FREQUENCIES = {"WEEKLY", "MONTHLY"}


def _present(fields: Json) -> Json:
    """The optional fields that have a value."""
    return {name: value for name, value in fields.items() if value not in (None, "")}


def _id(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _time(value: time | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _number(value: Decimal | int | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def attribute_id(service: Service, term: TaxonomyTerm) -> uuid.UUID:
    return uuid.uuid5(service.id, f"attribute:{term.id}")


def accessibility_id(location: Location) -> uuid.UUID:
    return uuid.uuid5(location.id, "accessibility")


def taxonomy(item: Taxonomy, *, with_terms: bool = False) -> Json:
    body = {
        "id": str(item.id),
        "name": item.name,
        "description": item.description,
        **_present({"uri": item.uri, "version": item.version}),
    }
    if with_terms:
        body["taxonomy_terms"] = [taxonomy_term(term) for term in item.terms.all()]
    return body


def taxonomy_term(term: TaxonomyTerm) -> Json:
    return {
        "id": str(term.id),
        "name": term.name,
        "description": term.description,
        **_present(
            {
                "parent_id": _id(term.parent_id),
                "taxonomy": term.taxonomy.name,
                "taxonomy_id": str(term.taxonomy_id),
                "term_uri": term.term_uri,
                "term": term.code,
            }
        ),
    }


def organization(item: Organization, *, nested: bool = False) -> Json:
    body = {
        "id": str(item.id),
        "name": item.name,
        "description": item.description,
        **_present({"email": item.email, "website": item.website}),
    }
    if nested:
        body["organization_identifiers"] = []
    return body


def address(location: Location) -> Json:
    return {
        "id": str(location.address_id),
        "location_id": str(location.id),
        "address_1": location.address_1,
        "city": location.city,
        "state_province": location.state_province,
        "postal_code": location.postal_code,
        "country": location.country,
        "address_type": location.location_type,
        "attributes": [],
    }


def _location_fields(item: Location) -> Json:
    """A location's own one-to-one fields, as `/service_at_locations` lists them."""
    return {
        "id": str(item.id),
        "location_type": item.location_type,
        **_present(
            {
                "name": item.name,
                "description": item.description,
                "latitude": item.latitude,
                "longitude": item.longitude,
            }
        ),
    }


def location(item: Location) -> Json:
    """A location with its address and accessibility note. A location with neither a first
    line nor a postcode (an online service, say) has no address to publish."""
    has_address = bool(item.address_1 or item.postal_code)
    return {
        **_location_fields(item),
        "addresses": [address(item)] if has_address else [],
        "accessibility": [
            {
                "id": str(accessibility_id(item)),
                "location_id": str(item.id),
                "description": item.accessibility,
            }
        ]
        if item.accessibility
        else [],
        "attributes": [],
    }


def _service_fields(item: Service) -> Json:
    """The service's own one-to-one fields, as in a list."""
    return {
        "id": str(item.id),
        "name": item.name,
        "status": item.status,
        **_present(
            {
                "organization_id": str(item.organization_id),
                "description": item.description,
                "url": item.url,
                "email": item.email,
                "fees": item.fees_description,
                "accreditations": item.accreditations,
                "minimum_age": item.minimum_age,
                "maximum_age": item.maximum_age,
                "assured_date": _date(item.last_reviewed_on),
                "alert": item.alert,
                "last_modified": _timestamp(item.last_modified),
            }
        ),
    }


def service_summary(item: Service) -> Json:
    """A service as `/services` lists it (schema/compiled/service_list.json)."""
    return {**_service_fields(item), "organization": organization(item.organization)}


def _contact(item: Contact) -> Json:
    """A contact as the profile's contact.json has it, with its phone as phone.json has it
    (`phones`, which the profile's compiled service leaves out: see ADDITIONAL_FIELDS). A
    contact's email address has no place in the profile, so it is not sent."""
    phones = []
    if item.phone:
        phones.append(
            {
                "id": str(item.phone_id),
                "contact_id": str(item.id),
                "number": item.phone,
                "languages": [],
            }
        )
    return {
        "id": str(item.id),
        "service_id": str(item.service_id),
        **_present({"name": item.name, "title": item.title}),
        "phones": phones,
        "attributes": [],
    }


def _schedule(item: Schedule) -> Json:
    return {
        "id": str(item.id),
        "service_id": str(item.service_id),
        **_present(
            {
                "freq": item.freq if item.freq in SCHEDULE_FREQUENCIES else None,
                "byday": item.byday,
                "opens_at": _time(item.opens_at),
                "closes_at": _time(item.closes_at),
                "description": item.description,
                "attending_type": item.attending_type,
            }
        ),
    }


def _cost_option(item: CostOption) -> Json:
    return {
        "id": str(item.id),
        "service_id": str(item.service_id),
        **_present(
            {
                "option": item.option,
                "amount": _number(item.amount),
                "amount_description": item.amount_description,
            }
        ),
    }


def _attribute(service: Service, term: TaxonomyTerm) -> Json:
    return {
        "id": str(attribute_id(service, term)),
        "link_id": str(service.id),
        "link_type": LINK_TYPES.get(term.taxonomy.code, DEFAULT_LINK_TYPE),
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


def _service_nested(item: Service) -> Json:
    """A service with everything it owns, but not its locations."""
    return {
        **_service_fields(item),
        "organization": organization(item.organization, nested=True),
        "schedules": [_schedule(schedule) for schedule in item.schedules.all()],
        "service_areas": [],
        "languages": [],
        "funding": [],
        "cost_options": [_cost_option(option) for option in item.cost_options.all()],
        "contacts": [_contact(contact) for contact in item.contacts.all()],
        "attributes": [_attribute(item, term) for term in item.terms.all()],
    }


def _service_at_location_fields(item: ServiceAtLocation) -> Json:
    return {
        "id": str(item.id),
        "service_id": str(item.service_id),
        "location_id": str(item.location_id),
    }


def service_full(item: Service) -> Json:
    """A fully nested service, as `/services/{id}` returns it (schema/compiled/service.json)."""
    return {
        **_service_nested(item),
        "service_at_locations": [
            {**_service_at_location_fields(place), "location": location(place.location)}
            for place in item.at_locations.all()
        ],
    }


def service_at_location_summary(item: ServiceAtLocation) -> Json:
    """A service at a location as `/service_at_locations` lists it
    (schema/compiled/service_at_location_list.json): the location's and the service's own
    fields only. Its address and accessibility are in `/service_at_locations/{id}`."""
    return {
        **_service_at_location_fields(item),
        "location": _location_fields(item.location),
        "service": service_summary(item.service),
    }


def service_at_location_full(item: ServiceAtLocation) -> Json:
    """A fully nested service at a location (schema/compiled/service_at_location.json), with
    the service's name and status beside its id: the profile's openapi.json names
    compiled/service.json as this response's schema, which requires them, and the validators
    check it against that. The object is valid under both (docs/decisions/0022)."""
    return {
        **_service_at_location_fields(item),
        "name": item.service.name,
        "status": item.service.status,
        "location": location(item.location),
        "service": _service_nested(item.service),
    }


# Fields the feed sends that the profile's schemas do not define, each with the endpoint
# and the schema it is outside of, explained in the root response, so that a validator's
# report of additional fields is explained. Paths are dotted, without list indexes, as the
# validator reports them.
_PHONES = (
    "A contact's telephone number, as the profile's phone.json defines a phone (id, "
    "contact_id, number, languages). The profile's compiled service has no place for a "
    "contact's phones, and families need the number to get in touch."
)
_SERVICE_AT_LOCATION = (
    "Part of the service at a location, as the profile's compiled/service_at_location.json "
    "defines it. Its openapi.json names compiled/service.json for this response, which has "
    "no place for it."
)
_NAMED_FOR_SERVICE_JSON = (
    "The service's own name or status, which compiled/service.json (named for this "
    "response by the profile's openapi.json) requires, so that the response is valid under "
    "both schemas."
)


def _extra(field: str, endpoint: str, schema: str, explanation: str) -> Json:
    return {"field": field, "endpoint": endpoint, "schema": schema, "explanation": explanation}


ADDITIONAL_FIELDS = [
    _extra("contacts.phones", "/services/{id}", "compiled/service.json", _PHONES),
    *(
        _extra(field, "/service_at_locations/{id}", "compiled/service.json", _SERVICE_AT_LOCATION)
        for field in ("service_id", "location_id", "location", "service")
    ),
    *(
        _extra(
            field,
            "/service_at_locations/{id}",
            "compiled/service_at_location.json",
            _NAMED_FOR_SERVICE_JSON,
        )
        for field in ("name", "status")
    ),
    _extra(
        "service.contacts.phones",
        "/service_at_locations/{id}",
        "compiled/service_at_location.json",
        _PHONES,
    ),
]
