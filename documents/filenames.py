"""The name a document is downloaded under: what the person uploaded it as, made safe.

Stored files have generated names (documents.models.stored_name); this is only the name shown
and offered in Content-Disposition. Control and formatting characters (NUL, CR/LF, tabs,
right-to-left overrides) are removed, path separators become hyphens, and a long name is
shortened keeping its extension, so any name fits the database and reads plainly.
"""

import re
import unicodedata

FILENAME_MAX_CHARS = 100
_EXTENSION_MAX_CHARS = 10
_SPACES = re.compile(r"\s+")


def _readable(character: str) -> bool:
    # Cc: control characters (NUL, CR, LF, DEL...); Cf: invisible formatting (RTL override).
    return unicodedata.category(character) not in {"Cc", "Cf"}


def document_filename_safe(name: str) -> str:
    """`name` without control characters or path separators, at most FILENAME_MAX_CHARS
    long with its extension kept; "document" if nothing readable is left."""
    readable = "".join(c if _readable(c) else " " for c in unicodedata.normalize("NFC", name))
    readable = _SPACES.sub(" ", readable.replace("/", "-").replace("\\", "-")).strip(" .")
    if len(readable) > FILENAME_MAX_CHARS:
        stem, dot, extension = readable.rpartition(".")
        if dot and stem and len(extension) <= _EXTENSION_MAX_CHARS:
            keep = FILENAME_MAX_CHARS - len(extension) - 1
            readable = f"{stem[:keep].rstrip(' .')}.{extension}"
        else:
            readable = readable[:FILENAME_MAX_CHARS].rstrip(" .")
    return readable or "document"
