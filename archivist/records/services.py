"""Operations on records: save, delete and publish documents and authority records.

Every interface (CLI, importers, web, API) changes records through these functions, so each change
is validated, stored in one transaction and written to the outbox (records.Change) for the indexer.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from archivist.records import identity
from archivist.records.bodies import looks_like_organization
from archivist.records.merge import (
    MERGED_NAMES,
    ROW_FIELDS,
    Conflict,
    authority_values,
    current_authority,
    current_documents,
    incoming_authority,
    incoming_document,
    kept_all,
    merge,
)
from archivist.records.models import (
    Attachment,
    Authority,
    AuthorityKind,
    Change,
    Document,
    Link,
    MergedAuthority,
    Note,
    Text,
    VariantName,
    chain_above,
    records_below,
)
from archivist.records.recordformat import (
    AuthorityRecord,
    DocumentRecord,
    LinkRecord,
    RecordError,
    authority_key,
    display_form,
)


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    MERGED = "merged"  # a new record of a person already stored: merged into that record


class AuthorityResolver:
    """Finds (or creates) the authority records a document names, remembering them for a batch."""

    def __init__(self) -> None:
        self._cache: dict[tuple, Authority] = {}
        self.created: set[int] = set()  # ids of the records it made, for the history
        # Names in lists of people and organizations it made organizations of: imports report them.
        self.organizations: set[str] = set()

    def by_name(self, name: str, kinds: tuple[str, ...]) -> Authority:
        cache_key = (kinds, name)
        if cache_key not in self._cache:
            self._find_names({cache_key})
        if cache_key not in self._cache:
            self._cache[cache_key] = self._create(name, _kind_for_new_name(name, kinds), kinds)
        return self._cache[cache_key]

    def by_key(self, kind: str, key: str, field_name: str) -> Authority:
        cache_key = (kind, key)
        if cache_key not in self._cache:
            found = Authority.objects.filter(kind=kind, key=key).first() or identity.merged_into(kind, key)
            if found is None:
                raise RecordError(field_name, f"no {kind} with id {key!r}; load it first")
            self._cache[cache_key] = found
        return self._cache[cache_key]

    def prefetch(self, links: Iterable[LinkRecord]) -> None:
        """Find, or create, the authorities a batch of links names with a few bulk queries."""
        by_key: dict[str, set[str]] = defaultdict(set)
        by_name: set[tuple[tuple[str, ...], str]] = set()
        for link in links:
            if link.key and (link.kinds[0], link.key) not in self._cache:
                by_key[link.kinds[0]].add(link.key)
            elif not link.key and (link.kinds, link.name) not in self._cache:
                by_name.add((link.kinds, link.name))
        for kind, keys in by_key.items():
            for chunk in _chunks(sorted(keys)):
                for authority in Authority.objects.filter(kind=kind, key__in=chunk):
                    self._cache[(kind, authority.key)] = authority
                missing = [key for key in chunk if (kind, key) not in self._cache]
                merged = MergedAuthority.objects.filter(kind=kind, key__in=missing)
                for row in merged.select_related("authority"):
                    self._cache[(kind, row.key)] = row.authority  # merged since: the record kept
        if by_name:
            self._find_names(by_name)
            self._create_names([wanted for wanted in by_name if wanted not in self._cache])

    def _find_names(self, wanted: set[tuple[tuple[str, ...], str]]) -> None:
        """The record each name names: of the first kind of its group that has one (a person before
        an organization in a list of people and organizations), then by its sort form, its display
        form, a variant, or the sort form its import gave it."""
        kinds = {kind for group, _ in wanted for kind in group}
        names = sorted({name for group, name in wanted if (group, name) not in self._cache})
        found: dict[str, list[tuple[int, Authority]]] = defaultdict(list)
        for order, lookup in enumerate(NAME_LOOKUPS):
            for chunk in _chunks(names):
                rows = (Authority.objects.filter(kind__in=kinds, **{f"{lookup}__in": chunk})
                        .annotate(matched=F(lookup)).order_by("pk"))
                for authority in rows:
                    found[authority.matched].append((order, authority))
        for group, name in wanted:
            matches = sorted(((group.index(a.kind), order, a.pk), a)
                             for order, a in found.get(name, ()) if a.kind in group)
            if matches and (group, name) not in self._cache:
                self._cache[(group, name)] = matches[0][1]

    def _create_names(self, missing: list[tuple[tuple[str, ...], str]]) -> None:
        new: dict[tuple[str, str], Authority] = {}
        for group, name in sorted(missing):
            kind = _kind_for_new_name(name, group)
            if kind == AuthorityKind.SUBJECT and "--" in name:
                self.by_name(name, group)  # broader headings first, one by one
            elif (kind, name) not in new:
                self._remember_kind(name, kind, group)
                new[(kind, name)] = _imported(Authority(kind=kind, key=authority_key(name), sort_name=name,
                                                        display_name=display_form(name, kind)))
        taken: set[tuple[str, str]] = set()
        for kind in {kind for kind, _ in new}:
            keys = sorted({a.key for (k, _), a in new.items() if k == kind})
            for chunk in _chunks(keys):
                taken |= {(kind, key) for key in Authority.objects.filter(kind=kind, key__in=chunk)
                          .values_list("key", flat=True)}
        for authority in new.values():
            if (authority.kind, authority.key) in taken:
                authority.key = _free_key(authority.kind, authority.key, taken)
            taken.add((authority.kind, authority.key))
        Authority.objects.bulk_create(new.values())
        self.created |= {authority.pk for authority in new.values()}
        for group, name in missing:
            created = new.get((_kind_for_new_name(name, group), name))
            if created is not None:
                self._cache[(group, name)] = created

    def _remember_kind(self, name: str, kind: str, group: tuple[str, ...]) -> None:
        if kind == AuthorityKind.ORGANIZATION and AuthorityKind.PERSON in group:
            self.organizations.add(name)

    def archive(self, path: list[str]) -> Authority:
        """The deepest level of an archive path: [archive, collection, series...]."""
        parent = None
        for depth, name in enumerate(path):
            key = authority_key("--".join(path[: depth + 1]))
            cache_key = (AuthorityKind.ARCHIVE, tuple(path[: depth + 1]))
            if cache_key not in self._cache:
                self._cache[cache_key] = self._archive_level(name, key, parent)
            parent = self._cache[cache_key]
        return parent

    def _archive_level(self, name: str, key: str, parent: Authority | None) -> Authority:
        """Found by name under its parent; two paths whose keys collide get distinct records."""
        found = Authority.objects.filter(kind=AuthorityKind.ARCHIVE, sort_name=name,
                                         parent=parent).first()
        return found or self._saved(Authority(
            kind=AuthorityKind.ARCHIVE, key=_free_key(AuthorityKind.ARCHIVE, key), sort_name=name,
            display_name=name, parent=parent))

    def _create(self, name: str, kind: str, group: tuple[str, ...] = ()) -> Authority:
        self._remember_kind(name, kind, group)
        parent = None
        if kind == AuthorityKind.SUBJECT and "--" in name:
            parent = self.by_name(name.rsplit("--", 1)[0], (AuthorityKind.SUBJECT,))
        return self._saved(Authority(kind=kind, key=_free_key(kind, authority_key(name)),
                                     sort_name=name, display_name=display_form(name, kind),
                                     parent=parent))

    def _saved(self, authority: Authority) -> Authority:
        _imported(authority).save()
        self.created.add(authority.pk)
        return authority


# How a name finds its authority record, in order: its sort form, its display form ("Mao Zedong"), a
# variant, or the sort form an import gave it, which a curator changed since (a name lost to a
# curator's edit is not made again).
NAME_LOOKUPS = ("sort_name", "display_name", "variants__name", "imported__sort_name")


def _imported(authority: Authority) -> Authority:
    """A record an import makes from a name: what it wrote is the base of a later authority file."""
    authority.imported = kept_all(authority_values(authority) | {"variants": []})
    return authority


def _kind_for_new_name(name: str, kinds: tuple[str, ...]) -> str:
    """A new name in a list of people and organizations is a person's ("Surname, Forename", "Mao
    Zedong"), unless it has a word of bodies ("Ministry of Foreign Affairs") or is an acronym
    ("TASS"); imports count the organizations made so (archivist.ingest.loader)."""
    if AuthorityKind.PERSON in kinds and AuthorityKind.ORGANIZATION in kinds:
        return AuthorityKind.ORGANIZATION if looks_like_organization(name) else AuthorityKind.PERSON
    return kinds[0]


def _free_key(kind: str, key: str, taken: set[tuple[str, str]] = frozenset()) -> str:
    """The key, or the key with the first free numeric suffix; `taken` holds keys not yet saved."""
    candidate, suffix = key, 1
    while (kind, candidate) in taken or Authority.objects.filter(kind=kind, key=candidate).exists():
        suffix += 1
        candidate = f"{key}-{suffix}"
    return candidate


def _chunks(values: list[str], size: int = 400) -> Iterator[list[str]]:
    """Slices small enough for SQLite's limit on query parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


@dataclass
class ImportRun:
    """What the records of one import share: the names found, how conflicts are settled, what changed."""

    overwrite: bool = False  # take the file's value of a field a curator changed, too
    resolver: AuthorityResolver = field(default_factory=AuthorityResolver)
    conflicts: list[Conflict] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)  # ids of documents added or updated
    deleted: set[str] | None = None  # record IDs of documents deleted since, read when first needed
    renamed: dict[str, int] | None = None  # ids of documents renamed since, by their import's record ID
    authorities: set[int] = field(default_factory=set)  # ids of authority records added or updated
    added_authorities: set[int] = field(default_factory=set)  # of those, the ones added
    people: identity.People | None = None  # person records stored before, by name: read when first needed


@dataclass
class _LinkRow:
    authority: Authority
    role: str
    position: int
    status: str
    confidence: float | None


@dataclass
class _Saving:
    """A document being written: the fields taken from its record, and its links as resolved."""

    record: DocumentRecord
    document: Document
    links: list[_LinkRow]
    taken: dict[str, Any]
    new: bool

    @property
    def outcome(self) -> Outcome:
        if self.new:
            return Outcome.ADDED
        return Outcome.UPDATED if self.taken else Outcome.UNCHANGED


def save_document(record: DocumentRecord, run: ImportRun | None = None) -> Outcome:
    """Create or update a document from a validated record; unchanged records are left alone."""
    return save_documents([record], run)[0]


@transaction.atomic
def save_documents(records: list[DocumentRecord], run: ImportRun | None = None) -> list[Outcome]:
    """Save a batch of documents with a few bulk queries; the outcome of each, in order.

    A new document takes every field of its record. A stored one whose record changed since the last
    import is merged field by field (records.merge): what a curator changed stays, and conflicts go
    to `run`; with `run.overwrite` every stored document takes its record's values, changed or not.
    The batch's record IDs must be distinct. A RecordError names the failing record's `index`.
    """
    run = run or ImportRun()
    existing = Document.objects.in_bulk([r.record_id for r in records], field_name="record_id")
    existing |= _renamed([r.record_id for r in records if r.record_id not in existing], existing, run)
    outcomes: dict[int, Outcome] = {}
    pending: list[tuple[int, DocumentRecord, Document | None]] = []
    for index, record in enumerate(records):
        document = existing.get(record.record_id)
        if document is not None and document.fingerprint == record.fingerprint and not run.overwrite:
            outcomes[index] = Outcome.UNCHANGED
        elif document is None and not run.overwrite and record.record_id in _deleted_since(run):
            run.conflicts.append(Conflict(record.record_id, "document", "deleted", record.title))
            outcomes[index] = Outcome.UNCHANGED
        else:
            pending.append((index, record, document))
    stored = [document for _, _, document in pending if document is not None]
    judged = _judged_links(stored)
    current = current_documents(stored)
    run.resolver.prefetch(link for _, record, _ in pending for link in record.links)
    saving: list[_Saving] = []
    for index, record, document in pending:
        try:
            saving.append(_planned(record, document, judged, current, run))
        except RecordError as error:
            error.index = index
            raise
        outcomes[index] = saving[-1].outcome
    for item in saving:
        _copy_fields(item)
    _store_rows(saving)
    changed = [item for item in saving if item.taken]
    _replace_children(changed)
    _replace_links(changed)
    now = Change._meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    insert_rows(Change, ["record_id", "action", "at"],
            [(item.document.record_id, str(Change.Action.UPSERT), now) for item in changed])
    run.documents |= {item.document.pk for item in changed}
    return [outcomes[index] for index in range(len(records))]


def _planned(record: DocumentRecord, document: Document | None, judged: dict[int, set[tuple[int, str]]],
             current: dict[int, dict[str, Any]], run: ImportRun) -> _Saving:
    """What to write of a record: every field for a new document, the fields merged for a stored one."""
    links = _link_rows(record, None if document is None else judged.get(document.pk, set()), run.resolver)
    incoming = incoming_document(record, _curated(links))
    if document is None:
        # an export's values count as a curator's: a later import of the source changes none of them
        imported = {} if record.exported else kept_all(incoming)
        document = Document(record_id=record.record_id, fingerprint=record.fingerprint,
                            imported=imported | {RECORD_ID: record.record_id})
        return _Saving(record, document, links, incoming, new=True)
    merged = merge(record.record_id, document.imported, current[document.pk], incoming,
                   run.overwrite, unknown_base=_unsure_status(document), earlier=record.earlier)
    run.conflicts += merged.conflicts
    if not record.exported:  # the archive's own values: what the last import wrote stays the base
        document.imported = merged.imported | {RECORD_ID: record.record_id}
    # a conflict left standing is reported again by the next import of this record
    document.fingerprint = "" if merged.conflicts and not run.overwrite else record.fingerprint
    return _Saving(record, document, links, merged.taken, new=False)


def _deleted_since(run: ImportRun) -> set[str]:
    """Record IDs of documents deleted after the history recorded them: a deletion is a curator's
    decision, which an import does not undo (`--overwrite` does; `archivist history` restores)."""
    if run.deleted is None:
        from reversion.models import Version

        run.deleted = {version.field_dict["record_id"] for version in Version.objects.get_deleted(Document)}
    return run.deleted


def _renamed(record_ids: list[str], found: dict[str, Document], run: ImportRun) -> dict[str, Document]:
    """Documents a curator gave another record ID, by the one their import gave them: the file's
    record updates the renamed document instead of adding its old self again, published."""
    if run.renamed is None:  # one pass over the table per file, not per batch
        rows = Document.objects.filter(imported__has_key=RECORD_ID).values_list(
            "pk", "record_id", f"imported__{RECORD_ID}").iterator(chunk_size=2000)
        run.renamed = {imported: pk for pk, record_id, imported in rows if imported != record_id}
    taken = {document.pk for document in found.values()}
    wanted = {run.renamed[record_id]: record_id for record_id in record_ids if record_id in run.renamed}
    return {wanted[pk]: document for pk, document in Document.objects.in_bulk(list(wanted)).items()
            if pk not in taken}


def _unsure_status(document: Document) -> frozenset[str]:
    """Whether the status counts as a curator's, so that an import never publishes the document
    unasked: a document under embargo (a curator chose the day it is published), or one withheld in
    an archive from before bases were kept (whether a curator or the import withheld it is unknown)."""
    if document.embargoed_until is not None or (
            document.imported is None and document.status != Document.Status.PUBLISHED):
        return frozenset({"status"})
    return frozenset()


def _judged_links(documents: list[Document]) -> dict[int, set[tuple[int, str]]]:
    """Each document's links made or judged by enrichment, as (authority id, role): imports keep them."""
    judged: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for chunk in _chunks([d.pk for d in documents]):
        for document_id, authority_id, role in (
                Link.objects.filter(document_id__in=chunk).exclude(status=Link.Status.CURATED)
                .values_list("document_id", "authority_id", "role")):
            judged[document_id].add((authority_id, role))
    return judged


def _link_rows(record: DocumentRecord, judged: set[tuple[int, str]] | None,
               resolver: AuthorityResolver) -> list[_LinkRow]:
    """The links the record asks for, one per authority and role, in the order links are compared.

    `judged` is None for a new document. A stored document's links made or judged by enrichment are
    left as they are: the record's own machine-made links (an export's) and its curated links to the
    same authority in the same role are left out.
    """
    wanted: dict[tuple[int, str], _LinkRow] = {}
    for position, link in enumerate(record.links):
        if judged is not None and link.status != Link.Status.CURATED:
            continue
        authority = _resolve(link, position, resolver)
        wanted.setdefault((authority.pk, link.role), _LinkRow(
            authority, link.role, position, link.status, link.confidence))
    if record.archive_path:
        archive = resolver.archive(record.archive_path)
        wanted[(archive.pk, Link.Role.ARCHIVE)] = _LinkRow(archive, Link.Role.ARCHIVE, 0,
                                                           Link.Status.CURATED, None)
    rows = [row for pair, row in wanted.items() if pair not in (judged or ())]
    return sorted(rows, key=lambda row: (row.role == Link.Role.ARCHIVE, row.position))


def _curated(rows: list[_LinkRow]) -> list[list[str]]:
    return [[row.authority.kind, row.authority.key, row.role]
            for row in rows if row.status == Link.Status.CURATED]


def _copy_fields(item: _Saving) -> None:
    """The fields taken, onto the document; a date brings its bounds."""
    document, record = item.document, item.record
    for name, value in item.taken.items():
        if name == "date":
            document.date, document.date_earliest, document.date_latest = (
                record.date.edtf, record.date.earliest, record.date.latest)
        elif name == "original_uploaded_date":
            document.original_uploaded_date = record.original_uploaded_date
        elif name in ROW_FIELDS:
            setattr(document, name, value)
    if document.status != Document.Status.RESTRICTED:
        document.embargoed_until = None  # only a restricted document waits for its day (--overwrite)


def insert_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """Rows straight into the table: COPY on PostgreSQL, executemany on SQLite (in process, fast).

    For bulk imports, bulk_create's cost of building a model instance per row is most of the time.
    Values must already be in database form.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's errors as Django's (IntegrityError, DataError), as execute raises them
            copying = cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
            with connection.wrap_database_errors, copying as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            values = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)


def _store_rows(saving: list[_Saving]) -> None:
    """New documents go in as plain rows, then their ids are read back by record ID; stored ones are
    updated, as their base and fingerprint change even where no field is taken."""
    now = timezone.now()
    added = [item.document for item in saving if item.new]
    if added:
        ops = connection.ops
        fields = ["record_id", *DOCUMENT_FIELDS, "created", "modified"]
        rows = []
        for document in added:
            document.created = document.modified = now
            rows.append([getattr(document, name) for name in fields])
            for index in DATE_COLUMNS:
                rows[-1][index] = ops.adapt_datefield_value(rows[-1][index])
            rows[-1][IMPORTED_COLUMN] = json.dumps(document.imported)
            rows[-1][-2:] = [ops.adapt_datetimefield_value(now)] * 2
        insert_rows(Document, fields, rows)
        ids: dict[str, int] = {}
        for chunk in _chunks([d.record_id for d in added]):
            ids.update(Document.objects.filter(record_id__in=chunk).values_list("record_id", "pk"))
        for document in added:
            document.pk = ids[document.record_id]
    merged = [item.document for item in saving if not item.new]
    for item in saving:
        if item.taken and not item.new:
            item.document.modified = now
    if merged:
        Document.objects.bulk_update(merged, [*DOCUMENT_FIELDS, "embargoed_until", "modified"])


def _replace_children(changed: list[_Saving]) -> None:
    """Texts, notes and files taken from the record replace the document's."""
    replaced = {name: [item for item in changed if name in item.taken] for name in CHILDREN}
    for name, model in CHILDREN.items():
        stored = model.objects.filter(document_id__in=[i.document.pk for i in replaced[name] if not i.new])
        # scans attached with their pages (archivist.scans) stay: the import's files are the others
        (stored.filter(pages__isnull=True) if model is Attachment else stored).delete()
    scans = _scan_positions([i.document.pk for i in replaced["files"] if not i.new])
    insert_rows(Text, ["document", "position", "language", "kind", "body", "body_html"],
            [(i.document.pk, n, t.language, t.kind, t.body, t.body_html)
             for i in replaced["texts"] for n, t in enumerate(i.record.texts)])
    insert_rows(Note, ["document", "position", "kind", "marker", "body", "body_html"],
            [(i.document.pk, n, note["kind"], note["marker"], note["body"], note["body_html"])
             for i in replaced["notes"] for n, note in enumerate(i.record.notes)])
    Attachment.objects.bulk_create(
        Attachment(document=i.document, position=n, **f) for i in replaced["files"]
        for n, f in zip(_free_positions(scans.get(i.document.pk, set())), i.record.files, strict=False))


def _scan_positions(document_ids: list[int]) -> dict[int, set[int]]:
    """Each document's positions held by its scans (attachments with pages), which its files skip."""
    held: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(document_ids):
        for document_id, position in (Attachment.objects.filter(document_id__in=chunk, pages__isnull=False)
                                      .values_list("document_id", "position").distinct()):
            held[document_id].add(position)
    return held


def _free_positions(held: set[int]) -> Iterator[int]:
    return (position for position in itertools.count() if position not in held)


def _replace_links(changed: list[_Saving]) -> None:
    """Curated links taken from the record replace the document's; enrichment's stay (_link_rows)."""
    replaced = [item for item in changed if "links" in item.taken]
    Link.objects.filter(document_id__in=[i.document.pk for i in replaced if not i.new],
                        status=Link.Status.CURATED).delete()
    insert_rows(Link, ["document", "authority", "role", "position", "status", "confidence"],
            [(i.document.pk, row.authority.pk, row.role, row.position, row.status, row.confidence)
             for i in replaced for row in i.links])


CHILDREN = {"texts": Text, "notes": Note, "files": Attachment}
RECORD_ID = "record_id"  # in a document's base (`imported`): the record ID its import gave it
# Columns of a document that imports write, in the order of the rows _store_rows inserts.
DOCUMENT_FIELDS = ["title", "summary", "date", "date_display", "date_earliest", "date_latest", "source",
                   "rights", "original_language", "original_uploaded_date", "publisher", "url",
                   "number", "status", "fingerprint", "imported"]
DATE_COLUMNS = [1 + DOCUMENT_FIELDS.index(name)  # positions in a row that starts with record_id
                for name in ("date_earliest", "date_latest", "original_uploaded_date")]
IMPORTED_COLUMN = 1 + DOCUMENT_FIELDS.index("imported")


def _resolve(link: LinkRecord, position: int, resolver: AuthorityResolver) -> Authority:
    if link.key:
        return resolver.by_key(link.kinds[0], link.key, f"links[{position}].id")
    return resolver.by_name(link.name, link.kinds)


@transaction.atomic
def save_authority(record: AuthorityRecord, run: ImportRun | None = None) -> Outcome:
    """Create or update an authority record and its variant names, merged as documents are."""
    run = run or ImportRun()
    parent = _parent(record)
    incoming = incoming_authority(record, parent)
    authority = Authority.objects.filter(kind=record.kind, key=record.key).select_related("parent").first()
    if authority is None:
        merged = MergedAuthority.objects.filter(kind=record.kind, key=record.key).first()
        if merged is not None:  # merged into another record: that one stays, its snapshot follows the file
            return Outcome.UPDATED if identity.update_merged(merged, incoming) else Outcome.UNCHANGED
        same = _same_person(record, run)
        if same is not None:
            identity.absorb(same.authority, record.kind, record.key, incoming,
                            [v["name"] for v in record.variants if v["name"]],
                            MergedAuthority.How.IMPORT, same.evidence.summary())
            touch_documents_of(same.authority)
            run.authorities.add(same.authority.pk)
            return Outcome.MERGED
        authority = Authority(kind=record.kind, key=record.key, imported=kept_all(incoming))
        _copy_authority_fields(authority, incoming, parent, record.identifiers.get(identity.MERGED))
        _coordinates_imported(authority, incoming)
        authority.save()
        _save_variants(authority, record.variants)
        identity.keep_merged_keys(authority)
        run.authorities.add(authority.pk)
        run.added_authorities.add(authority.pk)
        return Outcome.ADDED
    merged = merge(f"{record.kind}/{record.key}", authority.imported, _current_coordinates(authority),
                   incoming, run.overwrite, unknown_base=_curators_coordinates(authority))
    run.conflicts += merged.conflicts
    generated = _replace_generated_variants(authority, record)
    base_changed, authority.imported = merged.imported != authority.imported, merged.imported
    if not merged.taken and not generated:
        if base_changed:
            authority.save(update_fields=["imported"])
        return Outcome.UNCHANGED
    _copy_authority_fields(authority, merged.taken, parent)
    _coordinates_imported(authority, merged.taken)
    authority.save()
    if "variants" in merged.taken:
        authority.variants.filter(origin=VariantName.Origin.CURATED).exclude(scheme=MERGED_NAMES).delete()
        _save_variants(authority, [v for v in record.variants if v["origin"] == VariantName.Origin.CURATED
                                   and v["scheme"] != MERGED_NAMES])
    touch_documents_of(authority)
    run.authorities.add(authority.pk)
    return Outcome.UPDATED


COORDINATES = ("latitude", "longitude")


def _current_coordinates(authority: Authority) -> dict[str, Any]:
    """The record's fields as an import compares them; coordinates the gazetteer gave count as the last
    import's, so that a file's coordinates replace them and no file's absence of them removes them."""
    current = current_authority(authority)
    if authority.coordinates_source == "gazetteer":
        base = authority.imported or {}
        current |= {name: base.get(name) for name in COORDINATES}
    return current


def _curators_coordinates(authority: Authority) -> frozenset[str]:
    """Coordinates a curator typed or cleared count as changed by a curator, whatever the last import's:
    a file's coordinates never replace them but as a conflict (or with --overwrite)."""
    return frozenset(COORDINATES) if authority.coordinates_source == "curator" else frozenset()


def _coordinates_imported(authority: Authority, taken: dict[str, Any]) -> None:
    """Coordinates a file gave are the import's; a file that takes them away leaves none."""
    if any(name in taken for name in COORDINATES):
        authority.coordinates_source = "import" if authority.latitude is not None else ""


def _same_person(record: AuthorityRecord, run: ImportRun) -> identity.Match | None:
    """The stored person a new person record surely denotes (records.identity), if any; never one of
    the records the same import stored: a source lists each of its people once."""
    if record.kind != AuthorityKind.PERSON:
        return None
    facts = identity.facts_of_record(record.sort_name, record.display_name, record.description,
                                     record.dates, record.identifiers,
                                     [v["name"] for v in record.variants if v["name"]])
    if run.people is None:
        run.people = identity.People()
    return identity.same_person(facts, run.people, exclude=run.authorities | run.resolver.created)


def _parent(record: AuthorityRecord) -> Authority | None:
    """The record's parent, which must exist and must not be the record or a record below it."""
    if not record.parent_key:
        return None
    parent = Authority.objects.filter(kind=record.kind, key=record.parent_key).first()
    if parent is None and record.kind == AuthorityKind.SUBJECT:
        parent = Authority.objects.filter(kind=record.kind, sort_name=record.parent_key).first()
    if parent is None:
        raise RecordError("parent", f"no {record.kind} with id {record.parent_key!r}")
    if any(level.kind == record.kind and level.key == record.key for level in chain_above(parent)):
        raise RecordError("parent", f"{record.parent_key!r} is {record.key!r} or a record below it: "
                                    "a record cannot be placed under itself")
    return parent


def _copy_authority_fields(authority: Authority, values: dict[str, Any], parent: Authority | None,
                           merged: list | None = None) -> None:
    """The values onto the record; the identifiers of records merged into it stay (or, for a new record,
    `merged`: those its file gives, an export's)."""
    for name, value in values.items():
        if name == "parent":
            authority.parent = parent
        elif name == "identifiers":
            merged = (authority.identifiers or {}).get(identity.MERGED) if merged is None else merged
            authority.identifiers = value | ({identity.MERGED: merged} if merged else {})
        elif name != "variants":
            setattr(authority, name, value)


def _replace_generated_variants(authority: Authority, record: AuthorityRecord) -> bool:
    """Generated variants belong to enrichment: a record that carries some (an export) replaces
    them; whether that changed anything."""
    generated = {(v["name"], v["scheme"]) for v in record.variants
                 if v["origin"] == VariantName.Origin.GENERATED and v["name"]}
    stored = authority.variants.filter(origin=VariantName.Origin.GENERATED)
    if not generated or set(stored.values_list("name", "scheme")) == generated:
        return False
    stored.delete()
    curated = set(authority.variants.values_list("name", flat=True))
    VariantName.objects.bulk_create(
        VariantName(authority=authority, name=name, origin=VariantName.Origin.GENERATED, scheme=scheme)
        for name, scheme in sorted(generated) if name not in curated)
    return True


def _save_variants(authority: Authority, variants: list[dict[str, str]]) -> None:
    """Curated names in place of generated ones of the same name (a name is held once)."""
    names = {v["name"]: v for v in variants if v["name"]}
    authority.variants.filter(name__in=list(names)).delete()
    VariantName.objects.bulk_create(
        VariantName(authority=authority, name=name, origin=v["origin"], scheme=v["scheme"])
        for name, v in sorted(names.items()))


def touch_documents_of(authority: Authority) -> None:
    """Queue the documents linked to an authority or to a record below it for reindexing and relisting,
    as its names or its place changed (a broader record lists the documents of those below it)."""
    documents = Document.objects.filter(links__authority_id__in=records_below([authority.pk]))
    record_ids = documents.values_list("record_id", flat=True).distinct()
    Change.objects.bulk_create(Change(record_id=rid, action=Change.Action.UPSERT)
                               for rid in record_ids)


@transaction.atomic
def delete_document(record_id: str) -> bool:
    """Delete a document and everything of it; the deletion reaches the outbox (models' post_delete)."""
    deleted, _ = Document.objects.filter(record_id=record_id).delete()
    return bool(deleted)


@transaction.atomic
def set_status(record_id: str, status: str) -> None:
    """Publish, restrict or withdraw a document to draft; leaving restricted ends its embargo.

    The next import of the document keeps the status a curator gave it (records.merge).
    """
    if status not in Document.Status.values:
        raise RecordError("status", f"must be one of {', '.join(Document.Status.values)}")
    fields: dict[str, Any] = {"status": status}
    if status != Document.Status.RESTRICTED:
        fields["embargoed_until"] = None
    updated = Document.objects.filter(record_id=record_id).update(**fields)
    if not updated:
        raise RecordError("record_id", f"no document {record_id!r}")
    Change.objects.create(record_id=record_id, action=Change.Action.UPSERT)
