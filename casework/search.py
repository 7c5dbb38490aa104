"""Finding a case: by plan reference or UPN exactly, or by the child's name, forgiving spelling.

A reference or UPN is matched whole, ignoring case and spaces, through its index
(`plan_ref_upper`, `child_upn_upper`). A name is matched with PostgreSQL's pg_trgm through the
trigram index that migration 0011 makes where the extension is available; without it (the
embedded PostgreSQL of `make run`) the search falls back to the beginnings of the child's
names (`child_surname_prefix`, `child_forename_prefix`). Every search is limited by
`casework.selectors.plan_list_for_user`, so it never finds a plan the person may not see.
See docs/decisions/0013-case-search-by-trigrams.md.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Func, Q, QuerySet, TextField
from django.db.models.functions import Greatest, Lower, Upper

from accounts.models import User
from casework.models import Plan
from casework.selectors import plan_list_for_user

RESULTS_LIMIT = 50
QUERY_MAX_LENGTH = 100
# How alike a typed name and a child's name must be (pg_trgm's 0 to 1). "Jonh Smiht" and
# "John Smith" score 0.29 against PostgreSQL's default threshold of 0.3; "Jane Smith" 0.22.
NAME_SIMILARITY = 0.25
# How alike a typed name must be to some run of words in the child's name: "Smiht" finds
# "John Smith" (0.5), which is how people search a surname alone.
NAME_WORD_SIMILARITY = 0.5
PREFIX_WORDS = 3


class ChildName(Func):
    """The child's full name in lower case: the very expression the trigram index holds
    (casework migration 0011), so that PostgreSQL can use the index for it."""

    template = "lower(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()


@dataclass(frozen=True)
class CaseSearch:
    """What a search found, and how: `spelling_tolerant` is False when names could only be
    matched by their beginnings."""

    query: str
    plans: list[Plan]
    spelling_tolerant: bool
    matched_reference: bool


def normalised_reference(text: str) -> str:
    """A plan reference or UPN as typed, without case or spaces."""
    return re.sub(r"\s+", "", text).upper()


def normalised_name(text: str) -> str:
    return " ".join(text.lower().split())


@lru_cache(maxsize=8)
def _trigrams_installed(database: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def trigrams_available() -> bool:
    """Whether this database has pg_trgm, so names are matched forgiving spelling."""
    return _trigrams_installed(str(connection.settings_dict["NAME"]))


def _by_reference(plans: QuerySet[Plan], reference: str) -> list[Plan]:
    if not reference:
        return []
    by_ref: list[Plan] = list(plans.alias(ref=Upper("plan_ref")).filter(ref=reference))
    if by_ref:
        return by_ref
    return list(plans.alias(upn=Upper("child__upn")).filter(upn=reference).order_by("plan_ref"))


def _by_similar_name(plans: QuerySet[Plan], name: str) -> list[Plan]:
    full_name = ChildName("child__forename", "child__surname")
    found = (
        plans.alias(full_name=full_name)
        .filter(Q(full_name__trigram_similar=name) | Q(full_name__trigram_word_similar=name))
        .annotate(
            closeness=Greatest(
                TrigramSimilarity(full_name, name), TrigramWordSimilarity(name, full_name)
            )
        )
        .order_by("-closeness", "child__surname", "child__forename", "plan_ref")
    )
    # The operators read their thresholds from settings local to this transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true), "
            "set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(NAME_SIMILARITY), str(NAME_WORD_SIMILARITY)],
        )
        return list(found[:RESULTS_LIMIT])


def _by_name_beginnings(plans: QuerySet[Plan], name: str) -> list[Plan]:
    found = plans.alias(surname=Lower("child__surname"), forename=Lower("child__forename"))
    for word in name.split()[:PREFIX_WORDS]:
        found = found.filter(Q(surname__startswith=word) | Q(forename__startswith=word))
    return list(found.order_by("child__surname", "child__forename", "plan_ref")[:RESULTS_LIMIT])


def plan_search_for_user(user: User, query: str) -> CaseSearch:
    """The plans the person may see whose reference, UPN or child's name matches `query`."""
    query = query.strip()[:QUERY_MAX_LENGTH]
    plans = plan_list_for_user(user)
    tolerant = trigrams_available()
    found = _by_reference(plans, normalised_reference(query))
    if found:
        return CaseSearch(query, found, spelling_tolerant=tolerant, matched_reference=True)
    name = normalised_name(query)
    if not any(character.isalpha() for character in name):
        return CaseSearch(query, [], spelling_tolerant=tolerant, matched_reference=False)
    found = _by_similar_name(plans, name) if tolerant else _by_name_beginnings(plans, name)
    return CaseSearch(query, found, spelling_tolerant=tolerant, matched_reference=False)
