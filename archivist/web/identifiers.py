"""An authority record's identifiers in other systems (VIAF, Wikidata, the Library of Congress, FRUS
volumes...) as its page shows them: linked where the system's addresses follow a known pattern and the
value has that system's form, else as plain text.

The values come from imports and curators, so a value is put into an address only when it matches its
scheme's pattern in full: nothing else can reach a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from archivist.records.merge import MERGED_IDENTIFIERS as MERGED


@dataclass(frozen=True)
class Scheme:
    label: str
    pattern: re.Pattern[str] | None = None  # a value's form; None: never linked
    address: str = ""  # with {value}


SCHEMES = {
    "viaf": Scheme("VIAF", re.compile(r"\d{1,22}"), "https://viaf.org/viaf/{value}"),
    "wikidata": Scheme("Wikidata", re.compile(r"Q\d{1,12}"), "https://www.wikidata.org/wiki/{value}"),
    "lccn": Scheme("Library of Congress", re.compile(r"n[abors]?\d{8,10}"),
                   "https://id.loc.gov/authorities/names/{value}.html"),
    "lcsh": Scheme("Library of Congress Subject Headings", re.compile(r"sh\d{8,10}"),
                   "https://id.loc.gov/authorities/subjects/{value}.html"),
    "isni": Scheme("ISNI", re.compile(r"\d{15}[\dX]"), "https://isni.org/isni/{value}"),
    "orcid": Scheme("ORCID", re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]"), "https://orcid.org/{value}"),
    "gnd": Scheme("GND", re.compile(r"[\dX-]{4,15}"), "https://d-nb.info/gnd/{value}"),
    "geonames": Scheme("GeoNames", re.compile(r"\d{1,12}"), "https://www.geonames.org/{value}"),
    "frus": Scheme("FRUS"),  # a person's id within a volume: linked with its volume (_frus)
}
FRUS_VOLUME = re.compile(r"frus[0-9A-Za-z-]{4,40}")
FRUS_ID = re.compile(r"[A-Za-z][\w-]{0,60}")
FRUS_PERSONS = "https://history.state.gov/historicaldocuments/{volume}/persons#{id}"


def external_identifiers(identifiers: dict) -> list[dict[str, str]]:
    """The record's identifiers and those of the records merged into it, each {scheme, label, value,
    url} (url empty when not linked); once each."""
    sources = [identifiers or {}, *[item for item in (identifiers or {}).get(MERGED) or ()
                                    if isinstance(item, dict)]]
    found: dict[tuple[str, str], dict[str, str]] = {}
    for source in sources:
        for scheme, value in source.items():
            if scheme in (MERGED, "key", "frus_volume") or not isinstance(value, str) or not value.strip():
                continue
            entry = _frus(value, source.get("frus_volume")) if scheme == "frus" else _entry(scheme, value)
            found.setdefault((entry["scheme"], entry["value"]), entry)
    return list(found.values())


def _entry(scheme: str, value: str) -> dict[str, str]:
    known = SCHEMES.get(scheme.lower())
    value = value.strip()
    url = ""
    if known is not None and known.pattern is not None and known.pattern.fullmatch(value):
        url = known.address.format(value=quote(value, safe=""))
    return {"scheme": scheme, "label": known.label if known else scheme, "value": value, "url": url}


def _frus(value: str, volume: object) -> dict[str, str]:
    """A FRUS person's id, linked to its volume's list of persons on history.state.gov."""
    value = value.strip()
    linked = isinstance(volume, str) and FRUS_VOLUME.fullmatch(volume) and FRUS_ID.fullmatch(value)
    shown = f"{volume} {value}" if isinstance(volume, str) and volume.strip() else value
    url = FRUS_PERSONS.format(volume=quote(volume, safe=""), id=quote(value, safe="")) if linked else ""
    return {"scheme": "frus", "label": "FRUS", "value": shown, "url": url}
