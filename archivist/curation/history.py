"""The history of every change to documents and authority records, with django-reversion.

A document is versioned as one unit with its texts, notes, files and links, and an authority record
with its variant names: a version is what a curator would restore. Each change is a revision that
says who made it (a person, or the command and its files) and when.

Saving through the ORM inside `recorded()` adds what was saved to the revision (the admin, forms);
bulk paths that write rows directly (imports, enrichment) add snapshots with `add_documents()` and
`add_authorities()`, which build the versions in a few queries.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction

from archivist.records.models import Attachment, Authority, Document, Link, Note, Text, VariantName

# What a version holds: the curators' fields. What the last import wrote (`imported`) and its hash
# (`fingerprint`) belong to the import, and a restored version keeps the current ones.
DOCUMENT_FOLLOW = ("texts", "notes", "attachments", "links")
DOCUMENT_EXCLUDE = ("imported", "fingerprint", "modified")
AUTHORITY_EXCLUDE = ("imported",)


def register_models() -> None:
    if reversion.is_registered(Document):
        return
    reversion.register(Document, follow=DOCUMENT_FOLLOW, exclude=DOCUMENT_EXCLUDE)
    reversion.register(Authority, follow=("variants",), exclude=AUTHORITY_EXCLUDE)
    for child in (Text, Note, Attachment, Link, VariantName):
        reversion.register(child)


def command_comment(paths: Iterable[object] = ()) -> str:
    """How the history names a change made from the command line: the command, its files, who ran it."""
    words = " ".join(Path(a).name if isinstance(a, Path) else str(a) for a in paths)
    command = " ".join(["archivist", *sys.argv[1:2], words]).strip() if words else " ".join(
        ["archivist", *sys.argv[1:]])
    return f"{command} (command line, {getpass.getuser()})"


@contextmanager
def recorded(comment: str, user=None) -> Iterator[None]:
    """One revision for everything saved or added inside; atomic with the changes themselves.

    Nested inside another `recorded()`, the changes join the outer revision.
    """
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        yield


def add_documents(document_ids: Iterable[int]) -> None:
    """Add the documents' current state, with their texts, notes, files and links, to the revision."""
    ids = sorted(set(document_ids))
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        documents = Document.objects.filter(pk__in=chunk).prefetch_related(*DOCUMENT_FOLLOW)
        _add(documents, lambda document: [child for name in DOCUMENT_FOLLOW
                                          for child in getattr(document, name).all()])


def add_authorities(authority_ids: Iterable[int]) -> None:
    """Add the authority records' current state, with their variant names, to the revision."""
    ids = sorted(set(authority_ids))
    for start in range(0, len(ids), 400):
        authorities = Authority.objects.filter(pk__in=ids[start:start + 400]).prefetch_related("variants")
        _add(authorities, lambda authority: list(authority.variants.all()))


def _add(objects, children_of) -> None:
    """Each object and its children as versions of the current revision.

    reversion.add_to_revision copies the revision's table of versions for every object it adds, which
    costs time in the square of a batch's size; here the versions go into that table in one update.
    """
    from reversion.models import Version
    from reversion.revisions import _current_frame, _update_frame

    if not reversion.is_active():
        raise RuntimeError("add_documents and add_authorities need a revision: use recorded()")
    frame = _current_frame()
    using = "default"
    versions = dict(frame.db_versions[using])
    for obj in objects:
        for item in (obj, *children_of(obj)):
            options = reversion.revisions._get_options(type(item))
            content_type = ContentType.objects.db_manager(using).get_for_model(type(item))
            versions[(content_type, str(item.pk))] = Version(
                content_type=content_type, object_id=str(item.pk), db=using, format=options.format,
                serialized_data=serializers.serialize(options.format, (item,), fields=options.fields),
                object_repr=str(item))
    db_versions = dict(frame.db_versions)
    db_versions[using] = versions
    _update_frame(db_versions=db_versions)
