"""The error answers every API operation may give, added to the schema in one place.

Views document what is particular to them (a review step's 409, what its 403 means); this
hook adds the answers that follow from how every operation is served, unless the view has
described them already: 400 for a malformed request (any operation: a NUL in the address is
refused before any view runs), 401 and 403 wherever a person must be signed in, and 404
wherever the path names an object or the list has pages.
"""

from typing import Any

HTTP_METHODS = {"get", "put", "patch", "post", "delete", "head", "options", "trace"}

DETAIL = "ErrorDetail"
INVALID = "InvalidRequest"
SCHEMAS: dict[str, dict[str, Any]] = {
    DETAIL: {
        "type": "object",
        "description": "What went wrong, in words meant for the person.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    INVALID: {
        "type": "object",
        "description": "What was wrong with the request: `detail`, or each wrong parameter "
        "or field by name with its messages.",
        "additionalProperties": {},
    },
}


def _answer(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _needs_sign_in(operation: dict[str, Any]) -> bool:
    security: list[dict[str, Any]] = operation.get("security", [])
    return bool(security) and {} not in security


def _names_an_object_or_a_page(path: str, operation: dict[str, Any]) -> bool:
    parameters = operation.get("parameters", [])
    return "{" in path or any(p.get("name") == "page" for p in parameters)


def error_answers(path: str, operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    answers = {
        "400": _answer(
            "The request is malformed: a parameter or field is missing or wrong (the answer "
            "names it), or the address holds a NUL character.",
            INVALID,
        )
    }
    if _needs_sign_in(operation):
        answers["401"] = _answer("Not signed in: no token, or an unknown or expired one.", DETAIL)
        answers["403"] = _answer("Signed in, but not allowed to do this.", DETAIL)
    if _names_an_object_or_a_page(path, operation):
        answers["404"] = _answer("No such object, or not one you may see; or no such page.", DETAIL)
    return answers


def document_error_answers(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(SCHEMAS)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, answer in error_answers(path, operation).items():
                described = responses.get(status)
                if described is None:
                    responses[status] = answer
                elif "content" not in described:
                    described["content"] = answer["content"]
    return result
