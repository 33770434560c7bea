"""OCR of scan pages with Debian's tesseract: each waiting page's text and its words' boxes (hOCR).

Pages wait with ocr_status "pending" (archivist.scans.services.attach). A reader claims one page at a
time with one UPDATE of that row from pending to running, so the server's worker and a command
(`archivist attach --wait`, `archivist ocr --wait`) never read the same page twice, on SQLite as on
PostgreSQL. Tesseract runs with no transaction open (no write lock held meanwhile); its text and hOCR
are then stored in a short transaction, and once a document has no page left waiting its outbox row
(records.Change) is written, so that the search index and OAI-PMH take the new text.

Tesseract is called as a program (one run writes both the text and the hOCR) rather than through
pytesseract, which wraps the same call and would add nothing here: pages are image files already.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from django.db import OperationalError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from archivist.records.files import inside_files
from archivist.records.models import Change, Document
from archivist.scans.models import Page

log = logging.getLogger(__name__)

Status = Page.OcrStatus
PAGE_TIMEOUT = 300.0  # seconds tesseract may take on one page before the page is marked failed
STORE_PATIENCE = 120.0  # seconds a page's reading waits for another process's write lock (SQLite)
# A page still "running" this long after it was claimed lost its reader (killed): it may be claimed again.
STALE_AFTER = timedelta(seconds=PAGE_TIMEOUT + STORE_PATIENCE + 60)
LANGUAGES_TTL = 60.0  # seconds the list of installed languages is trusted (one may be installed meanwhile)
DEFAULT_LANGUAGE = "eng"
# BCP 47 tag (lower case; its longest known prefix counts) -> tesseract's language.
TESSERACT_LANGUAGES = {
    "en": "eng", "ru": "rus", "de": "deu", "fr": "fra", "ja": "jpn",
    "zh": "chi_sim", "zh-hans": "chi_sim", "zh-cn": "chi_sim", "zh-sg": "chi_sim",
    "zh-hant": "chi_tra", "zh-tw": "chi_tra", "zh-hk": "chi_tra", "zh-mo": "chi_tra",
}
LANGUAGE_NAMES = {"eng": "English", "rus": "Russian", "deu": "German", "fra": "French", "jpn": "Japanese",
                  "chi_sim": "Chinese (simplified)", "chi_tra": "Chinese (traditional)"}
INSTALL = ("sudo apt-get install tesseract-ocr " +
           " ".join(f"tesseract-ocr-{code.replace('_', '-')}" for code in LANGUAGE_NAMES))
# Characters written without spaces between them (Han, kana, CJK punctuation, full-width forms):
# tesseract puts a space between every two, which the page's text leaves out (the hOCR keeps them).
_CJK = "\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef" \
       "\U00020000-\U0003ffff"
_SPACES_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_NOISE = ("Estimating resolution", "Detected ", "Warning: Invalid resolution")

_installed: tuple[float, frozenset[str]] | None = None


class OcrUnavailable(Exception):
    """Tesseract, or its data for a language, is not installed: pages wait until it is."""


class OcrFailed(Exception):
    """Tesseract could not read a page (a corrupt image, a timeout): the page is marked failed."""


@dataclass(frozen=True)
class Reading:
    text: str
    hocr: str


@dataclass
class DocumentProgress:
    """How far OCR has come with one document's pages: a count of pages per status."""

    record_id: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def to_read(self) -> int:
        """Pages that need OCR (every page but those with a PDF text layer)."""
        return sum(n for status, n in self.counts.items() if status != Status.NOT_NEEDED)

    @property
    def read(self) -> int:
        return self.counts.get(Status.DONE, 0) + self.counts.get(Status.FAILED, 0)

    @property
    def waiting(self) -> int:
        return self.counts.get(Status.PENDING, 0) + self.counts.get(Status.RUNNING, 0)

    @property
    def failed(self) -> int:
        return self.counts.get(Status.FAILED, 0)

    def describe(self) -> str:
        """E.g. "3 of 12 pages of 110390 read (1 failed)"."""
        failed = self.failed
        text_layer = self.counts.get(Status.NOT_NEEDED, 0)
        if not self.to_read:
            return f"no page of {self.record_id} needs OCR ({text_layer} with a text layer)"
        notes = ([f"{failed} failed"] if failed else []) + (
            [f"{text_layer} more with a text layer"] if text_layer else [])
        pages = "page" if self.to_read == 1 else "pages"
        return (f"{self.read} of {self.to_read} {pages} of {self.record_id} read" +
                (f" ({', '.join(notes)})" if notes else ""))


@dataclass
class OcrSummary:
    """What wait_for() did: pages read by this process, where each document stands, and why OCR
    stopped early if it did (tesseract or a language missing)."""

    read: int
    documents: list[DocumentProgress]
    problem: str = ""

    @property
    def finished(self) -> bool:
        return not any(document.waiting for document in self.documents)


def installed_languages() -> frozenset[str]:
    """Tesseract's installed languages (`tesseract --list-langs`); raises OcrUnavailable without it."""
    global _installed
    if _installed is not None and time.monotonic() - _installed[0] < LANGUAGES_TTL:
        return _installed[1]
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30,
                                check=True)
    except FileNotFoundError:
        raise OcrUnavailable(f"tesseract is not installed, so scans wait for OCR: {INSTALL}") from None
    except (OSError, subprocess.SubprocessError) as error:
        raise OcrUnavailable(f"tesseract does not run ({error}): {INSTALL}") from None
    # The first line is a heading ("List of available languages in ...").
    languages = frozenset(line.strip() for line in listed.stdout.splitlines()[1:] if line.strip())
    _installed = (time.monotonic(), languages)
    return languages


def tesseract_languages(bcp47: str) -> str:
    """Tesseract's language for a scan's language tag ("ru" -> "rus", "zh-Hant" -> "chi_tra"); English
    for an unknown or empty tag. Raises OcrUnavailable, saying what to install, if it is missing."""
    subtags = bcp47.strip().lower().replace("_", "-").split("-")
    code = next((TESSERACT_LANGUAGES[key] for n in range(len(subtags), 0, -1)
                 if (key := "-".join(subtags[:n])) in TESSERACT_LANGUAGES), DEFAULT_LANGUAGE)
    if code not in installed_languages():
        name = LANGUAGE_NAMES.get(code, code)
        raise OcrUnavailable(f"tesseract has no data for {name} ({code}), so scans in {bcp47 or 'it'} "
                             f"wait for OCR: sudo apt-get install tesseract-ocr-{code.replace('_', '-')}")
    return code


def read_image(path: Path, languages: str, timeout: float = PAGE_TIMEOUT) -> Reading:
    """Tesseract's text and hOCR of one image, from one run. Raises OcrFailed saying why."""
    try:
        image = path.open("rb")
    except OSError as error:
        raise OcrFailed(f"cannot open the page's image: {error.strerror}") from None
    with image, tempfile.TemporaryDirectory(prefix="archivist-ocr-") as folder:
        output = Path(folder) / "page"
        returncode, stderr = _run_tesseract(image, output, languages, timeout)
        if returncode != 0:
            raise OcrFailed(f"tesseract could not read the image: {_said(stderr)}")
        try:
            text = output.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
            hocr = output.with_suffix(".hocr").read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise OcrFailed(f"tesseract wrote no output: {error.strerror}") from None
    return Reading(text=page_text(text), hocr=hocr.replace("\x00", ""))  # PostgreSQL holds no NUL


def _run_tesseract(image: BinaryIO, output: Path, languages: str, timeout: float) -> tuple[int, bytes]:
    """One run of tesseract writing output.txt and output.hocr: (its exit status, what it said).

    The image comes on standard input, so that the hOCR names no path of the server's. One thread: on
    a machine shared with the web server, pages are read one after another anyway. The kernel ends
    tesseract after `timeout` seconds of CPU time even if this process is killed meanwhile (a server
    stopped hard) and no longer keeps the time; set from here rather than in the child before it
    starts, which is not safe in a process with threads (the search index's writer)."""
    command = ["tesseract", "-", str(output), "-l", languages, "txt", "hocr"]
    try:
        process = subprocess.Popen(command, stdin=image, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except FileNotFoundError:
        raise OcrUnavailable(f"tesseract is not installed: {INSTALL}") from None
    with process:
        limit = math.ceil(timeout)
        with contextlib.suppress(ProcessLookupError):  # done already
            resource.prlimit(process.pid, resource.RLIMIT_CPU, (limit, limit + 5))
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise OcrFailed(f"tesseract took over {timeout:g} s") from None
    return process.returncode, stderr


def page_text(tesseract_text: str) -> str:
    """The page's text as stored: no spaces between CJK characters, no final form feed."""
    lines = (line.rstrip() for line in tesseract_text.replace("\f", "").replace("\x00", "").splitlines())
    return _SPACES_BETWEEN_CJK.sub("", "\n".join(lines)).strip()


def read_pending(limit: int | None = None, record_ids: Iterable[str] | None = None, *,
                 seconds: float | None = None,
                 report: Callable[[DocumentProgress], None] | None = None) -> int:
    """Read waiting pages (of these documents only, if given), oldest first; returns pages read (done
    or failed). Stops after `limit` pages, or once `seconds` have passed (a page begun is finished).
    `report` hears each page's document's progress.

    Pages in a language tesseract lacks are left waiting; raises OcrUnavailable when no page could
    be read for that reason, or because tesseract is missing."""
    started = time.monotonic()
    record_ids = None if record_ids is None else list(record_ids)
    missing: dict[str, str] = {}  # language tag -> why it cannot be read
    read = 0
    while limit is None or read < limit:
        if seconds is not None and time.monotonic() - started >= seconds:
            break
        claimed = _claim_next(record_ids, missing)
        if claimed is None:
            break
        page_id, languages = claimed
        record_id = _read_claimed(page_id, languages)
        if record_id is None:  # deleted meanwhile
            continue
        read += 1
        if report is not None:
            report(progress([record_id])[0])
    if not read and missing:
        raise OcrUnavailable("; ".join(sorted(set(missing.values()))))
    return read


def wait_for(record_ids: Iterable[str], timeout: float | None = None,
             report: Callable[[DocumentProgress], None] | None = None) -> OcrSummary:
    """Read these documents' waiting pages in this process, and wait for those another process (the
    server's worker) is reading, until none waits or `timeout` seconds have passed. Needs no server."""
    record_ids = list(record_ids)
    deadline = None if timeout is None else time.monotonic() + timeout
    read, problem = 0, ""
    while True:
        remaining = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        try:
            read += read_pending(record_ids=record_ids, seconds=remaining, report=report)
        except OcrUnavailable as error:
            problem = str(error)
        documents = progress(record_ids)
        if problem or not any(document.waiting for document in documents):
            break
        if deadline is not None and time.monotonic() >= deadline:
            break
        time.sleep(0.5)  # pages another process is reading
    return OcrSummary(read=read, documents=documents, problem=problem)


def run_again(record_ids: Iterable[str], *, text_layer: bool = False) -> int:
    """Queue these documents' read or failed pages for OCR again (with the scan's language as it is
    now); pages with a PDF text layer too if `text_layer`. Returns pages queued. A page keeps its
    text until read again, so that search finds it meanwhile."""
    statuses = [Status.DONE, Status.FAILED] + ([Status.NOT_NEEDED] if text_layer else [])
    return (Page.objects.filter(document__record_id__in=list(record_ids), ocr_status__in=statuses)
            .update(ocr_status=Status.PENDING, ocr_error="", updated=timezone.now()))


def progress(record_ids: Iterable[str] | None = None) -> list[DocumentProgress]:
    """Pages per OCR status of each document with scans (of those given: with no page, none counted),
    in the order given, else by record ID."""
    pages = Page.objects.all()
    if record_ids is not None:
        record_ids = list(record_ids)
        pages = pages.filter(document__record_id__in=record_ids)
    found: dict[str, DocumentProgress] = {}
    counted = pages.values_list("document__record_id", "ocr_status").annotate(pages=Count("id"))
    for record_id, status, count in counted.order_by():
        found.setdefault(record_id, DocumentProgress(record_id)).counts[status] = count
    order = record_ids if record_ids is not None else sorted(found)
    return [found.get(record_id) or DocumentProgress(record_id) for record_id in order]


def unavailable() -> str:
    """Why some waiting pages cannot be read now (tesseract or a language missing), or ""."""
    try:
        installed_languages()
    except OcrUnavailable as error:
        return str(error) if Page.objects.filter(ocr_status=Status.PENDING).exists() else ""
    reasons = set()
    tags = (Page.objects.filter(ocr_status=Status.PENDING).values_list("attachment__language", flat=True)
            .distinct().order_by())
    for tag in tags:
        try:
            tesseract_languages(tag)
        except OcrUnavailable as error:
            reasons.add(str(error))
    return "; ".join(sorted(reasons))


def _claimable() -> Q:
    stale = Q(ocr_status=Status.RUNNING, updated__lt=timezone.now() - STALE_AFTER)
    return Q(ocr_status=Status.PENDING) | stale


def _claim_next(record_ids: list[str] | None, missing: dict[str, str]) -> tuple[int, str] | None:
    """Claim the next waiting page whose language tesseract has: (page id, tesseract's languages)."""
    while True:
        candidates = Page.objects.filter(_claimable()).exclude(attachment__language__in=list(missing))
        if record_ids is not None:
            candidates = candidates.filter(document__record_id__in=record_ids)
        batch = list(candidates.order_by("id").values_list("id", "attachment__language")[:20])
        if not batch:
            return None
        installed_languages()  # raises without tesseract: then no page can be read
        for page_id, tag in batch:
            try:
                languages = tesseract_languages(tag)
            except OcrUnavailable as error:
                missing[tag] = str(error)
                break  # look again without that language
            if _claim(page_id):
                return page_id, languages
            # Another reader took it first: try the next one.


def _claim(page_id: int) -> bool:
    """One UPDATE of one row from waiting to running: only one reader's UPDATE counts the row."""
    now = timezone.now()
    claimed = Page.objects.filter(_claimable(), pk=page_id).update(ocr_status=Status.RUNNING, updated=now)
    return claimed == 1


def _read_claimed(page_id: int, languages: str) -> str | None:
    """Read a claimed page and store what came of it; returns its document's record ID (None if the
    page was deleted meanwhile). Never raises for a page's fault: the page is marked failed instead."""
    page = Page.objects.filter(pk=page_id).select_related("document").first()
    if page is None:
        return None
    started = time.monotonic()
    try:
        reading = read_image(_image_path(page), languages)
    except OcrFailed as error:
        outcome = {"ocr_status": Status.FAILED, "ocr_error": f"page {page.number}: {error}"}
    except OcrUnavailable:  # uninstalled after the claim: the page waits again
        Page.objects.filter(pk=page_id, ocr_status=Status.RUNNING).update(ocr_status=Status.PENDING)
        raise
    except Exception as error:  # a page must never stay running, nor stop the reader
        log.exception("OCR of %s failed", page)
        outcome = {"ocr_status": Status.FAILED, "ocr_error": f"page {page.number}: {error!r}"}
    else:
        outcome = {"ocr_status": Status.DONE, "ocr_error": "", "text": reading.text, "words": reading.hocr,
                   "text_source": Page.TextSource.OCR}
    log.debug("OCR of %s (%s): %.2f s", page, languages, time.monotonic() - started)
    _store_patiently(page, {**outcome, "ocr_languages": languages})
    return page.document.record_id


def _store_patiently(page: Page, outcome: dict) -> None:
    """_store(), tried again while another process (an import) holds SQLite's write lock, for up to
    STORE_PATIENCE seconds: the page's reading is not thrown away for a lock held a while."""
    give_up = time.monotonic() + STORE_PATIENCE
    while True:
        try:
            _store(page, outcome)
            return
        except OperationalError as error:
            if "database is locked" not in str(error) or time.monotonic() >= give_up:
                raise  # the page stays running, and is read again once its claim is stale
            log.info("OCR of %s waits to be stored: another process is writing the database", page)


@transaction.atomic
def _store(page: Page, outcome: dict) -> None:
    """Store a page's OCR; the document's outbox row once none of its pages waits any more. The document's
    row is locked first (PostgreSQL) so that two readers finishing its last pages at once do not both
    see the other's page as still running; SQLite's transactions are one at a time already."""
    list(Document.objects.select_for_update().filter(pk=page.document_id).values_list("pk"))
    stored = (Page.objects.filter(pk=page.pk, ocr_status=Status.RUNNING)
              .update(**outcome, updated=timezone.now()))
    waiting = Page.objects.filter(document_id=page.document_id,
                                  ocr_status__in=[Status.PENDING, Status.RUNNING]).exists()
    if stored and not waiting:
        Change.objects.create(record_id=page.document.record_id, action=Change.Action.UPSERT)


def _image_path(page: Page) -> Path:
    """The page's image inside the files directory; a stored path leading out of it is refused."""
    path = inside_files(page.image) if page.image else None
    if path is None:
        raise OcrFailed(f"the page's image path {page.image!r} is not inside the archive's files")
    return path


def _said(stderr: bytes) -> str:
    """Tesseract's error, without its notes on resolution."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and not line.startswith(_NOISE)]
    return "; ".join(lines[-3:]) or "no reason given"
