"""Spelling tolerance for the Local Offer search: "speach therapy" finds speech therapy.

Each search word that no listed service uses is replaced by the closest word that one does
(the vocabulary is the words of listed services' names and descriptions, read by PostgreSQL's
`ts_stat` and kept for a few minutes: see `vocabulary`). Where the pg_trgm extension is
installed (migration 0005 installs it when the server offers it), PostgreSQL picks a few
candidates by trigram similarity; without it (the embedded PostgreSQL of `make run` has
none) every word of the vocabulary is a candidate. In both cases the closest candidate is
chosen by `difflib`, which prefers "speech" to "speak" for "speach", where trigrams alone
score them alike.
"""

import difflib
import hashlib
import re
from functools import cache, partial

from django.core.cache import cache as shared_cache
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
_WORDS = f"SELECT word FROM {_VOCABULARY}"  # noqa: S608
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


# Reading the vocabulary tokenises every listed service's name and description: 70 ms at
# 2,000 services (bench/localoffer_search.py), on every search that found nothing, and as
# much again to find the candidates for each word it does not know. So the vocabulary, and
# the correction of each word it lacks, are kept this long, shared by every worker. A
# service listed or changed meanwhile is found by the search at once; only its new words
# may be offered as corrections, or corrected, for up to this long.
KEPT_SECONDS = 300
VOCABULARY_KEY = "localoffer:vocabulary:v1"


def vocabulary() -> frozenset[str]:
    """Every word of the listed services' names and descriptions, lower case."""
    words = shared_cache.get_or_set(VOCABULARY_KEY, _vocabulary_read, KEPT_SECONDS)
    return words if isinstance(words, frozenset) else _vocabulary_read()


def _vocabulary_read() -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute(_WORDS)
        return frozenset(row[0] for row in cursor.fetchall())


def _candidates(word: str) -> list[str]:
    with connection.cursor() as cursor:
        if trigram_available():
            cursor.execute(_BY_TRIGRAM, [word, TRIGRAM_THRESHOLD, word, TRIGRAM_CANDIDATES])
        else:
            cursor.execute(_BY_LENGTH, [len(word) - 2, len(word) + 2])
        return [row[0] for row in cursor.fetchall()]


def _correction_key(word: str) -> str:
    # Hashed: a searched word can be any length, and any letters.
    return f"localoffer:correction:v1:{hashlib.sha256(word.encode()).hexdigest()}"


def _correction(word: str) -> str:
    """The closest word of the vocabulary to `word`, or "" if none is close enough."""
    closest = difflib.get_close_matches(word, _candidates(word), n=1, cutoff=CLOSEST_RATIO)
    return closest[0] if closest else ""


def corrected_words(words: str) -> dict[str, str]:
    """The search's misspelt words, each with the word the Local Offer uses instead; empty when
    every word is known (or too short to correct)."""
    found = [w.lower() for w in WORD.findall(words) if len(w) >= SHORTEST_CORRECTED]
    if not found:
        return {}
    known = vocabulary()
    corrections = {}
    for word in dict.fromkeys(found):
        if word in known:
            continue
        correction = shared_cache.get_or_set(
            _correction_key(word), partial(_correction, word), KEPT_SECONDS
        )
        if isinstance(correction, str) and correction:
            corrections[word] = correction
    return corrections
