"""The one way files come in: each read in its format, stored in one transaction, then indexed.

`archivist ingest`, `archivist load` and `archivist demo` all run `ingest`, then bring the search
index up to date (archivist.outbox); a format is a reader yielding (line, item) pairs for
loader.store_records, chosen by --format or detected from the file's name and first bytes. The index
follows the outbox, so if updating it fails the stored files are kept and a later sync catches up.
Imports run one file at a time per archive (archivist.locks): a second waits for the first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archivist.ingest.csvrecords import read_csv_records
from archivist.ingest.errors import IngestError
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import LoadReport, store_records
from archivist.ingest.tei import read_tei
from archivist.locks import exclusive

logger = logging.getLogger(__name__)

FORMATS: dict[str, Callable] = {"tei": read_tei, "csv": read_csv_records, "jsonl": read_json_records}
SUFFIXES = {".xml": "tei", ".tei": "tei", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".json": "jsonl"}


@dataclass
class FileResult:
    path: Path
    report: LoadReport | None = None
    error: IngestError | None = None


def detect_format(path: Path) -> str:
    """By suffix, else by the first character: "<" TEI, "{" or "[" JSON, anything else CSV."""
    if path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    with path.open("rb") as handle:
        start = handle.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "tei"
    return "jsonl" if start.startswith((b"{", b"[")) else "csv"


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a directory stands for its files of known suffixes, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            files.append(path)
    return files


def expected_documents(path: Path, format_name: str | None) -> int:
    """A quick estimate of a file's documents, for the progress bar: lines, or TEI document divs.
    A file that cannot be read counts one; ingest reports why."""
    try:
        format_name = format_name or detect_format(path)
        marker = b'type="document"' if format_name == "tei" else b"\n"
        with path.open("rb") as handle:
            count = sum(chunk.count(marker) for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 1
    return max(count - (format_name == "csv"), 1)


def ingest(paths: list[Path], format_name: str | None = None,
           progress: Callable[[int], None] | None = None,
           waiting: Callable[[], None] = lambda: None, overwrite: bool = False) -> Iterator[FileResult]:
    """Store each file whole or not at all. Callers then run archivist.outbox.catch_up.

    `waiting` is called when a file must wait for another process's import to finish. `overwrite`
    takes the files' values of fields curators changed (loader.store_records).
    """
    for path in paths:
        try:
            reader = FORMATS[format_name or detect_format(path)]
            with exclusive("import", waiting):
                report = store_records(path, reader(path), progress, overwrite)
        except IngestError as error:
            yield FileResult(path, error=error)
            continue
        except OSError as error:
            yield FileResult(path, error=IngestError(path, None, None, f"cannot read: {error}"))
            continue
        except Exception as error:  # a fault of ours must not cost the run its other files
            logger.exception("importing %s failed", path)
            yield FileResult(path, error=IngestError(
                path, None, None, f"unexpected {type(error).__name__}: {error} (logged)"))
            continue
        yield FileResult(path, report=report)

