"""Name variants at query time: a name typed in the query also finds the other names its authority
record lists, in documents that use them without being linked to the record ("Zhou Enlai" finds a
text that says "Chou En-lai"), and its other spellings by rule and by the curated table even where no
record names it (search.spellings: "Beijing" finds "Peking"). Linked documents are found anyway,
through their indexed names.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from archivist.search import spellings
from archivist.search.query import Clause, ParsedQuery, analyze
from archivist.search.schema import MATCH_FIELD, READING_FIELD, searchable

LONGEST_NAME = 4  # words; longer runs of the query are not looked up
EXPANDED_FIELDS = (None, "person", "place")  # field prefixes whose names are expanded

# The process's latest table of names, kept across index commits that changed none of it.
_reading = threading.Lock()
_latest: dict = {}


def expand(parsed: ParsedQuery, cache: dict, position: int, searcher=None) -> ParsedQuery:
    """The query with each name replaced by "any of its names": those of its authority record, and
    other spellings by the table and rules of search.spellings (Beijing: also Peking), with, for a name
    in pinyin or Wade-Giles, its syllables in the index's reading of Chinese characters.

    `cache` is the index commit's cache, `position` the commit's outbox position: the commit keeps the
    table it first gets from current_table (renaming a record reindexes its documents, which makes a
    new commit). With a `searcher`, spellings and readings no indexed document holds are left out.
    """
    spans = _candidate_spans(parsed.groups)
    if not spans:
        return parsed
    if "names" not in cache:
        cache["names"] = current_table(position)
    known = cache["names"]
    groups, taken, added, spelt = list(parsed.groups), set(), [], []
    for start, end, text, field_name in sorted(spans, key=lambda s: s[0] - s[1]):  # longest first
        if taken & set(range(start, end)):
            continue
        others, rules, read = _alternatives(text, field_name, known, searcher)
        if not (others or rules or read):
            continue
        taken |= set(range(start, end))
        groups[start] = ([Clause(text, field_name, phrase=True)]
                         + [Clause(n, field_name, phrase=True) for n in others + rules]
                         + [Clause(r, READING_FIELD, phrase=True) for r in read])
        for index in range(start + 1, end):
            groups[index] = None
        if others:
            added.append(f"{text}: also {', '.join(others)}")
        if rules or read:
            also = rules + [f"{r} also with ь or ъ" if spellings.is_cyrillic_word(r)
                            else f"Chinese characters read {r}" for r in read]
            spelt.append(f"{text}: also {', '.join(also)}")
    if not (added or spelt):
        return parsed
    notices = parsed.notices + ([f"Variant names searched too ({'; '.join(added)})."] if added else []) + (
        [f"Other spellings searched too ({'; '.join(spelt)})."] if spelt else [])
    return replace(parsed, groups=[g for g in groups if g is not None], notices=notices)


def _alternatives(text: str, field_name: str | None, known: dict[str, list[str]],
                  searcher) -> tuple[list[str], list[str], list[str]]:
    """What a run of the query may also be: the other names of its authority record, its other
    spellings by search.spellings that some document holds, and what to search in the reading field
    (pinyin syllables, Cyrillic without soft signs). Nothing for words that are not a name."""
    others = [n for n in known.get(name_key(text), []) if name_key(n) != name_key(text)]
    spelt = spellings.other_spellings(text, held=lambda name: _held(searcher, field_name, name))
    if not (others or spelt):
        return [], [], []
    seen, rules = {name_key(text), *map(name_key, others)}, []
    for name in spelt:  # the first of the spellings the index reads as one
        if name_key(name) not in seen and _held(searcher, field_name, name):
            seen.add(name_key(name))
            rules.append(name)
    if field_name is not None:  # the reading field has no person: or place: part
        return others, rules, []
    read = spellings.readings([text, *others, *spelt]) + [n for n in spelt if spellings.is_cyrillic_word(n)]
    return others, rules, [r for r in read if _held(searcher, READING_FIELD, r)]


def _held(searcher, field_name: str | None, text: str) -> bool:
    """Whether every word of `text` is in the index's field (no searcher: taken as held). A spelling
    made by rule that no document holds would only lengthen the query and its notice."""
    if searcher is None:
        return True
    name = field_name or MATCH_FIELD
    return all(searcher.doc_freq(name, token) for token in analyze(text))


def _candidate_spans(groups: list[list[Clause]]) -> list[tuple[int, int, str, str | None]]:
    """(first group, end group, text, field) of each run of one to LONGEST_NAME words or phrases."""
    def plain(group: list[Clause]) -> bool:
        return len(group) == 1 and not group[0].negated and not group[0].prefix

    spans = []
    for start, group in enumerate(groups):
        if not plain(group) or group[0].field not in EXPANDED_FIELDS:
            continue
        words = []
        for end in range(start, min(len(groups), start + LONGEST_NAME)):
            if not plain(groups[end]) or groups[end][0].field != group[0].field:
                break
            words.append(groups[end][0].text)
            spans.append((start, end + 1, " ".join(words), group[0].field))
    return spans


def name_key(name: str) -> str:
    """A name as looked up: "Хрущёв", "ХРУЩЕВ" and "хрущев" are one."""
    return " ".join(searchable(name).casefold().split())


def current_table(position: int) -> dict[str, list[str]]:
    """The table of names, read again only when the database may hold another (see _stamp).

    `position` is the index's outbox position, below which every outbox row has committed. One thread
    reads the table at a time: the others wait for its table rather than read the same rows beside it
    (a table kept from before could name a record no longer public).
    """
    from archivist.search.schema import index_dir

    with _reading:
        archive = index_dir()  # each test has its own archive, whose ids may repeat another's
        if _latest.get("archive") != archive or _stamp(_latest["since"]) != _latest["stamp"]:
            stamp = _stamp(position)  # before the table: a change committed while it is read makes another
            _latest.update(archive=archive, since=position, stamp=stamp, table=name_table())
        return _latest["table"]


def _stamp(since: int) -> tuple:
    """What changes whenever the table of names may: any outbox row committing after `since` (every
    change to a document, its status or its links writes one, and so does renaming or re-varianting a
    record that documents link to), and any authority record or variant name added or deleted.

    Rows at or below the index's position have all committed (the indexer moves it only that far), so
    counting the rows after it also sees one that PostgreSQL commits below the last id. Not seen: a
    record linked to no document renamed in place; its names (public ones) change at the next stamp.
    """
    from django.db.models import Count, Max

    from archivist.records.models import Authority, Change, VariantName

    def rows(queryset) -> tuple:
        return tuple(queryset.aggregate(rows=Count("id"), last=Max("id")).values())

    return (rows(Change.objects.filter(id__gt=since)), rows(Authority.objects.all()),
            rows(VariantName.objects.all()))


def name_table() -> dict[str, list[str]]:
    """Every name of the authority records (as name_key) -> all names of the records it names.

    Left out: records linked to documents but visibly to no published one, whose names would show in
    the notice of a search that names them. A record linked to nothing (from an authority file) stays:
    its names find the documents that use them.
    """
    from django.db.models import Exists, OuterRef

    from archivist.records.models import Authority, Document, Link, VariantName

    variants: dict[int, list[str]] = {}
    for authority_id, name in VariantName.objects.values_list("authority_id", "name").iterator(10_000):
        variants.setdefault(authority_id, []).append(name)
    table: dict[str, list[str]] = {}
    links = Link.objects.filter(authority=OuterRef("pk"))
    public = Exists(links.filter(status__in=Link.VISIBLE, document__status=Document.Status.PUBLISHED))
    # A record without variants has nothing to add: only those with some are looked at further.
    with_variants = Exists(VariantName.objects.filter(authority=OuterRef("pk")))
    rows = (Authority.objects.filter(with_variants).filter(public | ~Exists(links))
            .values_list("pk", "display_name", "sort_name").iterator(10_000))
    for pk, display_name, sort_name in rows:
        if pk not in variants:
            continue  # its variants came after they were read
        names = [display_name, *variants[pk]]
        for name in {name_key(display_name), name_key(sort_name), *map(name_key, variants[pk])}:
            known = table.setdefault(name, [])
            known += [n for n in names if n not in known]
    return table
