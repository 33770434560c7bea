"""Attaching scans to documents, and removing them: every interface (CLI, import, admin) calls these.

A scan is stored as its original file (an Attachment of kind "scan") and one Page per page, with the
page's full image, its text layer when a PDF page has one, and its IIIF tiles. All the files of one
call are stored, or none: any error leaves the database and the files directory as they were.
docs/scans.md describes the formats and limits for users.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from archivist.config import private_folder
from archivist.records.models import Attachment, Change, Document
from archivist.scans.models import Page
from archivist.scans.reading import FileType, UnreadableScan
from archivist.scans.sandbox import StagedPage, read_staged

SCANS_FOLDER = "scans"  # under the files directory: scans/<record_id>/<attachment position>/
TEXT_KINDS = ("original", "translation")
IMPORTED_SCANS = "scans"  # in a document's base (`imported`): the SHA-256 of each scan its imports named
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
BCP47 = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,6}")


class ScanError(Exception):
    """A scan that cannot be attached; the message names the file (and the page), nothing was stored."""


@dataclass
class _ReadFile:
    name: str  # as the user knows it
    source: Path
    kind: FileType
    pages: list[StagedPage]  # each page with its image, written in the staging folder


def attach(record_id: str, files: list[Path], *, language: str = "", text_kind: str = "original",
           actor: str = "", names: list[str] | None = None, user=None) -> list[Page]:
    """Attach each file as a scan of the document, its pages numbered after the document's pages.

    `names` are the files' names as the user knows them (an upload's), in place of the paths' names.
    `actor` says who attached them in the history's comment; `user`, a signed-in person (the admin).
    """
    from archivist.curation.history import add_documents, recorded

    if text_kind not in TEXT_KINDS:
        raise ScanError(f"the kind of text must be one of {', '.join(TEXT_KINDS)}, not {text_kind!r}")
    if language and not BCP47.fullmatch(language):
        raise ScanError(f"the language must be a BCP 47 tag such as ru or zh-Hant, not {language!r}")
    if not files:
        raise ScanError("no file to attach")
    # a name is shown and sent back in downloads: no control characters (PostgreSQL refuses NUL)
    names = [CONTROL.sub("", name)[:300] or "scan" for name in (names or [Path(p).name for p in files])]
    if not Document.objects.filter(record_id=record_id).exists():
        raise ScanError(f"no document {record_id!r}")
    root = private_folder(Path(settings.MEDIA_ROOT))
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".partial-scans-"))
    written: list[Path] = []
    try:
        read = [_read(Path(path), name, staging / str(index))
                for index, (path, name) in enumerate(zip(files, names, strict=True))]
        who = f" ({actor})" if actor else ""
        comment = f"attached scan{'s' if len(read) > 1 else ''} {', '.join(f.name for f in read)}{who}"
        with recorded(comment, user=user):
            document = Document.objects.select_for_update().filter(record_id=record_id).first()
            if document is None:  # deleted while the files were read
                raise ScanError(f"no document {record_id!r}")
            pages = _store(document, read, language, text_kind, written)
            add_documents([document.pk])
            Document.objects.filter(pk=document.pk).update(modified=timezone.now())
            Change.objects.create(record_id=record_id, action=Change.Action.UPSERT)
    except BaseException:
        for path in written:  # what was moved into place before the error goes with the rows
            _remove_tree_or_file(path)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return pages


def _read(path: Path, name: str, staging: Path) -> _ReadFile:
    """One file's pages, their images written in `staging` (by a child process under memory and time
    limits: archivist.scans.sandbox); ScanError names the file and the page."""
    staging.mkdir()
    try:
        kind, pages = read_staged(path, staging)
    except UnreadableScan as error:
        where = f", page {error.page}" if error.page else ""
        raise ScanError(f"{name}{where}: {error}; nothing was attached") from error
    except OSError as error:
        reason = error.strerror or error
        raise ScanError(f"{name}: cannot be read ({reason}); nothing was attached") from error
    return _ReadFile(name, path, kind, pages)


def _store(document: Document, read: list[_ReadFile], language: str, text_kind: str,
           written: list[Path]) -> list[Page]:
    """The rows and files of each file read, in place; every path moved in is added to `written`."""
    root = Path(settings.MEDIA_ROOT)
    position = (document.attachments.aggregate(last=Max("position"))["last"] or 0) + 1
    number = document.pages.aggregate(last=Max("number"))["last"] or 0
    pages: list[Page] = []
    for scan in read:
        folder = f"{SCANS_FOLDER}/{document.record_id}/{position}"
        _clear(root / folder)
        written.append(root / folder)
        (root / folder).mkdir(parents=True)
        original = f"{folder}/original.{scan.kind.extension}"  # recordformat.ATTACHED_SCAN knows it
        digest, size = _copy(scan.source, root / original)
        attachment = Attachment.objects.create(
            document=document, position=position, kind="scan", label=scan.name,
            filename=scan.name, media_type=scan.kind.media_type, path=original, size=size,
            sha256=digest, language=language, text_kind=text_kind)
        for index, page in enumerate(scan.pages, start=1):
            number += 1
            image = f"{folder}/{index}{page.image.suffix}"
            os.replace(page.image, root / image)
            pages.append(Page.objects.create(
                document=document, attachment=attachment, number=number, width=page.width,
                height=page.height, image=image, text=page.text, words=page.words,
                text_source=Page.TextSource.PDF if page.text else Page.TextSource.NONE,
                ocr_status=Page.OcrStatus.NOT_NEEDED if page.text else Page.OcrStatus.PENDING))
        position += 1
    for page in pages:
        _make_tiles(page, written)
    return pages


def _copy(source: Path, target: Path) -> tuple[str, int]:
    """Copy the original file, hashing it on the way; (sha256, size)."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as given, target.open("wb") as out:
        while chunk := given.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _make_tiles(page: Page, written: list[Path]) -> None:
    from archivist.scans.tiles import make_tiles, page_directory

    written.append(page_directory(page.document.record_id, page.number))
    make_tiles(page)


def _clear(folder: Path) -> None:
    """A folder left by a scan removed before at this position: its files belong to no row now."""
    if folder.exists():
        shutil.rmtree(folder)


def _remove_tree_or_file(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_scan(attachment: Attachment, *, actor: str = "", user=None) -> None:
    """Delete a scan with its pages, as one revision of the document's history; their files go when
    the deletion is committed (archivist.scans.signals, which also writes the outbox)."""
    from archivist.curation.history import add_documents, recorded

    who = f" ({actor})" if actor else ""
    with recorded(f"removed scan {attachment.filename}{who}", user=user):
        attachment.delete()
        add_documents([attachment.document_id])


def attach_imported(record_id: str, folder: Path, scans: list) -> list[Page]:
    """Attach the scans a record names (records.recordformat.ScanSource, files beside the record file in
    `folder`) that the document does not have: the same file's content (SHA-256) is the same scan, and
    one an earlier import attached that is gone since was removed by a curator, and stays removed.
    Raises ScanError naming the scan's field."""
    document = Document.objects.get(record_id=record_id)
    present = set(document.attachments.filter(kind="scan").values_list("sha256", flat=True))
    remembered = set((document.imported or {}).get(IMPORTED_SCANS, []))
    pages: list[Page] = []
    named = []
    for scan in scans:
        path = _beside(folder, scan.source, scan.name)
        digest = _sha256(path)
        named.append(digest)
        if digest in present or digest in remembered:
            continue
        try:
            pages += attach(record_id, [path], language=scan.language, text_kind=scan.text_kind)
        except ScanError as error:
            raise ScanError(f"{scan.name}: {error}") from error
        present.add(digest)
    if document.imported is not None:  # None: an archive from before bases were kept (records.merge)
        imported = Document.objects.get(pk=document.pk).imported  # as this import's merge left it
        imported[IMPORTED_SCANS] = sorted(remembered | set(named))
        Document.objects.filter(pk=document.pk).update(imported=imported)
    return pages


def _beside(folder: Path, source: str, name: str) -> Path:
    """The scan's file in the record file's folder, never outside it (no link leading out)."""
    root = folder.resolve()
    path = (root / source).resolve()
    if not path.is_relative_to(root):
        raise ScanError(f"{name}: {source!r} leads out of the folder of the record file")
    if not path.is_file():
        raise ScanError(f"{name}: no file {source!r} beside the record file")
    return path


def _sha256(path: Path) -> str:
    with path.open("rb") as content:
        return hashlib.file_digest(content, "sha256").hexdigest()


def remove_rolled_back(pages: list[Page]) -> None:
    """After a transaction that attached these pages was rolled back (an import's later error): their
    files, which no row names now."""
    from archivist.scans.tiles import remove_tiles

    root = Path(settings.MEDIA_ROOT)
    for page in pages:
        if Page.objects.filter(image=page.image).exists():
            continue
        if not Page.objects.filter(document__record_id=page.document.record_id, number=page.number).exists():
            remove_tiles(page)
        folder = Path(page.image).parent.as_posix()
        if not Attachment.objects.filter(path__startswith=f"{folder}/").exists():
            _remove_tree_or_file(root / folder)
