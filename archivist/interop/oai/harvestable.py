"""The harvest records (HarvestRecord) kept in step with the outbox (records.Change).

A document's datestamp is when its public form last changed: each change in the outbox is looked at,
and the document's public record (the export's, interop.export, with only the links the public sees)
and its sets are compared by fingerprint with what harvesters were last given. So publishing, an edit,
a renamed person named in it, or a move to another collection gives a new datestamp; a link proposed by
enrichment, an import that changed nothing, or a draft edited in the admin gives none. A published
document that is restricted, set to draft or deleted becomes a deleted record; one never published
never gets a row.

Datestamps are the time of the update, to the second, and harvest requests bring the records up to date
before they read (views), so a change can never get a datestamp earlier than a harvest that missed it;
a request that cannot (another process's update or an import holding the database) dates its reply
no later than the last completed update (complete_as_of).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from archivist.interop.export import document_json, document_queryset
from archivist.interop.oai.models import HarvestRecord, HarvestSet, HarvestState
from archivist.records.models import Authority, AuthorityKind, Change, Document, Link, chain_above
from archivist.records.recordformat import archive_path

CHUNK = 500
# Top-level sets, each above the sets of its kind of authority record: topic:cold-war, archive:cca:wengao.
SET_KINDS = {AuthorityKind.TOPIC: ("topic", "Topics"),
             AuthorityKind.ARCHIVE: ("archive", "Archives and collections")}
# The links that put a document in a set: (role, kind of authority record).
SET_LINKS = {(Link.Role.TOPIC, AuthorityKind.TOPIC), (Link.Role.ARCHIVE, AuthorityKind.ARCHIVE)}
# Characters OAI-PMH allows in a setSpec, besides ':' between levels; '~' is kept for escapes.
SET_SPEC_SAFE = re.compile(r"[A-Za-z0-9\-_.!*'()]")


def bring_up_to_date(wait: float = 0.0, lock_wait: float | None = None) -> int:
    """Apply the outbox's pending changes to the harvest records; returns the documents looked at.

    Concurrent callers (the server's outbox worker, a harvest request, a command) run one after the
    other on the state row; on PostgreSQL only as far as no transaction can still add an outbox row
    below (indexer.settled_end: raises IndexBusy if an import keeps adding for over `wait` seconds).
    With `lock_wait`, waiting for another caller's update ends after that many seconds on PostgreSQL
    with OperationalError (SQLite's busy timeout bounds it there).
    """
    from archivist.search.indexer import settled_end

    latest = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0
    state = HarvestState.objects.filter(pk=1).first()
    if state is not None and state.change_id >= latest:
        return 0
    wanted = settled_end(wait)
    with transaction.atomic():
        if lock_wait is not None and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {int(lock_wait * 1000)}")
        state, _ = HarvestState.objects.select_for_update().get_or_create(pk=1)
        if state.change_id >= wanted:
            return 0
        if state.change_id < 0:  # first build: every published document, and any row already kept
            record_ids = sorted({*Document.objects.filter(status=Document.Status.PUBLISHED)
                                 .values_list("record_id", flat=True),
                                 *HarvestRecord.objects.values_list("record_id", flat=True)})
        else:
            changes = Change.objects.filter(id__gt=state.change_id, id__lte=wanted)
            record_ids = sorted(set(changes.values_list("record_id", flat=True)))
        now = timezone.now().replace(microsecond=0)
        for chunk in _chunks(record_ids, CHUNK):
            _apply(chunk, now)
        state.change_id, state.updated = wanted, now
        state.save(update_fields=["change_id", "updated"])
    return len(record_ids)


def complete_as_of() -> dt.datetime:
    """A time no datestamp still to be given can be earlier than: the last completed update's. For a
    reply made while another process's update is under way (and so not seen by it)."""
    updated = HarvestState.objects.filter(pk=1).values_list("updated", flat=True).first()
    return updated or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _apply(record_ids: list[str], now) -> None:
    published = {document.record_id: document for document in document_queryset().filter(
        record_id__in=record_ids, status=Document.Status.PUBLISHED)}
    held = HarvestRecord.objects.in_bulk(record_ids, field_name="record_id")
    added, changed, sets = [], [], {}
    for record_id in record_ids:
        document, row = published.get(record_id), held.get(record_id)
        if document is not None:
            record, specs = public_record(document), set_specs(document)
            fingerprint = _fingerprint(record, specs)
            if row is not None and row.fingerprint == fingerprint:
                continue
            if row is None:
                row = HarvestRecord(record_id=record_id)
                added.append(row)
            else:
                changed.append(row)
            row.datestamp, row.deleted, row.record, row.fingerprint = now, False, record, fingerprint
            sets[record_id] = specs
        elif row is not None and not row.deleted:
            # Its sets stay: a harvester of a set learns of the deletion too.
            row.datestamp, row.deleted, row.record, row.fingerprint = now, True, None, ""
            changed.append(row)
    HarvestRecord.objects.bulk_create(added)
    HarvestRecord.objects.bulk_update(changed, ["datestamp", "deleted", "record", "fingerprint"])
    rows = {row.record_id: row for row in (*added, *changed)}
    HarvestSet.objects.filter(record__record_id__in=list(sets)).delete()
    HarvestSet.objects.bulk_create(HarvestSet(record=rows[record_id], spec=spec)
                                   for record_id, specs in sets.items() for spec in specs)


def public_record(document: Document) -> dict:
    """The document as the export writes it (every field of the record format), with only the links the
    public sees: proposed and rejected links are curators' business."""
    record = document_json(document)
    record["links"] = [link for link in record["links"] if link["status"] in Link.VISIBLE]
    # The export names the archive of any link; the public only that of a visible one, as the page does.
    archive = next((link.authority for link in document.links.all()
                    if link.role == Link.Role.ARCHIVE and link.status in Link.VISIBLE), None)
    if archive is None:
        record.pop("original_archive", None)
    else:  # in its place: the export found an archive link too
        record["original_archive"] = archive_path(archive)
    # A stored file is named by where the public downloads it, as the page names it, not by where the
    # archive keeps it on disk.
    base = settings.BASE_URL
    for item, attachment in zip(record.get("files", []), document.attachments.all(), strict=True):
        if item.pop("path", None) is not None:
            item["url"] = f"{base}/documents/{document.record_id}/files/{attachment.position}"
    return record


def set_specs(document: Document) -> list[str]:
    """The sets of a document with links prefetched: its topics, and its archive with each level above."""
    specs = set()
    for link in document.links.all():
        if (link.role, link.authority.kind) in SET_LINKS and link.status in Link.VISIBLE:
            specs.update(_spec_levels(link.authority))
    return sorted(specs)


def _spec_levels(authority: Authority) -> list[str]:
    """topic, topic:cold-war; or archive, archive:cca, archive:cca:wengao (outermost first)."""
    keys = [escape_key(level.key) for level in reversed(list(chain_above(authority)))]
    top = SET_KINDS[authority.kind][0]
    return [top] + [":".join([top, *keys[:depth]]) for depth in range(1, len(keys) + 1)]


def escape_key(key: str) -> str:
    """An authority key as a setSpec level: characters OAI-PMH does not allow there (and '~') as '~'
    and two hexadecimal digits a byte of UTF-8, so no two keys give the same level."""
    return "".join(char if SET_SPEC_SAFE.fullmatch(char) else
                   "".join(f"~{byte:02X}" for byte in char.encode("utf-8")) for char in key)


def _fingerprint(record: dict, specs: list[str]) -> str:
    text = json.dumps([record, specs], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def set_names() -> dict[str, str]:
    """Every set holding a harvest record (deleted ones too), with its name: an authority record's
    display name, or the name of its kind for the top-level sets. A set holding only deleted records is
    named by its setSpec: its record is named by unpublished documents alone now, and a name given it
    since (a curator's renaming) is not public."""
    held = set(HarvestSet.objects.values_list("spec", flat=True).distinct())
    public = {*HarvestSet.objects.filter(record__deleted=False).values_list("spec", flat=True).distinct(),
              *(top for top, _ in SET_KINDS.values())}
    names = {top: name for top, name in SET_KINDS.values()}
    authorities = Authority.objects.filter(kind__in=list(SET_KINDS))
    by_pk = {authority.pk: authority for authority in authorities}
    for authority in by_pk.values():
        if authority.parent_id in by_pk:  # the chain walks records already read
            authority.parent = by_pk[authority.parent_id]
        names[_spec_levels(authority)[-1]] = authority.display_name
    return {spec: names.get(spec, spec) if spec in public else spec for spec in sorted(held)}

