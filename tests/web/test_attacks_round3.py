"""Attacks on the public surfaces added in round 3 (OAI-PMH, feeds, citations, related documents): each
test a request that once leaked, broke a format or failed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from lxml import etree

pytestmark = pytest.mark.django_db

OAI = "{http://www.openarchives.org/OAI/2.0/}"


@pytest.mark.parametrize("query", [
    "verb=GetRecord&metadataPrefix=oai_dc&identifier=%01",
    "verb=ListRecords&metadataPrefix=%0B",
    "verb=ListRecords&metadataPrefix=oai_dc&set=%1F",
    "verb=ListIdentifiers&resumptionToken=%01",
    "verb=Identify&%01=x",
])
def test_oai_argument_with_a_character_xml_cannot_hold_is_a_bad_argument(add_document, query):
    add_document("pub1")
    response = Client().get(f"/oai?{query}")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.find(f"{OAI}error").get("code") == "badArgument"
    assert root.find(f"{OAI}request").attrib == {}


def test_search_feed_of_words_with_a_control_character_is_a_feed(add_document):
    add_document("pub1", title="Public cable")
    response = Client().get("/search.atom?q=cable%01%0B")
    assert response.status_code == 200
    title = etree.fromstring(response.content).find("{http://www.w3.org/2005/Atom}title").text
    assert title.startswith("Search “cable”")


@pytest.mark.parametrize("suffix", ["", ".json", ".atom"])
def test_merged_record_does_not_redirect_to_a_record_known_only_from_unpublished_documents(add_document,
                                                                                           suffix):
    from archivist.curation.duplicates import merge_authorities
    from archivist.records.models import Authority
    from archivist.web.counts import ensure_fresh

    add_document("draft1", status="draft", authors=["Zqdraftperson, Someone", "Zqalias, Someone"])
    merge_authorities(Authority.objects.get(key="zqdraftperson-someone"),
                      [Authority.objects.get(key="zqalias-someone")])
    ensure_fresh()
    response = Client().get(f"/people/zqalias-someone{suffix}")
    assert response.status_code == 404
    assert "zqdraftperson" not in response.get("Location", "")



@pytest.mark.parametrize("href", ["{base}/documents/draft1", "//{host}/documents/draft1",
                                  "{scheme}:draft1", "/%64ocuments/draft1"])
def test_a_note_linking_to_an_unpublished_document_by_this_sites_full_address_is_no_link(add_document, href):
    site = urlsplit(settings.BASE_URL)
    href = href.format(base=settings.BASE_URL.upper(), host=site.netloc, scheme=site.scheme)
    add_document("draft1", status="draft")
    add_document("citing", notes=[{"kind": "footnote", "marker": "1", "body": "See Document 3.",
                                   "body_html": f'See <a href="{href}">Document 3</a>.'}])
    client = Client()
    page = client.get("/documents/citing").content.decode()
    twin = client.get("/documents/citing.json").json()
    assert "<a>Document 3</a>" in page and "draft1" not in page
    assert twin["notes"][0]["body_html"] == "See <a>Document 3</a>."


@pytest.mark.parametrize("feed", ["/feed.atom", "/people/public-person.atom"])
def test_feeds_stay_whole_when_a_curator_types_a_control_character(admin_client, add_document, feed):
    from archivist.records.models import Document
    from archivist.web.counts import ensure_fresh
    from tests.records.test_admin import admin_form_data

    add_document("pub1", authors=["Public, Person"], summary="A summary")
    document = Document.objects.get(record_id="pub1")
    admin_client.post(f"/admin/records/document/{document.pk}/change/",
                      admin_form_data(document, title="Pasted\x0btitle", summary="Pasted\x0csummary"))
    ensure_fresh()
    response = Client().get(feed)
    assert response.status_code == 200
    entry = etree.fromstring(response.content).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == "Pastedtitle"


def test_oai_set_of_a_topic_now_named_only_by_unpublished_documents_shows_no_new_name(add_document):
    from archivist.records.models import Authority
    from archivist.records.services import set_status
    from archivist.web.counts import ensure_fresh

    add_document("once", associated_topics=["Zqtopic"])
    client = Client()
    client.get("/oai?verb=ListSets")  # harvested while public: the set topic:zqtopic is given
    set_status("once", "draft")  # a deleted record now, still in its set
    topic = Authority.objects.get(key="zqtopic")
    topic.display_name = "Zqsecret codename"  # renamed while only an unpublished document names it
    topic.save()
    ensure_fresh()
    assert client.get("/topics/zqtopic").status_code == 404
    sets = etree.fromstring(client.get("/oai?verb=ListSets").content).iter(f"{OAI}set")
    named = {entry.findtext(f"{OAI}setSpec"): entry.findtext(f"{OAI}setName") for entry in sets}
    assert named["topic:zqtopic"] == "topic:zqtopic"


@pytest.mark.parametrize("prefix", ["oai_dc", "archivist"])
def test_oai_record_leaves_out_an_archive_whose_link_is_not_visible(add_document, prefix):
    from archivist.records.models import Change, Link

    add_document("pub1", original_archive=["Zqarchive", "Zqcollection"])
    link = Link.objects.get(document__record_id="pub1", role=Link.Role.ARCHIVE)
    link.status = Link.Status.REJECTED  # as the admin's Links inline saves it
    link.save(update_fields=["status"])
    Change.objects.create(record_id="pub1", action=Change.Action.UPSERT)
    client = Client()
    assert "Zqarchive" not in client.get("/documents/pub1").content.decode()
    response = client.get(f"/oai?verb=GetRecord&metadataPrefix={prefix}&identifier=oai:127.0.0.1:pub1")
    assert b"<metadata>" in response.content and b"Zqarchive" not in response.content
