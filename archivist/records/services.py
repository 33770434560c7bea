"""Operations on records: save, delete and publish documents and authority records.

Every interface (CLI, importers, web, API) changes records through these functions, so each change
is validated, stored in one transaction and written to the outbox (records.Change) for the indexer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from enum import StrEnum

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from archivist.records.models import (
    Attachment,
    Authority,
    AuthorityKind,
    Change,
    Document,
    Link,
    Note,
    Text,
    VariantName,
    chain_above,
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


class AuthorityResolver:
    """Finds (or creates) the authority records a document names, remembering them for a batch."""

    def __init__(self) -> None:
        self._cache: dict[tuple, Authority] = {}

    def by_name(self, name: str, kinds: tuple[str, ...]) -> Authority:
        cache_key = (kinds, name)
        if cache_key not in self._cache:
            found = (Authority.objects.filter(kind__in=kinds, sort_name=name).first()
                     or Authority.objects.filter(kind__in=kinds, variants__name=name).first())
            self._cache[cache_key] = found or self._create(name, _kind_for_new_name(name, kinds))
        return self._cache[cache_key]

    def by_key(self, kind: str, key: str, field_name: str) -> Authority:
        cache_key = (kind, key)
        if cache_key not in self._cache:
            found = Authority.objects.filter(kind=kind, key=key).first()
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
        if by_name:
            self._find_names(by_name)
            self._create_names([wanted for wanted in by_name if wanted not in self._cache])

    def _find_names(self, wanted: set[tuple[tuple[str, ...], str]]) -> None:
        """As by_name: a sort form first, then a variant; between kinds, the first by kind."""
        kinds = {kind for group, _ in wanted for kind in group}
        for lookup in ("sort_name", "variants__name"):
            names = sorted({name for group, name in wanted if (group, name) not in self._cache})
            found: dict[str, list[Authority]] = defaultdict(list)
            for chunk in _chunks(names):
                rows = (Authority.objects.filter(kind__in=kinds, **{f"{lookup}__in": chunk})
                        .annotate(matched=F(lookup)).order_by("kind", "pk"))
                for authority in rows:
                    found[authority.matched].append(authority)
            for group, name in wanted:
                match = next((a for a in found.get(name, ()) if a.kind in group), None)
                if match is not None and (group, name) not in self._cache:
                    self._cache[(group, name)] = match

    def _create_names(self, missing: list[tuple[tuple[str, ...], str]]) -> None:
        new: dict[tuple[str, str], Authority] = {}
        for group, name in sorted(missing):
            kind = _kind_for_new_name(name, group)
            if kind == AuthorityKind.SUBJECT and "--" in name:
                self.by_name(name, group)  # broader headings first, one by one
            elif (kind, name) not in new:
                new[(kind, name)] = Authority(kind=kind, key=authority_key(name), sort_name=name,
                                              display_name=display_form(name, kind))
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
        for group, name in missing:
            created = new.get((_kind_for_new_name(name, group), name))
            if created is not None:
                self._cache[(group, name)] = created

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

    @staticmethod
    def _archive_level(name: str, key: str, parent: Authority | None) -> Authority:
        """Found by name under its parent; two paths whose keys collide get distinct records."""
        found = Authority.objects.filter(kind=AuthorityKind.ARCHIVE, sort_name=name,
                                         parent=parent).first()
        return found or Authority.objects.create(
            kind=AuthorityKind.ARCHIVE, key=_free_key(AuthorityKind.ARCHIVE, key), sort_name=name,
            display_name=name, parent=parent)

    def _create(self, name: str, kind: str) -> Authority:
        parent = None
        if kind == AuthorityKind.SUBJECT and "--" in name:
            parent = self.by_name(name.rsplit("--", 1)[0], (AuthorityKind.SUBJECT,))
        return Authority.objects.create(kind=kind, key=_free_key(kind, authority_key(name)),
                                        sort_name=name, display_name=display_form(name, kind),
                                        parent=parent)


def _kind_for_new_name(name: str, kinds: tuple[str, ...]) -> str:
    """A new name in a people-or-organizations list is a person when written "Surname, Forename"."""
    if AuthorityKind.PERSON in kinds and AuthorityKind.ORGANIZATION in kinds:
        return AuthorityKind.PERSON if name.count(", ") == 1 else AuthorityKind.ORGANIZATION
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


@transaction.atomic
def save_document(record: DocumentRecord, resolver: AuthorityResolver | None = None) -> Outcome:
    """Create or update a document from a validated record; unchanged records are left alone."""
    return save_documents([record], resolver)[0]


@transaction.atomic
def save_documents(records: list[DocumentRecord],
                   resolver: AuthorityResolver | None = None) -> list[Outcome]:
    """Save a batch of documents with a few bulk queries; the outcome of each, in order.

    The batch's record IDs must be distinct. A RecordError names the failing record's `index`.
    """
    resolver = resolver or AuthorityResolver()
    existing = Document.objects.in_bulk([r.record_id for r in records], field_name="record_id")
    outcomes, added, updated = [], [], []
    for record in records:
        document = existing.get(record.record_id)
        if document is not None and document.fingerprint == record.fingerprint:
            outcomes.append(Outcome.UNCHANGED)
            continue
        outcomes.append(Outcome.ADDED if document is None else Outcome.UPDATED)
        if document is None:
            document = Document(record_id=record.record_id)
            added.append((record, document))
        else:
            updated.append((record, document))
        _copy_fields(record, document)
    _store_rows(added, updated)
    changed = added + updated
    _replace_children(changed, updated)
    _replace_links(changed, updated, records, resolver)
    now = Change._meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    _insert(Change, ["record_id", "action", "at"],
            [(d.record_id, str(Change.Action.UPSERT), now) for _, d in changed])
    return outcomes


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
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
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            values = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)


def _store_rows(added: list[tuple[DocumentRecord, Document]],
                updated: list[tuple[DocumentRecord, Document]]) -> None:
    """New documents go in as plain rows, then their ids are read back by record ID."""
    if added:
        now = timezone.now()
        ops = connection.ops
        fields = ["record_id", *DOCUMENT_FIELDS, "created", "modified"]
        rows = []
        for _, document in added:
            document.created = document.modified = now
            rows.append([getattr(document, name) for name in fields])
            for index in DATE_COLUMNS:
                rows[-1][index] = ops.adapt_datefield_value(rows[-1][index])
            rows[-1][-2:] = [ops.adapt_datetimefield_value(now)] * 2
        _insert(Document, fields, rows)
        ids: dict[str, int] = {}
        for chunk in _chunks([d.record_id for _, d in added]):
            ids.update(Document.objects.filter(record_id__in=chunk).values_list("record_id", "pk"))
        for _, document in added:
            document.pk = ids[document.record_id]
    if updated:
        now = timezone.now()
        for _, document in updated:
            document.modified = now
        Document.objects.bulk_update([d for _, d in updated], DOCUMENT_FIELDS + ["modified"])


def _replace_children(changed: list[tuple[DocumentRecord, Document]],
                      updated: list[tuple[DocumentRecord, Document]]) -> None:
    if updated:
        ids = [d.pk for _, d in updated]
        for model in (Text, Note, Attachment):
            model.objects.filter(document_id__in=ids).delete()
    _insert(Text, ["document", "position", "language", "kind", "body", "body_html"],
            [(d.pk, i, t.language, t.kind, t.body, t.body_html)
             for r, d in changed for i, t in enumerate(r.texts)])
    _insert(Note, ["document", "position", "kind", "marker", "body"],
            [(d.pk, i, n["kind"], n["marker"], n["body"])
             for r, d in changed for i, n in enumerate(r.notes)])
    Attachment.objects.bulk_create(Attachment(document=d, position=i, **f)
                                   for r, d in changed for i, f in enumerate(r.files))


def _copy_fields(record: DocumentRecord, document: Document) -> None:
    from archivist.records.dates import display_date

    document.title = record.title
    document.summary = record.summary
    document.date = record.date.edtf
    document.date_display = record.date_display or display_date(record.date)
    document.date_earliest = record.date.earliest
    document.date_latest = record.date.latest
    for name in COPIED_FIELDS:
        setattr(document, name, getattr(record, name))


COPIED_FIELDS = ["source", "rights", "original_language", "original_uploaded_date", "publisher",
                 "url", "number", "status", "fingerprint"]  # same name on the record and the model
DOCUMENT_FIELDS = ["title", "summary", "date", "date_display", "date_earliest", "date_latest", *COPIED_FIELDS]
DATE_COLUMNS = [1 + DOCUMENT_FIELDS.index(name)  # positions in a row that starts with record_id
                for name in ("date_earliest", "date_latest", "original_uploaded_date")]


def _replace_links(changed: list[tuple[DocumentRecord, Document]],
                   updated: list[tuple[DocumentRecord, Document]],
                   records: list[DocumentRecord], resolver: AuthorityResolver) -> None:
    """Curated links come from the record; links proposed or judged by enrichment are kept.

    A record that carries machine-made links itself (an export) replaces all of a document's links.
    """
    replace_all = [d.pk for r, d in updated if _carries_enrichment(r)]
    keep_enrichment = [d.pk for r, d in updated if not _carries_enrichment(r)]
    Link.objects.filter(document_id__in=replace_all).delete()
    Link.objects.filter(document_id__in=keep_enrichment, status=Link.Status.CURATED).delete()
    judged = set(Link.objects.filter(document_id__in=keep_enrichment)
                 .values_list("document_id", "authority_id", "role"))
    resolver.prefetch(link for record, _ in changed for link in record.links)
    index_of = {id(r): i for i, r in enumerate(records)}
    rows: list[tuple] = []
    for record, document in changed:
        try:
            rows += _document_links(record, document, resolver, judged)
        except RecordError as error:
            error.index = index_of[id(record)]
            raise
    _insert(Link, ["document", "authority", "role", "position", "status", "confidence"], rows)


def _carries_enrichment(record: DocumentRecord) -> bool:
    return any(link.status != Link.Status.CURATED for link in record.links)


def _document_links(record: DocumentRecord, document: Document, resolver: AuthorityResolver,
                    judged: set[tuple[int, int, str]]) -> list[tuple]:
    """Link rows (document, authority, role, position, status, confidence), one per authority and role."""
    wanted: dict[tuple[int, str], tuple] = {}
    for position, link in enumerate(record.links):
        authority = _resolve(link, position, resolver)
        wanted.setdefault((authority.pk, link.role), (
            document.pk, authority.pk, link.role, position, link.status, link.confidence))
    if record.archive_path:
        archive = resolver.archive(record.archive_path)
        wanted[(archive.pk, Link.Role.ARCHIVE)] = (document.pk, archive.pk, Link.Role.ARCHIVE, 0,
                                                   Link.Status.CURATED, None)
    return [row for (pk, role), row in wanted.items() if (document.pk, pk, role) not in judged]


def _resolve(link: LinkRecord, position: int, resolver: AuthorityResolver) -> Authority:
    if link.key:
        return resolver.by_key(link.kinds[0], link.key, f"links[{position}].id")
    return resolver.by_name(link.name, link.kinds)


@transaction.atomic
def save_authority(record: AuthorityRecord) -> Outcome:
    """Create or update an authority record and its variant names."""
    parent = None
    if record.parent_key:
        parent = Authority.objects.filter(kind=record.kind, key=record.parent_key).first()
        if parent is None and record.kind == AuthorityKind.SUBJECT:
            parent = Authority.objects.filter(kind=record.kind, sort_name=record.parent_key).first()
        if parent is None:
            raise RecordError("parent", f"no {record.kind} with id {record.parent_key!r}")
        if any(level.kind == record.kind and level.key == record.key for level in chain_above(parent)):
            raise RecordError("parent", f"{record.parent_key!r} is {record.key!r} or a record below it: "
                                        "a record cannot be placed under itself")
    values = {
        "sort_name": record.sort_name, "display_name": record.display_name, "dates": record.dates,
        "description": record.description, "identifiers": record.identifiers, "parent": parent,
        "latitude": record.latitude, "longitude": record.longitude,
    }
    authority = Authority.objects.filter(kind=record.kind, key=record.key).first()
    if authority is None:
        authority = Authority.objects.create(kind=record.kind, key=record.key, **values)
        _save_variants(authority, record.variants)
        return Outcome.ADDED
    replaced = _replaced_variants(authority, record)
    changed = any(getattr(authority, name) != value for name, value in values.items())
    old_variants = sorted(replaced.values_list("name", "origin", "scheme"))
    if not changed and old_variants == sorted(_variant_tuples(record.variants)):
        return Outcome.UNCHANGED
    for name, value in values.items():
        setattr(authority, name, value)
    authority.save()
    replaced.delete()
    _save_variants(authority, record.variants)
    touch_documents_of(authority)
    return Outcome.UPDATED


def _variant_tuples(variants: list[dict[str, str]]) -> set[tuple[str, str, str]]:
    return {(v["name"], v["origin"], v["scheme"]) for v in variants if v["name"]}


def _replaced_variants(authority: Authority, record: AuthorityRecord):
    """Generated variants belong to enrichment: only a record that carries some replaces them."""
    if any(v["origin"] == VariantName.Origin.GENERATED for v in record.variants):
        return authority.variants.all()
    return authority.variants.filter(origin=VariantName.Origin.CURATED)


def _save_variants(authority: Authority, variants: list[dict[str, str]]) -> None:
    VariantName.objects.bulk_create(
        VariantName(authority=authority, name=name, origin=origin, scheme=scheme)
        for name, origin, scheme in sorted(_variant_tuples(variants)))


def touch_documents_of(authority: Authority) -> None:
    """Queue the documents linked to an authority for reindexing, as its names changed."""
    record_ids = authority.documents.values_list("record_id", flat=True).distinct()
    Change.objects.bulk_create(Change(record_id=rid, action=Change.Action.UPSERT)
                               for rid in record_ids)


@transaction.atomic
def delete_document(record_id: str) -> bool:
    """Delete a document and everything of it; the deletion reaches the outbox (models' post_delete)."""
    deleted, _ = Document.objects.filter(record_id=record_id).delete()
    return bool(deleted)


@transaction.atomic
def set_status(record_id: str, status: str) -> None:
    """Publish, restrict or withdraw a document to draft."""
    if status not in Document.Status.values:
        raise RecordError("status", f"must be one of {', '.join(Document.Status.values)}")
    updated = Document.objects.filter(record_id=record_id).update(status=status, fingerprint="")
    if not updated:
        raise RecordError("record_id", f"no document {record_id!r}")
    Change.objects.create(record_id=record_id, action=Change.Action.UPSERT)
