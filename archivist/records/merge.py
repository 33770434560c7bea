"""Importing again without undoing curators' work: a three-way merge of each field.

For each field of a document or authority record the archive keeps the value the last import wrote
(`imported`, the base). A new import changes a field only where the stored value is still the base;
where a curator changed it, the curator's value stays and the field is reported as a conflict, its
base kept, so that the next import reports it again until a curator or `--overwrite` settles it.
docs/record-format.md ("Importing again") describes the rules for users.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from archivist.records.models import Attachment, Authority, Document, Link, Note, Text, VariantName
from archivist.records.recordformat import AuthorityRecord, DocumentRecord

# A base longer than this (a string's characters, other values' JSON) is kept as its hash: a field's
# base is only ever compared, and a document's texts would otherwise be stored twice.
LONGEST_KEPT = 200
HASHED = "sha256:"
_NO_BASE = object()
MERGED_IDENTIFIERS = "merged"  # records.identity.MERGED
# The scheme of the variant names a record took from the records merged into it: like their
# identifiers, not the record's own source's, so its imports neither compare nor replace them.
MERGED_NAMES = "merged"  # a field no import wrote: a record a curator created


@dataclass(frozen=True)
class Conflict:
    """A field a curator changed and the file changes too: the curator's value is kept."""

    record: str  # a document's record ID, or "kind/key" of an authority record
    field: str
    current: Any  # the curator's value
    incoming: Any  # the file's value


@dataclass
class Merged:
    taken: dict[str, Any]  # fields to write, with the file's values
    imported: dict[str, Any]  # the new base of every field
    conflicts: list[Conflict] = field(default_factory=list)


def kept(value: Any) -> Any:
    """A field's value as `imported` keeps it: itself, or the hash of a long one."""
    if not value or isinstance(value, int | float) or (isinstance(value, str) and len(value) <= LONGEST_KEPT):
        return value  # most values: no JSON to write
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if len(text) <= LONGEST_KEPT:
        return value
    return HASHED + hashlib.sha256(text.encode()).hexdigest()


def kept_all(values: dict[str, Any]) -> dict[str, Any]:
    """The base of a record the import creates: every field as the file gives it."""
    return {name: kept(value) for name, value in values.items()}


def merge(record: str, imported: dict[str, Any] | None, current: dict[str, Any],
          incoming: dict[str, Any], overwrite: bool = False,
          unknown_base: frozenset[str] = frozenset(), earlier: dict[str, Any] | None = None) -> Merged:
    """Each field of `incoming` against its base in `imported` and its `current` value.

    `imported` None (an archive from before bases were kept) takes the current values as the base.
    The fields in `unknown_base` count as changed by a curator. With `overwrite` every field takes
    the file's value; each that a curator had changed is still reported. `earlier` holds fields as an
    earlier version of the importer wrote them from the same file: a base equal to one is the file's
    own value, so the field takes the new form where no curator changed it and is no conflict where one did.
    """
    if imported is None:
        imported = {name: kept(value) for name, value in current.items()}
    imported = {name: value for name, value in imported.items() if name not in unknown_base}
    merged = Merged(taken={}, imported=dict(imported))
    earlier = earlier or {}
    for name, value in incoming.items():
        now, base = current[name], imported.get(name, _NO_BASE)
        if now == value:
            merged.imported[name] = kept(value)
            continue
        curators = kept(now) != base
        if name in earlier and kept(earlier[name]) == base and not overwrite:
            merged.imported[name] = kept(value)  # the file did not change it: its new form is the base
            if not curators:
                merged.taken[name] = value
            continue
        if kept(value) == base and not overwrite:
            continue  # the file did not change it: whatever is stored stays
        if curators:
            merged.conflicts.append(Conflict(record, name, now, value))
        if overwrite or not curators:
            merged.taken[name] = value
            merged.imported[name] = kept(value)
    return merged


# The fields of a document an import writes, as JSON values: each is compared whole.
ROW_FIELDS = ("title", "summary", "date", "date_display", "source", "rights", "original_language",
              "original_uploaded_date", "publisher", "url", "number", "status")
FILE_FIELDS = ("kind", "label", "filename", "media_type", "path", "url", "size", "sha256")


def incoming_document(record: DocumentRecord, links: list[list[str]]) -> dict[str, Any]:
    """A record's fields as the import would write them; `links` are its curated links resolved,
    as [kind, key, role], the archive's last."""
    from archivist.records.dates import display_date

    uploaded = record.original_uploaded_date
    return {
        "title": record.title, "summary": record.summary, "date": record.date.edtf,
        "date_display": record.date_display or display_date(record.date),
        "source": record.source, "rights": record.rights, "original_language": record.original_language,
        "original_uploaded_date": uploaded.isoformat() if uploaded else None,
        "publisher": record.publisher, "url": record.url, "number": record.number,
        "status": record.status,
        "texts": [[t.language, t.kind, t.body, t.body_html] for t in record.texts],
        "notes": [note_value(n["kind"], n["marker"], n["body"], n["body_html"]) for n in record.notes],
        "files": [{name: f[name] for name in FILE_FIELDS} for f in record.files],
        "links": links,
    }


def note_value(kind: str, marker: str, body: str, body_html: str) -> list[str]:
    """A note as its field compares it: a note without HTML as notes were before they had any, so that
    the bases of earlier imports still compare."""
    return [kind, marker, body, body_html] if body_html else [kind, marker, body]


def current_documents(documents: list[Document]) -> dict[int, dict[str, Any]]:
    """Each stored document's fields as incoming_document gives a record's, by id; a few queries."""
    values = {}
    for document in documents:
        uploaded = document.original_uploaded_date
        values[document.pk] = {name: getattr(document, name) for name in ROW_FIELDS} | {
            "original_uploaded_date": uploaded.isoformat() if uploaded else None,
            "texts": [], "notes": [], "files": [], "links": []}
    ids = list(values)
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        for document_id, *text in (Text.objects.filter(document_id__in=chunk).order_by("position")
                                   .values_list("document_id", "language", "kind", "body", "body_html")):
            values[document_id]["texts"].append(text)
        for document_id, *note in (Note.objects.filter(document_id__in=chunk).order_by("position")
                                   .values_list("document_id", "kind", "marker", "body", "body_html")):
            values[document_id]["notes"].append(note_value(*note))
        # scans attached with their pages (archivist.scans) are no import's files: never compared
        for document_id, *file in (Attachment.objects.filter(document_id__in=chunk, pages__isnull=True)
                                   .order_by("position").values_list("document_id", *FILE_FIELDS)):
            values[document_id]["files"].append(dict(zip(FILE_FIELDS, file, strict=True)))
        links = (Link.objects.filter(document_id__in=chunk, status=Link.Status.CURATED)
                 .values_list("document_id", "authority__kind", "authority__key", "role", "position", "pk"))
        for document_id, kind, key, role, *_ in sorted(
                links, key=lambda row: (row[3] == Link.Role.ARCHIVE, row[4], row[5])):
            values[document_id]["links"].append([kind, key, role])
    return values


def authority_values(authority: Authority) -> dict[str, Any]:
    """An authority record's fields but its variant names, as JSON values."""
    parent = authority.parent
    return {
        "sort_name": authority.sort_name, "display_name": authority.display_name,
        "dates": authority.dates, "description": authority.description,
        "identifiers": own_identifiers(authority.identifiers),
        "parent": [parent.kind, parent.key] if parent else None,
        "latitude": authority.latitude, "longitude": authority.longitude,
    }


def own_identifiers(identifiers: dict[str, Any] | None) -> dict[str, Any]:
    """A record's identifiers but those of the records merged into it (records.identity): theirs come
    from other sources, so an import of the record's own source neither compares nor replaces them."""
    return {name: value for name, value in (identifiers or {}).items() if name != MERGED_IDENTIFIERS}


def current_authority(authority: Authority) -> dict[str, Any]:
    names = (authority.variants.filter(origin=VariantName.Origin.CURATED).exclude(scheme=MERGED_NAMES)
             .values_list("name", flat=True))
    return authority_values(authority) | {"variants": sorted(names)}


def incoming_authority(record: AuthorityRecord, parent: Authority | None) -> dict[str, Any]:
    """A record's fields as the import would write them; its curated variant names as a sorted list."""
    return {
        "sort_name": record.sort_name, "display_name": record.display_name, "dates": record.dates,
        "description": record.description, "identifiers": own_identifiers(record.identifiers),
        "parent": [parent.kind, parent.key] if parent else None,
        "latitude": record.latitude, "longitude": record.longitude,
        "variants": sorted({v["name"] for v in record.variants if v["origin"] == VariantName.Origin.CURATED
                            and v["name"] and v["scheme"] != MERGED_NAMES}),
    }
