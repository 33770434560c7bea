"""Exports of the whole archive; each format is one writer in the EXPORT_FORMATS table."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO

from django.db.models import Prefetch

from archivist.interop.citation import archive_citation
from archivist.records.models import Authority, Document, Link, chain_above
from archivist.records.recordformat import write_authority, write_document

BATCH = 500


def document_queryset():
    # Links join their authority: prefetching the authorities themselves puts one OR per
    # authority in the query, past SQLite's expression depth limit for large batches.
    links = Prefetch("links", queryset=Link.objects.select_related("authority__parent"))
    return Document.objects.order_by("record_id").prefetch_related(
        "texts", "notes", "attachments", links)


def export_records() -> Iterator[dict]:
    """Authority records first (parents before children), then documents with their links."""
    authorities = Authority.objects.select_related("parent").prefetch_related("variants")
    for authority in sorted(authorities, key=_parent_depth):
        yield write_authority(authority)
    for document in document_queryset().iterator(chunk_size=BATCH):
        yield document_json(document)


def document_json(document: Document) -> dict:
    data = write_document(document)
    data["citation_as_published"] = archive_citation(document)
    return data


def _parent_depth(authority: Authority) -> tuple[int, str, str]:
    return sum(1 for _ in chain_above(authority)), authority.kind, authority.key


def write_jsonl(out: IO[str]) -> int:
    count = 0
    for record in export_records():
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


EXPORT_FORMATS: dict[str, Callable[[IO[str]], int]] = {"jsonl": write_jsonl}
