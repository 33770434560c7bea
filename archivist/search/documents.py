"""What the index holds for one document: built from the database, or from any source of records.

The indexer and the benchmark both go through `IndexedDocument.to_index`, so an index built straight
from generated records is the same index the outbox keeps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import tantivy

from archivist.search.schema import POSITION_ID

# Authority kinds behind each name field of the query language and each facet.
KIND_FIELD = {"person": "person", "organization": "person", "place": "place", "topic": "topic",
              "subject": "subject", "archive": "archive"}
KIND_FACET = {"person": "people", "organization": "people", "place": "places", "topic": "topics",
              "subject": "subjects", "archive": "archives"}


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
    date_display: str = ""
    earliest: dt.date | None = None
    languages: list[str] = field(default_factory=list)
    linked: list[LinkedName] = field(default_factory=list)

    def to_index(self) -> tantivy.Document:
        doc = tantivy.Document(record_id=self.record_id, title=self.title, summary=self.summary,
                               body=self.body, date_display=self.date_display,
                               all=[self.title, self.summary, self.body])
        for name in self.languages:
            doc.add_text("language", name)
            doc.add_text("f_languages", name)
        for linked in self.linked:
            names = " ; ".join(linked.names)
            doc.add_text("names", names)
            doc.add_text("all", names)
            doc.add_text(KIND_FIELD[linked.kind], names)
            doc.add_text(f"f_{KIND_FACET[linked.kind]}", linked.facet_value)
        if self.earliest is not None:
            year = self.earliest.year
            doc.add_integer("date", self.earliest.toordinal())
            doc.add_integer("year_number", year)
            doc.add_text("f_year", str(year))
            doc.add_text("f_decade", str(year - year % 10))
        return doc


def position_document(change_id: int) -> tantivy.Document:
    return tantivy.Document(record_id=POSITION_ID, position=change_id)


def from_model(document) -> IndexedDocument:
    """The indexed form of a records.Document fetched with `indexable_documents()`."""
    from archivist.records.models import Link

    texts = list(document.texts.all())
    body = "\n\n".join([t.body for t in texts] + [n.body for n in document.notes.all()])
    linked: dict[tuple[str, str], LinkedName] = {}
    for link in document.links.all():
        if link.status not in Link.VISIBLE:
            continue
        authority = link.authority
        if (authority.kind, authority.key) not in linked:
            names = [authority.display_name, authority.sort_name, *(v.name for v in authority.variants.all())]
            linked[authority.kind, authority.key] = LinkedName(
                authority.kind, authority.key, list(dict.fromkeys(n for n in names if n)))
    languages = list(dict.fromkeys(t.language for t in texts if t.language))
    return IndexedDocument(record_id=document.record_id, title=document.title,
                           summary=document.summary, body=body, date_display=document.date_display,
                           earliest=document.date_earliest, languages=languages,
                           linked=list(linked.values()))


def indexable_documents():
    """Published documents with everything the index needs, in few queries."""
    from django.db.models import Prefetch

    from archivist.records.models import Document, Link

    # Links join their authority: prefetching the authorities themselves puts one OR per
    # authority in the query, past SQLite's expression depth limit for large batches.
    links = Prefetch("links", queryset=Link.objects.select_related("authority")
                     .prefetch_related("authority__variants"))
    return (Document.objects.filter(status=Document.Status.PUBLISHED)
            .prefetch_related("texts", "notes", links))
