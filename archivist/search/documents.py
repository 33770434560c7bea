"""What the index holds for one document: built from the database, or from any source of records.

The indexer and the benchmark both go through `IndexedDocument.to_index`, so an index built straight
from generated records is the same index the outbox keeps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import tantivy

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

    @property
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
            doc.add_text(MATCH_FIELD, indexed)
            _add_reading(doc, text)
        if self.pages:
            doc.add_bytes(STORED_PAGES, _add_pages(doc, self.pages))
        for name in self.languages:
            doc.add_text("language", name)
            _add_facet(doc, "languages", name)
        for linked in self.linked:
            own = linked.kind in OWN_NAME_KINDS
            for name in linked.names:  # one value each: a phrase never spans two names
                indexed = searchable(name)
                doc.add_text(KIND_FIELD[linked.kind], indexed)
                if own:
                    doc.add_text("names", indexed)
                    doc.add_text(MATCH_FIELD, indexed)
                    _add_reading(doc, name)
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
        doc.add_text(MATCH_FIELD, indexed)
        if pinyin:
            doc.add_text(READING_FIELD, pinyin)
        read.append((number, text, indexed, pinyin))
    return stored_pages(read)


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


def indexed_documents(documents) -> list[IndexedDocument]:
    """The indexed form of the published documents in a records.Document queryset, in a handful of
    flat queries per batch (model instances and prefetching cost more than the indexing itself)."""
    from collections import defaultdict

    from archivist.enrich.models import TextDate
    from archivist.records.models import Authority, Document, Link, Note, Text, VariantName
    from archivist.scans.models import Page

    published = documents.filter(status=Document.Status.PUBLISHED)
    rows = list(published.values_list("id", "record_id", "title", "summary", "date_display",
                                      "date_earliest", "original_language"))
    ids = published.values("id")
    texts, notes, linked_ids = defaultdict(list), defaultdict(list), defaultdict(list)
    mentioned, in_role = defaultdict(list), defaultdict(list)
    for document_id, language, body in (Text.objects.filter(document__in=ids)
                                        .order_by("document_id", "position")
                                        .values_list("document_id", "language", "body")):
        texts[document_id].append((language, body))
    for document_id, body in (Note.objects.filter(document__in=ids).order_by("document_id", "position")
                              .values_list("document_id", "body")):
        notes[document_id].append(body)
    pages = defaultdict(list)
    for document_id, number, text in (Page.objects.filter(document__in=ids).exclude(text="")
                                      .order_by("document_id", "number")
                                      .values_list("document_id", "number", "text")):
        pages[document_id].append((number, text))
    for document_id, day in TextDate.objects.filter(document__in=ids).values_list("document_id", "earliest"):
        mentioned[document_id].append(day)
    links = Link.objects.filter(document__in=ids, status__in=Link.VISIBLE)
    for document_id, authority_id, role in links.order_by("document_id", "role", "position").values_list(
            "document_id", "authority_id", "role"):
        linked_ids[document_id].append(authority_id)
        if role in (Link.Role.AUTHOR, Link.Role.RECIPIENT):
            in_role[document_id, role].append(authority_id)
    authority_ids = links.values("authority_id")
    variants = defaultdict(list)
    for authority_id, name in (VariantName.objects.filter(authority__in=authority_ids)
                               .order_by("authority_id", "name").values_list("authority_id", "name")):
        variants[authority_id].append(name)
    authorities = {
        pk: LinkedName(kind, key, list(dict.fromkeys(n for n in (display, sort, *variants[pk]) if n)))
        for pk, kind, key, display, sort in Authority.objects.filter(id__in=authority_ids).values_list(
            "id", "kind", "key", "display_name", "sort_name")}
    return [IndexedDocument(
        record_id=record_id, title=title, summary=summary,
        body="\n\n".join(body for _, body in texts[pk]), notes="\n\n".join(notes[pk]),
        date_display=date_display,
        earliest=earliest, languages=_languages(original_language, texts[pk]),
        linked=list({authorities[a].facet_value: authorities[a] for a in linked_ids[pk]}.values()),
        mentioned=mentioned[pk],
        authors=[authorities[a].facet_value for a in in_role[pk, Link.Role.AUTHOR]],
        recipients=[authorities[a].facet_value for a in in_role[pk, Link.Role.RECIPIENT]], pages=pages[pk])
        for pk, record_id, title, summary, date_display, earliest, original_language in rows]


def _languages(original: str, texts: list[tuple[str, str]]) -> list[str]:
    """The languages of a document's texts and the language it was first written in, each once, as
    stored (a Chinese document read in English translation is found by language:chinese too)."""
    return list(dict.fromkeys(lang.strip() for lang in [*(lang for lang, _ in texts), original]
                              if lang and lang.strip()))
