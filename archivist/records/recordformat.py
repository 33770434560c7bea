"""The JSON record format: reading and validating records, and writing them back.

Field names follow the Wilson Center reference record (../shared/seed); docs/record-format.md
describes every field. One JSON object is one record; "type" tells authority records from documents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from archivist.records.dates import DateError, DocumentDate, parse_date
from archivist.records.html import sanitize_html, url_problem
from archivist.records.models import (
    Attachment,
    Authority,
    AuthorityKind,
    Document,
    Link,
    Note,
    Text,
    VariantName,
    chain_above,
)


class RecordError(ValueError):
    """A record that breaks the format; names the offending field."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"field {field_name!r}: {message}")
        self.field = field_name
        self.message = message


# Name lists of a document record: field -> (link role, kinds a new name may be created as).
NAME_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "authors": (Link.Role.AUTHOR, (AuthorityKind.PERSON, AuthorityKind.ORGANIZATION)),
    "recipients": (Link.Role.RECIPIENT, (AuthorityKind.PERSON, AuthorityKind.ORGANIZATION)),
    "associated_people_and_organizations": (
        Link.Role.ASSOCIATED, (AuthorityKind.PERSON, AuthorityKind.ORGANIZATION)),
    "associated_places": (Link.Role.ASSOCIATED, (AuthorityKind.PLACE,)),
    "place_of_writing": (Link.Role.PLACE_OF_WRITING, (AuthorityKind.PLACE,)),
    "associated_topics": (Link.Role.TOPIC, (AuthorityKind.TOPIC,)),
    "subjects_discussed": (Link.Role.SUBJECT, (AuthorityKind.SUBJECT,)),
}

DOCUMENT_FIELDS = {
    "type", "record_id", "title", "summary", "date", "date_display", "text", "text_language",
    "text_html", "original_language", "additional_texts", "notes", "files", "source", "rights",
    "original_uploaded_date", "publisher", "url", "number", "status", "original_archive", "links",
    *NAME_FIELDS,
}
# Fields of a published page that are derived or belong to the site, accepted and not stored.
DERIVED_FIELDS = {"citation_as_published", "site_navigation", "permanent_url"}

# Document.url and Attachment.url hold at most this many characters.
URL_LENGTH = 500

AUTHORITY_FIELDS = {"type", "id", "name", "display_name", "variants", "dates", "description",
                    "identifiers", "parent", "coordinates"}

# Record IDs name pages (/documents/<record_id>) and stored files, so they keep to characters that
# need no escaping in a URL or a file name and can never be a path: docs/record-format.md.
RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Authority IDs name pages too (/people/<id>) but may hold any letter (keys made from names do).
UNSAFE_IN_KEY = re.compile(r"[/\\?#%\s\x00-\x1f\x7f]")
# A page's JSON twin is its address with this ending: an ID ending so would name no page of its own.
TWIN_SUFFIX = ".json"
MAX_DEPTH = 8  # no field of the format nests deeper than 3
MAX_ITEMS = 32767  # positions of texts, notes, files and links are small integers
MEDIA_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")
SHA256 = re.compile(r"[0-9a-fA-F]{64}")
# Where archivist.scans keeps a scan it attached, as an export names it.
ATTACHED_SCAN = re.compile(r"scans/(?P<record_id>[^/]+)/[0-9]+/original\.(pdf|tif|jpg|png)")
# Every file archivist.scans keeps: a scan's original and its pages' images, the document's PDF, IIIF
# tiles, a scan being attached. A stored file named so is a document's scan, never another's file.
KEPT_BY_SCANS = re.compile(r"iiif/.*|\.partial-scans-.*|scans/[^/]+/(\.?document-[^/]*\.pdf|"
                           r"[0-9]+/(original\.(pdf|tif|jpg|png)|[0-9]+\.(png|jpg)))")
UNSAFE_IN_PATH = re.compile(r"[\\:\x00-\x1f\x7f]")
DOCUMENT_COLUMNS = ("record_id", "title", "date_display", "original_language", "publisher", "number")


@dataclass
class TextRecord:
    language: str
    kind: str
    body: str
    body_html: str = ""


@dataclass
class LinkRecord:
    kinds: tuple[str, ...]
    role: str
    name: str = ""
    key: str = ""
    status: str = Link.Status.CURATED
    confidence: float | None = None


@dataclass
class ScanSource:
    """A scan to attach as the record is imported: a `files` entry with a `source`, a file beside the
    record file (archivist.scans.services.attach reads it)."""

    source: str  # relative to the folder of the file the record is read from
    name: str  # the field, for errors: "files[2].source"
    language: str = ""
    text_kind: str = "original"


@dataclass
class DocumentRecord:
    record_id: str
    title: str
    date: DocumentDate
    date_display: str
    summary: str = ""
    texts: list[TextRecord] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    scans: list[ScanSource] = field(default_factory=list)
    source: str = ""
    rights: str = ""
    original_language: str = ""
    original_uploaded_date: dt.date | None = None
    publisher: str = ""
    url: str = ""
    number: str = ""
    status: str = "published"
    archive_path: list[str] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    fingerprint: str = ""
    # Written by `archivist export` (links by authority id, the archive's citation): the archive's own
    # values, curators' included, not a source's (records.services keeps what the last import wrote)
    exported: bool = False
    # Fields as an earlier version of the importer wrote them from the same source (records.merge):
    # a re-import takes such a base for the file's own value, neither a change nor a conflict
    earlier: dict[str, Any] = field(default_factory=dict)


@dataclass
class AuthorityRecord:
    kind: str
    key: str
    sort_name: str
    display_name: str
    variants: list[dict[str, str]] = field(default_factory=list)
    dates: str = ""
    description: str = ""
    identifiers: dict[str, Any] = field(default_factory=dict)
    parent_key: str = ""
    latitude: float | None = None
    longitude: float | None = None


def is_authority(data: dict[str, Any]) -> bool:
    return data.get("type", "document") in AuthorityKind.values


def fingerprint(data: dict[str, Any]) -> str:
    """A hash of a record's content, blind to key order and to derived fields."""
    content = {k: v for k, v in data.items() if k not in DERIVED_FIELDS}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# Reading ---------------------------------------------------------------------------------------

def read_document(data: dict[str, Any]) -> DocumentRecord:
    """Validate one document object of the record format."""
    if not isinstance(data, dict):
        raise RecordError("(record)", "a record must be a JSON object")
    unknown = set(data) - DOCUMENT_FIELDS - DERIVED_FIELDS
    if unknown:
        raise RecordError(sorted(unknown)[0], "not a field of the record format")
    check_values(data)
    if data.get("type", "document") != "document":
        raise RecordError("type", f"must be document or one of {', '.join(AuthorityKind.values)}")
    record_id = check_record_id(_required_text(data, "record_id"))
    title = _required_text(data, "title")
    try:
        date = parse_date(_text(data, "date"))
    except DateError as error:
        raise RecordError("date", str(error)) from error
    status = _text(data, "status") or "published"
    if status not in ("draft", "published", "restricted"):
        raise RecordError("status", "must be draft, published or restricted")
    record = DocumentRecord(
        record_id=record_id,
        title=title,
        date=date,
        date_display=_text(data, "date_display"),
        summary=_text(data, "summary"),
        texts=_read_texts(data),
        notes=_read_notes(data),
        files=_read_files(data, record_id),
        scans=_read_scans(data),
        source=_text(data, "source"),
        rights=_text(data, "rights"),
        original_language=_text(data, "original_language"),
        original_uploaded_date=_iso_date(data, "original_uploaded_date"),
        publisher=_text(data, "publisher"),
        url=_url(data.get("url"), "url"),
        number=_text(data, "number"),
        status=status,
        archive_path=_string_list(data, "original_archive"),
        links=_read_links(data),
        fingerprint=fingerprint(data),
        exported="links" in data and "citation_as_published" in data,
    )
    for name in DOCUMENT_COLUMNS:
        _fit(getattr(record, name), name, getattr(Document, name))
    return record


def read_authority(data: dict[str, Any]) -> AuthorityRecord:
    """Validate one authority object (person, organization, place, topic, subject, archive)."""
    unknown = set(data) - AUTHORITY_FIELDS
    if unknown:
        raise RecordError(sorted(unknown)[0], "not a field of an authority record")
    check_values(data)
    kind = data["type"]
    sort_name = _fit(_required_text(data, "name"), "name", Authority.sort_name)
    key = check_authority_key(_text(data, "id")) or authority_key(sort_name)
    latitude = longitude = None
    if data.get("coordinates") is not None:
        coords = data["coordinates"]
        if (not isinstance(coords, list) or len(coords) != 2
                or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
                or not (-90 <= coords[0] <= 90 and -180 <= coords[1] <= 180)):
            raise RecordError("coordinates", "must be [latitude, longitude] in degrees")
        latitude, longitude = float(coords[0]), float(coords[1])
    identifiers = _identifiers(data.get("identifiers") or {})
    return AuthorityRecord(
        kind=kind, key=key, sort_name=sort_name,
        display_name=_fit(_text(data, "display_name"), "display_name", Authority.display_name)
        or display_form(sort_name, kind),
        variants=_read_variants(data), dates=_fit(_text(data, "dates"), "dates", Authority.dates),
        description=_text(data, "description"), identifiers=identifiers,
        parent_key=_text(data, "parent"), latitude=latitude, longitude=longitude,
    )


def authority_key(name: str) -> str:
    """The default key of an authority: its name in lower case, words joined by hyphens."""
    from django.utils.text import slugify

    # cut short enough for a numeric suffix telling apart names that share a key
    key = slugify(name.replace("--", " "), allow_unicode=True)[:190].strip("-_")
    return key or hashlib.sha1(name.encode()).hexdigest()[:12]


def check_record_id(value: str, field_name: str = "record_id") -> str:
    """The value, if it is a record ID: letters and digits (ASCII), '.', '_' and '-', no '.json' ending."""
    limit = Document.record_id.field.max_length
    if not RECORD_ID.fullmatch(value) or len(value) > limit or value.endswith(TWIN_SUFFIX):
        raise RecordError(field_name, f"{value!r} is not a record ID: up to {limit} ASCII letters, "
                                      "digits, '.', '_' and '-', starting with a letter or digit, "
                                      f"not ending in {TWIN_SUFFIX!r}")
    return value


def check_authority_key(value: str) -> str:
    """The value, if it can name an authority's page: no '/', '\\', '?', '#', '%', spaces, '.json' ending."""
    limit = Authority.key.field.max_length
    if (UNSAFE_IN_KEY.search(value) or value in (".", "..") or len(value) > limit
            or value.endswith(TWIN_SUFFIX)):
        raise RecordError("id", f"{value!r} is not an authority ID: up to {limit} characters, "
                                f"without '/', '\\', '?', '#', '%' or spaces, not ending in {TWIN_SUFFIX!r}")
    return value


def check_authority(record: AuthorityRecord) -> AuthorityRecord:
    """The record, if its columns can hold it: for records readers make without read_authority."""
    check_authority_key(record.key)
    for name, column in (("name", Authority.sort_name), ("display_name", Authority.display_name),
                         ("dates", Authority.dates)):
        _fit(getattr(record, column.field.name), name, column)
    return record


# Control characters but tab, line feed, carriage return and form feed (page breaks of OCR text): an
# escape sequence in a title would be obeyed by the terminal of a curator reading `archivist history`.
CONTROL_CHARACTER = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def check_values(data: dict[str, Any]) -> None:
    """Refuse what no column can hold: NUL characters (PostgreSQL refuses them), control characters,
    numbers that are not finite, and nesting or lists deeper or longer than any record needs."""
    for name, value in data.items():
        _check_value(value, name, 1)


def _check_value(value: Any, name: str, depth: int) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise RecordError(name, "contains a NUL character (\\u0000)")
        control = CONTROL_CHARACTER.search(value)
        if control:
            raise RecordError(name, f"contains the control character \\u{ord(control.group()):04x}, which "
                                    "no text needs and a terminal would obey")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise RecordError(name, "must be a finite number")
    elif isinstance(value, dict | list):
        if depth >= MAX_DEPTH:
            raise RecordError(name, f"is nested more than {MAX_DEPTH} levels deep")
        if len(value) > MAX_ITEMS:
            raise RecordError(name, f"has {len(value)} items; at most {MAX_ITEMS}")
        if isinstance(value, list):
            for index, item in enumerate(value):
                _check_value(item, f"{name}[{index}]", depth + 1)
            return
        for key, item in value.items():
            if "\x00" in key:
                raise RecordError(name, "a key contains a NUL character (\\u0000)")
            _check_value(item, f"{name}.{key}", depth + 1)


def _fit(value: str, name: str, column) -> str:
    """The value, if its database column can hold it (PostgreSQL refuses longer strings)."""
    limit = column.field.max_length
    if len(value) > limit:
        raise RecordError(name, f"is {len(value)} characters long; at most {limit}")
    return value


def _short(value: Any, name: str, column) -> str:
    """A string field kept in a column of limited length."""
    return _fit(_string(value, name), name, column)


def _list(data: dict[str, Any], name: str) -> list:
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(name, "must be a list")
    return value


def _identifiers(identifiers: Any) -> dict[str, Any]:
    """Strings by name; under "merged", those of the records merged into this one, an object each."""
    if not isinstance(identifiers, dict) or not all(
            isinstance(v, str) for k, v in identifiers.items() if k != "merged"):
        raise RecordError("identifiers", 'must be an object of strings, e.g. {"frus": "p_KNS1"}')
    merged = identifiers.get("merged", [])
    if not isinstance(merged, list) or not all(
            isinstance(e, dict) and all(isinstance(v, str) for v in e.values()) for e in merged):
        raise RecordError("identifiers.merged", 'must be a list of objects of strings, e.g. '
                                                '[{"key": "frus1964-68v29p2-p_RD3", "frus": "p_RD3"}]')
    return identifiers


def display_form(sort_name: str, kind: str) -> str:
    """'Zhou, Enlai' is shown as 'Zhou Enlai'; other headings are shown as they are."""
    if kind == AuthorityKind.PERSON and sort_name.count(", ") == 1:
        surname, forenames = sort_name.split(", ")
        return f"{forenames} {surname}"
    return sort_name


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(name, "must be a string")
    return value.strip()


def _url(value: Any, name: str) -> str:
    """A URL field: empty, relative, http, https or mailto (archivist.records.html.url_problem)."""
    url = _string(value, name)
    problem = url_problem(url)
    if problem:
        raise RecordError(name, problem)
    if len(url) > URL_LENGTH:
        raise RecordError(name, f"must be at most {URL_LENGTH} characters")
    return url


def _html(value: Any, name: str) -> str:
    """An HTML field, sanitized: only the elements, attributes and links a page may show."""
    return sanitize_html(_string(value, name))


def _string(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(name, "must be a string")
    return value.strip()


def _required_text(data: dict[str, Any], name: str) -> str:
    value = _text(data, name)
    if not value:
        raise RecordError(name, "is required")
    return value


def _string_list(data: dict[str, Any], name: str) -> list[str]:
    value = data.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RecordError(name, "must be a list of non-empty strings")
    # each value names an authority record, or a level of one
    return [_fit(v.strip(), name, Authority.sort_name) for v in value]


def _iso_date(data: dict[str, Any], name: str) -> dt.date | None:
    value = _text(data, name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise RecordError(name, f"{value!r} is not a date as YYYY-MM-DD") from error


def _read_texts(data: dict[str, Any]) -> list[TextRecord]:
    texts = []
    if _text(data, "text"):
        language, kind = _split_text_language(_text(data, "text_language")
                                              or _text(data, "original_language") or "und")
        _fit(language, "text_language", Text.language)
        texts.append(TextRecord(language, kind, _text(data, "text"),
                                _html(data.get("text_html"), "text_html")))
    for index, item in enumerate(_list(data, "additional_texts")):
        name = f"additional_texts[{index}]"
        if not isinstance(item, dict):
            raise RecordError(name, "must be an object with language, kind and body")
        kind = item.get("kind") or Text.Kind.ORIGINAL
        if kind not in Text.Kind.values:
            raise RecordError(f"{name}.kind", f"must be one of {', '.join(Text.Kind.values)}")
        body = item.get("body")
        if not isinstance(body, str) or not body.strip():
            raise RecordError(f"{name}.body", "is required")
        language = item.get("language")
        if not isinstance(language, str) or not language.strip():
            raise RecordError(f"{name}.language", "is required")
        _fit(language.strip(), f"{name}.language", Text.language)
        texts.append(TextRecord(language.strip(), kind, body.strip(),
                                _html(item.get("body_html"), f"{name}.body_html")))
    return texts


def _split_text_language(value: str) -> tuple[str, str]:
    """'English (translation)' -> ('English', 'translation'); 'Chinese' -> ('Chinese', 'original')."""
    for kind in (Text.Kind.TRANSLATION, Text.Kind.TRANSCRIPTION):
        suffix = f" ({kind})"
        if value.endswith(suffix):
            return value.removesuffix(suffix), kind
    return value, Text.Kind.ORIGINAL


def text_language_label(language: str, kind: str) -> str:
    return language if kind == Text.Kind.ORIGINAL else f"{language} ({kind})"


def _read_notes(data: dict[str, Any]) -> list[dict[str, str]]:
    notes = []
    for index, item in enumerate(_list(data, "notes")):
        name = f"notes[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("body"), str):
            raise RecordError(name, "must be an object with a body")
        kind = item.get("kind") or Note.Kind.FOOTNOTE
        if kind not in Note.Kind.values:
            raise RecordError(f"{name}.kind", f"must be one of {', '.join(Note.Kind.values)}")
        marker = item.get("marker")
        if not isinstance(marker, str | int | None) or isinstance(marker, bool):
            raise RecordError(f"{name}.marker", "must be a string or a number")
        marker = _fit(str(marker if marker is not None else ""), f"{name}.marker", Note.marker)
        notes.append({"kind": kind, "marker": marker, "body": item["body"],
                      "body_html": _html(item.get("body_html"), f"{name}.body_html")})
    return notes


def _read_files(data: dict[str, Any], record_id: str) -> list[dict[str, Any]]:
    files = []
    for index, item in enumerate(_list(data, "files")):
        name = f"files[{index}]"
        if isinstance(item, dict) and "source" in item:
            continue  # a scan to attach (_read_scans)
        if isinstance(item, dict) and item.get("kind") == "scan" and is_attached_scan(
                str(item.get("path")), record_id):
            continue  # an export's scan the archive attached (archivist.scans): it has it, with its pages
        if not isinstance(item, dict) or not item.get("filename"):
            raise RecordError(f"{name}.filename", "is required")
        if not (item.get("path") or item.get("url")):
            raise RecordError(name, "needs a path (stored here) or a url")
        if scan_file_of_another(str(item.get("path") or ""), record_id):
            raise RecordError(f"{name}.path", f"{item['path']!r} is where the archive keeps the scans it "
                                              "attached: a scan is attached from a source (docs/scans.md)")
        files.append({
            "kind": _short(item.get("kind"), f"{name}.kind", Attachment.kind) or "other",
            "label": _short(item.get("label"), f"{name}.label", Attachment.label),
            "filename": _short(item.get("filename"), f"{name}.filename", Attachment.filename),
            "media_type": _media_type(_string(item.get("media_type"), f"{name}.media_type"),
                                      f"{name}.media_type"),
            "path": check_file_path(_string(item.get("path"), f"{name}.path"), f"{name}.path"),
            "url": _url(item.get("url"), f"{name}.url"),
            "size": _size(item.get("size"), f"{name}.size"),
            "sha256": _sha256(_string(item.get("sha256"), f"{name}.sha256"), f"{name}.sha256"),
        })
    return files


def _read_scans(data: dict[str, Any]) -> list[ScanSource]:
    """The `files` entries with a `source`: scans to attach, each a PDF, TIFF, JPEG or PNG file whose
    path is relative to the record file's folder, inside it (docs/scans.md)."""
    scans = []
    for index, item in enumerate(_list(data, "files")):
        name = f"files[{index}]"
        if not isinstance(item, dict) or "source" not in item:
            continue
        if item.get("kind", "scan") != "scan":
            raise RecordError(f"{name}.kind", "a file with a source is a scan to attach: its kind is scan")
        if item.get("path") or item.get("url"):
            raise RecordError(name, "a scan to attach has a source, not a path or a url")
        source = _string(item.get("source"), f"{name}.source")
        if not source or UNSAFE_IN_PATH.search(source) or source.startswith("/") or any(
                part in ("", ".", "..") for part in source.split("/")):
            raise RecordError(f"{name}.source", f"{source!r} is not a path relative to the record "
                                                "file's folder ('/' between folders, no '..'), e.g. "
                                                "scans/110390.pdf")
        text_kind = _string(item.get("text_kind"), f"{name}.text_kind") or "original"
        if text_kind not in ("original", "translation"):
            raise RecordError(f"{name}.text_kind", "must be original or translation")
        language = _string(item.get("language"), f"{name}.language")
        scans.append(ScanSource(source, f"{name}.source", _fit(language, f"{name}.language",
                                                                 Attachment.language), text_kind))
    return scans


def scan_file_of_another(path: str, record_id: str) -> bool:
    """Whether a stored file's path is where archivist.scans keeps its files, other than the document's
    own scan's original: naming it would publish another document's scan (one restricted, say)."""
    return bool(KEPT_BY_SCANS.fullmatch(path)) and not is_attached_scan(path, record_id)


def is_attached_scan(path: str, record_id: str) -> bool:
    """Whether a stored file's path is where archivist.scans keeps the document's own scan's original.
    (One pattern for every record id: compiling one for each document's id took 0.5-0.9 s of CPU in
    an import of ten thousand documents.)"""
    attached = ATTACHED_SCAN.fullmatch(path)
    return attached is not None and attached["record_id"] == record_id


def check_file_path(value: str, name: str = "path") -> str:
    """A stored file's place in the archive's files directory: relative, and never out of it."""
    parts = value.split("/")
    if value and (UNSAFE_IN_PATH.search(value) or any(part in ("", ".", "..") for part in parts)):
        raise RecordError(name, f"{value!r} is not a path inside the archive's files directory "
                                "(relative, '/' between folders, no '..'), e.g. scans/110390.pdf")
    return _fit(value, name, Attachment.path)


def _media_type(value: str, name: str) -> str:
    if value and not MEDIA_TYPE.fullmatch(value):
        raise RecordError(name, f"{value!r} is not a media type such as application/pdf")
    return _fit(value, name, Attachment.media_type) or "application/octet-stream"


def _size(value: Any, name: str) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                              or not 0 <= value < 2**63):
        raise RecordError(name, "must be a whole number of bytes")
    return value


def _sha256(value: str, name: str) -> str:
    if value and not SHA256.fullmatch(value):
        raise RecordError(name, "must be 64 hexadecimal digits")
    return value


def _read_links(data: dict[str, Any]) -> list[LinkRecord]:
    if "links" in data:
        return [_read_link(item, f"links[{i}]") for i, item in enumerate(_list(data, "links"))]
    links = []
    for name, (role, kinds) in NAME_FIELDS.items():
        for value in _string_list(data, name):
            links.append(LinkRecord(kinds=kinds, role=role, name=value))
    return links


def _read_link(item: Any, name: str) -> LinkRecord:
    if not isinstance(item, dict):
        raise RecordError(name, "must be an object with type, id and role")
    if item.get("type") not in AuthorityKind.values:
        raise RecordError(f"{name}.type", f"must be one of {', '.join(AuthorityKind.values)}")
    if not item.get("id") or not isinstance(item["id"], str):
        raise RecordError(f"{name}.id", "is required, as a string")
    if item.get("role") not in Link.Role.values:
        raise RecordError(f"{name}.role", f"must be one of {', '.join(Link.Role.values)}")
    status = item.get("status") or Link.Status.CURATED
    if status not in Link.Status.values:
        raise RecordError(f"{name}.status", f"must be one of {', '.join(Link.Status.values)}")
    confidence = item.get("confidence")
    if confidence is not None and (not isinstance(confidence, int | float) or isinstance(confidence, bool)
                                   or not 0 <= confidence <= 1):
        raise RecordError(f"{name}.confidence", "must be a number from 0 to 1")
    return LinkRecord(kinds=(item["type"],), role=item["role"], key=item["id"], status=status,
                      confidence=confidence)


def _read_variants(data: dict[str, Any]) -> list[dict[str, str]]:
    variants = []
    for index, item in enumerate(_list(data, "variants")):
        name = f"variants[{index}]"
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise RecordError(name, "must be a name or an object with a name")
        origin = _string(item.get("origin"), f"{name}.origin") or VariantName.Origin.CURATED
        if origin not in VariantName.Origin.values:
            raise RecordError(f"{name}.origin", f"must be one of {', '.join(VariantName.Origin.values)}")
        variants.append({"name": _fit(item["name"].strip(), f"{name}.name", VariantName.name),
                         "origin": origin,
                         "scheme": _short(item.get("scheme"), f"{name}.scheme", VariantName.scheme)})
    return variants


# Writing ---------------------------------------------------------------------------------------

def write_document(document) -> dict[str, Any]:
    """A document as a record-format object; expects texts, notes, attachments and links prefetched."""
    data: dict[str, Any] = {"type": "document", "record_id": document.record_id,
                            "title": document.title}
    _put(data, "summary", document.summary)
    _put(data, "date", document.date)
    _put(data, "date_display", document.date_display)
    texts = list(document.texts.all())
    if texts:
        data["text"] = texts[0].body
        data["text_language"] = text_language_label(texts[0].language, texts[0].kind)
        _put(data, "text_html", texts[0].body_html)
    _put(data, "original_language", document.original_language)
    if texts[1:]:
        data["additional_texts"] = [
            {"language": t.language, "kind": t.kind, "body": t.body,
             **({"body_html": t.body_html} if t.body_html else {})} for t in texts[1:]]
    links = sorted(document.links.all(), key=lambda link: link.position)
    visible = [link for link in links if link.status in Link.VISIBLE]
    for name, (role, kinds) in NAME_FIELDS.items():
        names = [link.authority.sort_name for link in visible
                 if link.role == role and link.authority.kind in kinds]
        if name == "place_of_writing":
            _put(data, name, names[0] if names else "")
        elif names:
            data[name] = names
    for name in ("source", "rights", "publisher", "url", "number"):
        _put(data, name, getattr(document, name))
    archive = next((link.authority for link in links if link.role == Link.Role.ARCHIVE), None)
    if archive is not None:
        data["original_archive"] = archive_path(archive)
    if document.original_uploaded_date:
        data["original_uploaded_date"] = document.original_uploaded_date.isoformat()
    notes = [{"kind": n.kind, "marker": n.marker, "body": n.body,
              **({"body_html": n.body_html} if n.body_html else {})} for n in document.notes.all()]
    if notes:
        data["notes"] = notes
    files = [_write_file(a) for a in document.attachments.all()]
    if files:
        data["files"] = files
    data["status"] = document.status
    data["links"] = [_write_link(link) for link in links if link.role != Link.Role.ARCHIVE]
    return data


def archive_path(archive) -> list[str]:
    return [level.sort_name for level in reversed(list(chain_above(archive)))]


def write_authority(authority) -> dict[str, Any]:
    """An authority as a record-format object; expects variants and parent prefetched."""
    data: dict[str, Any] = {"type": authority.kind, "id": authority.key,
                            "name": authority.sort_name, "display_name": authority.display_name}
    variants = [{"name": v.name, "origin": v.origin, **({"scheme": v.scheme} if v.scheme else {})}
                for v in authority.variants.all()]
    if variants:
        data["variants"] = sorted(variants, key=lambda v: v["name"])
    _put(data, "dates", authority.dates)
    _put(data, "description", authority.description)
    if authority.identifiers:
        data["identifiers"] = authority.identifiers
    if authority.parent is not None:
        data["parent"] = authority.parent.key
    if authority.latitude is not None:
        data["coordinates"] = [authority.latitude, authority.longitude]
    return data


def _write_link(link) -> dict[str, Any]:
    data = {"type": link.authority.kind, "id": link.authority.key, "role": link.role,
            "status": link.status}
    if link.confidence is not None:
        data["confidence"] = link.confidence
    return data


def _write_file(attachment) -> dict[str, Any]:
    data = {"kind": attachment.kind, "filename": attachment.filename,
            "media_type": attachment.media_type}
    for name in ("label", "path", "url", "sha256"):
        _put(data, name, getattr(attachment, name))
    if attachment.size is not None:
        data["size"] = attachment.size
    return data


def _put(data: dict[str, Any], name: str, value: str) -> None:
    if value:
        data[name] = value
