"""Walk every URL pattern of a URLconf and describe each view's access rule."""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from rest_framework.views import APIView

SAMPLE_VALUES = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "path": "sample",
    "uuid": str(uuid.UUID(int=1)),
}


@dataclass(frozen=True)
class Endpoint:
    path: str
    name: str
    view: Any

    @property
    def is_api(self) -> bool:
        cls = getattr(self.view, "cls", None)
        return isinstance(cls, type) and issubclass(cls, APIView)

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def marked_public(self) -> bool:
        return getattr(self.view, "login_required", True) is False

    @property
    def allowed_roles(self) -> frozenset[str] | None:
        return getattr(self.view, "allowed_roles", None)


def _sample_route(route: str) -> str:
    def value(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return SAMPLE_VALUES.get(converter.rstrip(":"), "sample")

    return re.sub(r"<(?:(\w+):)?\w+>", value, route)


def _sample_regex(regex: str) -> str:
    """Turn a simple regex route (as the admin uses) into a matching sample path."""
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")

    def group(match: re.Match[str]) -> str:
        body = match.group(1)
        if re.fullmatch(r"[\w|]+", body):
            return body.split("|")[0]
        return "1"

    text = re.sub(r"\(\?P<\w+>((?:[^()]|\([^()]*\))*)\)", group, text)
    text = re.sub(r"\(\?:[^)]*\)\??", "", text)
    return text.replace("\\", "")


def _sample(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return _sample_route(str(pattern))
    if isinstance(pattern, RegexPattern):
        return _sample_regex(pattern.regex.pattern)
    raise TypeError(f"unknown pattern type {pattern!r}")


def endpoints(urlconf: str | None = None) -> Iterator[Endpoint]:
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Endpoint]:
        for entry in patterns:
            path = prefix + _sample(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, path, ns)
            elif isinstance(entry, URLPattern):
                yield Endpoint(
                    "/" + path, f"{namespace}{entry.name or entry.lookup_str}", entry.callback
                )

    yield from walk(get_resolver(urlconf).url_patterns, "", "")
