"""Publishing, restricting and withdrawing documents to draft, several at once, recorded in the history.

The admin's actions and `archivist publish|restrict|draft` call these: all the documents change or
none does, in one revision that says who or which command changed them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from archivist.curation.embargo import restrict_until
from archivist.curation.history import add_documents, recorded
from archivist.records.models import Document
from archivist.records.recordformat import RecordError
from archivist.records.services import set_status

BATCH = 400  # record IDs per query: below SQLite's limit on a query's parameters


def set_statuses(record_ids: Iterable[str], status: str, comment: str, user=None) -> None:
    """Give every document the status; an unknown record ID raises RecordError and changes nothing.

    Every status ends an embargo: restricting without a day means "until a curator publishes it",
    which the worker must not undo on the old embargo's day (`restrict_until_day` sets a new one).
    """
    with recorded(comment, user):
        found = _document_ids(record_ids)
        for record_id in found:
            set_status(record_id, status)  # which ends an embargo only when leaving restricted
        if status == Document.Status.RESTRICTED:
            ids = list(found.values())
            for start in range(0, len(ids), BATCH):
                Document.objects.filter(pk__in=ids[start:start + BATCH]).update(embargoed_until=None)
        add_documents(found.values())


def restrict_until_day(record_ids: Iterable[str], day: datetime.date, comment: str, user=None) -> None:
    """Restrict every document until `day` (after today), when each is published by itself."""
    with recorded(comment, user):
        found = _document_ids(record_ids)
        for record_id in found:
            restrict_until(record_id, day)
        add_documents(found.values())


def _document_ids(record_ids: Iterable[str]) -> dict[str, int]:
    """Each record ID's document id, in the order given; refuses unknown record IDs, naming them."""
    wanted = list(dict.fromkeys(record_ids))
    found = {}
    for start in range(0, len(wanted), BATCH):
        found |= dict(Document.objects.filter(record_id__in=wanted[start:start + BATCH])
                      .values_list("record_id", "pk"))
    unknown = [record_id for record_id in wanted if record_id not in found]
    if unknown:
        raise RecordError("record_id", f"no document {', '.join(map(repr, unknown))}; nothing was changed")
    return {record_id: found[record_id] for record_id in wanted}
