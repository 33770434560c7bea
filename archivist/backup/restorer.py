"""Restoring a backup into an empty archive: checked whole first, then loaded in one transaction.

The backup's every member is checked against its manifest before anything is written, so a file that
is not a backup, is cut short or was altered is refused with nothing changed. Rows keep their primary
keys; natural keys find the content types, permissions and users of the new archive. The search index
and the browse tables are then rebuilt from the restored records.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path

import reversion
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.db.migrations.loader import MigrationLoader

from archivist.backup.contents import (
    FILES_FOLDER,
    FILLED_BY_MIGRATE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    Manifest,
    Table,
    backed_up_models,
    natural_keys,
)
from archivist.config import private_folder
from archivist.records.services import insert_rows

BATCH = 1000  # rows inserted at a time
# Characters of one row at most: far above any a backup writes (a book-length text is a few million),
# so that a hostile member of a few kilobytes unpacking into one line of gigabytes is never read whole.
LONGEST_ROW = 64 * 2**20


def check_backup(path: Path) -> Manifest:
    """The backup's manifest, once every table and file in it has been found whole; else BackupError."""
    with _open(path) as tar:
        manifest = _manifest(path, tar)
        for table in manifest.tables:
            _check_member(path, tar, table.member, table.sha256)
        for stored in manifest.files:
            _check_member(path, tar, FILES_FOLDER + stored.path, stored.sha256)
    _check_migrations(path, manifest)
    return manifest


def restore_backup(path: Path, progress: Callable[[str], None] = lambda message: None) -> Manifest:
    """Restore the backup into this archive, which must be empty; migrates it first. Django must be
    set up (not migrated: the archive is checked to be empty before anything is written)."""
    from archivist.bootstrap import open_archive

    manifest = check_backup(path)
    _refuse_unless_empty()
    open_archive()
    files = Path(settings.MEDIA_ROOT)
    try:
        with _open(path) as tar:
            _write_files(path, tar, manifest, files)
            progress(f"{len(manifest.files)} stored files written")
            _load_tables(path, tar, manifest, progress)
    except DatabaseError as error:  # a key twice, a missing row referred to, a value too long
        shutil.rmtree(files, ignore_errors=True)
        raise BackupError(f"{path}: its rows do not fit together: {error}") from None
    except BaseException:
        shutil.rmtree(files, ignore_errors=True)  # it was empty: the check above saw to that
        raise
    _rebuild_derived(progress)
    return manifest


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path}: not an Archivist backup ({error})") from None


def _manifest(path: Path, tar: tarfile.TarFile) -> Manifest:
    try:
        member = tar.getmember(MANIFEST)
        data = json.loads(tar.extractfile(member).read())
    except KeyError:
        raise BackupError(f"{path}: no {MANIFEST} in it: not an Archivist backup, or one cut short "
                          "before it was finished") from None
    except (OSError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{path}: {MANIFEST} unreadable, the file is cut short or damaged: {error}") \
            from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path}: {MANIFEST} is not an Archivist backup's manifest")
    if data.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path}: {MANIFEST}: backup format {data.get('format_version')!r}; this "
                          f"Archivist restores format {FORMAT_VERSION}")
    try:
        manifest = Manifest.from_json(data)
    except (TypeError, KeyError) as error:
        raise BackupError(f"{path}: {MANIFEST} is incomplete: {error}") from None
    if not _well_typed(manifest):
        raise BackupError(f"{path}: {MANIFEST} holds a value of the wrong type (a name that is not a "
                          "string, a count that is not a number...): not an Archivist backup's manifest")
    return manifest


def _well_typed(manifest: Manifest) -> bool:
    """The manifest's values are of the types the restore uses them as."""
    def strings(*values) -> bool:
        return all(isinstance(value, str) for value in values)

    return (isinstance(manifest.migrations, dict)
            and all(isinstance(names, list) and strings(app, *names)
                    for app, names in manifest.migrations.items())
            and all(strings(t.model, t.member, t.sha256) and type(t.rows) is int for t in manifest.tables)
            and all(strings(f.path, f.sha256) and type(f.size) is int for f in manifest.files))


def _check_member(path: Path, tar: tarfile.TarFile, name: str, sha256: str) -> None:
    try:
        content = tar.extractfile(name)
        digest = hashlib.file_digest(content, "sha256").hexdigest()
    except KeyError:
        raise BackupError(f"{path}: {name} is missing") from None
    except (OSError, tarfile.TarError, AttributeError) as error:  # AttributeError: not a regular file
        raise BackupError(f"{path}: {name} unreadable: {error}") from None
    if digest != sha256:
        raise BackupError(f"{path}: {name} is not what was backed up (its SHA-256 differs)")


def _check_migrations(path: Path, manifest: Manifest) -> None:
    """A backup from this version of Archivist or an older one: every migration it had, this code has.
    (An older backup's rows go into today's tables: fields added since take their defaults.)"""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, names in manifest.migrations.items() for name in names
               if (app, name) not in known]
    if unknown:
        raise BackupError(f"{path}: made by Archivist {manifest.archivist}, whose database has changes "
                          f"this version does not know ({', '.join(unknown[:5])}): restore it with that "
                          "version or a later one")


def _refuse_unless_empty() -> None:
    tables = set(connection.introspection.table_names())
    for model in backed_up_models():
        if model._meta.label_lower in FILLED_BY_MIGRATE:
            continue
        if model._meta.db_table in tables and model._base_manager.exists():
            raise BackupError(f"the archive is not empty ({model._meta.verbose_name_plural} in its "
                              f"database): restore into a new ARCHIVIST_HOME and an empty database")
    files = Path(settings.MEDIA_ROOT)
    if files.is_dir() and any(files.iterdir()):
        raise BackupError(f"the archive is not empty ({files} holds files): restore into a new "
                          "ARCHIVIST_HOME")


def _write_files(path: Path, tar: tarfile.TarFile, manifest: Manifest, root: Path) -> None:
    private_folder(root)
    resolved_root = root.resolve()
    for stored in manifest.files:
        target = (resolved_root / stored.path).resolve()
        if not target.is_relative_to(resolved_root) or \
                target.relative_to(resolved_root).as_posix() != stored.path:
            raise BackupError(f"{path}: {FILES_FOLDER}{stored.path} would go outside the files directory")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(FILES_FOLDER + stored.path) as content, target.open("xb") as out:
                shutil.copyfileobj(content, out)
                target.chmod(0o600)
        except OSError as error:
            raise BackupError(f"{path}: {FILES_FOLDER}{stored.path} cannot be written: {error}") from None


@transaction.atomic
def _load_tables(path: Path, tar: tarfile.TarFile, manifest: Manifest,
                 progress: Callable[[str], None]) -> None:
    for label in FILLED_BY_MIGRATE:
        apps.get_model(label)._base_manager.all().delete()
    for table in manifest.tables:
        _load_table(path, tar, table)
        progress(f"{table.rows} rows of {table.model}")
    _reset_sequences()


def _load_table(path: Path, tar: tarfile.TarFile, table: Table) -> None:
    """The table's rows, primary keys kept, inserted in batches as plain values (insert_rows: building
    a model instance per row would take most of the time); then its many-to-many rows (users' groups)."""
    model = _model(path, table)
    reader = RowReader(model)
    rows, batch = 0, []
    with gzip.open(tar.extractfile(table.member), "rt", encoding="utf-8") as lines:
        for number, line in enumerate(iter(lambda: lines.readline(LONGEST_ROW + 1), ""), start=1):
            if len(line) > LONGEST_ROW:
                raise BackupError(f"{path}: {table.member}, line {number} is longer than {LONGEST_ROW} "
                                  "characters: not a row of a backup")
            try:
                batch.append(reader.values(json.loads(line), table.model))
            except (ValueError, KeyError, TypeError, ValidationError) as error:
                raise BackupError(f"{path}: {table.member}, line {number}: {error!r}") from None
            if len(batch) == BATCH:
                insert_rows(model, reader.names, batch)
                rows, batch = rows + len(batch), []
    insert_rows(model, reader.names, batch)
    rows += len(batch)
    if rows != table.rows:
        raise BackupError(f"{path}: {table.member} holds {rows} rows; its manifest says {table.rows}")
    for through, memberships in reader.memberships.items():
        through._base_manager.bulk_create(through(**membership) for membership in memberships)


class RowReader:
    """Turns the rows of one model's member back into database values, natural keys into this
    archive's primary keys, and gathers its many-to-many rows."""

    def __init__(self, model: type[models.Model]) -> None:
        self.connection = connections[DEFAULT_DB_ALIAS]  # not the proxy: it costs a lookup per use
        self.pk = model._meta.pk
        self.fields = [field for field in model._meta.concrete_fields if field.serialize]
        self.names = [self.pk.name, *(field.name for field in self.fields)]
        self.natural = {field.name: _pks_by_natural_key(field.related_model) for field in self.fields
                        if field.is_relation and hasattr(field.related_model, "natural_key")}
        self.many = [field for field in model._meta.many_to_many
                     if field.remote_field.through._meta.auto_created]
        self.memberships: dict[type[models.Model], list[dict]] = {
            field.remote_field.through: [] for field in self.many}
        self.member_keys = {field.name: _pks_by_natural_key(field.related_model)
                            for field in self.many if hasattr(field.related_model, "natural_key")}

    def values(self, row: dict, label: str) -> list:
        if row["model"] != label:
            raise ValueError(f"a row of {row['model']} among those of {label}")
        data = row["fields"]
        unknown = set(data) - {field.name for field in (*self.fields, *self.many)}
        if unknown:
            raise ValueError(f"fields this Archivist does not have: {', '.join(sorted(unknown))}")
        pk = self.pk.to_python(row["pk"])
        values = [self.pk.get_db_prep_save(pk, self.connection)]
        for field in self.fields:
            # A field added since the backup was made takes its default.
            value = data[field.name] if field.name in data else field.get_default()
            if field.name in self.natural and value is not None:
                value = self.natural[field.name][tuple(value)]
            values.append(field.get_db_prep_save(field.to_python(value), self.connection))
        for field in self.many:
            keys = self.member_keys.get(field.name)
            self.memberships[field.remote_field.through] += [
                {f"{field.m2m_field_name()}_id": pk,
                 f"{field.m2m_reverse_field_name()}_id": keys[tuple(member)] if keys else member}
                for member in data.get(field.name, [])]
        return values


def _pks_by_natural_key(model: type[models.Model]) -> dict[tuple, object]:
    return {tuple(key): pk for pk, key in natural_keys(model).items()}


def _model(path: Path, table: Table) -> type[models.Model]:
    wanted = {model._meta.label_lower: model for model in backed_up_models()}
    if table.model not in wanted:
        raise BackupError(f"{path}: {MANIFEST} names a table this Archivist does not back up: {table.model}")
    return wanted[table.model]


def _reset_sequences() -> None:
    """PostgreSQL's id sequences moved past the restored ids (SQLite's follow inserted ids), then
    each versioned model's past the ids its history names: a record deleted before the backup keeps
    its id, or a new record would take it and show the deleted one's history as its own."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), backed_up_models()):
            cursor.execute(statement)
        for model in reversion.get_registered_models():
            highest = _highest_id_in_history(model)
            if highest is not None:
                _move_sequence_past(cursor, model, highest)


def _highest_id_in_history(model: type[models.Model]) -> int | None:
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    ids = (Version.objects.filter(content_type=ContentType.objects.get_for_model(model))
           .values_list("object_id", flat=True))
    numbers = [int(value) for value in ids.distinct().iterator() if value.isdigit()]
    return max(numbers, default=None)


def _move_sequence_past(cursor, model: type[models.Model], highest: int) -> None:
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, "
                       f"(SELECT COALESCE(MAX({connection.ops.quote_name(model._meta.pk.column)}), 1) "
                       f"FROM {connection.ops.quote_name(table)})))",
                       [table, model._meta.pk.column, highest])
        return
    cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [highest, table])
    if cursor.rowcount == 0:
        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, highest])


def _rebuild_derived(progress: Callable[[str], None]) -> None:
    from archivist.search.indexer import reindex
    from archivist.web.counts import ensure_fresh

    ensure_fresh()
    progress("browse tables rebuilt")
    progress(f"search index rebuilt: {reindex()} published documents")
    _make_tiles(progress)


def _make_tiles(progress: Callable[[str], None]) -> None:
    """The IIIF tiles of every page, which a backup leaves out (contents.DERIVED_FILES). A page whose
    image is not there (named in the manifest's missing_files) is told, and left without tiles."""
    from archivist.scans.models import Page
    from archivist.scans.tiles import make_tiles

    root = Path(settings.MEDIA_ROOT).resolve()
    made, failed = 0, []
    for page in Page.objects.select_related("document").order_by("pk").iterator():
        if not (root / page.image).resolve().is_relative_to(root):
            failed.append(f"{page}: its image {page.image!r} is not in the files directory")
            continue
        try:
            make_tiles(page)
            made += 1
        except (OSError, ValueError) as error:  # missing or unreadable image
            failed.append(f"{page}: {error}")
    progress(f"IIIF tiles made for {made} pages")
    for problem in failed:
        progress(f"warning: no tiles for {problem}")
