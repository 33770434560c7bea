"""Reading documents from a spreadsheet saved as CSV: one row per document (docs/csv-format.md).

The header names record-format fields; cells of list fields hold several values separated by ";".
Errors name the file, the row's line and the column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archivist.ingest.errors import IngestError
from archivist.records.recordformat import NAME_FIELDS

SEPARATOR = ";"
SINGLE_FIELDS = ("record_id", "title", "summary", "date", "date_display", "text", "text_language",
                 "original_language", "source", "rights", "original_uploaded_date", "publisher",
                 "url", "number", "status", "place_of_writing")
LIST_FIELDS = tuple(name for name in NAME_FIELDS if name != "place_of_writing") + ("original_archive",)
# Scans to attach: files beside the CSV file, their language and whether of the original or a translation
# (each a `files` entry with a `source` in the record format).
SCAN_COLUMNS = ("scans", "scans_language", "scans_kind")
COLUMNS = SINGLE_FIELDS + LIST_FIELDS + SCAN_COLUMNS
REQUIRED = ("record_id", "title")


def read_csv_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line, document record) for each row; the line is where the row starts."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        with handle:
            reader = csv.reader(handle, strict=True)
            header = _header(path, next(reader, None))
            line = reader.line_num + 1
            for row in reader:
                if any(cell.strip() for cell in row):
                    yield line, _record(path, line, header, row)
                line = reader.line_num + 1
    except UnicodeDecodeError as error:
        raise IngestError(path, _undecodable_line(path), None,
                          f"not UTF-8 text ({error.reason})") from error
    except csv.Error as error:
        raise IngestError(path, getattr(reader, "line_num", None), None, f"bad CSV: {error}") from error


def _undecodable_line(path: Path) -> int | None:
    """The line of the first byte that is not UTF-8 (the reader decodes ahead of its rows)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return None


def _header(path: Path, row: list[str] | None) -> list[str]:
    if row is None:
        raise IngestError(path, 1, None, "empty file: the first line must be the header")
    header = [name.strip() for name in row]
    for name in header:
        if name not in COLUMNS:
            raise IngestError(path, 1, name, f"not a column of the CSV format; columns are "
                                             f"{', '.join(COLUMNS)}")
    for name in REQUIRED:
        if name not in header:
            raise IngestError(path, 1, name, "required column is missing")
    if len(set(header)) != len(header):
        raise IngestError(path, 1, None, "a column name appears twice")
    return header


def _record(path: Path, line: int, header: list[str], row: list[str]) -> dict[str, Any]:
    if len(row) > len(header):
        raise IngestError(path, line, None, f"{len(row)} cells but the header has {len(header)} "
                                            "columns")
    record: dict[str, Any] = {}
    for name, cell in zip(header, row, strict=False):
        cell = cell.strip()
        if not cell:
            continue
        if name in LIST_FIELDS or name == "scans":
            record[name] = [value.strip() for value in cell.split(SEPARATOR) if value.strip()]
        elif name == "text":
            record[name] = cell.replace("\r\n", "\n")
        else:
            record[name] = cell
    return _with_scans(record)


def _with_scans(record: dict[str, Any]) -> dict[str, Any]:
    """The scans columns as the record format's `files` entries with a `source` (paths are relative to
    the CSV file's folder, as the record format's to the record file's)."""
    sources = record.pop("scans", [])
    language, kind = record.pop("scans_language", ""), record.pop("scans_kind", "")
    if sources:
        record["files"] = [{"kind": "scan", "source": source, "language": language,
                            "text_kind": kind or "original"} for source in sources]
    return record
