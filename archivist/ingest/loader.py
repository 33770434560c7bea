"""Storing a file's records: all of them in one transaction, or none of them.

Readers yield (line, item) pairs. An item is a record-format object (a dict), a record already
validated by its reader (DocumentRecord, AuthorityRecord), a glossary entry, a file to keep under the
archive's files directory, or a note of something skipped. Documents are saved in batches with bulk
queries; an authority record flushes the batch first, so records are stored in file order.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import reversion
from django.conf import settings
from django.db import DatabaseError

from archivist.config import private_folder
from archivist.curation.duplicates import merge_sure
from archivist.curation.history import add_authorities, add_documents, command_comment, recorded
from archivist.enrich.services import regenerate_variants_of
from archivist.ingest.errors import IngestError
from archivist.ingest.glossary import GlossaryEntry, save_glossary, save_organizations
from archivist.places.services import locate_places
from archivist.records.merge import Conflict
from archivist.records.models import Attachment, Authority, GlossaryTerm
from archivist.records.recordformat import (
    AuthorityRecord,
    DocumentRecord,
    RecordError,
    check_authority,
    is_authority,
    read_authority,
    read_document,
)
from archivist.records.services import ImportRun, Outcome, save_authority, save_documents

logger = logging.getLogger(__name__)

BATCH = 500
OUTCOMES = ("added", "updated", "unchanged")


@dataclass
class StoredFile:
    """Content to keep at `path`, relative to the archive's files directory."""

    path: str
    content: bytes


@dataclass
class Skipped:
    """Something the reader left out on purpose, counted in the report under `what`."""

    what: str


@dataclass
class LoadReport:
    """Outcomes of all records stored, how many were documents, conflicts, and other things counted."""

    counts: Counter = field(default_factory=Counter)  # added / updated / unchanged
    kinds: Counter = field(default_factory=Counter)  # documents / authority records
    extras: Counter = field(default_factory=Counter)  # e.g. editorial notes skipped
    conflicts: list[Conflict] = field(default_factory=list)  # curators' values kept (or overwritten)

    def add(self, other: LoadReport) -> None:
        self.counts.update(other.counts)
        self.kinds.update(other.kinds)
        self.extras.update(other.extras)
        self.conflicts += other.conflicts

    def summary(self) -> str:
        """E.g. "176 added, 0 updated, 0 unchanged, 0 conflicts (117 documents, 59 authority records)"."""
        conflicts = len(self.conflicts)
        text = ", ".join([*(f"{self.counts[k]} {k}" for k in OUTCOMES),
                          f"{conflicts} conflict{'' if conflicts == 1 else 's'}"])
        kinds = ", ".join(f"{n} {k.removesuffix('s') if n == 1 else k}"
                          for k, n in sorted(self.kinds.items(), reverse=True) if n)
        if kinds:
            text += f" ({kinds})"
        return "; ".join([text, *(f"{n} {ONE.get(k, k) if n == 1 else k}"
                                  for k, n in sorted(self.extras.items()) if n)])


NOT_LOCATED = "records whose places the gazetteer did not look up (logged; archivist places locate)"
# The things counted in LoadReport.extras, as one of each is named.
ONE = {"people merged into records already stored": "person merged into a record already stored",
       "editorial notes skipped": "editorial note skipped", "glossary terms": "glossary term",
       "scan pages attached": "scan page attached",
       "places located by the gazetteer": "place located by the gazetteer",
       "places ambiguous in the gazetteer": "place ambiguous in the gazetteer",
       NOT_LOCATED: "record whose place the gazetteer did not look up (logged; archivist places locate)",
       "organizations in the glossary": "organization in the glossary",
       "names of people or organizations made organizations": "name of a person or organization made an "
                                                               "organization"}


def store_records(path: Path | str, records: Iterable[tuple[int, Any]],
                  progress: Callable[[int], None] | None = None, overwrite: bool = False) -> LoadReport:
    """Validate and save each (line, item) of one file; any error rolls the whole file back.

    The file is one revision of the history. Fields a curator changed keep the curator's value and
    are reported as conflicts; `overwrite` takes the file's values there too, and the history says so.
    `progress` is called with the number of documents stored (or skipped) since its last call.
    """
    store = _FileStore(Path(path), progress or (lambda n: None), ImportRun(overwrite=overwrite))
    try:
        with recorded(command_comment([path])):
            for line, item in records:
                store.add(line, item)
            store.finish()
    finally:
        store.sweep()
    _locate_places(store, path)
    return store.report


def _locate_places(store: _FileStore, path: Path | str) -> None:
    """After the file's transaction: reading the gazetteer takes seconds, which SQLite's write lock must
    not be held for (another command would find the database locked). The file is stored by then, so a
    failure here is told as places left to locate, not as the file's failure."""
    try:
        located = locate_places(ids=store.authorities, comment=command_comment([path]))
    except DatabaseError:
        logger.exception("%s: places not located", path)
        store.report.extras[NOT_LOCATED] += len(store.authorities)
        return
    for what, places in (("places located by the gazetteer", located.located),
                         ("places ambiguous in the gazetteer", located.ambiguous)):
        if places:
            store.report.extras[what] += len(places)


def _overwritten(conflicts: list[Conflict], shown: int = 20) -> str:
    """What the history says of an import that took the file's values over curators'."""
    fields: dict[str, list[str]] = {}
    for conflict in conflicts:
        fields.setdefault(conflict.record, []).append(conflict.field)
    named = [f"{record} ({', '.join(names)})" for record, names in fields.items()]
    more = f" and {len(named) - shown} more records" if len(named) > shown else ""
    return f"overwrote curators' values: {', '.join(named[:shown])}{more}"


class _FileStore:
    def __init__(self, path: Path, progress: Callable[[int], None], run: ImportRun) -> None:
        self.path, self.progress, self.run = path, progress, run
        self.report = LoadReport()
        self.pending: list[tuple[int, DocumentRecord]] = []
        self.lines: dict[tuple[str, str], int] = {}  # where each record of this file was read
        self.glossary: dict[str, list[GlossaryEntry]] = {}
        self.folders: set[str] = set()  # where this file's reader keeps files
        self.attached: list = []  # scans' pages attached (archivist.scans), their files swept on rollback
        self.authorities: set[int] = set()  # the records the file stored
        # Keys of authority records, by kind, whose generated variants the file gives (an export):
        # kept as given, which leaves out those a curator removed.
        self.generated_given: dict[str, set[str]] = {}

    def add(self, line: int, item: Any) -> None:
        try:
            if isinstance(item, dict):
                # most items are documents: skip is_authority, which lists the kinds on every call
                authority = item.get("type", "document") != "document" and is_authority(item)
                item = read_authority(item) if authority else read_document(item)
            if isinstance(item, DocumentRecord):
                self._add_document(line, item)
            elif isinstance(item, AuthorityRecord):
                check_authority(item)
                self._first_time(line, item.kind, item.key, "id")
                self._flush()
                outcome = save_authority(item, self.run)
                if outcome == Outcome.MERGED:  # a person stored already: that record took it in
                    self.report.extras["people merged into records already stored"] += 1
                    outcome = Outcome.UPDATED
                self.report.counts[outcome.value] += 1
                if any(v["origin"] == "generated" for v in item.variants):
                    self.generated_given.setdefault(item.kind, set()).add(item.key)
                self.report.kinds["authority records"] += 1
            elif isinstance(item, StoredFile):
                self.folders.add(_keep_file(item))
            elif isinstance(item, GlossaryEntry):
                _check_glossary_entry(item)
                self.glossary.setdefault(item.source, []).append(item)
            elif isinstance(item, Skipped):
                self.report.extras[item.what] += 1
                self.progress(1)
            else:
                raise TypeError(f"a reader yielded {type(item).__name__}")
        except RecordError as error:
            raise IngestError(self.path, line, error.field, error.message) from error
        except OSError as error:
            raise IngestError(self.path, line, "files", f"cannot store a file: {error}") from error

    def sweep(self) -> None:
        """After commit or rollback: remove files in the reader's folders that no record uses,
        i.e. versions replaced by this import, or written by an import that was rolled back.
        Only folders _keep_file confined to the files directory are swept, never the directory.
        The files of scans attached by a file that was rolled back go too."""
        from archivist.scans.services import remove_rolled_back

        remove_rolled_back(self.attached)
        root = Path(settings.MEDIA_ROOT)
        for folder in self.folders:
            used = set(Attachment.objects.filter(path__startswith=f"{folder}/")
                       .values_list("path", flat=True))
            if not (root / folder).is_dir():  # removed meanwhile, or never made
                continue
            for stored in (root / folder).iterdir():
                in_progress = stored.name.startswith(".partial-")
                if stored.is_file() and not in_progress and f"{folder}/{stored.name}" not in used:
                    stored.unlink(missing_ok=True)

    def finish(self) -> None:
        self._flush()
        renamed: set[int] = set()
        for source, entries in self.glossary.items():
            self.report.extras["glossary terms"] += save_glossary(source, entries)
            found, given_names = save_organizations(entries, self.run.resolver)
            if found:
                self.report.extras["organizations in the glossary"] += found
            renamed |= given_names
        self.report.conflicts = self.run.conflicts
        add_documents(self.run.documents)
        authorities = self.run.authorities | self.run.resolver.created | renamed
        if self.run.resolver.organizations:  # never silently: a name of people and organizations
            self.report.extras["names of people or organizations made organizations"] += len(
                self.run.resolver.organizations)
        add_authorities(authorities)
        # the same person, stored apart before this file, which tells them to be one
        merged = merge_sure(self.run.authorities, self.run.added_authorities)
        if merged:
            self.report.extras["people merged into records already stored"] += merged
        given = {pk for kind, keys in self.generated_given.items()
                 for pk in Authority.objects.filter(kind=kind, key__in=keys).values_list("pk", flat=True)}
        regenerate_variants_of(authorities - given)  # searching and linking read them: made as stored
        self.authorities = authorities  # located once stored, by the names just generated too (Peking)
        if self.run.overwrite and self.run.conflicts:
            reversion.set_comment(f"{command_comment([self.path])}; {_overwritten(self.run.conflicts)}")

    def _first_time(self, line: int, kind: str, key: str, field_name: str) -> None:
        """A file holds each record once: a second one would silently replace the first."""
        first = self.lines.setdefault((kind, key), line)
        if first != line:
            raise RecordError(field_name, f"{key!r} is also the ID of the record on line {first}; "
                                          "a file holds each record once")

    def _add_document(self, line: int, record: DocumentRecord) -> None:
        self._first_time(line, "document", record.record_id, "record_id")
        self.pending.append((line, record))
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        try:
            outcomes = save_documents([record for _, record in batch], self.run)
        except RecordError as error:
            line = batch[getattr(error, "index", 0)][0]
            raise IngestError(self.path, line, error.field, error.message) from error
        for outcome in outcomes:
            self.report.counts[outcome.value] += 1
        self.report.kinds["documents"] += len(outcomes)
        for line, record in batch:
            if record.scans:
                self._attach_scans(line, record)
        self.progress(len(outcomes))

    def _attach_scans(self, line: int, record: DocumentRecord) -> None:
        """The record's scans to attach (files with a source), read beside the file being imported."""
        from archivist.scans.services import ScanError, attach_imported

        try:
            pages = attach_imported(record.record_id, self.path.parent, record.scans)
        except ScanError as error:
            field_name, _, message = str(error).partition(": ")
            raise IngestError(self.path, line, field_name, message.removesuffix("; nothing was attached")) \
                from error
        self.attached += pages
        if pages:
            self.report.extras["scan pages attached"] += len(pages)


def _check_glossary_entry(entry: GlossaryEntry) -> None:
    for name in ("source", "key", "term"):
        limit = GlossaryTerm._meta.get_field(name).max_length
        if len(getattr(entry, name)) > limit:
            raise RecordError(name, f"is {len(getattr(entry, name))} characters long; at most {limit}")


def _keep_file(item: StoredFile) -> str:
    """Write the file unless it is there already; returns its folder, relative to the files
    directory. Readers put a file's hash in its name, so a rollback never leaves a stored record
    pointing at a file with other content."""
    target = confined(item.path)
    if target.is_file() and target.read_bytes() == item.content:
        return item.path.rsplit("/", 1)[0]
    private_folder(Path(settings.MEDIA_ROOT))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
    with os.fdopen(handle, "wb") as out:
        out.write(item.content)
    os.replace(temporary, target)
    return item.path.rsplit("/", 1)[0]


def confined(relative: str) -> Path:
    """Where a stored file goes: inside a folder of the archive's files directory, or nowhere.
    Resolved, it must be itself: no '..', no absolute path, no link leading out of the directory."""
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / relative).resolve()
    inside = target.is_relative_to(root) and target.relative_to(root).as_posix() == relative
    if not inside or "/" not in relative:
        raise RecordError("files", f"{relative!r} is not a path inside a folder of the archive's "
                                   "files directory")
    return target
