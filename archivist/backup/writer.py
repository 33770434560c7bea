"""Writing a backup: every table as read in one snapshot of the database, then the stored files.

The site may keep running: the rows come from one read transaction (PostgreSQL's repeatable read,
SQLite's deferred transaction in WAL mode), so they are all of one moment. Stored files are written
before the rows that name them commit, and a file is never rewritten under its name (imports put its
hash in it), so copying them after the snapshot finds each one the rows name, unless a later import
replaced and removed it meanwhile: then it is listed as missing, and the backup says so.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from archivist.backup.contents import (
    DERIVED_FILES,
    FILES_FOLDER,
    MANIFEST,
    ExactEncoder,
    Manifest,
    StoredFile,
    Table,
    backed_up_models,
    member_name,
    natural_keys,
)
from archivist.records.models import Attachment
from archivist.scans.models import Page

CHUNK = 2000  # rows read at a time


def write_backup(path: Path) -> Manifest:
    """Write the whole archive into `path`, readable by its owner only (it holds drafts, restricted
    documents and password hashes). The file appears whole or not at all."""
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "wb") as out, tarfile.open(fileobj=out, mode="w",
                                                          format=tarfile.PAX_FORMAT) as tar:
            with _snapshot():
                manifest = Manifest(
                    archivist=version("archivist"), created=datetime.now(UTC).isoformat(timespec="seconds"),
                    database=connection.vendor, migrations=_applied_migrations())
                for position, model in enumerate(backed_up_models()):
                    manifest.tables.append(_write_table(tar, position, model))
                referenced = set(Attachment.objects.exclude(path="").values_list("path", flat=True))
                referenced |= set(Page.objects.values_list("image", flat=True))
            _write_files(tar, manifest, referenced)
            _add(tar, MANIFEST, io.BytesIO(manifest.to_json()))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


@contextmanager
def _snapshot() -> Iterator[None]:
    """One read transaction that sees the database as it was when it began, writers going on."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # The archive's SQLite transactions start IMMEDIATE, taking the write lock: a reader must not.
    mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
    try:
        with transaction.atomic():
            yield
    finally:
        connection.transaction_mode = mode


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _write_table(tar: tarfile.TarFile, position: int, model: type[models.Model]) -> Table:
    """The model's rows, by primary key, as gzipped JSON Lines through a temporary file (a tar member
    needs its size first)."""
    table = Table(model=model._meta.label_lower, member=member_name(position, model))
    encoder = ExactEncoder(ensure_ascii=False)
    with tempfile.TemporaryFile() as temporary:
        # Level 1: four times quicker than the default (6), for a file a fifth larger.
        with gzip.GzipFile(fileobj=temporary, mode="wb", compresslevel=1, mtime=0) as compressed, \
                io.TextIOWrapper(compressed, encoding="utf-8") as text:
            for row in _serialized(model):
                text.write(encoder.encode(row) + "\n")
                table.rows += 1
        temporary.seek(0)
        table.sha256 = hashlib.file_digest(temporary, "sha256").hexdigest()
        temporary.seek(0)
        _add(tar, table.member, temporary)
    return table


def _serialized(model: type[models.Model]) -> Iterator[dict]:
    """Each row as Django's "python" serializer gives it, natural keys for foreign keys that have them,
    read as plain values: building a model instance per row would take most of the time."""
    fields = [field for field in model._meta.concrete_fields if field.serialize]
    natural = {field.name: natural_keys(field.related_model) for field in fields
               if field.is_relation and hasattr(field.related_model, "natural_key")}
    many = {field.name: _memberships(field) for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created}
    label = model._meta.label_lower
    columns = [model._meta.pk.attname, *(field.attname for field in fields)]
    values = model._base_manager.order_by("pk").values_list(*columns).iterator(chunk_size=CHUNK)
    for pk, *row in values:
        data = dict(zip((field.name for field in fields), row, strict=True))
        for name, keys in natural.items():
            data[name] = keys.get(data[name])
        for name, members in many.items():
            data[name] = members.get(pk, [])
        yield {"model": label, "pk": pk, "fields": data}


def _memberships(field: models.ManyToManyField) -> dict:
    """For a many-to-many field (a user's groups), each row's related rows, by natural key if they
    have one."""
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    related = field.related_model
    keys = natural_keys(related) if hasattr(related, "natural_key") else None
    members: dict = {}
    for owner, member in through._base_manager.order_by("pk").values_list(f"{source}_id", f"{target}_id"):
        members.setdefault(owner, []).append(keys[member] if keys is not None else member)
    return members


def _write_files(tar: tarfile.TarFile, manifest: Manifest, referenced: set[str]) -> None:
    """Everything in the files directory (but files in progress and the tiles a restore makes again),
    and which of the files the rows name were not there."""
    root = Path(settings.MEDIA_ROOT)
    found = set()
    for stored in sorted(root.rglob("*")) if root.is_dir() else ():
        if not stored.is_file() or stored.is_symlink():
            continue
        relative = stored.relative_to(root).as_posix()
        # files in progress: an import's (.partial-*), scans being attached (.partial-scans-*/...)
        if any(part.startswith(".partial-") for part in relative.split("/")) or \
                (FILES_FOLDER + relative).startswith(DERIVED_FILES):
            continue
        with stored.open("rb") as content:
            digest = hashlib.file_digest(content, "sha256").hexdigest()
            content.seek(0)
            size = _add(tar, FILES_FOLDER + relative, content)
        manifest.files.append(StoredFile(relative, size, digest))
        found.add(relative)
    manifest.missing_files = sorted(referenced - found)


def _add(tar: tarfile.TarFile, name: str, content: io.IOBase) -> int:
    """Add the content as the member `name`; returns its size."""
    info = tarfile.TarInfo(name)
    content.seek(0, os.SEEK_END)
    info.size = content.tell()
    content.seek(0)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, content)
    return info.size
