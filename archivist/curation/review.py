"""The review queue: links that enrichment proposed, waiting for a curator, each with the sentences its
name was read in; and judging them, one or many at once, as one change in the history.

The review screen (curation.views) and `archivist links` both call these functions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from archivist.curation.history import add_documents, recorded
from archivist.enrich.models import Mention
from archivist.enrich.textdates import SENTENCE_END
from archivist.records.models import Authority, AuthorityKind, Change, Document, Link, Note, Text, chain_above
from archivist.records.recordformat import RecordError

JUDGMENTS = (Link.Status.ACCEPTED, Link.Status.REJECTED)
ORDERS = {"-confidence": ("-confidence", "document__record_id", "position"),
          "confidence": ("confidence", "document__record_id", "position"),
          "document": ("document__record_id", "position")}
COLLECTION_KINDS = (AuthorityKind.TOPIC, AuthorityKind.ARCHIVE)
SENTENCES_SHOWN = 3
REACH = 300  # characters looked at on each side of a mention for the ends of its sentence
# Words whose full stop ends no sentence: "Mr. Molotov" is one name, not two sentences.
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "capt", "adm", "maj", "sgt", "sen", "gov",
                 "rep", "amb", "prof", "rev", "hon", "st", "jr", "sr", "no", "messrs", "mme", "mlle"}


@dataclass(frozen=True)
class QueueFilter:
    """Which proposed links to show, and in what order; empty fields filter nothing."""

    document: str = ""  # a record ID
    authority: str = ""  # "kind/key", or a key of any kind
    kind: str = ""
    collection: str = ""  # "topic/key" or "archive/key": an archive holds the collections below it
    min_confidence: float | None = None
    max_confidence: float | None = None
    order: str = "-confidence"


def proposed_links(wanted: QueueFilter = QueueFilter()) -> QuerySet[Link]:
    """The proposed links the filter asks for, with their document and authority record."""
    links = Link.objects.filter(status=Link.Status.PROPOSED).select_related("document", "authority")
    if wanted.document:
        links = links.filter(document__record_id=wanted.document)
    if wanted.authority:
        kind, _, key = wanted.authority.rpartition("/")
        links = links.filter(authority__key=key, **({"authority__kind": kind} if kind else {}))
    if wanted.kind:
        links = links.filter(authority__kind=wanted.kind)
    if wanted.collection:
        links = links.filter(_in_collection(wanted.collection))
    if wanted.min_confidence is not None:
        links = links.filter(confidence__gte=wanted.min_confidence)
    if wanted.max_confidence is not None:
        links = links.filter(confidence__lte=wanted.max_confidence)
    return links.order_by(*ORDERS.get(wanted.order, ORDERS["-confidence"]))


def _in_collection(reference: str) -> Q:
    """Links of documents in a topic's collection, or held by an archive or a collection within it."""
    kind, _, key = reference.partition("/")
    collection = Authority.objects.filter(kind=kind, key=key, kind__in=COLLECTION_KINDS).first()
    if collection is None:
        return Q(pk__in=[])
    if kind == AuthorityKind.TOPIC:
        held = Link.objects.filter(authority=collection, status__in=Link.VISIBLE)
    else:
        held = Link.objects.filter(authority_id__in=_below(collection), role=Link.Role.ARCHIVE,
                                   status__in=Link.VISIBLE)
    return Q(Exists(held.filter(document=OuterRef("document"))))


def _below(archive: Authority) -> set[int]:
    """The archive record and every record under it (an archive may hold a loop written by older code)."""
    found, level = {archive.pk}, {archive.pk}
    while level:
        level = set(Authority.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found


def collections() -> list[tuple[str, list[tuple[str, str]]]]:
    """The topics and archives one may filter the queue by, as (group, [(reference, name)])."""
    records = Authority.objects.filter(kind__in=COLLECTION_KINDS).order_by("sort_name")
    grouped: dict[str, list[tuple[str, str]]] = {kind: [] for kind in COLLECTION_KINDS}
    for authority in records.only("kind", "key", "sort_name", "parent"):
        grouped[authority.kind].append((f"{authority.kind}/{authority.key}", _collection_name(authority)))
    return [("Topics", grouped[AuthorityKind.TOPIC]),
            ("Archives and collections", grouped[AuthorityKind.ARCHIVE])]


def _collection_name(authority: Authority) -> str:
    if authority.kind != AuthorityKind.ARCHIVE or authority.parent_id is None:
        return authority.sort_name
    return " › ".join(level.sort_name for level in reversed(list(chain_above(authority))))


# Sentences --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Passage:
    """A sentence a name was read in, as pieces of text, the name's own marked; cut at `REACH` if long."""

    parts: tuple[tuple[str, bool], ...]  # (text, is the mention)
    cut_before: bool
    cut_after: bool

    @property
    def text(self) -> str:
        return "".join(part for part, _ in self.parts)


@dataclass(frozen=True)
class Evidence:
    """Where a proposed link's name was read: the first sentences, and how many mentions in all."""

    passages: tuple[Passage, ...]
    mentions: int


def evidence(links: Iterable[Link], shown: int = SENTENCES_SHOWN) -> dict[int, Evidence]:
    """For each link (by id), the sentences of its document where its authority's name was read."""
    links = list(links)
    pairs = {(link.document_id, link.authority_id): link.pk for link in links}
    found: dict[int, list[Mention]] = defaultdict(list)
    mentions = (Mention.objects.filter(document_id__in={d for d, _ in pairs},
                                       authority_id__in={a for _, a in pairs})
                .order_by("document_id", "start")
                .only("document_id", "authority_id", "part", "position", "start", "end"))
    for mention in mentions:
        link_id = pairs.get((mention.document_id, mention.authority_id))
        if link_id is not None:
            found[link_id].append(mention)
    bodies = _bodies({m.document_id for group in found.values() for m in group})
    return {link.pk: _evidence(sorted(found[link.pk], key=_reading_order), bodies, link.document_id, shown)
            for link in links}


def _reading_order(mention: Mention) -> tuple[int, int, int]:
    return list(Mention.Part.values).index(mention.part), mention.position, mention.start


def _bodies(document_ids: set[int]) -> dict[tuple[int, str, int], str]:
    """Every part of these documents a mention can be in, by (document, part, position)."""
    bodies: dict[tuple[int, str, int], str] = {}
    documents = Document.objects.filter(pk__in=document_ids)
    for pk, title, summary in documents.values_list("pk", "title", "summary"):
        bodies[(pk, Mention.Part.TITLE, 0)] = title
        bodies[(pk, Mention.Part.SUMMARY, 0)] = summary
    for part, model in ((Mention.Part.TEXT, Text), (Mention.Part.NOTE, Note)):
        for pk, position, body in model.objects.filter(document_id__in=document_ids).values_list(
                "document_id", "position", "body"):
            bodies[(pk, part, position)] = body
    return bodies


class _Sentence(NamedTuple):
    part: tuple[str, int]  # (part, position) of the document
    start: int
    end: int
    cut_before: bool  # the sentence went on past REACH
    cut_after: bool


def _evidence(mentions: list[Mention], bodies: dict[tuple[int, str, int], str], document_id: int,
              shown: int) -> Evidence:
    """The sentences holding the mentions, each once, all its mentions marked. A mention whose text has
    changed since enrichment read it is left out."""
    sentences: dict[_Sentence, list[tuple[int, int]]] = {}
    for mention in mentions:
        body = bodies.get((document_id, mention.part, mention.position), "")
        if mention.end > len(body) or mention.start >= mention.end:
            continue
        sentence = _sentence_around(body, (mention.part, mention.position), mention.start, mention.end)
        sentences.setdefault(sentence, []).append((mention.start, mention.end))
    passages = tuple(_passage(bodies[(document_id, *sentence.part)], sentence, marks)
                     for sentence, marks in list(sentences.items())[:shown])
    return Evidence(passages, len(mentions))


def _sentence_around(body: str, part: tuple[str, int], start: int, end: int) -> _Sentence:
    """The sentence holding body[start:end], at most REACH characters on each side of it."""
    low, high = max(0, start - REACH), min(len(body), end + REACH)
    first, last = low, high
    for boundary in SENTENCE_END.finditer(body, low, high):
        if _after_abbreviation(body, boundary):
            continue
        if boundary.end() <= start:
            first = boundary.end()
        elif boundary.start() >= end:
            last = boundary.start()
            break
    return _Sentence(part, first, last, cut_before=first == low > 0,
                     cut_after=last == high < len(body))


def _after_abbreviation(body: str, boundary: re.Match) -> bool:
    """Whether a full stop before a space is that of "Mr.", "Gen." or an initial rather than a sentence's."""
    if "\n" in boundary.group():
        return False
    word = re.search(r"(\w+)\.$", body[max(0, boundary.start() - 12):boundary.start()])
    return word is not None and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1)


def _passage(body: str, sentence: _Sentence, marks: list[tuple[int, int]]) -> Passage:
    """The sentence in pieces, the marks apart, its white space made single spaces."""
    parts: list[tuple[str, bool]] = []
    cursor = sentence.start
    for mark_start, mark_end in sorted(marks):
        if mark_start < cursor:  # overlaps the mention before
            continue
        parts += [(body[cursor:mark_start], False), (body[mark_start:mark_end], True)]
        cursor = mark_end
    parts.append((body[cursor:sentence.end], False))
    parts = [(re.sub(r"\s+", " ", text), marked) for text, marked in parts]
    parts[0] = (parts[0][0].lstrip(), parts[0][1])
    parts[-1] = (parts[-1][0].rstrip(), parts[-1][1])
    return Passage(tuple((text, marked) for text, marked in parts if text), sentence.cut_before,
                   sentence.cut_after)


# Judging ----------------------------------------------------------------------------------------

def judge(link_ids: Iterable[int], status: str, user=None,
          source: str = "on the review screen") -> list[Link]:
    """Accept or reject machine-made links (proposed, or judged before) as one change in the history.

    `source` says where the judgment was made, for the history. The documents are queued for the
    search index, and the browse tables brought up to date, so that an accepted link shows on the
    document's page and on the authority record's page at once. Raises RecordError, changing nothing,
    for a status other than accepted or rejected, or for a link that is unknown or curated.
    """
    if status not in JUDGMENTS:
        raise RecordError("status", "must be accepted or rejected")
    ids = sorted(set(link_ids))
    if not ids:
        raise RecordError("link", "no links chosen")
    with transaction.atomic():
        links = list(Link.objects.select_for_update().filter(pk__in=ids).exclude(status=Link.Status.CURATED)
                     .select_related("document", "authority").order_by("document__record_id", "position"))
        missing = sorted(set(ids) - {link.pk for link in links})
        if missing:
            raise RecordError("link", f"no proposed link {', '.join(map(str, missing[:10]))}: "
                                      f"withdrawn, curated or never made")
        with recorded(_comment(links, status, source), user):
            Link.objects.filter(pk__in=ids).update(status=status)
            record_ids = sorted({link.document.record_id for link in links})
            Change.objects.bulk_create(Change(record_id=record_id, action=Change.Action.UPSERT)
                                       for record_id in record_ids)
            add_documents(link.document_id for link in links)
    for link in links:
        link.status = status
    _refresh_browse_tables()
    return links


def _comment(links: list[Link], status: str, source: str) -> str:
    """"Accepted 2 links on the review screen: 110390 → person/molotov-vyacheslav, ..." for the history."""
    named = [f"{link.document.record_id} → {link.authority.kind}/{link.authority.key}" for link in links[:5]]
    more = f" and {len(links) - 5} more" if len(links) > 5 else ""
    count = f"{len(links)} link{'s' if len(links) != 1 else ''}"
    return f"{Link.Status(status).label} {count} {source}: {', '.join(named)}{more}"


def _refresh_browse_tables() -> None:
    from archivist.outbox import refresh_browse_tables

    refresh_browse_tables()
