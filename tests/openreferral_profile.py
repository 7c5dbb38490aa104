"""The Open Referral UK profile's own schemas, as the validators read them.

tests/data/openreferral_profile/ holds copies of the profile's openapi.json, its
compiled/service*.json and its taxonomy*.json (OpenReferralUK/uk-profile at commit
ecdfabf78944d480d7f580d08b702b08cbec4b09, CC BY-SA 4.0, see LICENSE there), so that the tests
run on a fresh clone. `response_schema(path)` is the schema openapi.json names for a
response of that path, with its references read from those copies; `additional_fields` finds
the fields a response sends that the schema does not define, as the validator's
additional-fields report does.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.openreferral_schemas import Schema, errors_in

PROFILE = Path(__file__).parent / "data" / "openreferral_profile"
REMOTE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PAGE = "#/components/schemas/Page"


@cache
def _file(relative: str) -> Schema:
    loaded: Schema = json.loads((PROFILE / relative).read_text(encoding="utf-8"))
    return loaded


@cache
def schema_file(relative: str) -> Schema:
    """One of the profile's schema files, such as `compiled/service.json`, with the files it
    refers to read in."""
    folder = relative.rpartition("/")[0]
    resolved: Schema = _resolved(_file(relative), folder)
    return resolved


def _resolved(node: Any, folder: str = "") -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REMOTE):
            return schema_file(ref.removeprefix(REMOTE))
        if ref == PAGE:
            return _file("openapi.json")["components"]["schemas"]["Page"]
        if isinstance(ref, str) and not ref.startswith("#"):
            return schema_file(f"{folder}/{ref}" if folder else ref)
        return {key: _resolved(value, folder) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolved(value, folder) for value in node]
    return node


def response_schema(path: str) -> Schema:
    """The schema of a 200 response to GET `path` (as openapi.json writes it, such as
    `/services/{id}`). A list's `Page` envelope is merged into one object, so that its
    fields are known when looking for additional ones."""
    operation = _file("openapi.json")["paths"][path]["get"]
    schema = _resolved(operation["responses"]["200"]["content"]["application/json"]["schema"])
    for part in schema.pop("allOf", []):
        schema = {**part, **schema, "properties": {**part["properties"], **schema["properties"]}}
    return dict(schema)


def paths() -> list[str]:
    """Every path openapi.json lists."""
    return list(_file("openapi.json")["paths"])


def additional_fields(body: Any, schema: Schema, at: str = "") -> set[str]:
    """Fields in `body` that `schema` does not define, as dotted paths without indexes
    (`contacts.phones`), looking into what it does define."""
    found: set[str] = set()
    if isinstance(body, dict) and "properties" in schema:
        for name, value in body.items():
            path = f"{at}.{name}" if at else name
            if name in schema["properties"]:
                found |= additional_fields(value, schema["properties"][name], path)
            else:
                found.add(path)
    elif isinstance(body, list) and isinstance(schema.get("items"), dict):
        for value in body:
            found |= additional_fields(value, schema["items"], at)
    return found


def problems(body: Any, path: str) -> list[str]:
    """Where `body` breaks the schema openapi.json names for `path`."""
    return errors_in(body, response_schema(path))
