"""The document page links every name, offers downloads, and carries citation metadata."""

import html
import json
import re

import pytest

from archivist.records.models import Attachment, Document
from archivist.records.recordformat import RecordError


def _hrefs(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', page))


def test_every_name_links_to_a_page_that_lists_the_document(client, full_record, seed_record):
    page = html.unescape(client.get("/documents/110390").content.decode())
    links = dict(re.findall(r'<a href="(/(?:people|organizations|places|topics|subjects|catalog)/[^"]+)">'
                            r'([^<]+)</a>', page))
    names = {name for field in ("authors", "associated_people_and_organizations", "associated_places",
                                "associated_topics", "subjects_discussed", "original_archive")
             for name in seed_record[field]}
    assert names <= set(links.values())
    for url in links:
        target = client.get(url)
        assert target.status_code == 200, url
        if "catalog" not in url or "jianguo" in url:
            assert "/documents/110390" in target.content.decode(), url


def test_citation_meta_tags_for_zotero(client, full_record, seed_record):
    page = client.get("/documents/110390").content.decode()
    meta = [(n, html.unescape(c)) for n, c in re.findall(r'<meta name="([^"]+)" content="([^"]*)">', page)]
    assert ("citation_title", seed_record["title"]) in meta
    assert ("citation_author", "Mao, Zedong") in meta
    assert ("citation_date", "1950/01/02") in meta
    assert ("citation_publication_date", "1950/01/02") in meta
    assert ("citation_publisher", "Wilson Center Digital Archive") in meta
    assert ("citation_public_url", seed_record["url"]) in meta
    assert ("citation_language", "Chinese") in meta
    assert ("DC.type", "manuscript") in meta  # Zotero's item type for archival documents
    assert ("DC.date", "1950-01-02") in meta


def test_json_ld_describes_the_document(client, full_record, seed_record):
    page = client.get("/documents/110390").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert "ArchiveComponent" in data["@type"]
    assert data["name"] == seed_record["title"]
    assert data["dateCreated"] == "1950-01-02"
    assert [a["name"] for a in data["author"]] == ["Mao Zedong"]
    assert {p["name"] for p in data["contentLocation"]} == {"China", "Soviet Union"}
    assert data["holdingArchive"]["name"] == "Chinese Communist Party Central Archives (CCA)"


def test_original_text_is_shown_alongside_the_translation(client, add_document):
    chinese = {"language": "Chinese", "kind": "original", "body": "中央：\n\n我们"}
    add_document("t1", additional_texts=[chinese], text_language="English (translation)")
    page = client.get("/documents/t1").content.decode()
    assert "texts-parallel" in page
    assert 'lang="zh"' in page and "我们" in page
    assert "English (translation)" in page and "Chinese (original)" in page


def test_notes_have_anchors(client, add_document):
    add_document("n1", text_html='<p>Text<a href="#note-1">1</a></p>',
                 notes=[{"kind": "footnote", "marker": "1", "body": "A footnote."},
                        {"kind": "editorial", "body": "Editor's note."}])
    page = client.get("/documents/n1").content.decode()
    assert '<li id="note-1">' in page and "A footnote." in page
    editorial = '<li id="note-editorial-2"><span class="note-kind">Editorial note:</span> Editor&#x27;s note.'
    assert editorial in page


def test_stored_files_are_served_and_nothing_outside_them(client, add_document, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "files")
    (tmp_path / "files" / "scans").mkdir(parents=True)
    (tmp_path / "files" / "scans" / "f1.xml").write_text("<tei/>")
    (tmp_path / "files" / "scans" / "s.txt").write_text("stored")
    (tmp_path / "secret.txt").write_text("secret")
    outside = {"kind": "other", "filename": "s.txt", "media_type": "text/plain", "path": "../secret.txt"}
    with pytest.raises(RecordError, match=r"files\[0\]\.path.*'\.\./secret\.txt' is not a path inside"):
        add_document("f1", files=[outside])
    add_document("f1", files=[
        {"kind": "xml", "filename": "f1.xml", "media_type": "application/xml", "path": "scans/f1.xml"},
        outside | {"path": "scans/s.txt"},
        {"kind": "pdf", "filename": "f1.pdf", "media_type": "application/pdf", "url": "https://example.org/f1.pdf"},
    ])
    page = client.get("/documents/f1").content.decode()
    assert '<a href="/documents/f1/files/0">Original XML</a>' in page
    assert 'href="https://example.org/f1.pdf"' in page
    assert '<meta name="citation_pdf_url" content="https://example.org/f1.pdf">' in page
    response = client.get("/documents/f1/files/0")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"<tei/>"
    assert 'attachment; filename="f1.xml"' in response["Content-Disposition"]
    assert b"".join(client.get("/documents/f1/files/1").streaming_content) == b"stored"
    assert client.get("/documents/f1/files/2").status_code == 404
    # Should a row name a file outside the files directory anyway (an older archive, an edit in SQL),
    # the file view still serves nothing from there, not even through a link inside it.
    (tmp_path / "files" / "scans" / "link.txt").symlink_to(tmp_path / "secret.txt")
    for path in ("../secret.txt", str(tmp_path / "secret.txt"), "scans/../../secret.txt", "scans/link.txt"):
        assert Attachment.objects.filter(document__record_id="f1", position=1).update(path=path) == 1
        assert client.get("/documents/f1/files/1").status_code == 404, path
    Document.objects.filter(record_id="f1").update(status="draft")
    assert client.get("/documents/f1/files/0").status_code == 404


def test_previous_and_next_within_a_collection(client, full_record, add_document):
    topic = ["Sino-Soviet Relations"]
    add_document("early", date="1949-12-16", associated_topics=topic)
    add_document("late", date="1950-02-14", associated_topics=topic)
    add_document("other", date="1950-01-05")
    page = client.get("/documents/110390").content.decode()
    assert '<a href="/documents/early" rel="prev">' in page
    assert '<a href="/documents/late" rel="next">' in page
    assert "/documents/other" not in page
    first = client.get("/documents/early").content.decode()
    assert 'rel="prev"' not in first and '<a href="/documents/110390" rel="next">' in first
