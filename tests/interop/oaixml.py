"""Reading OAI-PMH replies in tests: each one validated against the official schema, and the metadata in
it against its format's schema, offline (schemas/README.md)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from archivist.interop.oai.formats import DC, OAI_DC, RECORD_NAMESPACE
from archivist.interop.oai.views import RECORD_SCHEMA

SCHEMAS = Path(__file__).parent / "schemas"
OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"o": OAI, "dc": DC, "oai_dc": OAI_DC, "r": RECORD_NAMESPACE}
OAI_PMH = etree.XMLSchema(etree.parse(str(SCHEMAS / "OAI-PMH.xsd")))
METADATA = {OAI_DC: etree.XMLSchema(etree.parse(str(SCHEMAS / "oai_dc.xsd"))),
            RECORD_NAMESPACE: etree.XMLSchema(etree.parse(str(RECORD_SCHEMA)))}


def valid_reply(content: bytes) -> etree._Element:
    """The reply's root, once it and every metadata record in it are valid."""
    root = etree.fromstring(content)
    OAI_PMH.assertValid(root)
    for metadata in root.iterfind(".//o:metadata", NS):
        (record,) = metadata
        METADATA[etree.QName(record).namespace].assertValid(etree.ElementTree(record))
    return root


def error_codes(root: etree._Element) -> list[str]:
    return [error.get("code") for error in root.iterfind("o:error", NS)]


def identifiers(root: etree._Element) -> list[str]:
    return [header.findtext("o:identifier", namespaces=NS) for header in root.iterfind(".//o:header", NS)]


def deleted(root: etree._Element) -> list[str]:
    return [header.findtext("o:identifier", namespaces=NS)
            for header in root.iterfind(".//o:header[@status='deleted']", NS)]


def record_as_json(element: etree._Element):
    """The archive's own format read back: an element with <item> children a list, with other children an
    object, else its text (numbers as text)."""
    children = list(element)
    if not children:
        return element.text or ""
    if all(etree.QName(child).localname == "item" for child in children):
        return [record_as_json(child) for child in children]
    return {etree.QName(child).localname: record_as_json(child) for child in children}
