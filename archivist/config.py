"""The one table of Archivist's settings: name, default and help; environment variables override."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


def _default_home() -> str:
    data_root = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_root) / "archivist")


SETTINGS: tuple[Setting, ...] = (
    Setting("ARCHIVIST_HOME", _default_home(),
            "Directory holding one archive: its SQLite file, search index and stored files."),
    Setting("DATABASE_URL", "",
            "PostgreSQL URL (postgres://user@host:port/db); empty means SQLite in ARCHIVIST_HOME."),
    Setting("ARCHIVIST_SITE_NAME", "Archivist Digital Archive",
            "The archive's name, shown on pages and used as publisher in citations."),
    Setting("ARCHIVIST_BASE_URL", "http://127.0.0.1:8000",
            "Public address of the site, used to build permanent URLs of documents."),
    Setting("ARCHIVIST_SECRET_KEY", "",
            "Django secret key; set it in production. Empty means a key kept in ARCHIVIST_HOME."),
    Setting("ARCHIVIST_DEBUG", "0", "1 shows Django's debug pages; never in production."),
)


def setting(name: str) -> str:
    """The value of a setting: the environment's if set, else the table's default."""
    for entry in SETTINGS:
        if entry.name == name:
            return os.environ.get(name) or entry.default
    raise KeyError(f"unknown setting {name!r}")


_created: set[Path] = set()


def archive_home() -> Path:
    """The archive directory, created on first use (each search asks for it: once is enough)."""
    home = Path(setting("ARCHIVIST_HOME")).expanduser()
    if home not in _created:
        home.mkdir(parents=True, exist_ok=True)
        _created.add(home)
    return home
