"""Reading TEI P5 volumes as the US Office of the Historian publishes FRUS.

Coded to the markup, not to particular files: a document is a div[@type="document"] that is not an
editorial note (current volumes say subtype="historical-document"; older ones have no subtype, and
their editorial notes are known only by a head "NN. Editorial Note"). Editorial notes are editors'
prose rather than historical documents, so they are counted as skipped, not stored.

The volume's persons list becomes person records keyed by volume and xml:id, its list of terms a
glossary, its chapters (or its compilation) topics; each document links to every person its markup
names, and keeps its original XML as an attached file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from archivist.ingest import teidates
from archivist.ingest.errors import IngestError
from archivist.ingest.glossary import GlossaryEntry
from archivist.ingest.loader import Skipped, StoredFile
from archivist.ingest.teitext import TEI, XML_ID, Context, collapse, head_notes, local, plain, render
from archivist.records.bodies import names_a_post
from archivist.records.models import Authority, AuthorityKind, Link
from archivist.records.recordformat import (
    AuthorityRecord,
    LinkRecord,
    RecordError,
    authority_key,
    check_record_id,
    display_form,
    fingerprint,
    read_document,
)

NS = {"t": TEI}
EDITORIAL_NOTE_HEAD = re.compile(r"^\s*\d+[A-Za-z]?\.\s*Editorial Note\s*$", re.IGNORECASE)
NUMBER_PREFIX = re.compile(r"^\s*\d+[A-Za-z]?\.\s+")
FRUS_SITE = "https://history.state.gov/historicaldocuments"
FRUS_PUBLISHER = "Office of the Historian, U.S. Department of State"
PUBLIC_DOMAIN = "Public domain: a work of the United States Government."


@dataclass
class Volume:
    id: str
    title: str
    persons: dict[str, str]  # "#p_KNS2" -> authority key
    context: Context

    @property
    def is_frus(self) -> bool:
        return self.id.startswith("frus")


def read_tei(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield the volume's records: persons, places (a listPlace), glossary, then topics and documents
    in order."""
    root = _parse(path)
    volume_id = _volume_id(root, path)
    divs = root.xpath("t:text//t:div[@type='document']", namespaces=NS)
    if not divs:
        raise IngestError(path, root.sourceline, None, 'no div type="document" in this TEI file')
    stored = {d.get(XML_ID): d for d in divs if d.get(XML_ID) and not is_editorial_note(d)}
    persons = list(_persons(root, volume_id))
    glossary = list(_terms(root, volume_id))
    volume = Volume(
        id=volume_id, title=_volume_title(root, volume_id),
        persons={f"#{xml_id}": record.key for _, xml_id, record in persons},
        context=Context(
            volume=volume_id, documents=set(stored), notes=_footnotes(stored),
            glossary={f"#{entry.key}": entry.expansion for _, entry in glossary}))
    for line, _, record in persons:
        yield line, record
    try:
        yield from _places(root)
    except RecordError as error:
        raise IngestError(path, error.line, error.field, error.message) from error
    yield from glossary
    topics: set[str] = set()
    for div in divs:
        if is_editorial_note(div):
            yield div.sourceline, Skipped("editorial notes skipped")
            continue
        topic = _topic(div, volume)
        if topic is not None and topic.key not in topics:
            topics.add(topic.key)
            yield div.sourceline, topic
        try:
            yield from _document_items(div, volume, topic)
        except RecordError as error:
            line = getattr(error, "line", None) or div.sourceline
            raise IngestError(path, line, error.field, error.message) from error


def _footnotes(documents: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each footnote's xml:id, with its document's and its marker (none for a source note), which
    cross-references name."""
    return {note.get(XML_ID): (xml_id, "" if note.get("type") == "source" else note.get("n") or "")
            for xml_id, div in documents.items() for note in div.iter(f"{{{TEI}}}note") if note.get(XML_ID)}


def _parse(path: Path):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        raise IngestError(path, error.lineno, None, f"not well-formed XML: {error.msg}") from error


def _volume_id(root, path: Path) -> str:
    """The TEI element's xml:id, else the FRUS idno, else the file's name: it begins the ID of
    every record made from the volume and names the folder of its stored files, so it must be
    a record ID (docs/record-format.md)."""
    idno = root.find(".//t:publicationStmt/t:idno[@type='frus']", NS)
    if root.get(XML_ID):
        found, field_name, line = root.get(XML_ID), "xml:id", root.sourceline
    elif idno is not None and collapse(idno.text or ""):
        found, field_name, line = idno.text, "idno", idno.sourceline
    else:
        found, field_name, line = path.stem, "idno", None
    try:
        return check_record_id(collapse(found), field_name)
    except RecordError as error:
        raise IngestError(path, line, error.field, f"the volume's ID {error.message}") from error


def _volume_title(root, volume_id: str) -> str:
    for xpath in ("t:teiHeader//t:titleStmt/t:title[@type='complete']",
                  "t:teiHeader//t:titleStmt/t:title"):
        found = root.xpath(xpath, namespaces=NS)
        if found:
            return plain(found[0])
    return volume_id


def is_editorial_note(div) -> bool:
    subtype = div.get("subtype")
    if subtype:
        return subtype != "historical-document"
    head = div.find("t:head", NS)
    return head is not None and bool(EDITORIAL_NOTE_HEAD.match(plain(head)))


# Front matter --------------------------------------------------------------------------------

def _persons(root, volume_id: str) -> Iterator[tuple[int, str, AuthorityRecord]]:
    """The persons list: name as listed, then the editors' identification."""
    for name in root.xpath(".//t:div[@xml:id='persons']//t:item//t:persName[@xml:id]",
                           namespaces=NS):
        xml_id = name.get(XML_ID)
        sort_name = plain(name).rstrip(",").strip()
        item = next(a for a in name.iterancestors(f"{{{TEI}}}item"))
        listed = plain(item)
        description = listed[len(sort_name):] if listed.startswith(sort_name) else listed
        yield name.sourceline, xml_id, AuthorityRecord(
            kind=AuthorityKind.PERSON, key=f"{volume_id}-{xml_id}", sort_name=sort_name,
            display_name=display_form(sort_name, AuthorityKind.PERSON),
            description=description.lstrip(" ,;:").strip(),
            identifiers={"frus": xml_id, "frus_volume": volume_id})


def _places(root) -> Iterator[tuple[int, dict[str, Any]]]:
    """A gazetteer's places (listPlace): each a place record named by its first placeName, its other
    placeNames variants, its coordinates from location/geo ("latitude longitude", TEI's default), in
    the record format, whose checks refuse what is off the globe. Keyed as a name the documents give
    is (records.services): a dateline's "Washington" is the listed place."""
    for place in root.xpath(".//t:listPlace//t:place", namespaces=NS):
        names = [plain(name) for name in place.xpath("t:placeName", namespaces=NS)]
        names = [name for name in dict.fromkeys(names) if name]
        if not names:
            continue
        record: dict[str, Any] = {"type": "place", "id": authority_key(names[0]), "name": names[0],
                                  "variants": names[1:]}
        geo = place.find("t:location/t:geo", NS)
        if geo is not None:
            record["coordinates"] = _coordinates(geo)
        yield place.sourceline, record


def _coordinates(geo) -> list[float]:
    """A geo element's "latitude longitude" (a comma between them is read too)."""
    parts = plain(geo).replace(",", " ").split()
    try:
        if len(parts) == 2:
            return [float(parts[0]), float(parts[1])]
    except ValueError:
        pass
    error = RecordError("geo", f"{plain(geo)!r} is not \"latitude longitude\" in decimal degrees")
    error.line = geo.sourceline
    raise error


def _terms(root, volume_id: str) -> Iterator[tuple[int, GlossaryEntry]]:
    for term in root.xpath(".//t:div[@xml:id='terms']//t:item//t:term[@xml:id]", namespaces=NS):
        item = next(a for a in term.iterancestors(f"{{{TEI}}}item"))
        text = plain(term)
        listed = plain(item)
        expansion = listed[len(text):] if listed.startswith(text) else listed
        yield term.sourceline, GlossaryEntry(source=volume_id, key=term.get(XML_ID), term=text,
                                             expansion=expansion.lstrip(" ,;:").strip())


def _topic(div, volume: Volume) -> AuthorityRecord | None:
    """The chapter (or compilation) a document belongs to, as a topic."""
    chapter = next((a for a in div.iterancestors(f"{{{TEI}}}div")
                    if a.get("type") != "document" and a.find("t:head", NS) is not None), None)
    if chapter is None:
        return None
    head = plain(chapter.find("t:head", NS))
    kind = chapter.get("type") or "chapter"
    key = f"{volume.id}-{chapter.get(XML_ID) or chapter.sourceline}"
    name = _shortened(head, Authority.sort_name.field.max_length)
    return AuthorityRecord(kind=AuthorityKind.TOPIC, key=key, sort_name=name, display_name=name,
                           description=f"{head}: a {kind} of {volume.title}.",
                           identifiers={"frus": chapter.get(XML_ID) or "", "frus_volume": volume.id})


def _shortened(text: str, limit: int) -> str:
    """The text, or as many of its words as fit with "…" (some chapter heads run to a paragraph)."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


# Documents ------------------------------------------------------------------------------------

def _document_items(div, volume: Volume, topic: AuthorityRecord | None) -> Iterator[tuple[int, Any]]:
    xml = etree.tostring(div, encoding="utf-8", xml_declaration=True)
    digest = hashlib.sha256(xml).hexdigest()
    if not (div.get(XML_ID) or div.get("n")):
        raise RecordError("xml:id", "a document needs an xml:id or an n to make its record ID")
    xml_id = div.get(XML_ID) or f"n{collapse(div.get('n'))}"
    record_id = check_record_id(f"{volume.id}-{xml_id}", "xml:id" if div.get(XML_ID) else "n")
    stored = StoredFile(f"tei/{volume.id}/{xml_id}-{digest[:12]}.xml", xml)
    yield div.sourceline, stored
    data, earlier = _document_data(div, volume, record_id)
    data["files"] = [{"kind": "xml", "label": "Original TEI XML", "filename": f"{record_id}.xml",
                      "media_type": "application/tei+xml", "path": stored.path, "size": len(xml),
                      "sha256": digest}]
    links = _links(div, volume, topic)
    try:
        record = read_document(data)
    except RecordError as error:
        date = div.find(".//t:dateline//t:date", NS)
        error.line = date.sourceline if error.field == "date" and date is not None else div.sourceline
        raise
    record.links += links
    record.earlier = earlier
    record.fingerprint = fingerprint({**data, "links": [vars(link) for link in links]})
    yield div.sourceline, record


def _document_data(div, volume: Volume, record_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document in the record format, and its title and notes as the importer wrote them before
    it spaced words markup ran together (teitext.Spacing), which re-imports compare (records.merge)."""
    head = div.find("t:head", NS)
    dateline = div.find(".//t:dateline", NS)
    content = [child for child in div if child is not head]
    xml_id = div.get(XML_ID) or ""
    rendering = render(content, volume.context, xml_id)
    notes = (head_notes(head, volume.context, xml_id) if head is not None else []) + rendering.notes
    earlier = {"notes": [[note["kind"], note["marker"], note.pop("earlier_body")] for note in notes],
               "title": NUMBER_PREFIX.sub("", plain(head, spaced=False)) if head is not None else ""}
    number = div.get("n") or ""
    data: dict[str, Any] = {
        "record_id": record_id,
        "title": NUMBER_PREFIX.sub("", plain(head)) if head is not None else "",
        "number": number,
        "text": rendering.text,
        "text_html": rendering.html,
        "text_language": "English",
        "notes": notes,
        "source": f"{volume.title}, Document {number}" if number else volume.title,
    }
    try:
        data["date"], data["date_display"] = teidates.document_date(div, dateline)
    except teidates.TeiDateError as error:
        problem = RecordError("date", str(error))
        problem.line = error.line
        raise problem from error
    places = [plain(p) for p in div.iter(f"{{{TEI}}}placeName")]
    writing = dateline.find(".//t:placeName", NS) if dateline is not None else None
    if writing is not None:
        data["place_of_writing"] = plain(writing)
    data["associated_places"] = sorted({p for p in places if p and p != data.get("place_of_writing")})
    if volume.is_frus:
        data.update(publisher=FRUS_PUBLISHER, url=f"{FRUS_SITE}/{volume.id}/{div.get(XML_ID)}",
                    rights=PUBLIC_DOMAIN)
    return data, earlier


def _links(div, volume: Volume, topic: AuthorityRecord | None) -> list[LinkRecord]:
    """Senders and recipients from the head, signers as authors, every other person named."""
    people = (AuthorityKind.PERSON,)
    by_role: dict[str, list[LinkRecord]] = {Link.Role.AUTHOR: [], Link.Role.RECIPIENT: []}
    named: set[str] = set()
    head = div.find("t:head", NS)
    signers = div.xpath(".//t:closer//t:signed//t:persName[@corresp]", namespaces=NS)
    heading = [] if head is None else head.xpath(".//t:persName[@type] | .//t:gloss[@type]",
                                                 namespaces=NS)
    for element in [*heading, *signers]:
        role = Link.Role.RECIPIENT if element.get("type") == "to" else Link.Role.AUTHOR
        if element.get("type") not in (None, "from", "to"):
            continue
        if local(element) == "gloss":
            name = re.sub(r"^the\s+", "", plain(element), flags=re.IGNORECASE)
            if names_a_post(name):  # "From the President": an office, whose holder the persName names
                continue
            link = LinkRecord(kinds=(AuthorityKind.ORGANIZATION,), role=role, name=name)
        else:
            key = volume.persons.get(element.get("corresp") or "")
            if key is None or key in named:
                continue
            named.add(key)
            link = LinkRecord(kinds=people, role=role, key=key)
        by_role[role].append(link)
    associated = []
    for name in div.xpath(".//t:persName[@corresp]", namespaces=NS):
        for target in name.get("corresp").split():
            key = volume.persons.get(target)
            if key is None:
                error = RecordError("persName", f"corresp {target!r} is not in the persons list")
                error.line = name.sourceline
                raise error
            if key not in named:
                named.add(key)
                associated.append(LinkRecord(kinds=people, role=Link.Role.ASSOCIATED, key=key))
    topics = [LinkRecord(kinds=(AuthorityKind.TOPIC,), role=Link.Role.TOPIC, key=topic.key)] if topic else []
    return by_role[Link.Role.AUTHOR] + by_role[Link.Role.RECIPIENT] + associated + topics
