"""Reading a scan's file in a child process under a memory limit (RLIMIT_AS) and a time limit, so that a
hostile file (a decompression bomb in a PDF's stream, a PDF slow to render) ends as an error naming the
file and the page, and the process attaching it (a web server's thread, an import) is unharmed.

The child (`python -m archivist.scans.sandbox`) reads a request as JSON on its standard input, writes
each page's image in the staging folder, and reports on its standard output one JSON line per step:
{"reading": N} before page N is read, {"page": {...}} once it is written, {"error": ..., "page": N} for a
file it refuses, {"memory": N} when page N needed more memory than allowed.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from archivist.config import int_setting
from archivist.scans.reading import TYPES, FileType, UnreadableScan, sniff

MEMORY_SETTING = "ARCHIVIST_SCAN_MEMORY_MB"
SECONDS_SETTING = "ARCHIVIST_SCAN_SECONDS"
JPEG_QUALITY = 90
# how a C library (pdfium, libpng, libtiff) ends when an allocation fails under the limit
_ALLOCATION_FAILURES = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGTRAP}


@dataclass(frozen=True)
class StagedPage:
    """A page read by the child: its image written in the staging folder, and a PDF page's text layer."""

    image: Path
    width: int
    height: int
    text: str
    words: str


def read_staged(path: Path, staging: Path) -> tuple[FileType, list[StagedPage]]:
    """The file's type and its pages, their images written in `staging` by a child process; raises
    UnreadableScan (with the page where it is known) for a bad file or one over the limits."""
    kind = sniff(path)
    memory_mb, seconds = int_setting(MEMORY_SETTING), int_setting(SECONDS_SETTING)
    request = {"path": str(path), "extension": kind.extension, "staging": str(staging),
               "memory_mb": memory_mb}
    child = subprocess.Popen([sys.executable, "-m", "archivist.scans.sandbox"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = child.communicate(json.dumps(request).encode(), timeout=seconds or None)
    except subprocess.TimeoutExpired:
        child.kill()
        out, _ = child.communicate()
        raise UnreadableScan(f"took longer than {seconds} s to read ({SECONDS_SETTING})",
                             _reports(out).get("reading")) from None
    reports = _reports(out)
    if "error" in reports:
        raise UnreadableScan(reports["error"], reports.get("page"))
    if "memory" in reports or -child.returncode in _ALLOCATION_FAILURES:
        page = reports.get("memory", reports.get("reading"))
        raise UnreadableScan(f"exceeds the memory limit of {memory_mb} MB for reading a scan "
                             f"({MEMORY_SETTING})", page)
    if child.returncode != 0 or "done" not in reports:
        last = err.decode(errors="replace").strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
        raise UnreadableScan(f"cannot be read (the reader failed: {last[0][:300]})", reports.get("reading"))
    return kind, [StagedPage(Path(p["image"]), p["width"], p["height"], p["text"], p["words"])
                  for p in reports["pages"]]


def _reports(out: bytes) -> dict:
    """The child's reports folded into one: the last page begun, the pages written, an error or the end."""
    folded: dict = {"pages": []}
    for line in out.decode(errors="replace").splitlines():
        try:
            report = json.loads(line)
        except ValueError:  # a line cut short by the child's end
            continue
        if "page" in report and isinstance(report["page"], dict):
            folded["pages"].append(report.pop("page"))
        folded.update(report)
    return folded


# The child --------------------------------------------------------------------------------------

def _child() -> None:
    import resource

    request = json.loads(sys.stdin.read())
    limit = request["memory_mb"] * 1024 * 1024
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from archivist.scans.reading import read_file

    kind = next(k for k in TYPES.values() if k.extension == request["extension"])
    staging = Path(request["staging"])
    staging.mkdir(exist_ok=True)
    number = 1
    pages = read_file(Path(request["path"]), kind)
    try:
        while True:
            _report({"reading": number})
            page = next(pages, None)
            if page is None:
                break
            target = staging / f"{number}.{'jpg' if page.photo else 'png'}"
            if page.photo:
                page.image.save(target, "JPEG", quality=JPEG_QUALITY)
            else:
                page.image.save(target, "PNG", compress_level=6)
            width, height = page.image.size
            page.image.close()
            _report({"page": {"image": str(target), "width": width, "height": height, "text": page.text,
                              "words": page.words}})
            number += 1
    except UnreadableScan as error:
        _report({"error": str(error), "page": error.page})
        return
    except MemoryError:
        _report({"memory": number})
        return
    _report({"done": True})


def _report(report: dict) -> None:
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _child()
