"""Operations on records: save, delete and publish documents and authority records.

Every interface (CLI, importers, web, API) changes records through these functions, so each change
is validated, stored in one transaction and written to the outbox (records.Change) for the indexer.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import transaction

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

    def archive(self, path: list[str]) -> Authority:
        """The deepest level of an archive path: [archive, collection, series...]."""
        parent = None
        for depth, name in enumerate(path):
            key = authority_key("--".join(path[: depth + 1]))
            cache_key = (AuthorityKind.ARCHIVE, key)
            if cache_key not in self._cache:
                self._cache[cache_key], _ = Authority.objects.get_or_create(
                    kind=AuthorityKind.ARCHIVE, key=key,
                    defaults={"sort_name": name, "display_name": name, "parent": parent})
            parent = self._cache[cache_key]
        return parent

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


def _free_key(kind: str, key: str) -> str:
    candidate, suffix = key, 1
    while Authority.objects.filter(kind=kind, key=candidate).exists():
        suffix += 1
        candidate = f"{key}-{suffix}"
    return candidate


@transaction.atomic
def save_document(record: DocumentRecord, resolver: AuthorityResolver | None = None) -> Outcome:
    """Create or update a document from a validated record; unchanged records are left alone."""
    resolver = resolver or AuthorityResolver()
    document = Document.objects.filter(record_id=record.record_id).first()
    if document is not None and document.fingerprint == record.fingerprint:
        return Outcome.UNCHANGED
    outcome = Outcome.ADDED if document is None else Outcome.UPDATED
    document = document or Document(record_id=record.record_id)
    _copy_fields(record, document)
    document.save()
    if outcome is Outcome.UPDATED:
        document.texts.all().delete()
        document.notes.all().delete()
        document.attachments.all().delete()
    Text.objects.bulk_create(
        Text(document=document, position=i, language=t.language, kind=t.kind, body=t.body,
             body_html=t.body_html) for i, t in enumerate(record.texts))
    Note.objects.bulk_create(Note(document=document, position=i, **n)
                             for i, n in enumerate(record.notes))
    Attachment.objects.bulk_create(Attachment(document=document, position=i, **f)
                                   for i, f in enumerate(record.files))
    _replace_links(document, record, resolver)
    Change.objects.create(record_id=document.record_id, action=Change.Action.UPSERT)
    return outcome


def _copy_fields(record: DocumentRecord, document: Document) -> None:
    from archivist.records.dates import display_date

    document.title = record.title
    document.summary = record.summary
    document.date = record.date.edtf
    document.date_display = record.date_display or display_date(record.date)
    document.date_earliest = record.date.earliest
    document.date_latest = record.date.latest
    for name in ("source", "rights", "original_language", "original_uploaded_date", "publisher",
                 "url", "number", "status", "fingerprint"):
        setattr(document, name, getattr(record, name))


def _replace_links(document: Document, record: DocumentRecord, resolver: AuthorityResolver) -> None:
    """Curated links come from the record; links proposed or judged by enrichment are kept."""
    keep_enrichment = not any(link.key for link in record.links)
    existing = document.links.all()
    if keep_enrichment:
        existing = existing.filter(status=Link.Status.CURATED)
    existing.delete()
    wanted: dict[tuple[int, str], Link] = {}
    for position, link in enumerate(record.links):
        authority = _resolve(link, position, resolver)
        wanted.setdefault((authority.pk, link.role), Link(
            document=document, authority=authority, role=link.role, position=position,
            status=link.status, confidence=link.confidence))
    if record.archive_path:
        archive = resolver.archive(record.archive_path)
        wanted[(archive.pk, Link.Role.ARCHIVE)] = Link(document=document, authority=archive,
                                                      role=Link.Role.ARCHIVE)
    if keep_enrichment:
        judged = set(document.links.values_list("authority_id", "role"))
        wanted = {k: v for k, v in wanted.items() if k not in judged}
    Link.objects.bulk_create(wanted.values())


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
    old_variants = _variant_rows(authority)
    changed = any(getattr(authority, name) != value for name, value in values.items())
    if not changed and old_variants == sorted(_variant_tuples(record.variants)):
        return Outcome.UNCHANGED
    for name, value in values.items():
        setattr(authority, name, value)
    authority.save()
    authority.variants.all().delete()
    _save_variants(authority, record.variants)
    touch_documents_of(authority)
    return Outcome.UPDATED


def _variant_tuples(variants: list[dict[str, str]]) -> set[tuple[str, str, str]]:
    return {(v["name"], v["origin"], v["scheme"]) for v in variants if v["name"]}


def _variant_rows(authority: Authority) -> list[tuple[str, str, str]]:
    return sorted(authority.variants.values_list("name", "origin", "scheme"))


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
    deleted, _ = Document.objects.filter(record_id=record_id).delete()
    if deleted:
        Change.objects.create(record_id=record_id, action=Change.Action.DELETE)
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
