"""The one table of Archivist's settings: name, default and help; environment variables override."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit


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
            "Public address of the site: permanent URLs of documents, the only host name answered "
            "besides localhost; https means served behind a TLS proxy (docs/deploy.md). Unset, "
            "`archivist serve` uses the host and port it serves."),
    Setting("ARCHIVIST_SECRET_KEY", "",
            "Django secret key; set it in production. Empty means a key kept in ARCHIVIST_HOME."),
    Setting("ARCHIVIST_DEBUG", "0", "1 shows Django's debug pages; never in production."),
    Setting("ARCHIVIST_SPELLINGS", "",
            "A CSV file of other spellings of names that search and the variant names add to the packaged "
            "table (archivist/enrich/romanize/irregular.csv): a header 'forms,source', then one group a "
            "line, forms separated by '|' (Quemoy | Kinmen) and where they come from."),
    Setting("ARCHIVIST_FREQUENT_WORDS", "",
            "A file of the words most frequent in the archive's texts (separated by spaces or lines), "
            "instead of the packaged function words of English, French, German, Spanish and Russian: "
            "the index pairs them, so that a phrase of them (\"of the\") is one lookup; changing it asks "
            "for `archivist reindex`."),
    Setting("ARCHIVIST_FACET_BUDGET_MS", "250",
            "The time a search may take, from its start, to count its facets, in milliseconds; past it "
            "the page of hits comes without them and says so (a phrase of very common words, or a busy "
            "server); 0 means no limit."),
    Setting("ARCHIVIST_ADMIN_EMAIL", "",
            "The address OAI-PMH gives harvesters to write to (Identify); empty means archivist@ and the "
            "base URL's host name."),
    Setting("ARCHIVIST_OAI_PAGE_SIZE", "200",
            "Records (or headers) in one OAI-PMH reply; a resumption token asks for the next ones."),
    Setting("ARCHIVIST_HSTS_SECONDS", "0",
            "With an https base URL, how long browsers must use HTTPS only (Strict-Transport-Security); "
            "0 sends no such header."),
    Setting("ARCHIVIST_SCAN_MEMORY_MB", "1536",
            "The memory (address space) the process reading one scan's file may use; a file needing more "
            "(a decompression bomb) is refused, naming its page (docs/scans.md); 0 means no limit."),
    Setting("ARCHIVIST_SCAN_SECONDS", "300",
            "The time reading one scan's file (all its pages) may take before it is refused; 0 means no "
            "limit."),
)


class SettingError(ValueError):
    """A setting's value is unusable; the message names the setting."""


def setting(name: str) -> str:
    """The value of a setting: the environment's if set, else the table's default."""
    for entry in SETTINGS:
        if entry.name == name:
            return os.environ.get(name) or entry.default
    raise KeyError(f"unknown setting {name!r}")


def int_setting(name: str) -> int:
    """A setting that must be a whole number of zero or more."""
    value = setting(name)
    if not value.isdigit():
        raise SettingError(f"{name} must be a whole number of zero or more, not {value!r}")
    return int(value)


class BaseUrl(NamedTuple):
    url: str  # without a final slash
    scheme: str
    host: str  # as ALLOWED_HOSTS names it: an IPv6 address in brackets
    origin: str  # scheme://host[:port], as CSRF_TRUSTED_ORIGINS names it


def base_url() -> BaseUrl:
    """ARCHIVIST_BASE_URL and the parts of it the site's protection is derived from."""
    url = setting("ARCHIVIST_BASE_URL").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingError(f"ARCHIVIST_BASE_URL must be an http or https address such as "
                           f"https://archive.example.org, not {url!r}")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return BaseUrl(url, parts.scheme, host, f"{parts.scheme}://{parts.netloc}")


_created: set[Path] = set()


def archive_home() -> Path:
    """The archive directory, created on first use readable by its owner only (each search asks for
    it: once is enough)."""
    home = Path(setting("ARCHIVIST_HOME")).expanduser()
    if home not in _created:
        if not home.exists():
            home.parent.mkdir(parents=True, exist_ok=True)
            home.mkdir(mode=0o700, exist_ok=True)
        _created.add(home)
    return home


def private_folder(path: Path) -> Path:
    """A folder of the archive that holds unpublished matter (restricted scans, the search index),
    created readable by its owner only even when the archive directory is open to others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir(mode=0o700, exist_ok=True)
    return path
