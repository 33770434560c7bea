"""Reading the JSON record format from files: JSON Lines, or a JSON object or array of objects."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archivist.ingest.errors import IngestError

_decoder = json.JSONDecoder()
# Python's parser recurses once a level: far deeper than any record goes (8 levels), it would reach
# the interpreter's recursion limit, where even finalizers running meanwhile fail. So deeper
# nesting is refused before parsing.
MAX_NESTING = 100
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def read_json_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, record) for each record in the file."""
    if path.suffix == ".jsonl":  # read line by line: the file may be larger than memory allows
        yield from _streamed_lines(path)
        return
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise IngestError(path, None, None, f"not UTF-8 text ({error.reason})") from error
    stripped = text.lstrip()
    if not stripped.startswith(("[", "{")) or _is_json_lines(text):
        yield from _json_lines(path, text.splitlines())
    else:
        yield from _json_document(path, text)


def _streamed_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise IngestError(path, number, None, f"not UTF-8 text ({error.reason})") from error
            yield from _json_lines(path, [line], start=number)


def _is_json_lines(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.lstrip().startswith("{") and line.rstrip().endswith("}")
                                  for line in lines)


def _json_lines(path: Path, lines: list[str], start: int = 1) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(lines, start=start):
        if not line.strip():
            continue
        yield number, _object(path, number, _decoded(path, number, line.rstrip()))


def _json_document(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """A single object, or an array whose elements are located by their starting line."""
    start = len(text) - len(text.lstrip())
    whole = _decoded(path, 1, text)
    if text[start] == "{":
        yield text.count("\n", 0, start) + 1, whole
        return
    position = start + 1
    while True:
        position = _skip(text, position)
        if text[position] == "]":
            return
        line = text.count("\n", 0, position) + 1
        record, position = _decoder.raw_decode(text, position)  # the whole text decoded above
        yield line, _object(path, line, record)


def _decoded(path: Path, line: int, text: str) -> Any:
    """The JSON value of text starting on `line`, or an IngestError saying where and why not."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise IngestError(path, line + text.count("\n", 0, too_deep), None,
                          f"invalid JSON: nested more than {MAX_NESTING} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise IngestError(path, line + error.lineno - 1, None,
                          f"invalid JSON: {error.msg} (column {error.colno})") from error
    except ValueError as error:  # e.g. a number of more digits than Python converts
        raise IngestError(path, line, None, f"invalid JSON: {error}") from error


def _too_deep(text: str) -> int | None:
    """Where the text nests more than MAX_NESTING levels deep, or None; brackets in strings aside."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return None
    depth = 0
    for token in _STRING_OR_BRACKET.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return token.start()
        elif bracket in "]}":
            depth -= 1
    return None


def _skip(text: str, position: int) -> int:
    while text[position] in " \t\r\n,":
        position += 1
    return position


def _object(path: Path, line: int, record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise IngestError(path, line, None, "each record must be a JSON object")
    return record
