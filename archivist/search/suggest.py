"""'Did you mean': for a search that finds nothing, the names of people, organizations and places
close to a word of it ("Krushchev" -> Nikita Khrushchev), with their published documents.

Only records visibly linked to a published document are offered (a name only a draft carries must not
show). Their names come from the browse tables (web.models.AuthorityCount), read once per process and
again when those tables change; the few offered are checked and counted again in the database, so a
record unpublished since the tables were brought up to date is never offered.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from archivist.search.query import ParsedQuery
from archivist.search.schema import searchable

KINDS = ("person", "organization", "place")
FIELDS = (None, "person", "place")  # clauses of these fields are compared with the names
LIMIT = 5
CUTOFF = 85  # rapidfuzz ratio (0-100) of a query word to a word of a name: one or two letters off
SHORTEST = 4  # letters: shorter words are close to too many names
MOST_WORDS = 8  # of the query, compared: a pasted paragraph costs no more than a short query
LONGEST_WORD = 40  # letters: longer ones are no name

_NOT_ASCII_ALNUM = re.compile("[^0-9a-z]")
_reading = threading.Lock()
_latest: dict = {}


@dataclass
class Suggestion:
    name: str
    count: int  # published documents visibly linked to the record
    q: str  # the query that searches for the name

    def as_json(self) -> dict:
        return {"name": self.name, "count": self.count, "q": self.q}


def word_key(word: str) -> str:
    """A word as compared: lowercase, without accents or punctuation ("Khrushchëv" -> "khrushchev")."""
    if word.isascii():
        return _NOT_ASCII_ALNUM.sub("", word.lower())
    folded = unicodedata.normalize("NFKD", searchable(word).casefold())
    return "".join(c for c in folded if c.isalnum())


def did_you_mean(parsed: ParsedQuery) -> list[Suggestion]:
    """Up to LIMIT public names close to a misspelt word of the query, closest and busiest first.

    A word that is itself a word of a known name is spelt right and is not looked up.
    """
    words = _query_words(parsed)
    if not words:
        return []
    table = _table()
    scores: dict[int, float] = {}
    for word in words:
        if word in table["words"]:
            continue
        for _, score, index in process.extract(word, table["choices"], scorer=fuzz.ratio,
                                               score_cutoff=CUTOFF, limit=50):
            for authority in table["owners"][index]:
                scores[authority] = max(scores.get(authority, 0), score)
    if not scores:
        return []
    records = table["records"]
    ranked = sorted(scores, key=lambda a: (-scores[a], -records[a][1], records[a][0]))[:2 * LIMIT]
    counts = _published_counts(ranked)
    return [Suggestion(records[a][0], counts[a], _name_query(records[a][0]))
            for a in ranked if counts.get(a)][:LIMIT]


def _query_words(parsed: ParsedQuery) -> list[str]:
    words = []
    for group in parsed.groups:
        for clause in group:
            if clause.negated or clause.prefix or clause.field not in FIELDS:
                continue
            keys = map(word_key, clause.text.split())
            words += [key for key in keys if SHORTEST <= len(key) <= LONGEST_WORD]
    return list(dict.fromkeys(words))[:MOST_WORDS]


def _name_query(name: str) -> str:
    name = name.replace('"', " ").strip()
    return f'"{name}"' if len(name.split()) > 1 else name


def _table() -> dict:
    """The public records' names, as words: read again when the browse tables have changed."""
    from archivist.search.schema import index_dir
    from archivist.web.models import CountState

    state = CountState.objects.filter(pk=1).values_list("change_id", "refreshed").first()
    stamp = (index_dir(), state)  # each test has its own archive, whose ids may repeat another's
    with _reading:
        if _latest.get("stamp") != stamp:
            _latest.update(stamp=stamp, table=_read_table())
        return _latest["table"]


def _read_table() -> dict:
    """{"records": {authority id: (display name, documents)}, "choices": [name word],
    "owners": [authority ids of each choice], "words": the set of choices}."""
    from archivist.records.models import VariantName
    from archivist.web.models import AuthorityCount

    counted = AuthorityCount.objects.filter(documents__gt=0, authority__kind__in=KINDS)
    records, owners = {}, {}
    rows = counted.values_list("authority_id", "authority__display_name", "authority__sort_name", "documents")
    for pk, display_name, sort_name, documents in rows.iterator(10_000):
        records[pk] = (display_name, documents)
        _add_words(owners, f"{display_name} {sort_name}", pk)
    variants = VariantName.objects.filter(authority__in=counted.values("authority_id"))
    for pk, name in variants.values_list("authority_id", "name").iterator(10_000):
        _add_words(owners, name, pk)
    choices = list(owners)
    return {"records": records, "choices": choices, "owners": [owners[c] for c in choices],
            "words": set(choices)}


def _add_words(owners: dict[str, set[int]], name: str, pk: int) -> None:
    for key in {word_key(word) for word in set(name.split())}:
        if len(key) >= SHORTEST:
            owners.setdefault(key, set()).add(pk)


def _published_counts(authority_ids: list[int]) -> dict[int, int]:
    """Published documents visibly linked to each record, read now (the browse tables may be behind)."""
    from django.db.models import Count

    from archivist.records.models import Document, Link

    rows = (Link.objects.filter(authority_id__in=authority_ids, status__in=Link.VISIBLE,
                                document__status=Document.Status.PUBLISHED)
            .values("authority_id").annotate(n=Count("document_id", distinct=True)).order_by())
    return {row["authority_id"]: row["n"] for row in rows}
