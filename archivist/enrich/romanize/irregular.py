"""Curated variants for irregular forms that no romanization rule produces.

Postal and dialect spellings (Canton, Peking, Foochow, Chiang Kai-shek from Cantonese), and names known
abroad by other names (Sun Yat-sen / Sun Zhongshan). The table is irregular.csv beside this module, one
group of equivalent forms a line with its source; curators add groups of their own in the file the
ARCHIVIST_SPELLINGS setting names (the same two columns). A name matching any form of a group (ignoring
case, accents, hyphens and apostrophes) gets all the others.
"""

from __future__ import annotations

import csv
import threading
from pathlib import Path

from archivist.config import setting
from archivist.enrich.names import tokens

TABLE = Path(__file__).with_name("irregular.csv")
SEPARATOR = "|"


class TableError(ValueError):
    """A table of spellings that cannot be read; the message names its file, line and field."""


def read_table(path: Path) -> list[tuple[str, ...]]:
    """The groups of a table: a header `forms,source`, then forms separated by "|" and their source."""
    groups = []
    with path.open(encoding="utf-8", newline="") as lines:
        reader = csv.DictReader(lines)
        if reader.fieldnames is None or [f.strip() for f in reader.fieldnames[:2]] != ["forms", "source"]:
            raise TableError(f"{path}, line 1: the header must be 'forms,source', not {reader.fieldnames}")
        for row in reader:
            forms = tuple(f.strip() for f in (row.get("forms") or "").split(SEPARATOR) if f.strip())
            if len(forms) < 2:
                raise TableError(f"{path}, line {reader.line_num}, field 'forms': a group needs two forms "
                                 f"or more separated by '{SEPARATOR}', not {row.get('forms')!r}")
            if not (row.get("source") or "").strip():
                raise TableError(f"{path}, line {reader.line_num}, field 'source': say where the forms "
                                 "come from")
            groups.append(forms)
    return groups


def curators_table() -> Path | None:
    """The curators' own table, if the setting names one."""
    value = setting("ARCHIVIST_SPELLINGS")
    return Path(value).expanduser() if value else None


EQUIVALENTS = read_table(TABLE)
_loaded: dict = {}
_loading = threading.Lock()


def _key(name: str) -> str:
    return "".join(tokens(name))


def _index() -> dict[str, tuple[str, ...]]:
    """Every form (as _key) -> its group: the packaged table's, then the curators' (read again when the
    file changes), whose groups add to those of a form both name."""
    path = curators_table()
    try:
        stamp = (path, path.stat().st_mtime_ns, path.stat().st_size) if path else None
    except FileNotFoundError:
        stamp = (path, None, None)
    with _loading:
        if _loaded.get("stamp", ()) != stamp or "index" not in _loaded:
            groups = EQUIVALENTS + (read_table(path) if stamp and stamp[1] is not None else [])
            index: dict[str, tuple[str, ...]] = {}
            for group in groups:
                for name in group:
                    known = index.get(_key(name), ())
                    index[_key(name)] = known + tuple(n for n in group if n not in known)
            _loaded.update(stamp=stamp, index=index)
        return _loaded["index"]


def equivalents(name: str) -> list[str]:
    """The other curated forms of a name, or [] when the table does not know it."""
    group = _index().get(_key(name), ())
    return [other for other in group if _key(other) != _key(name)]
