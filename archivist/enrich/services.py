"""Enrichment against the archive: variant names, proposed links, dates, and curators' judgments.

Each function changes records in one transaction and writes the outbox (records.Change) for the
documents whose links or names changed, so the search index follows. What it changes is recorded in
the history (archivist.curation.history): the documents whose links changed, the authority records
whose generated variant names changed. Links a curator judged (accepted, rejected) or made stay as
they are: enrichment only adds, rescores and withdraws its own proposals.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.template.defaultfilters import pluralize

from archivist.curation.history import add_authorities, add_documents, command_comment, recorded
from archivist.enrich.linker import Entry, Linker, common_words
from archivist.enrich.linker import Mention as LinkedName
from archivist.enrich.models import Mention, TextDate
from archivist.enrich.textdates import find_dates
from archivist.enrich.variants import generate_variants
from archivist.records.models import Authority, AuthorityKind, Change, Document, Link, Text, VariantName
from archivist.records.recordformat import RecordError
from archivist.records.services import touch_documents_of

LINKED_KINDS = (AuthorityKind.PERSON, AuthorityKind.ORGANIZATION, AuthorityKind.PLACE)
VOCABULARY_SAMPLE = 2000  # texts read to learn which capitalized names are also common words
# Documents enriched per revision: each batch is committed, so that a run over the whole archive does
# not hold the database's write lock (on SQLite, the whole database) from start to end.
ENRICH_BATCH = 200
VARIANTS_BATCH = 500  # authority records whose variants are regenerated with one set of queries
PRIOR_SAMPLE = 5000  # documents read before linking, to learn which of two namesakes is meant
SURE_EVIDENCE = ("full", "forename", "title")  # how a name read without doubt was read


@dataclass
class EnrichReport:
    documents: int = 0
    mentions: int = 0
    proposed: int = 0
    confirmed: int = 0  # already linked (curated or judged) and found again in the text
    withdrawn: int = 0  # earlier proposals no longer found
    dates: int = 0
    proposals: list[tuple[str, str, float]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.documents} document{pluralize(self.documents)}: "
                f"{self.mentions} mention{pluralize(self.mentions)}, "
                f"{self.proposed} link{pluralize(self.proposed)} proposed, "
                f"{self.confirmed} existing link{pluralize(self.confirmed)} confirmed, "
                f"{self.withdrawn} proposal{pluralize(self.withdrawn)} withdrawn, "
                f"{self.dates} date{pluralize(self.dates)}")


# Variants ------------------------------------------------------------------------------------

def regenerate_variants(authority: Authority, comment: str | None = None) -> int:
    """Replace an authority's generated variant names with freshly generated ones; returns how many.

    Its documents are queued for reindexing, and the record's new version recorded (under `comment`,
    by default the command that runs it), only when the generated names changed."""
    with recorded(comment or command_comment()):
        generated = authority.variants.filter(origin=VariantName.Origin.GENERATED)
        old = set(generated.values_list("name", "scheme"))
        known = tuple(authority.variants.filter(origin=VariantName.Origin.CURATED)
                      .values_list("name", flat=True))
        # Names are cut to the column's length before comparing, so a long one is not "changed" each run.
        made = {name[:500]: scheme for name, scheme in generate_variants(
            authority.sort_name, authority.display_name, authority.kind, known, authority.description)
            if name[:500] not in authority.removed_variants}
        if set(made.items()) != old:
            generated.delete()
            VariantName.objects.bulk_create(
                VariantName(authority=authority, name=name, origin=VariantName.Origin.GENERATED,
                            scheme=scheme) for name, scheme in made.items())
            touch_documents_of(authority)
            add_authorities([authority.pk])
    return len(made)


def regenerate_variants_of(authority_ids: Iterable[int], comment: str | None = None) -> int:
    """Regenerate the generated variant names of these authority records (people, organizations and
    places; others are left out) as imports and the admin save them; returns how many records changed.

    What regenerate_variants does for one record, in a few queries per 500 records: names curators
    removed are not made again, curated names are kept, and only records whose generated names changed
    are written, recorded in the history (joining an import's revision) and have their documents
    queued for reindexing."""
    ids = sorted(set(authority_ids))
    changed: list[int] = []
    with recorded(comment or command_comment()):
        for start in range(0, len(ids), VARIANTS_BATCH):
            changed += _regenerate_batch(ids[start:start + VARIANTS_BATCH])
        if changed:
            add_authorities(changed)
    return len(changed)


def _regenerate_batch(ids: list[int]) -> list[int]:
    authorities = list(Authority.objects.filter(pk__in=ids, kind__in=LINKED_KINDS).values_list(
        "pk", "kind", "sort_name", "display_name", "description", "removed_variants"))
    old: dict[int, set[tuple[str, str]]] = {a[0]: set() for a in authorities}
    known: dict[int, list[str]] = {a[0]: [] for a in authorities}
    for pk, name, scheme, origin in VariantName.objects.filter(authority_id__in=list(old)).values_list(
            "authority_id", "name", "scheme", "origin"):
        if origin == VariantName.Origin.GENERATED:
            old[pk].add((name, scheme))
        else:
            known[pk].append(name)
    new: list[VariantName] = []
    changed: list[int] = []
    for pk, kind, sort_name, display_name, description, removed in authorities:
        made = {name[:500]: scheme for name, scheme in generate_variants(
            sort_name, display_name, kind, tuple(known[pk]), description) if name[:500] not in removed}
        if set(made.items()) != old[pk]:
            changed.append(pk)
            new += (VariantName(authority_id=pk, name=name, origin=VariantName.Origin.GENERATED,
                                scheme=scheme) for name, scheme in made.items())
    if changed:
        VariantName.objects.filter(authority_id__in=changed, origin=VariantName.Origin.GENERATED).delete()
        VariantName.objects.bulk_create(new, batch_size=VARIANTS_BATCH)
        record_ids = (Link.objects.filter(authority_id__in=changed)
                      .values_list("document__record_id", flat=True).distinct())
        Change.objects.bulk_create((Change(record_id=rid, action=Change.Action.UPSERT) for rid in record_ids),
                                   batch_size=VARIANTS_BATCH)
    return changed


def remember_removed_variants(authority: Authority, names: list[str]) -> None:
    """Generated names a curator removed: regenerate_variants never makes them again."""
    removed = sorted(set(authority.removed_variants) | set(names))
    if removed != authority.removed_variants:
        authority.removed_variants = removed
        authority.save(update_fields=["removed_variants"])


def regenerate_all_variants(kinds: tuple[str, ...] = LINKED_KINDS, keys: tuple[str, ...] = (),
                            comment: str | None = None) -> tuple[int, int]:
    """Regenerate the variants of every authority of these kinds (or only these keys), as one change
    in the history. Returns (variants generated, authority records)."""
    authorities = Authority.objects.filter(kind__in=kinds)
    if keys:
        authorities = authorities.filter(key__in=keys)
    with recorded(comment or command_comment()):
        counts = [regenerate_variants(authority) for authority in authorities.iterator()]
    return sum(counts), len(counts)


# Linking -------------------------------------------------------------------------------------

def build_linker(texts_for_vocabulary: list[str] | None = None,
                 first_pass: list[int] | None = None) -> Linker:
    """A linker over every person, organization and place, with the archive's linking history as prior.

    With `first_pass` (document ids), those documents are read once beforehand and every name read
    without doubt (written in full, with forenames or with a title) counts towards the prior as well:
    a surname two records share ("Dulles": John Foster or Allen) then goes to the one its documents
    name most, as curated links would tell in an archive that has them."""
    authorities = Authority.objects.filter(kind__in=LINKED_KINDS).prefetch_related("variants", "merged")
    entries = [Entry(id=str(a.pk), sort_name=a.sort_name, display_name=a.display_name,
                     variants=tuple(v.name for v in a.variants.all()), description=_identifications(a),
                     kind=a.kind, dates=a.dates) for a in authorities]
    if texts_for_vocabulary is None:
        texts_for_vocabulary = list(Text.objects.values_list("body", flat=True)[:VOCABULARY_SAMPLE])
    vocabulary = common_words(texts_for_vocabulary)
    prior = Counter({str(k): n for k, n in Link.objects.filter(
        status__in=Link.VISIBLE, authority__kind__in=LINKED_KINDS).values_list("authority_id").annotate(
        n=Count("id")).values_list("authority_id", "n")})
    by_year: dict[int, Counter] = {}
    if first_pass:
        by_year = _named_without_doubt(Linker(entries, vocabulary, dict(prior)), first_pass)
        for named in by_year.values():
            prior.update(named)
    return Linker(entries, vocabulary, dict(prior), by_year)


def _identifications(authority: Authority) -> str:
    """The record's identification and those of the records merged into it, one office a part: each
    source describes the person in its own years ("First Secretary" in 1955, "Chairman" in 1962)."""
    merged = [m.description for m in authority.merged.all()]
    return "; ".join(dict.fromkeys(d for d in (authority.description, *merged) if d))


def _named_without_doubt(linker: Linker, document_ids: list[int]) -> dict[int | None, Counter]:
    """How often each record is named in full, with forenames or with a title in these documents
    (at most PRIOR_SAMPLE of them, spread evenly), by the documents' year (None: undated)."""
    step = max(1, -(-len(document_ids) // PRIOR_SAMPLE))  # rounded up
    sample = document_ids[::step]
    named: dict[int | None, Counter] = defaultdict(Counter)
    for start in range(0, len(sample), ENRICH_BATCH):
        for document in Document.objects.filter(pk__in=sample[start:start + ENRICH_BATCH]).prefetch_related(
                "texts", "notes"):
            day = document.date_earliest
            named[day.year if day else None].update(
                m.entry_id for m, _ in _link_parts(linker, document_parts(document), day, offices=False)
                if m.evidence in SURE_EVIDENCE)
    return named


def enrich_documents(record_ids: list[str] | None = None, linker: Linker | None = None,
                     offices: bool = False, comment: str | None = None) -> EnrichReport:
    """Find mentions in documents (title, summary, texts, notes) and dates in their texts, and propose
    links; all documents when no ids.

    With `offices`, "the Secretary" and the like count as mentions of the office holder. The
    documents whose links changed are recorded in the history, in batches, under `comment` (by
    default the command that runs it and who: enrichment runs from the command line)."""
    ids = Document.objects.order_by("pk").values_list("pk", flat=True)
    if record_ids:
        ids = ids.filter(record_id__in=record_ids)
    ids = list(ids)
    linker = linker or build_linker(first_pass=ids)
    report = EnrichReport()
    for start in range(0, len(ids), ENRICH_BATCH):
        documents = Document.objects.filter(pk__in=ids[start:start + ENRICH_BATCH]).order_by("pk")
        with recorded(comment or command_comment()):
            documents = documents.prefetch_related("texts", "notes", "links")
            add_documents([document.pk for document in documents
                           if enrich_document(document, linker, report, offices)])
    return report


@transaction.atomic
def enrich_document(document: Document, linker: Linker, report: EnrichReport, offices: bool = False) -> bool:
    """Rebuild one document's mentions and dates; propose links for authorities newly found.

    Names are read in every part of the document as one reading (title, summary, texts, notes), so that
    a name resolved in the title helps to resolve a surname in a footnote; dates only in its texts.
    Returns whether its links changed."""
    day = document.date_earliest
    parts = document_parts(document)
    mentions = [Mention(document=document, authority_id=int(m.entry_id), part=part, position=position,
                        start=start, end=end, surface=m.text[:300], confidence=m.confidence,
                        evidence=m.evidence)
                for m, (part, position, start, end) in _link_parts(linker, parts, day, offices)]
    dates = [TextDate(document=document, text_position=text.position, start=d.start, end=d.end,
                      expression=d.expression[:200], date=d.date, earliest=d.earliest, latest=d.latest,
                      relative=d.relative, sentence=d.sentence)
             for text in document.texts.all() for d in find_dates(text.body, day)]
    days_before = set(document.text_dates.values_list("earliest", flat=True))
    document.mentions.all().delete()
    document.text_dates.all().delete()
    Mention.objects.bulk_create(mentions)
    TextDate.objects.bulk_create(dates)
    changed = _propose(document, _document_confidence(mentions), report)
    if changed or days_before != {d.earliest for d in dates}:  # the index holds both (its 'mentioned')
        Change.objects.create(record_id=document.record_id, action=Change.Action.UPSERT)
    report.documents += 1
    report.mentions += len(mentions)
    report.dates += len(dates)
    return changed


def document_parts(document: Document) -> list[tuple[str, int, str]]:
    """(part, position, text) of everything in a document that can name someone, in reading order."""
    parts = [(Mention.Part.TITLE, 0, document.title), (Mention.Part.SUMMARY, 0, document.summary)]
    parts += [(Mention.Part.TEXT, text.position, text.body) for text in document.texts.all()]
    parts += [(Mention.Part.NOTE, note.position, note.body) for note in document.notes.all()]
    return [part for part in parts if part[2]]


PART_BREAK = "\n\n"  # between parts read as one: a paragraph break, which no name crosses


def _link_parts(linker: Linker, parts: list[tuple[str, int, str]], day: dt.date | None,
                offices: bool) -> Iterable[tuple[LinkedName, tuple[str, int, int, int]]]:
    """The linker's mentions in the parts read as one text, each with (part, position, start, end)
    within its own part."""
    starts, offset = [], 0
    for _, _, body in parts:
        starts.append(offset)
        offset += len(body) + len(PART_BREAK)
    whole = PART_BREAK.join(body for _, _, body in parts)
    for mention in linker.link(whole, day, offices=offices):
        index = bisect.bisect_right(starts, mention.start) - 1
        part, position, body = parts[index]
        start = mention.start - starts[index]
        if mention.end - starts[index] <= len(body):
            yield mention, (part, position, start, mention.end - starts[index])

def _document_confidence(mentions: list[Mention]) -> dict[int, float]:
    """Per authority: its best mention's confidence, a little higher for each further mention."""
    best: dict[int, float] = {}
    count = Counter(m.authority_id for m in mentions)
    for m in mentions:
        best[m.authority_id] = max(best.get(m.authority_id, 0.0), m.confidence)
    return {a: round(min(0.99, c + 0.02 * (count[a] - 1)), 3) for a, c in best.items()}


def _propose(document: Document, found: dict[int, float], report: EnrichReport) -> bool:
    """Add proposals for authorities found and not yet linked; drop proposals no longer found."""
    links = list(document.links.all())
    linked = {link.authority_id for link in links}
    changed = False
    for link in links:
        if link.status == Link.Status.PROPOSED and link.authority_id not in found:
            link.delete()
            report.withdrawn += 1
            changed = True
        elif link.status == Link.Status.PROPOSED and link.confidence != found[link.authority_id]:
            Link.objects.filter(pk=link.pk).update(confidence=found[link.authority_id])
            changed = True
    report.confirmed += len({link.authority_id for link in links if link.status != Link.Status.PROPOSED}
                            & set(found))
    position = max((link.position for link in links), default=-1) + 1
    unlinked = sorted((a, c) for a, c in found.items() if a not in linked)
    new = [Link(document=document, authority_id=authority_id, role=Link.Role.ASSOCIATED,
                status=Link.Status.PROPOSED, confidence=confidence, position=position + i)
           for i, (authority_id, confidence) in enumerate(unlinked)]
    Link.objects.bulk_create(new)
    report.proposed += len(new)
    report.proposals += [(document.record_id, str(link.authority_id), link.confidence) for link in new]
    return changed or bool(new)


# Curators' judgments ------------------------------------------------------------------------

def find_link(record_id: str, authority_ref: str) -> Link:
    """A document's machine-made link to an authority given as "kind/key", "key" or its number."""
    links = Link.objects.select_related("authority", "document").filter(
        document__record_id=record_id).exclude(status=Link.Status.CURATED)
    kind, _, key = authority_ref.rpartition("/")
    query = Q(authority__key=key) | (Q(authority__pk=int(key)) if key.isdigit() else Q())
    if kind:
        query &= Q(authority__kind=kind)
    found = list(links.filter(query))
    if not found:
        raise RecordError("link", f"document {record_id!r} has no proposed link to {authority_ref!r}")
    if len(found) > 1:
        raise RecordError("link", f"{authority_ref!r} is ambiguous; write it as kind/key")
    return found[0]


# Timeline -----------------------------------------------------------------------------------

def timeline(record_ids: list[str] | None = None, start: dt.date | None = None,
             end: dt.date | None = None) -> list[dict]:
    """Dates found in documents' texts, in calendar order, each with its sentence and document."""
    dates = TextDate.objects.select_related("document").order_by("earliest", "document__record_id",
                                                                  "text_position", "start")
    if record_ids:
        dates = dates.filter(document__record_id__in=record_ids)
    if start:
        dates = dates.filter(latest__gte=start)
    if end:
        dates = dates.filter(earliest__lte=end)
    return [{"date": d.date, "earliest": d.earliest.isoformat(), "latest": d.latest.isoformat(),
             "expression": d.expression, "relative": d.relative, "sentence": d.sentence,
             "record_id": d.document.record_id, "title": d.document.title} for d in dates]
