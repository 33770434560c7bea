"""A scan's files go with its rows, however they are deleted (the admin, a document's deletion, a
version of the history restored): removed once the deletion is committed, unless a row still names
them. Only the files archivist.scans wrote: other stored files are the imports' to sweep."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from archivist.records.files import inside_files
from archivist.records.models import Attachment, Change
from archivist.records.recordformat import is_attached_scan
from archivist.scans.models import Page


@receiver(post_delete, sender=Page)
def _remove_page_files(sender, instance: Page, **kwargs) -> None:
    # the record ID read now, while the document's row is there (its own deletion comes after)
    record_id = instance.document.record_id
    transaction.on_commit(lambda: _remove_page(instance, record_id))


@receiver(post_delete, sender=Attachment)
def _remove_scan_file(sender, instance: Attachment, **kwargs) -> None:
    if instance.kind != "scan":
        return
    record_id = instance.document.record_id
    if is_attached_scan(instance.path, record_id):
        path = instance.path  # a scan attached here (other stored files are an import's to sweep)
        # its pages' texts leave the document's index entry (a deleted document's DELETE comes after)
        Change.objects.create(record_id=record_id, action=Change.Action.UPSERT)
        transaction.on_commit(lambda: _remove_unused(path))


def _remove_page(page: Page, record_id: str) -> None:
    from archivist.scans.tiles import remove_tiles

    _remove_unused(page.image)
    if not Page.objects.filter(document__record_id=record_id, number=page.number).exists():
        remove_tiles(page)


def _remove_unused(relative: str) -> None:
    """Remove a stored file no row names any more, and its folder when that is left empty."""
    if Attachment.objects.filter(path=relative).exists() or Page.objects.filter(image=relative).exists():
        return
    target = inside_files(relative)
    if target is None:
        return
    target.unlink(missing_ok=True)
    for folder in (target.parent, target.parent.parent):  # scans/<record_id>/<position>, then above
        try:
            folder.rmdir()
        except OSError:  # other files are still there
            return
