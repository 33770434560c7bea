"""FRUS notes and running text on the real volumes: cross-references become links, italics stay, and
words the markup ran together ("Countries Series,<gloss>USSR</gloss>") are spaced. Figures are counted
from the XML here, apart from the importer."""

import re
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from lxml import etree

from archivist.ingest.loader import store_records
from archivist.ingest.tei import read_tei
from archivist.records.models import Document, Note

FRUS = Path(__file__).resolve().parents[2] / "archivist" / "demo" / "data"
KENNEDY, JAPAN = "frus1961-63v06", "frus1964-68v29p2"
VOLUMES = {volume: FRUS / f"{volume}.xml" for volume in (KENNEDY, JAPAN)}
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both volumes imported once for this module, in a transaction rolled back at its end."""
    with (override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))), django_db_blocker.unblock(),
          transaction.atomic()):
        for path in VOLUMES.values():
            store_records(path, read_tei(path))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def frus(imported, db):
    return None


def stored_documents(volume: str) -> dict[str, etree._Element]:
    """The volume's document divs that the archive stores (stored ones: editorial notes are not)."""
    stored = set(Document.objects.filter(record_id__startswith=f"{volume}-")
                 .values_list("record_id", flat=True))
    tree = etree.parse(str(VOLUMES[volume]))
    return {div.get(XML_ID): div for div in tree.iter(f"{TEI}div")
            if div.get("type") == "document" and f"{volume}-{div.get(XML_ID)}" in stored}


def in_notes(element) -> bool:
    return any(ancestor.tag == f"{TEI}note" for ancestor in element.iterancestors())


def glued_at_markup(div) -> list[tuple[str, str]]:
    """Each pair of words that meet at markup with no space between them, the first ending in a comma,
    semicolon, colon or full stop and the second a word ("Series," + "USSR"), notes apart."""
    pairs = []

    def flow(element, pieces):
        pieces.append(element.text or "")
        for child in element:
            if child.tag == f"{TEI}note":
                pieces.append(None)  # a note's words are not the text's
                notes.append(child)
            elif isinstance(child.tag, str):
                pieces.append("|")
                flow(child, pieces)
                pieces.append("|")
            pieces.append(child.tail or "")

    notes = [div]
    while notes:
        pieces: list = []
        element = notes.pop()
        flow(element, pieces) if element is div else [flow(element, pieces)]
        words, markup = "", False
        for piece in pieces:
            if piece is None:
                words, markup = "", False
            elif piece == "|":
                markup = True
            elif piece:
                found = re.match(r"[^\W\d_][\w’']*", piece)
                if markup and found and re.search(r"\w[.,;:]$", words):
                    pairs.append((words.split()[-1], found.group()))
                words, markup = (words + piece)[-40:], False
    return pairs


def all_text(record_id: str) -> str:
    document = Document.objects.get(record_id=record_id)
    return "\n".join([document.title, *document.texts.values_list("body", flat=True),
                      *document.notes.values_list("body", flat=True)])


def test_no_words_run_together_where_the_markup_left_out_the_space(frus):
    glued = {xml_id: glued_at_markup(div) for xml_id, div in stored_documents(KENNEDY).items()}
    pairs = [(xml_id, pair) for xml_id, found in glued.items() for pair in found]
    assert len(pairs) >= 140  # "Mr.<persName>Kennedy", "Series,<gloss>USSR", "Source:<hi>American ..."
    assert sum(pair == ("Series,", "USSR") for _, pair in pairs) == 6
    for xml_id, (before, after) in pairs:
        text = all_text(f"{KENNEDY}-{xml_id}")
        assert f"{before}{after}" not in text and f"{before} {after}" in text, (xml_id, before, after)
    assert "Series,USSR" not in "".join(Note.objects.values_list("body", flat=True))


def test_a_page_break_between_words_is_a_space_but_not_after_an_opening_quotation_mark(frus):
    text = all_text(f"{KENNEDY}-d11")
    assert "the intervention, financed its arming" in text
    quoted = "\n".join(all_text(document.record_id) for document in Document.objects.filter(
        record_id__startswith=f"{KENNEDY}-", texts__body__contains="the kind of “mutually"))
    assert "the kind of “mutually" in quoted and "“ mutually" not in quoted


@pytest.mark.parametrize("volume", [KENNEDY, JAPAN])
def test_references_in_notes_to_documents_of_the_volume_become_links(frus, volume):
    documents = stored_documents(volume)
    expected = []  # (record ID of the note's document, href)
    for xml_id, div in documents.items():
        for ref in div.iter(f"{TEI}ref"):
            target = ref.get("target")
            if not in_notes(ref) or any(a.tag == f"{TEI}ref" for a in ref.iterancestors()):
                continue
            if re.fullmatch(r"#d\d+", target) and target[1:] in documents:
                expected.append((xml_id, f"/documents/{volume}-{target[1:]}"))
            elif footnote := re.fullmatch(r"#(d\d+)fn(\d+)", target):
                note = div.getroottree().find(f".//*[@{XML_ID}='{target[1:]}']")
                page = f"/documents/{volume}-{footnote[1]}"
                if footnote[1] in documents and note.get("type") == "source":  # no number: the page
                    expected.append((xml_id, page))
                elif footnote[1] in documents:
                    anchor = f"#note-{note.get('n')}"
                    expected.append((xml_id, anchor if footnote[1] == xml_id else page + anchor))
    assert len(expected) >= {KENNEDY: 110, JAPAN: 20}[volume]
    linked = []
    for record_id, html in Note.objects.filter(document__record_id__startswith=f"{volume}-").values_list(
            "document__record_id", "body_html"):
        linked += [(record_id.removeprefix(f"{volume}-"), href)
                   for href in re.findall(r'href="([^"]*)"', html)
                   if href.startswith(("#", f"/documents/{volume}-"))]
    assert sorted(set(linked) - set(expected)) == sorted(set(expected) - set(linked)) == []
    assert sorted(linked) == sorted(expected)


def test_references_to_footnotes_and_other_volumes(frus):
    def note_html(record_id: str, marker: str) -> str:
        return Note.objects.get(document__record_id=record_id, marker=marker).body_html

    assert '<a href="/documents/frus1961-63v06-d16#note-2">footnote 2, Document 16</a>' in "".join(
        Note.objects.filter(document__record_id__startswith=KENNEDY).values_list("body_html", flat=True))
    # another volume's document and footnote: a link the page keeps only once the archive publishes it
    assert '<a href="/documents/frus1961-63v22-d383#note-4">' in note_html(f"{JAPAN}-d5", "2")
    assert '<a href="#note-2">footnote 2</a>' in note_html(f"{JAPAN}-d5", "4")
    # a page of another volume is no document: its reference stays text
    pages = Note.objects.filter(document__record_id__startswith=KENNEDY, body__contains="vol. XIV, p. 387")
    assert pages.exists() and all("href" not in html for html in pages.values_list("body_html", flat=True))


def test_italics_in_notes_are_kept(frus):
    italics = sum(1 for div in stored_documents(KENNEDY).values() for hi in div.iter(f"{TEI}hi")
                  if hi.get("rend") == "italic" and in_notes(hi))
    html = "".join(Note.objects.filter(document__record_id__startswith=KENNEDY)
                   .values_list("body_html", flat=True))
    assert italics == html.count("<em>") == 99
    source = Note.objects.get(document__record_id=f"{KENNEDY}-d1", kind="source")
    assert source.body_html.startswith("Source: <em>American Foreign Policy: Current Documents, 1960</em>")
    assert source.body == ("Source: American Foreign Policy: Current Documents, 1960, p. 476. "
                           "No classification marking.")
