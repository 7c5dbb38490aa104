"""Spelling tolerance for the Local Offer search: "speach therapy" finds speech therapy.

Each search word that no listed service uses is replaced by the closest word that one does
(the vocabulary is the words of listed services' names and descriptions, read by PostgreSQL's
`ts_stat`). Where the pg_trgm extension is installed (migration 0005 installs it when the
server offers it), PostgreSQL picks a few candidates by trigram similarity; without it (the
embedded PostgreSQL of `make run` has none) every word of the vocabulary is a candidate. In
both cases the closest candidate is chosen by `difflib`, which prefers "speech" to "speak"
for "speach", where trigrams alone score them alike.
"""

import difflib
import re
from functools import cache

from django.db import connection

from localoffer.models import ServiceStatus

# Words shorter than this are too short to correct without guessing.
SHORTEST_CORRECTED = 4
CLOSEST_RATIO = 0.75
TRIGRAM_CANDIDATES = 8
TRIGRAM_THRESHOLD = 0.25
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# The documents whose words make the vocabulary: listed services (selectors.service_listed).
_LISTED = ", ".join(
    f"''{status.value}''" for status in (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
)
_DOCUMENTS = "SELECT to_tsvector(''simple'', name || '' '' || description) FROM localoffer_service"
_VOCABULARY = f"ts_stat('{_DOCUMENTS} WHERE status IN ({_LISTED})')"
# The SQL below is built from constants; every value from a search is a parameter.
_KNOWN = f"SELECT word FROM {_VOCABULARY} WHERE word = ANY(%s)"  # noqa: S608
_BY_TRIGRAM = (
    f"SELECT word FROM {_VOCABULARY} WHERE similarity(word, %s) >= %s "  # noqa: S608
    "ORDER BY similarity(word, %s) DESC, ndoc DESC LIMIT %s"
)
_BY_LENGTH = f"SELECT word FROM {_VOCABULARY} WHERE length(word) BETWEEN %s AND %s"  # noqa: S608


@cache
def trigram_available() -> bool:
    """Whether pg_trgm is installed in this database (asked once per process)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
        row = cursor.fetchone()
    return bool(row and row[0])


def _known(words: list[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(_KNOWN, [words])
        return {row[0] for row in cursor.fetchall()}


def _candidates(word: str) -> list[str]:
    with connection.cursor() as cursor:
        if trigram_available():
            cursor.execute(_BY_TRIGRAM, [word, TRIGRAM_THRESHOLD, word, TRIGRAM_CANDIDATES])
        else:
            cursor.execute(_BY_LENGTH, [len(word) - 2, len(word) + 2])
        return [row[0] for row in cursor.fetchall()]


def corrected_words(words: str) -> dict[str, str]:
    """The search's misspelt words, each with the word the Local Offer uses instead; empty when
    every word is known (or too short to correct)."""
    found = [w.lower() for w in WORD.findall(words) if len(w) >= SHORTEST_CORRECTED]
    if not found:
        return {}
    unknown = [w for w in dict.fromkeys(found) if w not in _known(found)]
    corrections = {}
    for word in unknown:
        closest = difflib.get_close_matches(word, _candidates(word), n=1, cutoff=CLOSEST_RATIO)
        if closest:
            corrections[word] = closest[0]
    return corrections
