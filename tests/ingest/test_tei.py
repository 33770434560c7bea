"""FRUS TEI volumes: what the importer stores, checked against counts taken from the XML here."""

import hashlib
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from lxml import etree

from archivist.ingest.loader import store_records
from archivist.ingest.tei import read_tei
from archivist.records.models import Authority, Change, Document, GlossaryTerm, Link, MergedAuthority

FRUS = Path(__file__).resolve().parents[2] / "archivist" / "demo" / "data"
VOLUMES = {"frus1961-63v06": FRUS / "frus1961-63v06.xml", "frus1964-68v29p2": FRUS / "frus1964-68v29p2.xml"}
NS = {"t": "http://www.tei-c.org/ns/1.0", "frus": "http://history.state.gov/frus/ns/1.0"}


def historical_documents(tree) -> list:
    """Counted apart from the importer: subtype says so, or (older markup) the head is no editorial note."""
    found = []
    for div in tree.xpath("//t:div[@type='document']", namespaces=NS):
        head = " ".join("".join(div.find("t:head", NS).itertext()).split())
        if div.get("subtype") == "historical-document" or (
                div.get("subtype") is None and not re.fullmatch(r"\d+\. Editorial Note", head)):
            found.append(div)
    return found


def expected(volume: str) -> dict:
    tree = etree.parse(str(VOLUMES[volume]))
    documents = historical_documents(tree)
    pairs = {(div.get("{http://www.w3.org/XML/1998/namespace}id"), target)
             for div in documents for name in div.xpath(".//t:persName[@corresp]", namespaces=NS)
             for target in name.get("corresp").split()}
    dated = [div for div in documents if div.xpath(
        ".//t:dateline//t:date[@when or @notBefore or @notAfter] | self::*[@frus:doc-dateTime-min]",
        namespaces=NS)]
    return {
        "documents": len(documents), "dated": len(dated), "person links": len(pairs),
        "persons": int(tree.xpath("count(//t:div[@xml:id='persons']//t:persName[@xml:id])", namespaces=NS)),
        "terms": int(tree.xpath("count(//t:div[@xml:id='terms']//t:term[@xml:id])", namespaces=NS)),
    }


def stored(volume: str) -> dict:
    documents = Document.objects.filter(record_id__startswith=f"{volume}-")
    person_links = Link.objects.filter(document__in=documents, authority__kind="person")
    return {
        "documents": documents.count(),
        "dated": documents.exclude(date="").count(),
        "person links": person_links.values("document", "authority").distinct().count(),
        # each entry of the persons list: a record of its own, or merged into the same person's
        "persons": Authority.objects.filter(kind="person", key__startswith=f"{volume}-").count()
        + MergedAuthority.objects.filter(kind="person", key__startswith=f"{volume}-").count(),
        "terms": GlossaryTerm.objects.filter(source=volume).count(),
    }


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> Path:
    files = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(files)):
        yield files


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, media):
    """Both volumes imported once for this module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {volume: store_records(path, read_tei(path)) for volume, path in VOLUMES.items()}
        transaction.set_rollback(True)


@pytest.fixture
def frus(imported, db):
    return imported


@pytest.mark.parametrize(("volume", "counts"), [
    ("frus1961-63v06", {"documents": 117, "dated": 117, "persons": 58, "terms": 19}),
    ("frus1964-68v29p2", {"documents": 122, "dated": 121, "persons": 124, "terms": 188}),
])
def test_counts_match_the_xml(frus, volume, counts):
    from_xml = expected(volume)
    assert {k: from_xml[k] for k in counts} == counts  # the README's figures
    assert stored(volume) == from_xml


@pytest.mark.parametrize(("volume", "notes"), [("frus1961-63v06", 3), ("frus1964-68v29p2", 18)])
def test_editorial_notes_are_skipped_and_counted(frus, volume, notes):
    tree = etree.parse(str(VOLUMES[volume]))
    every = {div.get("{http://www.w3.org/XML/1998/namespace}id")
             for div in tree.xpath("//t:div[@type='document']", namespaces=NS)}
    editorial = every - {div.get("{http://www.w3.org/XML/1998/namespace}id")
                         for div in historical_documents(tree)}
    assert len(editorial) == frus[volume].extras["editorial notes skipped"] == notes
    assert not Document.objects.filter(record_id__in=[f"{volume}-{i}" for i in editorial]).exists()


def test_reimport_changes_nothing(frus):
    changes = Change.objects.count()
    for volume, path in VOLUMES.items():
        report = store_records(path, read_tei(path))
        assert report.counts["added"] == report.counts["updated"] == 0
        assert report.counts["unchanged"] == frus[volume].counts["added"] + frus[volume].counts["updated"]
    assert Change.objects.count() == changes


def test_first_document_fields(frus, media):
    document = Document.objects.get(record_id="frus1961-63v06-d1")
    assert document.title == "Message From Chairman Khrushchev to President-elect Kennedy"
    assert (document.number, document.date, document.date_display) == ("1", "1960-11-09", "November 9, 1960")
    assert document.source == ("Foreign Relations of the United States, 1961–1963, Volume VI, "
                               "Kennedy-Khrushchev Exchanges, Document 1")
    assert document.url == "https://history.state.gov/historicaldocuments/frus1961-63v06/d1"
    roles = {(link.role, link.authority.key) for link in document.links.select_related("authority")}
    assert {("author", "frus1961-63v06-p_KNS2"), ("recipient", "frus1961-63v06-p_KJF2"),
            ("place_of_writing", "moscow"), ("topic", "frus1961-63v06-comp1")} <= roles
    notes = list(document.notes.values_list("kind", "marker", "body"))
    assert notes[0][:2] == ("source", "") and notes[0][2].startswith("Source: American Foreign Policy")
    assert notes[1] == ("footnote", "1", "Printed from an unsigned copy.")
    text = document.texts.get()
    assert '<a href="#note-1">1</a>' in text.body_html and "unsigned copy" not in text.body_html
    assert text.body.startswith("Moscow, November 9, 1960.\n\nEsteemed Mr. Kennedy, Allow me")
    assert "unsigned copy" not in text.body


def test_original_xml_is_stored_with_its_hash(frus, media):
    attachment = Document.objects.get(record_id="frus1964-68v29p2-d70").attachments.get()
    content = (media / attachment.path).read_bytes()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest() and attachment.size == len(content)
    assert etree.fromstring(content).get("{http://www.w3.org/XML/1998/namespace}id") == "d70"
    assert attachment.media_type == "application/tei+xml"


@pytest.mark.parametrize(("record_id", "date"), [
    ("frus1961-63v06-d4", "1961-01-21T18:34:00-05:00"),  # a moment with its time zone
    ("frus1961-63v06-d30", "1961-12-30/1962-01-18"),  # notBefore / notAfter
    ("frus1961-63v06-d14", "1962-05-06?"),  # inferred by the editors for an undated document
    ("frus1964-68v29p2-d70", "1966-06-14T08:43:00Z"),  # older markup, UTC
    ("frus1964-68v29p2-d38", ""),  # "undated", no date attribute
])
def test_dates_keep_precision_and_ranges(frus, record_id, date):
    assert Document.objects.get(record_id=record_id).date == date


def test_persons_list_entries_become_authorities(frus):
    khrushchev = Authority.objects.get(key="frus1961-63v06-p_KNS2")
    assert khrushchev.sort_name == "Khrushchev, Nikita S."
    assert khrushchev.display_name == "Nikita S. Khrushchev"
    assert khrushchev.description == "Chairman of the Council of Ministers of the Soviet Union"
    assert khrushchev.identifiers == {"frus": "p_KNS2", "frus_volume": "frus1961-63v06"}
    sato = Authority.objects.get(key="frus1964-68v29p2-p_SE3")
    assert sato.description == "Prime Minister of Japan from November 1964"


def test_glossary_and_institutions(frus):
    goj = GlossaryTerm.objects.get(source="frus1964-68v29p2", key="t_GOJ1")
    assert (goj.term, goj.expansion) == ("GOJ", "Government of Japan")
    telegram = Document.objects.get(record_id="frus1964-68v29p2-d70")
    assert set(telegram.links.filter(role__in=["author", "recipient"]).values_list(
        "role", "authority__kind", "authority__sort_name")) >= {
        ("author", "organization", "Embassy in Japan"), ("recipient", "organization", "Department of State")}
    assert '<abbr title="Government of Japan">GOJ</abbr>' in "".join(
        Document.objects.filter(record_id__startswith="frus1964").values_list("texts__body_html", flat=True))
