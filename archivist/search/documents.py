"""What the index holds for one document: built from the database, or from any source of records.

The indexer and the benchmark both go through `IndexedDocument.to_index`, so an index built straight
from generated records is the same index the outbox keeps.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import tantivy

from archivist.search import pairs
from archivist.search.pages import stored as stored_pages
from archivist.search.schema import (
    MATCH_FIELD,
    POSITION_ID,
    READING_FIELD,
    STORED_PAGES,
    facet_number,
    reading,
    searchable,
    stored_field,
)

# Authority kinds behind each name field of the query language and each facet.
KIND_FIELD = {"person": "person", "organization": "person", "place": "place", "topic": "topic",
              "subject": "subject", "archive": "archive"}
KIND_FACET = {"person": "people", "organization": "people", "place": "places", "topic": "topics",
              "subject": "subjects", "archive": "archives"}
# The kinds of record whose names a document matches by, as by its own words: those chosen for it.
# Topics and archives are collections that file many documents under one heading (a FRUS chapter's
# long title is the topic of each of its documents), whose words would match all of them: they narrow
# a search only through their own fields (topic:, archive:) and the facets.
OWN_NAME_KINDS = frozenset({"person", "organization", "place", "subject"})


@dataclass
class LinkedName:
    """An authority a document is linked to, with every name it is known by."""

    kind: str
    key: str
    names: list[str]

    @cached_property  # asked for by every document linked to it, several times each
    def facet_value(self) -> str:
        return f"{self.kind}/{self.key}"


@dataclass
class IndexedDocument:
    record_id: str
    title: str
    summary: str = ""
    body: str = ""
    notes: str = ""  # searched as the body is; kept apart so that a snippet shows the body first
    date_display: str = ""
    earliest: dt.date | None = None
    languages: list[str] = field(default_factory=list)
    linked: list[LinkedName] = field(default_factory=list)
    # (number, text) of each scanned page with text: matched as the body is, one value a page, so that a
    # phrase never spans two pages; stored by page for search.pages.
    pages: list[tuple[int, str]] = field(default_factory=list)
    mentioned: list[dt.date] = field(default_factory=list)  # days its texts mention (schema.py)
    # Facet values ("person/KEY") of its authors and recipients: who wrote to whom, for the network.
    authors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)

    def to_index(self) -> tantivy.Document:
        doc = tantivy.Document(record_id=self.record_id, date_display=self.date_display)
        for name, text in (("title", self.title), ("summary", self.summary), ("body", self.body),
                           ("notes", self.notes)):
            doc.add_bytes(stored_field(name), text.encode())
            indexed = searchable(text)
            doc.add_text("body" if name == "notes" else name, indexed)
            _add_matched(doc, indexed)
            _add_reading(doc, text)
        if self.pages:
            doc.add_bytes(STORED_PAGES, _add_pages(doc, self.pages))
        for name in self.languages:
            doc.add_text("language", name)
            _add_facet(doc, "languages", name)
        for linked in self.linked:
            own = linked.kind in OWN_NAME_KINDS
            for name in linked.names:  # one value each: a phrase never spans two names
                indexed, runs, pinyin = _name_forms(name)
                doc.add_text(KIND_FIELD[linked.kind], indexed)
                if own:
                    doc.add_text("names", indexed)
                    _add_matched(doc, indexed, runs)
                    if pinyin:
                        doc.add_text(READING_FIELD, pinyin)
            _add_facet(doc, KIND_FACET[linked.kind], linked.facet_value)
        if self.earliest is not None:
            year = self.earliest.year
            doc.add_integer("date", self.earliest.toordinal())
            doc.add_integer("year_number", year)
            _add_facet(doc, "year", str(year))
            doc.add_text("f_decade", str(year - year % 10))
        for day in sorted(set(self.mentioned)):
            doc.add_integer("mentioned", day.toordinal())
        for name, values in (("f_author", self.authors), ("f_recipient", self.recipients)):
            for value in dict.fromkeys(values):
                doc.add_text(name, value)
        return doc


def _add_pages(doc: tantivy.Document, pages: list[tuple[int, str]]) -> bytes:
    """Each page's text matched as the body is, one value a page; returns what is stored of them."""
    read = []
    for number, text in pages:
        indexed, pinyin = searchable(text), reading(text)
        doc.add_text("body", indexed)
        _add_matched(doc, indexed)
        if pinyin:
            doc.add_text(READING_FIELD, pinyin)
        read.append((number, text, indexed, pinyin))
    return stored_pages(read)


@lru_cache(maxsize=1 << 16)
def _name_forms(name: str) -> tuple[str, tuple[str, ...], str]:
    """A linked name as the index reads it (`searchable`), the pairs of its runs of frequent words and
    its `reading`: worked out once for a name that thousands of documents link to (a tenth of the
    CPU of `to_index` when each document worked out its names anew)."""
    indexed = searchable(name)
    return indexed, tuple(pairs.runs(indexed)), reading(name)


def _add_matched(doc: tantivy.Document, indexed: str, runs: tuple[str, ...] | None = None) -> None:
    """A text (`searchable`) the document matches by, and the pairs of its runs of frequent words (the
    runs given when known already: _name_forms)."""
    doc.add_text(MATCH_FIELD, indexed)
    for run in pairs.runs(indexed) if runs is None else runs:
        doc.add_text(pairs.PAIRS_FIELD, run)


def _add_reading(doc: tantivy.Document, text: str) -> None:
    """The pinyin of the text's Chinese characters, if it has any (schema.reading)."""
    pinyin = reading(text)
    if pinyin:
        doc.add_text(READING_FIELD, pinyin)


def _add_facet(doc: tantivy.Document, facet: str, value: str) -> None:
    doc.add_text(f"f_{facet}", value)
    doc.add_unsigned(f"n_{facet}", facet_number(value))


def position_document(change_id: int) -> tantivy.Document:
    return tantivy.Document(record_id=POSITION_ID, position=change_id)


# The columns of records.Document an index entry takes, as _indexed reads them.
_COLUMNS = ("id", "record_id", "title", "summary", "date_display", "date_earliest", "original_language")


def indexed_documents(documents) -> list[IndexedDocument]:
    """The indexed form of the published documents in a records.Document queryset, in a handful of
    flat queries per batch (model instances and prefetching cost more than the indexing itself)."""
    from archivist.records.models import Document

    return _indexed(list(documents.filter(status=Document.Status.PUBLISHED).values_list(*_COLUMNS)))


def indexed_records(record_ids: list[str]) -> list[IndexedDocument]:
    """The indexed form of those of the records `record_ids` that are published documents, in the
    model's order, read in plain SQL as their parts are (the ORM prepares each of a sync's 2,000
    record ids anew: a sixth of the CPU of reading them)."""
    from archivist.records.models import Document

    if not record_ids:
        return []
    rows = _rows(f"SELECT {', '.join(_COLUMNS)} FROM {Document._meta.db_table} "
                 f"WHERE status = '{Document.Status.PUBLISHED}' AND record_id IN ({{ids}}) "
                 "ORDER BY date_earliest, record_id", record_ids)
    return _indexed([(*row[:5], None if row[5] is None else _day(row[5]), row[6]) for row in rows])


def _indexed(rows: list[tuple]) -> list[IndexedDocument]:
    """Documents' index entries from their _COLUMNS and their parts in other tables."""
    from archivist.records.models import Link

    parts = _parts([row[0] for row in rows])
    return [IndexedDocument(
        record_id=record_id, title=title, summary=summary,
        body="\n\n".join(body for _, body in parts.texts[pk]), notes="\n\n".join(parts.notes[pk]),
        date_display=date_display,
        earliest=earliest, languages=_languages(original_language, parts.texts[pk]),
        linked=list({parts.authorities[a].facet_value: parts.authorities[a]
                     for a in parts.linked[pk]}.values()),
        mentioned=parts.mentioned[pk],
        authors=[parts.authorities[a].facet_value for a in parts.in_role[pk, Link.Role.AUTHOR]],
        recipients=[parts.authorities[a].facet_value for a in parts.in_role[pk, Link.Role.RECIPIENT]],
        pages=parts.pages[pk])
        for pk, record_id, title, summary, date_display, earliest, original_language in rows]


@dataclass
class _Parts:
    """What a batch of documents' index entries take from other tables, by document id."""

    texts: dict = field(default_factory=lambda: defaultdict(list))  # [(language, body)]
    notes: dict = field(default_factory=lambda: defaultdict(list))
    pages: dict = field(default_factory=lambda: defaultdict(list))  # [(number, text)]
    mentioned: dict = field(default_factory=lambda: defaultdict(list))
    linked: dict = field(default_factory=lambda: defaultdict(list))  # [authority id]
    in_role: dict = field(default_factory=lambda: defaultdict(list))  # (document id, role): [authority]
    authorities: dict[int, LinkedName] = field(default_factory=dict)


def _parts(ids: list[int]) -> _Parts:
    """The texts, notes, page texts, mentioned days and visible links of the documents `ids`, and the
    names of the authorities they link to: one query each, in plain SQL over the ids, as the ORM
    prepares each of a batch's 2,000 parameters anew in every query (a third of the time of reading)."""
    from archivist.enrich.models import TextDate
    from archivist.records.models import Authority, Link, Note, Text, VariantName
    from archivist.scans.models import Page

    parts = _Parts()
    if not ids:
        return parts
    visible = ", ".join(f"'{status}'" for status in Link.VISIBLE)
    linked = f"FROM {Link._meta.db_table} WHERE document_id IN ({{ids}}) AND status IN ({visible})"
    for document_id, language, body in _rows(
            f"SELECT document_id, language, body FROM {Text._meta.db_table} "
            "WHERE document_id IN ({ids}) ORDER BY document_id, position", ids):
        parts.texts[document_id].append((language, body))
    for document_id, body in _rows(
            f"SELECT document_id, body FROM {Note._meta.db_table} "
            "WHERE document_id IN ({ids}) ORDER BY document_id, position", ids):
        parts.notes[document_id].append(body)
    for document_id, number, text in _rows(
            f"SELECT document_id, number, text FROM {Page._meta.db_table} "
            "WHERE document_id IN ({ids}) AND text <> '' ORDER BY document_id, number", ids):
        parts.pages[document_id].append((number, text))
    for document_id, day in _rows(
            f"SELECT document_id, earliest FROM {TextDate._meta.db_table} "
            "WHERE document_id IN ({ids})", ids):
        parts.mentioned[document_id].append(_day(day))
    for document_id, authority_id, role in _rows(
            f"SELECT document_id, authority_id, role {linked} ORDER BY document_id, role, position", ids):
        parts.linked[document_id].append(authority_id)
        if role in (Link.Role.AUTHOR, Link.Role.RECIPIENT):
            parts.in_role[document_id, role].append(authority_id)
    variants = defaultdict(list)
    for authority_id, name in _rows(
            f"SELECT authority_id, name FROM {VariantName._meta.db_table} "
            f"WHERE authority_id IN (SELECT authority_id {linked}) ORDER BY authority_id, name", ids):
        variants[authority_id].append(name)
    for pk, kind, key, display, sort in _rows(
            f'SELECT id, kind, "key", display_name, sort_name FROM {Authority._meta.db_table} '
            f"WHERE id IN (SELECT authority_id {linked})", ids):
        parts.authorities[pk] = LinkedName(kind, key, list(dict.fromkeys(
            name for name in (display, sort, *variants[pk]) if name)))
    return parts


def _rows(sql: str, ids: list) -> list[tuple]:
    """The rows of `sql`, whose {ids} stands for the ids (of documents, or record ids), each a parameter."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=", ".join(["%s"] * len(ids))), ids)
        return cursor.fetchall()


def _day(value: dt.date | str) -> dt.date:
    """A date column as read in plain SQL: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _languages(original: str, texts: list[tuple[str, str]]) -> list[str]:
    """The languages of a document's texts and the language it was first written in, each once, as
    stored (a Chinese document read in English translation is found by language:chinese too)."""
    return list(dict.fromkeys(lang.strip() for lang in [*(lang for lang, _ in texts), original]
                              if lang and lang.strip()))
