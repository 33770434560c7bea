"""The history of every change to documents and authority records, with django-reversion.

A document is versioned as one unit with its texts, notes, files and links, and an authority record
with its variant names: a version is what a curator would restore. Each change is a revision that
says who made it (a person, or the command and its files) and when.

Saving through the ORM inside `recorded()` adds what was saved to the revision (the admin, forms);
bulk paths that write rows directly (imports, enrichment) add snapshots with `add_documents()` and
`add_authorities()`, which build the versions in a few queries.

Reading: `versions_of()` a record, `history_of()` with what each version changed (`diff()`), and
`restore()` an earlier version.
"""

from __future__ import annotations

import difflib
import getpass
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from reversion.models import Version

from archivist.records.models import (
    Attachment,
    Authority,
    Document,
    Link,
    Note,
    Text,
    VariantName,
)
from archivist.records.recordformat import RecordError
from archivist.records.services import insert_rows, touch_documents_of

# What a version holds: the curators' fields. What the last import wrote (`imported`) and its hash
# (`fingerprint`) belong to the import, when it became published to the outbox (records.publication),
# and a restored version keeps the current ones.
DOCUMENT_FOLLOW = ("texts", "notes", "attachments", "links")
DOCUMENT_EXCLUDE = ("imported", "fingerprint", "modified", "published_at")
AUTHORITY_EXCLUDE = ("imported",)
# What only those who may publish change; restoring a version keeps the current ones for the others.
PUBLISHING_FIELDS = ("status", "embargoed_until")
PUBLISH_PERMISSION = "records.publish_document"

# The parts versioned with each record: the model of each, the foreign key to the record, and the
# fields that tell a part from the record's other parts, to match a part across versions (a reimport
# replaces the rows, so their ids change).
PARTS = {
    Document: ((Text, "document", ("position",)), (Note, "document", ("position",)),
               (Attachment, "document", ("position",)), (Link, "document", ("authority_id", "role"))),
    Authority: ((VariantName, "authority", ("name",)),),
}
BATCH = 400  # records per query: below SQLite's limit on a query's parameters


def register_models() -> None:
    """Register the records with reversion our way, once, in place of a registration VersionAdmin
    made first with every field (the admin is set up before this app)."""
    global _registered
    if _registered:
        return
    options = {Document: {"follow": DOCUMENT_FOLLOW, "exclude": DOCUMENT_EXCLUDE},
               Authority: {"follow": ("variants",), "exclude": AUTHORITY_EXCLUDE},
               **{part: {} for parts in PARTS.values() for part, _, _ in parts}}
    for model, registration in options.items():
        if reversion.is_registered(model):
            reversion.unregister(model)
        reversion.register(model, **registration)
    _registered = True


_registered = False


def command_comment(paths: Iterable[object] = ()) -> str:
    """How the history names a change made from the command line: the command, its files, who ran it."""
    words = " ".join(Path(a).name if isinstance(a, Path) else str(a) for a in paths)
    command = " ".join(["archivist", *sys.argv[1:2], words]).strip() if words else " ".join(
        ["archivist", *sys.argv[1:]])
    return f"{command} (command line, {getpass.getuser()})"


# Recording ----------------------------------------------------------------------------------------

@contextmanager
def recorded(comment: str, user=None) -> Iterator[None]:
    """One revision for everything saved or added inside; atomic with the changes themselves.

    Nested inside another `recorded()`, the changes join the outer revision, under its comment and
    user when it has them. A part saved alone (a text, a link) brings its record's whole version.
    """
    from reversion.revisions import _current_frame, _update_frame

    depth = _depth.set(_depth.get() + 1)
    try:
        with transaction.atomic(), reversion.create_revision():
            if not reversion.get_comment():
                reversion.set_comment(comment)
            if user is not None and user.is_authenticated and reversion.get_user() is None:
                reversion.set_user(user)
            entered = _current_frame().db_versions  # replaced, never changed, by what adds versions
            try:
                yield
            except BaseException:
                # Rolled back: what it added must not reach the revision of an outer recorded() that
                # goes on (reversion hands an inner frame's versions to the outer one regardless).
                _update_frame(db_versions=entered)
                raise
            if transaction.get_rollback():  # an error caught inside: nothing is kept, nor recorded
                return
            _complete_revision()
            if _depth.get() == 1:  # the outermost recorded(): the revision is saved on leaving it
                _save_revision()
    finally:
        _depth.reset(depth)


_depth: ContextVar[int] = ContextVar("archivist-recorded-depth", default=0)


def add_documents(document_ids: Iterable[int]) -> None:
    """Add the documents' current state, with their texts, notes, files and links, to the revision."""
    _add(Document, document_ids)


def add_authorities(authority_ids: Iterable[int]) -> None:
    """Add the authority records' current state, with their variant names, to the revision."""
    _add(Authority, authority_ids)


def _add(model: type[models.Model], ids: Iterable[int]) -> None:
    """Each record and its parts as versions of the current revision.

    reversion.add_to_revision builds a model instance and a serializer per object (json.dump's
    pure-Python encoder) and copies the revision's table of versions for each; here the versions are
    made from rows read in batches and go into that table in one update.
    """
    from reversion.revisions import _current_frame, _update_frame

    if not _depth.get():
        raise RuntimeError("add_documents and add_authorities need a revision: use recorded()")
    ids = sorted(set(ids))
    versions = dict(_current_frame().db_versions["default"])
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        parts_of: dict[int, dict[str, list[int]]] = {pk: {} for pk in batch}
        for part, foreign_key, _ in PARTS[model]:
            rows = part.objects.filter(**{f"{foreign_key}__in": batch})
            for key, version, owner in _versions(part, rows, (model, foreign_key)):
                versions[key] = version
                parts_of[owner].setdefault(part._meta.label_lower, []).append(int(version.object_id))
        for key, version, _ in _versions(model, model.objects.filter(pk__in=batch), parts_of=parts_of):
            versions[key] = version
    db_versions = dict(_current_frame().db_versions)
    db_versions["default"] = versions
    _update_frame(db_versions=db_versions)


@dataclass(slots=True)
class _Snapshot:
    """A version as add_documents makes it: the row of reversion's Version table to be, lighter to
    make than a Version (an import makes one for each document, text, note, file and link). Only our
    _save_revision sees it: add_documents is refused outside recorded()."""

    content_type_id: int
    object_id: str
    serialized_data: str
    object_repr: str
    db = "default"
    format = "json"


def _versions(model, queryset, owner: tuple[type, str] | None = None,
              parts_of: dict[int, dict[str, list[int]]] | None = None) -> Iterator[tuple]:
    """(key in the revision, version, record's id) for each row.

    A version holds what Django's serializer makes of the object ({"model", "pk", "fields"} in JSON),
    made here from the row's values without building the object. A record's version also lists its
    parts' ids ("parts", which deserializing ignores), to find them among the revision's versions
    through reversion's index; a part's version is named after its record ("document 12"). `owner` =
    (the record's model, the part's foreign key to it), for parts.
    """
    options = reversion.revisions._get_options(model)
    fields = [field for field in model._meta.concrete_fields
              if field.serialize and field.name in options.fields]
    content_type = ContentType.objects.get_for_model(model)
    label = model._meta.label_lower
    attnames = [field.attname for field in fields]
    for row in queryset.values_list("pk", *attnames):
        values = dict(zip(attnames, row[1:], strict=True))
        data = {"model": label, "pk": row[0],
                "fields": {field.name: values[field.attname] for field in fields}}
        if owner is None:
            record, name = row[0], str(model(pk=row[0], **values))
            data["parts"] = parts_of[record]
        else:
            record = values[f"{owner[1]}_id"]
            name = f"{owner[0]._meta.model_name} {record}"
        object_id = str(row[0])
        serialized = json.dumps([data], cls=DjangoJSONEncoder, ensure_ascii=False)
        yield (content_type, object_id), _Snapshot(content_type.pk, object_id, serialized, name), record


def _complete_revision() -> None:
    """Snapshot again, as it now is, each record one of whose parts was saved by itself (the admin
    saves a document before its inlines, the review screen saves a link alone)."""
    from reversion.revisions import _current_frame

    pending = {Document: set(), Authority: set()}
    for version in _current_frame().db_versions["default"].values():
        if isinstance(version, _Snapshot):
            continue
        model = version._model
        if model in pending:
            pending[model].add(int(version.object_id))
        for owner, parts in PARTS.items():
            for part, foreign_key, _ in parts:
                if model is part:
                    pending[owner].add(version.field_dict[f"{foreign_key}_id"])
    for model, ids in pending.items():
        if ids:
            _add(model, ids)


def _save_revision() -> None:
    """Save the revision and its versions in place of reversion, whose frame is left empty.

    Reversion saves them with bulk_create and reads each version's model through a new manager,
    which for an import cost more than making the versions (2 ms a document); here they go in as plain
    rows. Versions of what was deleted before the end are left out, as reversion does.
    """
    from reversion.models import Revision
    from reversion.revisions import _current_frame, _update_frame

    frame = _current_frame()
    versions = _still_existing(frame.db_versions["default"].values())
    _update_frame(db_versions={**frame.db_versions, "default": {}})
    if not versions:
        return
    revision = Revision.objects.create(date_created=frame.date_created, user=frame.user,
                                       comment=frame.comment)
    insert_rows(Version, ["revision", "content_type", "object_id", "db", "format", "serialized_data",
                          "object_repr"],
                [(revision.pk, v.content_type_id, v.object_id, v.db, v.format, v.serialized_data,
                  v.object_repr) for v in versions])


def _still_existing(versions: Iterable[Version | _Snapshot]) -> list[Version | _Snapshot]:
    """The versions whose object is still there (in SQL: the ORM's building of an IN query for each
    batch cost as much as the check itself)."""
    by_type: dict[int, list[Version | _Snapshot]] = {}
    for version in versions:
        by_type.setdefault(version.content_type_id, []).append(version)
    kept = []
    for content_type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        ids = [int(version.object_id) for version in group]
        existing = set()
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start:start + BATCH]
                cursor.execute(f"SELECT {pk} FROM {table} WHERE {pk} IN ({', '.join(['%s'] * len(chunk))})",
                               chunk)
                existing.update(str(row[0]) for row in cursor.fetchall())
        kept += [version for version in group if version.object_id in existing]
    return kept


# Reading ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    """One field of one part of a record, before and after; `lines` is a line diff of a long text."""

    part: str
    field: str
    before: str
    after: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A version in a record's history, numbered from 1 (the oldest), with what it changed."""

    number: int
    version: Version
    differences: list[Difference]

    @property
    def date(self) -> str:
        return _when(self.version)

    @property
    def who(self) -> str:
        user = self.version.revision.user
        return user.get_username() if user else ""

    @property
    def comment(self) -> str:
        return self.version.revision.get_comment()


def versions_of(obj: Document | Authority) -> list[Version]:
    """The record's versions, newest first, with their revision (date, user, comment)."""
    return list(Version.objects.get_for_object(obj).select_related("revision", "revision__user")
                .order_by("-revision__date_created", "-pk"))


def deleted_document(record_id: str) -> Document | None:
    """A deleted document as its last version had it (not saved), to read its history and restore it."""
    versions = Version.objects.get_deleted(Document).filter(object_repr__startswith=f"{record_id}: ")
    for version in versions.order_by("-pk"):
        if version.field_dict["record_id"] == record_id:
            return version._object_version.object
    return None


def history_of(obj: Document | Authority) -> list[Entry]:
    """Each version, newest first, with its differences from the version before it."""
    versions = versions_of(obj)
    comparison = _Comparison()
    return [Entry(len(versions) - index, version,
                  comparison.diff(versions[index + 1], version) if index + 1 < len(versions) else [])
            for index, version in enumerate(versions)]


def diff(older: Version, newer: Version) -> list[Difference]:
    """What changed from one version of a record to another: its fields, then each part's."""
    return _Comparison().diff(older, newer)


class _Comparison:
    """Compares versions, reading each version's parts and each authority record's name once."""

    def __init__(self) -> None:
        self.names = _AuthorityNames()
        self._parts: dict[int, dict[type, list[dict]]] = {}

    def diff(self, older: Version, newer: Version) -> list[Difference]:
        model = newer._model
        old_parts, new_parts = self.parts(older), self.parts(newer)
        self.names.load(row["authority_id"] for parts in (old_parts, new_parts)
                        for row in (parts or {}).get(Link, []))
        changes = _field_differences(model, str(model._meta.verbose_name), older.field_dict,
                                     newer.field_dict, ("id",), self.names)
        if old_parts is None or new_parts is None:  # recorded outside recorded(): fields only
            return changes
        for part, foreign_key, key_fields in PARTS[model]:
            before = _by_key(old_parts.get(part, []), key_fields)
            after = _by_key(new_parts.get(part, []), key_fields)
            skip = ("id", f"{foreign_key}_id")
            for key in sorted(before.keys() | after.keys()):
                old, new = before.get(key), after.get(key)
                label = _part_label(part, new or old, self.names)
                shown_skip = skip
                if old is None or new is None:  # what its label says (authority, place) is not repeated
                    label += " (added)" if old is None else " (removed)"
                    shown_skip = (*skip, "position", *key_fields)
                changes += _field_differences(part, label, old or {}, new or {}, shown_skip, self.names)
        return changes

    def parts(self, version: Version) -> dict[type, list[dict]] | None:
        if version.pk not in self._parts:
            self._parts[version.pk] = _parts(version)
        return self._parts[version.pk]


def _parts(version: Version) -> dict[type, list[dict]] | None:
    """The field values of each part of the record in the version, by part model; None for a version
    recorded without the list of its parts (outside recorded(), in reversion's own ways)."""
    listed = json.loads(version.serialized_data)[0].get("parts")
    if listed is None:
        return None
    found: dict[type, list[dict]] = {}
    # Unordered: ordered by id (Version's default), SQLite reads them through the index of revisions,
    # every version of an import's file, rather than through reversion's unique index.
    in_revision = Version.objects.filter(revision_id=version.revision_id, db="default").order_by()
    for label, ids in listed.items():
        part = apps.get_model(label)
        for start in range(0, len(ids), BATCH):
            rows = in_revision.filter(content_type=ContentType.objects.get_for_model(part),
                                      object_id__in=[str(pk) for pk in ids[start:start + BATCH]])
            found.setdefault(part, []).extend(row.field_dict for row in rows)
    return found


def _by_key(rows: list[dict], key_fields: tuple[str, ...]) -> dict[tuple, dict]:
    """Rows by their distinguishing fields; rows alike in those (two notes at one position) by order."""
    seen: Counter = Counter()
    keyed = {}
    for row in sorted(rows, key=lambda r: r["id"]):
        key = tuple(row[name] for name in key_fields)
        keyed[(*key, seen[key])] = row
        seen[key] += 1
    return keyed


def _part_label(part: type, row: dict, names: _AuthorityNames) -> str:
    if part is Text:
        return f"text {row['position']} ({row['kind']}, {row['language']})"
    if part is Note:
        return f"note {row['position']} {row['marker']}".rstrip()
    if part is Attachment:
        return f"file {row['position']} ({row['filename']})"
    if part is Link:
        return f"link {row['role']}: {names[row['authority_id']]}"
    return f"variant name {row['name']}"


def _field_differences(model, label: str, before: dict, after: dict, skip: tuple[str, ...],
                       names: _AuthorityNames) -> list[Difference]:
    changes = []
    for field in model._meta.concrete_fields:
        if field.attname in skip or field.attname not in (before.keys() | after.keys()):
            continue
        old, new = (_shown(field, values.get(field.attname), names) for values in (before, after))
        if old != new:
            changes.append(Difference(label, str(field.verbose_name), old, new, _line_diff(old, new)))
    return changes


def _shown(field, value, names: _AuthorityNames) -> str:
    if value is None:
        return ""
    if field.is_relation and field.related_model is Authority:
        return names[value]
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _line_diff(old: str, new: str) -> tuple[str, ...]:
    """A unified diff of the lines of a text that runs over several lines, without its header; a
    paragraph changed in a few words shows those words with a little of what surrounds them."""
    if "\n" not in old and "\n" not in new:
        return ()
    lines = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
             if not line.startswith(("---", "+++"))]
    signs = f" {''.join(line[:1] for line in lines)} "  # around each line: the one before and after
    for index in range(len(lines) - 1):
        before, removed, added, after = signs[index:index + 4]
        if (removed, added) == ("-", "+") and before != "-" and after != "+":  # one line for one
            old, new = _around_change(lines[index][1:], lines[index + 1][1:])
            lines[index], lines[index + 1] = f"-{old}", f"+{new}"
    return tuple(lines)


def _around_change(old: str, new: str, words: int = 8) -> tuple[str, str]:
    """A line replaced by another, cut to the words that differ and `words` either side."""
    before, after = old.split(" "), new.split(" ")
    start = len(os.path.commonprefix([before, after]))
    end = len(os.path.commonprefix([before[start:][::-1], after[start:][::-1]]))
    cut_start = max(0, start - words)

    def cut(line: list[str]) -> str:
        stop = len(line) - max(0, end - words)
        return " ".join(["…"] * bool(cut_start) + line[cut_start:stop] + ["…"] * (stop < len(line)))

    return cut(before), cut(after)


class _AuthorityNames(dict):
    """Authority records' names by id, as "Zhou, Enlai (person/zhou-enlai)"; a record deleted since
    is named by its id."""

    def load(self, ids: Iterable[int]) -> None:
        missing = sorted(set(ids) - self.keys())
        for start in range(0, len(missing), BATCH):
            for pk, kind, key, name in Authority.objects.filter(pk__in=missing[start:start + BATCH]) \
                    .values_list("pk", "kind", "key", "sort_name"):
                self[pk] = f"{name} ({kind}/{key})"
        for pk in missing:
            self.setdefault(pk, f"#{pk} (deleted)")

    def __missing__(self, pk: int) -> str:
        self.load([pk])
        return self[pk]


def _when(version: Version) -> str:
    return timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M:%S %Z")


# Restoring ----------------------------------------------------------------------------------------

def restore(version: Version, user=None) -> str:
    """Bring a document or authority record back to a version: its fields and its parts, as one new
    revision; returns that revision's comment.

    What the last import wrote stays (`imported`, `fingerprint`), so that the next import still sees
    it. A user who may not publish keeps the document's current status and embargo. `user` None is
    the command line. Refuses (RecordError, nothing changed) what can no longer be: a record ID or
    key taken since, a link to an authority record deleted since.
    """
    model = version._model
    if model not in PARTS:
        raise ValueError(f"{version} is not the version of a document or authority record")
    if user is not None and not user.has_perm(f"records.change_{model._meta.model_name}"):
        raise PermissionDenied
    fields = dict(version.field_dict)
    current = model.objects.filter(pk=fields["id"]).first()
    comment = f"restored the version of {_when(version)}"
    unwritten: tuple[str, ...] = ()
    if model is Document and user is not None and not user.has_perm(PUBLISH_PERMISSION):
        unwritten = PUBLISHING_FIELDS
        kept = _keep_publishing_fields(fields, current)
        if kept:
            comment += f"; kept its current {kept}, which only those who may publish change"
    elif model is Document:
        comment += _drop_ended_embargo(fields)
    if user is None:
        comment += f" ({command_comment()})"
    with recorded(comment, user):
        record = _restore_fields(model, fields, current, unwritten)
        _restore_parts(version, record)
        if model is Document:
            add_documents([record.pk])
        else:
            touch_documents_of(record)  # its names show on its documents' pages and in search
            add_authorities([record.pk])
    return comment


def _keep_publishing_fields(fields: dict, current: Document | None) -> str:
    """The current status and embargo in place of the version's; what differed, named."""
    now = {"status": current.status if current else Document.Status.DRAFT,
           "embargoed_until": current.embargoed_until if current else None}
    kept = [name.replace("embargoed_until", "embargo") for name in PUBLISHING_FIELDS
            if fields.get(name) != now[name]]
    fields.update(now)
    return " and ".join(kept)


def _drop_ended_embargo(fields: dict) -> str:
    """An embargo that has ended is not brought back: the worker would publish at once a document
    that the version, restricted, kept from the public. What the comment says of it."""
    day = fields.get("embargoed_until")
    if day is None or day > timezone.localdate():
        return ""
    fields["embargoed_until"] = None
    return f"; its embargo ended on {day.isoformat()}: it stays restricted until someone publishes it"


def _restore_fields(model, fields: dict, current, unwritten: tuple[str, ...] = ()):
    """The record with the version's fields, checked as a form would, and saved (its outbox row);
    the `unwritten` fields, kept as they were read, are not written back over a change made since."""
    record = current or model(pk=fields["id"])
    for name, value in fields.items():
        setattr(record, name, value)
    try:
        record.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        field = "record" if field == NON_FIELD_ERRORS else field
        raise RecordError(field, f"the version cannot be restored: {' '.join(messages)}") from None
    written = None
    if current is not None and unwritten:
        written = [field.name for field in model._meta.concrete_fields
                   if not field.primary_key and field.name not in unwritten]
    record.save(update_fields=written)  # a document's save writes its outbox row (records.models)
    return record


def _restore_parts(version: Version, record) -> None:
    """The record's parts as they were: those added since are deleted, the old ones written back."""
    old = _parts(version)
    if old is None:
        raise RecordError("version", "it was recorded without its parts (outside the archive's "
                                     "history services) and cannot be restored")
    for part, foreign_key, _ in PARTS[type(record)]:
        part.objects.filter(**{foreign_key: record}).delete()
        rows = [part(**row) for row in old.get(part, [])]
        if part is Link:
            _refuse_deleted_authorities(row.authority_id for row in rows)
        part.objects.bulk_create(rows)


def _refuse_deleted_authorities(ids: Iterable[int]) -> None:
    wanted = set(ids)
    missing = wanted - set(Authority.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if missing:
        raise RecordError("links", f"the version links to authority records deleted since "
                                   f"(#{', #'.join(map(str, sorted(missing)))}); it cannot be restored")
