"""The `<plan_ref:...>` part of an address: any stored plan reference, one path segment.

A plan reference made today holds no "/" (casework.models.plan_ref_validator), but older
records may hold any character, and one "XSS/0003" must not break every page that links
to it. So the reference is percent-encoded whole into its segment: "/" and "%" cannot
split or shadow the address, and references of letters, digits, "-", "_" and "." (every
valid one) read exactly as they are. Reversing then encodes the "%" once more, because a
server decodes an address once before matching it; decoding here undoes the rest.
"""

from urllib.parse import quote, unquote

from django.urls import register_converter


class PlanRefConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return unquote(value)

    def to_url(self, value: str) -> str:
        if value in {".", ".."}:  # a browser would read these segments as a directory
            return value.replace(".", "%2E")
        return quote(value, safe="")


register_converter(PlanRefConverter, "plan_ref")
