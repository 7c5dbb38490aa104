"""What the Open Referral UK 3.0 profile requires of each response, as JSON Schemas.

Written from the profile's schema/compiled/*.json, schema/taxonomy*.json, schema/openapi.json
(the `Page` envelope) and its examples (OpenReferralUK/uk-profile, October 2024). As there,
optional fields are typed without null, so a null anywhere fails; formats (uuid, uri,
email, date, date-time) are checked. Arrays the profile leaves optional are required here
because this feed promises to send them, `[]` when empty, as the profile's examples do.
"""

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

Schema = dict[str, Any]

FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _is_absolute_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _is_rfc3339_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return "T" in value and moment.tzinfo is not None


def _object(required: list[str], properties: Schema) -> Schema:
    return {"type": "object", "required": required, "properties": properties}


def _array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


TEXT: Schema = {"type": "string"}
NUMBER: Schema = {"type": "number"}
UUID: Schema = {"type": "string", "format": "uuid"}
URI: Schema = {"type": "string", "format": "uri"}
EMAIL: Schema = {"type": "string", "format": "email"}
DATE: Schema = {"type": "string", "format": "date"}
TIME: Schema = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$"}
LOCATION_TYPE: Schema = {"enum": ["physical", "postal", "virtual"]}
SERVICE_STATUS: Schema = {"enum": ["active", "inactive", "defunct", "temporarily closed"]}

META = _object(
    ["version", "profile", "openapi_url"],
    {"version": {"const": "3.0"}, "profile": URI, "openapi_url": URI},
)


def page_of(item: Schema) -> Schema:
    """The `Page` envelope of openapi.json, with `contents` holding `item`s, and nothing else."""
    return {
        **_object(
            [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
            {
                "total_items": {"type": "integer", "minimum": 0},
                "total_pages": {"type": "integer", "minimum": 0},
                "page_number": {"type": "integer", "minimum": 1},
                "size": {"type": "integer", "minimum": 0},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
                "contents": _array(item),
            },
        ),
        "additionalProperties": False,
    }


TAXONOMY_TERM = _object(
    ["id", "name", "description"],
    {
        "id": UUID,
        "name": TEXT,
        "description": TEXT,
        "parent_id": UUID,
        "taxonomy": TEXT,
        "taxonomy_id": UUID,
        "term_uri": URI,
        "term": TEXT,
    },
)

TAXONOMY_SUMMARY = _object(
    ["id", "name", "description"],
    {"id": UUID, "name": TEXT, "description": TEXT, "uri": URI, "version": TEXT},
)

TAXONOMY = _object(
    ["id", "name", "description", "taxonomy_terms"],
    {**TAXONOMY_SUMMARY["properties"], "taxonomy_terms": _array(TAXONOMY_TERM)},
)

ATTRIBUTE = _object(
    ["id", "link_id", "link_type", "taxonomy_term_id", "taxonomy_term"],
    {
        "id": UUID,
        "link_id": UUID,
        "taxonomy_term_id": UUID,
        "link_type": TEXT,
        "taxonomy_term": TAXONOMY_TERM,
    },
)

ORGANIZATION_SUMMARY = _object(
    ["id", "name", "description"],
    {
        "id": UUID,
        "name": TEXT,
        "description": TEXT,
        "email": EMAIL,
        "website": URI,
        "logo": TEXT,
        "uri": URI,
        "parent_organization_id": UUID,
    },
)

ORGANIZATION = _object(
    [*ORGANIZATION_SUMMARY["required"], "organization_identifiers"],
    {
        **ORGANIZATION_SUMMARY["properties"],
        "organization_identifiers": _array(
            _object(
                ["id", "identifier_type", "identifier"],
                {
                    "id": UUID,
                    "identifier_scheme": TEXT,
                    "identifier_type": TEXT,
                    "identifier": TEXT,
                },
            )
        ),
    },
)

ADDRESS = _object(
    ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
    {
        "id": UUID,
        "location_id": UUID,
        "attention": TEXT,
        "address_1": TEXT,
        "city": TEXT,
        "region": TEXT,
        "state_province": TEXT,
        "postal_code": TEXT,
        "country": TEXT,
        "address_type": LOCATION_TYPE,
        "attributes": _array(ATTRIBUTE),
    },
)

ACCESSIBILITY = _object(
    ["id"],
    {"id": UUID, "location_id": UUID, "description": TEXT, "details": TEXT, "url": URI},
)

LOCATION = _object(
    ["id", "location_type", "addresses", "accessibility"],
    {
        "id": UUID,
        "location_type": LOCATION_TYPE,
        "name": TEXT,
        "description": TEXT,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "external_identifier": TEXT,
        "external_identifier_type": TEXT,
        "addresses": _array(ADDRESS),
        "accessibility": _array(ACCESSIBILITY),
        "attributes": _array(ATTRIBUTE),
    },
)

SCHEDULE = _object(
    ["id"],
    {
        "id": UUID,
        "service_id": UUID,
        "service_at_location_id": UUID,
        "valid_from": DATE,
        "valid_to": DATE,
        "dtstart": DATE,
        "freq": {"enum": ["WEEKLY", "MONTHLY"]},
        "interval": NUMBER,
        "byday": TEXT,
        "bymonthday": TEXT,
        "description": TEXT,
        "opens_at": TIME,
        "closes_at": TIME,
        "schedule_link": URI,
        "attending_type": TEXT,
        "notes": TEXT,
    },
)

PHONE = _object(["id", "number"], {"id": UUID, "contact_id": UUID, "number": TEXT})

CONTACT = _object(
    ["id"],
    {
        "id": UUID,
        "service_id": UUID,
        "name": TEXT,
        "title": TEXT,
        "phones": _array(PHONE),
        "attributes": _array(ATTRIBUTE),
    },
)

COST_OPTION = _object(
    ["id"],
    {
        "id": UUID,
        "service_id": UUID,
        "valid_from": DATE,
        "valid_to": DATE,
        "option": TEXT,
        "amount": NUMBER,
        "amount_description": TEXT,
    },
)

SERVICE_FIELDS: Schema = {
    "id": UUID,
    "organization_id": UUID,
    "name": TEXT,
    "description": TEXT,
    "url": URI,
    "email": EMAIL,
    "status": SERVICE_STATUS,
    "fees": TEXT,
    "accreditations": TEXT,
    "minimum_age": NUMBER,
    "maximum_age": NUMBER,
    "assured_date": DATE,
    "assurer_email": EMAIL,
    "alert": TEXT,
    "last_modified": {"type": "string", "format": "date-time"},
}

SERVICE_SUMMARY = _object(
    ["id", "name", "status", "organization"],
    {**SERVICE_FIELDS, "organization": ORGANIZATION_SUMMARY},
)

SERVICE_NESTED_ARRAYS = [
    "schedules",
    "service_areas",
    "languages",
    "funding",
    "cost_options",
    "contacts",
    "attributes",
]

# A service inside a service at a location: everything but its locations.
SERVICE_NESTED = _object(
    ["id", "name", "status", "organization", *SERVICE_NESTED_ARRAYS],
    {
        **SERVICE_FIELDS,
        "organization": ORGANIZATION,
        "schedules": _array(SCHEDULE),
        "service_areas": _array(_object(["id"], {"id": UUID})),
        "languages": _array(_object(["id"], {"id": UUID})),
        "funding": _array(_object(["id"], {"id": UUID, "source": TEXT})),
        "cost_options": _array(COST_OPTION),
        "contacts": _array(CONTACT),
        "attributes": _array(ATTRIBUTE),
    },
)

SERVICE_AT_LOCATION_FIELDS: Schema = {"id": UUID, "service_id": UUID, "location_id": UUID}

SERVICE = _object(
    [*SERVICE_NESTED["required"], "service_at_locations"],
    {
        **SERVICE_NESTED["properties"],
        "service_at_locations": _array(
            _object(["id", "location"], {**SERVICE_AT_LOCATION_FIELDS, "location": LOCATION})
        ),
    },
)

# In a list, a location's own fields only (compiled/service_at_location_list.json).
LOCATION_SUMMARY = _object(
    ["id", "location_type"],
    {
        key: value
        for key, value in LOCATION["properties"].items()
        if key not in {"addresses", "accessibility", "attributes"}
    },
)

SERVICE_AT_LOCATION_SUMMARY = _object(
    ["id", "service_id", "location_id", "location", "service"],
    {**SERVICE_AT_LOCATION_FIELDS, "location": LOCATION_SUMMARY, "service": SERVICE_SUMMARY},
)

# With the service's name and status, which compiled/service.json requires, since the
# profile's openapi.json names it for `/service_at_locations/{id}`.
SERVICE_AT_LOCATION = _object(
    ["id", "service_id", "location_id", "name", "status", "location", "service"],
    {
        **SERVICE_AT_LOCATION_FIELDS,
        "name": TEXT,
        "status": SERVICE_STATUS,
        "location": LOCATION,
        "service": SERVICE_NESTED,
    },
)

NOT_FOUND = {
    **_object(["detail"], {"detail": TEXT}),
    "additionalProperties": False,
}

BAD_PARAMETER = _object(["detail", "parameter"], {"detail": TEXT, "parameter": TEXT})


def errors_in(body: object, schema: Schema) -> list[str]:
    """Where `body` breaks `schema`, one line per problem (none if it conforms)."""
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    return sorted(
        f"{'/'.join(str(part) for part in error.absolute_path) or '(top)'}: {error.message}"
        for error in validator.iter_errors(body)
    )
