"""OAI-PMH at /oai through the app: the six verbs, their errors, sets, datestamps, resumption tokens and
deleted records; every reply valid against the official schema (oaixml)."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from django.test import Client

from archivist.ingest.loader import store_records
from archivist.interop.export import document_queryset
from archivist.interop.oai.formats import RECORD_NAMESPACE
from archivist.interop.oai.harvestable import bring_up_to_date, escape_key, public_record
from archivist.interop.oai.tokens import Position, make_token
from archivist.records.models import Document, Link
from archivist.records.recordformat import DERIVED_FIELDS, DOCUMENT_FIELDS
from archivist.records.services import delete_document, set_status
from tests.interop.oaixml import NS, deleted, error_codes, identifiers, record_as_json, valid_reply

HOST = "oai:127.0.0.1:"


def doc(record_id: str, **fields) -> dict:
    return {"record_id": record_id, "title": f"Cable {record_id}", "date": "1961-05-01", **fields}


def load(*records: dict) -> None:
    store_records("test.jsonl", enumerate(records, start=1))


@pytest.fixture
def archive(db):
    """Three published documents in topics and an archive's collection, and one each never published:
    a draft, an embargoed one and a restricted one."""
    load(doc("pub1", associated_topics=["Cold War"], original_archive=["Central Archives", "Wengao"],
             authors=["Mao, Zedong"]),
         doc("pub2", associated_topics=["Berlin Crisis"], original_archive=["Central Archives"]),
         doc("pub3"),
         doc("draft1", status="draft", associated_topics=["Secret topic"]),
         doc("embargoed1", status="restricted"),
         doc("restricted1", status="restricted", original_archive=["Hidden Archive"]))
    from archivist.curation.embargo import restrict_until

    restrict_until("embargoed1", dt.date.today() + dt.timedelta(days=30))


def oai(**arguments) -> object:
    response = Client().get("/oai", arguments)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return valid_reply(response.content)


def later() -> None:
    """Datestamps are to the second: the next change lands in a later one."""
    time.sleep(1.05)


def test_identify_formats_and_sets(archive):
    identify = oai(verb="Identify").find("o:Identify", NS)
    assert identify.findtext("o:baseURL", namespaces=NS) == "http://127.0.0.1:8000/oai"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    formats = oai(verb="ListMetadataFormats").iterfind(".//o:metadataPrefix", NS)
    assert [prefix.text for prefix in formats] == ["oai_dc", "archivist"]
    sets = {s.findtext("o:setSpec", namespaces=NS): s.findtext("o:setName", namespaces=NS)
            for s in oai(verb="ListSets").iterfind(".//o:set", NS)}
    assert sets == {"archive": "Archives and collections", "archive:central-archives": "Central Archives",
                    "archive:central-archives:central-archives-wengao": "Wengao", "topic": "Topics",
                    "topic:berlin-crisis": "Berlin Crisis", "topic:cold-war": "Cold War"}


def test_post_is_answered_as_get(archive):
    response = Client().post("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert identifiers(valid_reply(response.content)) == identifiers(
        oai(verb="ListIdentifiers", metadataPrefix="oai_dc"))


def test_never_published_documents_never_appear(archive):
    for prefix in ("oai_dc", "archivist"):
        root = oai(verb="ListRecords", metadataPrefix=prefix)
        assert sorted(identifiers(root)) == [f"{HOST}pub1", f"{HOST}pub2", f"{HOST}pub3"]
        for record_id in ("draft1", "embargoed1", "restricted1"):
            assert error_codes(oai(verb="GetRecord", identifier=HOST + record_id, metadataPrefix=prefix)) == [
                "idDoesNotExist"]
    sets = [spec.text for spec in oai(verb="ListSets").iterfind(".//o:setSpec", NS)]
    assert "topic:secret-topic" not in sets and "archive:hidden-archive" not in sets
    # Never published, then restricted, drafted or edited: still nothing to report as deleted.
    set_status("draft1", Document.Status.RESTRICTED)
    set_status("restricted1", Document.Status.DRAFT)
    assert sorted(identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc"))) == [
        f"{HOST}pub1", f"{HOST}pub2", f"{HOST}pub3"]


@pytest.mark.parametrize("withdraw", [
    lambda record_id: set_status(record_id, Document.Status.RESTRICTED),
    lambda record_id: set_status(record_id, Document.Status.DRAFT),
    delete_document,
], ids=["restricted", "draft", "deleted"])
def test_a_published_document_withdrawn_is_a_deleted_record(archive, withdraw):
    before = oai(verb="GetRecord", identifier=f"{HOST}pub1", metadataPrefix="oai_dc")
    stamp = before.findtext(".//o:datestamp", namespaces=NS)
    later()
    withdraw("pub1")
    root = oai(verb="GetRecord", identifier=f"{HOST}pub1", metadataPrefix="archivist")
    assert deleted(root) == [f"{HOST}pub1"]
    assert root.find(".//o:metadata", NS) is None
    assert root.findtext(".//o:datestamp", namespaces=NS) > stamp
    harvest = oai(verb="ListRecords", metadataPrefix="oai_dc", set="topic:cold-war")
    assert deleted(harvest) == identifiers(harvest) == [f"{HOST}pub1"]
    if withdraw is delete_document:  # an import adds a deleted document again only when told to
        store_records("again.jsonl", [(1, doc("pub1", associated_topics=["Cold War"]))], overwrite=True)
    else:
        set_status("pub1", Document.Status.PUBLISHED)
    again = oai(verb="GetRecord", identifier=f"{HOST}pub1", metadataPrefix="oai_dc")
    assert deleted(again) == [] and again.find(".//o:metadata", NS) is not None


def test_datestamps_change_with_what_the_public_sees_only(archive):
    first = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    stamps = {h.findtext("o:identifier", namespaces=NS): h.findtext("o:datestamp", namespaces=NS)
              for h in first.iterfind(".//o:header", NS)}
    later()
    load(doc("pub2", associated_topics=["Berlin Crisis"], original_archive=["Central Archives"]))  # same
    document = Document.objects.get(record_id="pub3")
    from archivist.records.models import Authority

    Link.objects.create(document=document, authority=Authority.objects.get(key="mao-zedong"),
                        role=Link.Role.ASSOCIATED, status=Link.Status.PROPOSED, confidence=0.4)
    document.save()  # a proposed link is the curators' business: not a change for harvesters
    assert bring_up_to_date() > 0
    since = max(stamps.values())
    later()
    document.summary = "Now with a summary."
    document.save()
    changed = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": _after(since)})
    assert identifiers(changed) == [f"{HOST}pub3"]
    day = changed.findtext(".//o:datestamp", namespaces=NS)[:10]
    assert identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": day, "until": day})) \
        == identifiers(first)
    assert error_codes(oai(verb="ListIdentifiers", metadataPrefix="oai_dc", until="2000-01-01")) == [
        "noRecordsMatch"]


def _after(stamp: str) -> str:
    moment = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ") + dt.timedelta(seconds=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_renamed_author_gives_a_new_datestamp(archive):
    from archivist.records.models import Authority
    from archivist.records.services import touch_documents_of

    before = oai(verb="GetRecord", identifier=f"{HOST}pub1", metadataPrefix="oai_dc")
    later()
    mao = Authority.objects.get(key="mao-zedong")
    mao.sort_name = "Mao, Tse-tung"
    mao.save()
    touch_documents_of(mao)
    after = oai(verb="GetRecord", identifier=f"{HOST}pub1", metadataPrefix="oai_dc")
    assert after.findtext(".//o:datestamp", namespaces=NS) > before.findtext(".//o:datestamp", namespaces=NS)
    assert after.findtext(".//dc:creator", namespaces=NS) == "Mao, Tse-tung"


def test_resumption_tokens_page_through_a_changing_archive(archive, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_OAI_PAGE_SIZE", "2")
    load(*(doc(f"more{i}") for i in range(3)))
    first = oai(verb="ListRecords", metadataPrefix="oai_dc")
    token = first.find(".//o:resumptionToken", NS)
    assert (token.get("cursor"), token.get("completeListSize")) == ("0", "6")
    seen = identifiers(first)
    later()
    edited = Document.objects.get(record_id=seen[0].removeprefix(HOST))
    edited.title = "Retitled"
    edited.save()  # already harvested: it comes again at the end, with its new datestamp
    while token is not None and token.text:
        page = oai(verb="ListRecords", resumptionToken=token.text)
        seen += identifiers(page)
        token = page.find(".//o:resumptionToken", NS)
    assert token.get("completeListSize") == "6" and token.get("cursor") == "6"
    everything = ["pub1", "pub2", "pub3", "more0", "more1", "more2"]
    assert sorted(set(seen)) == sorted(HOST + record_id for record_id in everything)
    assert seen[-1] == seen[0] and len(seen) == 7


@pytest.mark.parametrize(("arguments", "code"), [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": f"{HOST}pub1"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2001-02-30"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2001-01-01T00:00:00"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2001-01-01",
      "until": "2002-01-01T00:00:00Z"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2002-01-01", "until": "2001-01-01"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "not a set"}, "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": f"{HOST}pub1", "metadataPrefix": "marc"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": f"{HOST}nothing", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "GetRecord", "identifier": "oai:elsewhere.org:pub1", "metadataPrefix": "oai_dc"},
     "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": f"{HOST}draft1"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "topic:nothing"}, "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2990-01-01"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
])
def test_errors(archive, arguments, code):
    root = oai(**arguments)
    assert error_codes(root) == [code]
    request = root.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}
    else:
        assert request.get("verb") == arguments["verb"]


def test_a_token_altered_or_made_for_another_verb_is_refused(archive, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_OAI_PAGE_SIZE", "1")
    token = oai(verb="ListIdentifiers", metadataPrefix="oai_dc").findtext(".//o:resumptionToken",
                                                                          namespaces=NS)
    assert error_codes(oai(verb="ListRecords", resumptionToken=token)) == ["badResumptionToken"]
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert error_codes(oai(verb="ListIdentifiers", resumptionToken=altered)) == ["badResumptionToken"]
    # Another archive's key signs another token: the signature, not the content, is what counts.
    from django.test import override_settings

    with override_settings(SECRET_KEY="another archive's key " * 3):
        forged = make_token(Position("ListIdentifiers", "oai_dc", None, None, None,
                                     "1970-01-01T00:00:00+00:00", "", 0))
    assert error_codes(oai(verb="ListIdentifiers", resumptionToken=forged)) == ["badResumptionToken"]


def test_no_sets_yet(db):
    load(doc("plain"))
    assert error_codes(oai(verb="ListSets")) == ["noSetHierarchy"]


def test_sets_select_every_level_and_escape_keys(archive):
    assert identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="archive")) == [
        f"{HOST}pub1", f"{HOST}pub2"]
    assert identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc",
                           set="archive:central-archives:central-archives-wengao")) == [f"{HOST}pub1"]
    header = oai(verb="GetRecord", identifier=f"{HOST}pub1", metadataPrefix="oai_dc").find(".//o:header", NS)
    assert [spec.text for spec in header.iterfind("o:setSpec", NS)] == [
        "archive", "archive:central-archives", "archive:central-archives:central-archives-wengao", "topic",
        "topic:cold-war"]
    assert escape_key("a:b~c,é") == "a~3Ab~7Ec~2C~C3~A9"


def test_the_archivist_format_carries_every_field_of_the_export(full_record):
    document = document_queryset().get(record_id=full_record)
    expected = public_record(document)
    root = oai(verb="GetRecord", identifier=HOST + full_record, metadataPrefix="archivist")
    (record,) = root.find(".//o:metadata", NS)
    got = record_as_json(record)
    assert got == json.loads(json.dumps(expected), parse_float=str, parse_int=str)
    assert set(expected) - {"status", "type"} > {"title", "text", "authors", "original_archive"}
    schema = Client().get("/oai/record-format-1.xsd")
    assert schema["Content-Type"] == "text/xml; charset=utf-8"
    named = {element.get("name") for element in valid_reply_schema(schema.content)}
    assert DOCUMENT_FIELDS | (DERIVED_FIELDS & {"citation_as_published"}) <= named
    dc = oai(verb="GetRecord", identifier=HOST + full_record, metadataPrefix="oai_dc")
    assert dc.findtext(".//dc:title", namespaces=NS) == expected["title"]
    assert [c.text for c in dc.iterfind(".//dc:creator", NS)] == expected.get("authors", [])
    assert record.nsmap[None] == RECORD_NAMESPACE


def valid_reply_schema(content: bytes):
    from lxml import etree

    root = etree.fromstring(content)
    etree.XMLSchema(root)
    return root.iterfind(".//{http://www.w3.org/2001/XMLSchema}element")


def test_characters_xml_cannot_hold_are_left_out(db):
    load(doc("ctl"))
    document = Document.objects.get(record_id="ctl")  # imports refuse them; an older archive may hold them
    document.summary = "bell\x07 and \x0bvertical tab"
    document.save()
    root = oai(verb="GetRecord", identifier=f"{HOST}ctl", metadataPrefix="oai_dc")
    assert root.findtext(".//dc:description", namespaces=NS) == "bell and vertical tab"


def test_no_later_update_dates_a_record_before_the_last_completed_one(archive):
    from archivist.interop.oai.harvestable import complete_as_of
    from archivist.interop.oai.models import HarvestRecord

    bring_up_to_date()
    completed = complete_as_of()
    assert completed == max(HarvestRecord.objects.values_list("datestamp", flat=True))
    set_status("pub2", Document.Status.DRAFT)
    bring_up_to_date()
    assert HarvestRecord.objects.get(record_id="pub2").datestamp >= completed
    assert complete_as_of() == HarvestRecord.objects.get(record_id="pub2").datestamp


def test_a_stored_file_is_named_by_its_public_address_not_where_it_lies_on_disk(archive, settings):
    from archivist.records.models import Attachment, Document

    Attachment.objects.create(document=Document.objects.get(record_id="pub1"), position=3, kind="scan",
                              filename="pub1.pdf", media_type="application/pdf", path="scans/1961/pub1.pdf")
    root = oai(verb="GetRecord", identifier=HOST + "pub1", metadataPrefix="archivist")
    (file,) = record_as_json(root.find(".//o:metadata", NS)[0])["files"]
    assert "path" not in file and "scans/1961" not in str(file)
    assert file["url"] == f"{settings.BASE_URL}/documents/pub1/files/3"
