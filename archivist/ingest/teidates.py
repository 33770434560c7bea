"""A TEI document's date as EDTF, keeping its precision, its range and whether it was inferred.

In order: the dateline's date/@when (a day, or a moment with its time zone), its @notBefore/@notAfter
(a range), then the div's frus:doc-dateTime-min/max. Dates the editors inferred for undated
documents (@ana naming "inferred") are marked uncertain ("1962-05-06?").
"""

from __future__ import annotations

import re

from archivist.ingest.teitext import TEI, collapse, plain

FRUS = "http://history.state.gov/frus/ns/1.0"
_ISO = re.compile(r"-?\d{4}(-\d{2}(-\d{2})?)?")
_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


class TeiDateError(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line


def document_date(div, dateline) -> tuple[str, str]:
    """(EDTF value, the date as the document words it); ("", "") when undated."""
    date = dateline.find(f".//{{{TEI}}}date") if dateline is not None else None
    if date is not None:
        shown = plain(date)
        shown = shown if any(c.isdigit() for c in shown) else ""
        line = date.sourceline
        if date.get("when"):
            value = _instant(date.get("when"), line)
            if "inferred" in (date.get("ana") or "") and "T" not in value:
                value += "?"
            return value, shown
        if date.get("notBefore") or date.get("notAfter"):
            return _range(date.get("notBefore"), date.get("notAfter"), line), shown
    low, high = div.get(f"{{{FRUS}}}doc-dateTime-min"), div.get(f"{{{FRUS}}}doc-dateTime-max")
    if low or high:
        if low == high:
            return _instant(low, div.sourceline), ""
        return _range(low, high, div.sourceline), ""
    return "", ""


def _instant(value: str, line: int | None) -> str:
    """An ISO date or dateTime; a time keeps its seconds and zone (EDTF level 0 allows both)."""
    value = collapse(value)
    if _ISO.fullmatch(value):
        return value
    match = _MOMENT.fullmatch(value)
    if match is None:
        raise TeiDateError(line, f"{value!r} is not an ISO date or dateTime")
    day, minutes, seconds, _, zone = match.groups()
    return f"{day}T{minutes}{seconds or ':00'}{zone or ''}"


def _range(low: str | None, high: str | None, line: int | None) -> str:
    """Two bounds as an EDTF interval of days; an open end is "..", one day is just that day."""
    start = _day(low, line) if low else ".."
    end = _day(high, line) if high else ".."
    return start if start == end else f"{start}/{end}"


def _day(value: str, line: int | None) -> str:
    instant = _instant(value, line)
    return instant.split("T", 1)[0]
