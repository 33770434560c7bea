"""The metadata formats OAI-PMH offers, one writer each in METADATA_FORMATS, all reading the public
record (harvestable.public_record: the export's fields) so that no format sees anything else."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
RECORD_NAMESPACE = "urn:archivist:record-format:1"
RECORD_SCHEMA_PATH = "/oai/record-format-1.xsd"
# Characters XML 1.0 cannot hold (control characters a source text may carry): left out of a reply.
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    write: Callable[[dict[str, Any]], etree._Element]


def xml_text(value: Any) -> str:
    return NOT_IN_XML.sub("", value if isinstance(value, str) else _scalar(value))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_oai_dc(record: dict[str, Any]) -> etree._Element:
    """Simple Dublin Core: the fields a general harvester understands (docs/oai.md has the mapping)."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    page = f"{settings.BASE_URL}/documents/{record['record_id']}"
    places = [*record.get("associated_places", []), *filter(None, [record.get("place_of_writing")])]
    elements = [
        ("title", [record["title"]]),
        ("creator", record.get("authors", [])),
        ("contributor", record.get("recipients", [])),
        ("subject", [*record.get("subjects_discussed", []), *record.get("associated_topics", []),
                     *record.get("associated_people_and_organizations", [])]),
        ("description", [record.get("summary", "")]),
        ("publisher", [record.get("publisher") or settings.SITE_NAME]),
        ("date", [record.get("date") or record.get("date_display", "")]),
        ("type", ["Text"]),
        ("format", sorted({file["media_type"] for file in record.get("files", [])})),
        ("identifier", list(dict.fromkeys([page, record.get("url", "")]))),
        ("source", [record.get("source", "")]),
        ("language", [record.get("original_language", "")]),
        ("relation", [" -- ".join(record["original_archive"])] if record.get("original_archive") else []),
        ("coverage", list(dict.fromkeys(places))),
        ("rights", [record.get("rights", "")]),
    ]
    for name, values in elements:
        for value in values:
            if value:
                etree.SubElement(root, f"{{{DC}}}{name}").text = xml_text(value)
    return root


def write_record_format(record: dict[str, Any]) -> etree._Element:
    """The record format itself in XML (schema: data/record-format-1.xsd): each field an element of its
    name, a list's members <item> elements, an object's fields elements again; nothing left out."""
    root = etree.Element(f"{{{RECORD_NAMESPACE}}}record", nsmap={None: RECORD_NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{RECORD_NAMESPACE} {settings.BASE_URL}{RECORD_SCHEMA_PATH}")
    _write_fields(root, record)
    return root


def _write_fields(parent: etree._Element, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        _write_value(etree.SubElement(parent, f"{{{RECORD_NAMESPACE}}}{name}"), value)


def _write_value(element: etree._Element, value: Any) -> None:
    if isinstance(value, dict):
        _write_fields(element, value)
    elif isinstance(value, list):
        for member in value:
            _write_value(etree.SubElement(element, f"{{{RECORD_NAMESPACE}}}item"), member)
    else:
        element.text = xml_text(value)


METADATA_FORMATS: dict[str, MetadataFormat] = {
    "oai_dc": MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC,
                             write_oai_dc),
    "archivist": MetadataFormat("archivist", RECORD_SCHEMA_PATH, RECORD_NAMESPACE, write_record_format),
}


def schema_url(metadata_format: MetadataFormat) -> str:
    """The schema's address, this site's own made absolute."""
    schema = metadata_format.schema
    return f"{settings.BASE_URL}{schema}" if schema.startswith("/") else schema
