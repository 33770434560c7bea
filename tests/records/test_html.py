"""What reaches a page from a record: sanitized HTML, links of safe kinds only, JSON that stays in its
script element. Through the sanitizer itself, the record format, an import, the admin's change form
and the migration that cleans older archives."""

from __future__ import annotations

import json
import re
from importlib import import_module

import pytest
from django.apps import apps

from archivist.ingest.errors import IngestError
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.records.html import json_for_script, sanitize_html, url_problem
from archivist.records.models import Attachment, Document, Text
from archivist.records.recordformat import RecordError, read_document
from tests.records.test_admin import admin_form_data

# What the importers produce (the TEI reader's rendering, the Wilson Center's text_html): kept as is.
IMPORTED = (
    '<section><h3>Memorandum</h3><p class="dateline">Paris, January 2, 1999.</p>'
    '<p lang="fr">Text with <abbr title="Xylophone Zone">XYZ</abbr>, <em>italics</em>, '
    '<strong>bold</strong>, <u>u</u>, <s>s</s>, <sub>2</sub> and <span class="smallcaps">caps</span>.'
    '<sup class="note-ref" id="ref-1"><a href="#note-1">1</a></sup> See '
    '<a href="/documents/frus1999v01-d1">Document 1</a>, <a href="https://history.state.gov/x">this</a> '
    'and <a href="mailto:editor@example.org">the editor</a>.<br>Next line <q>quoted</q>.</p>'
    '<ul class="participants"><li>One</li><li>Two</li></ul>'
    '<dl><dt>GOJ</dt><dd>Government of Japan</dd></dl><ol start="3"><li>Three</li></ol>'
    '<table><tbody><tr><th>Year</th><th>Count</th></tr><tr><td>1999</td><td>3 &lt;b&gt;</td></tr>'
    '</tbody></table><blockquote><p>Quoted.</p></blockquote>'
    '<div class="closer"><p class="signed">Able</p></div></section>'
)

# The common XSS families, each with a marker of what must not survive.
PAYLOADS = [
    ("<script>window.__xss = 1</script>Text", "<script"),
    ('<img src="x" onerror="window.__xss = 1">', "onerror"),
    ('<p onclick="window.__xss = 1" onmouseover="alert(1)">Text</p>', "onclick"),
    ('<a href="javascript:window.__xss = 1">link</a>', "javascript"),
    ('<a href="JaVaScRiPt:alert(1)">link</a>', "javascript"),
    ('<a href="java&#x09;script:alert(1)">link</a>', "script:"),
    ('<a href=" &#14;javascript:alert(1)">link</a>', "script:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>', "data:"),
    ('<a href="vbscript:msgbox(1)">link</a>', "vbscript"),
    ('<svg onload="window.__xss = 1"><circle r="1"/></svg>', "svg"),
    ('<svg><script>window.__xss = 1</script></svg>', "script"),
    ('<math><mtext><script>window.__xss = 1</script></mtext></math>', "script"),
    ('<iframe srcdoc="&lt;script&gt;parent.__xss = 1&lt;/script&gt;"></iframe>', "iframe"),
    ('<iframe src="javascript:parent.__xss = 1"></iframe>', "iframe"),
    ('<object data="data:text/html,<script>parent.__xss=1</script>"></object>', "object"),
    ('<embed src="data:image/svg+xml,<svg onload=alert(1)>">', "embed"),
    ('<p style="background:url(javascript:alert(1)); width: expression(alert(1))">x</p>', "style"),
    ('<style>body { display: none }</style>Text', "display"),
    ('<!--<script>window.__xss = 1</script>-->Text', "<!--"),
    ('<p>Text<!-- --><script>window.__xss = 1</script></p>', "script"),
    ('</p></div></main><script>window.__xss = 1</script>', "script"),
    ('<form action="javascript:alert(1)"><button>Go</button></form>', "form"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "meta"),
    ('<base href="javascript:alert(1)//">', "base"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "link"),
    ('<a href="https://example.org/" target="_blank">new window</a>', "target"),
    ('<img src="https://evil.example/track.png">', "img"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "onerror"),
    ('<template><script>window.__xss = 1</script></template>', "script"),
]


def test_what_importers_produce_is_kept_as_it_is():
    assert sanitize_html(IMPORTED) == IMPORTED


@pytest.mark.parametrize(("payload", "marker"), PAYLOADS)
def test_script_cannot_survive_sanitizing(payload, marker):
    clean = sanitize_html(payload)
    assert marker.lower() not in _markup(clean).lower()
    assert sanitize_html(clean) == clean  # stable: saving the form again changes nothing


def _markup(html: str) -> str:
    """The tags and attributes of the HTML, without its text (where "on" or "script" may stay)."""
    return " ".join(re.findall(r"<[^>]*>", html))


def test_text_of_dropped_elements_stays_unless_it_is_code():
    assert sanitize_html("<font>kept</font><script>gone()</script>") == "kept"
    assert sanitize_html("<h1>Title</h1>") == "Title"


@pytest.mark.parametrize("url", [
    "", "https://digitalarchive.wilsoncenter.org/document/110390", "HTTP://EXAMPLE.ORG", "mailto:a@b.org",
    "/documents/110390", "110390", "#note-1", "?q=x", "//example.org/x", "files/a:b.pdf", "path/with space",
])
def test_safe_urls(url):
    assert url_problem(url) == ""


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:x", "file:///etc/passwd", "ftp://example.org/x", "blob:https://example.org/x",
])
def test_unsafe_urls(url):
    assert url_problem(url)


def test_json_for_a_script_element_cannot_leave_it():
    data = {"name": "<!--<script>", "description": "</script><script>alert(1)</script> & more"}
    text = str(json_for_script(data))
    assert not set("<>&") & set(text)
    assert json.loads(text) == data


# The record format: HTML sanitized, URLs checked, each error naming its field -----------------------

def _document(**fields) -> dict:
    return {"type": "document", "record_id": "x1", "title": "A title", "text": "Text.", **fields}


def test_record_html_is_sanitized():
    record = read_document(_document(
        text_html='<p onclick="alert(1)">Text.<script>alert(2)</script></p>',
        additional_texts=[{"language": "French", "kind": "translation", "body": "Texte.",
                           "body_html": '<p>Texte.<img src=x onerror="alert(3)"></p>'}]))
    assert [t.body_html for t in record.texts] == ["<p>Text.</p>", "<p>Texte.</p>"]


@pytest.mark.parametrize(("fields", "field"), [
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "https://example.org/" + "x" * 500}, "url"),
    ({"files": [{"filename": "a.pdf", "url": "data:application/pdf;base64,AA=="}]}, "files[0].url"),
    ({"files": [{"filename": "a.pdf", "url": 5}]}, "files[0].url"),
    ({"text_html": ["<p>"]}, "text_html"),
    ({"additional_texts": [{"language": "fr", "body": "b", "body_html": {}}]},
     "additional_texts[0].body_html"),
])
def test_record_with_an_unsafe_url_or_html_of_the_wrong_type_is_refused(fields, field):
    with pytest.raises(RecordError) as raised:
        read_document(_document(**fields))
    assert raised.value.field == field


def test_an_import_names_the_file_line_and_field_of_an_unsafe_url_and_stores_nothing(db, tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(_document(url="https://example.org/1")) + "\n"
                    + json.dumps(_document(record_id="x2", url="javascript:alert(1)")) + "\n")
    with pytest.raises(IngestError) as raised:
        store_records(path, read_json_records(path))
    assert str(raised.value).startswith(f"{path}:2: field 'url': a javascript: URL is not allowed")
    assert not Document.objects.exists()


# The admin: the Text inline's HTML sanitized, URL fields with the same rule ------------------------

@pytest.fixture
def document(db) -> Document:
    from archivist.records.services import save_document

    save_document(read_document(_document(
        text_html="<p>Text.</p>", files=[{"filename": "a.pdf", "url": "https://example.org/a.pdf"}])))
    return Document.objects.get(record_id="x1")


def test_admin_sanitizes_the_html_of_a_text(admin_client, document):
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/", admin_form_data(
        document, **{"texts-0-body_html": '<p>Edited<img src=x onerror="alert(1)"></p><script>x</script>'}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Text.objects.get(document=document).body_html == "<p>Edited</p>"


def test_admin_accepts_mailto_and_relative_urls(admin_client, document):
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/", admin_form_data(
        document, url="mailto:archive@example.org", **{"attachments-0-url": "/documents/x2"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.get(pk=document.pk).url == "mailto:archive@example.org"
    assert Attachment.objects.get().url == "/documents/x2"


@pytest.mark.parametrize(("url", "file_url", "messages"), [
    ("javascript:alert(1)", "data:text/html,x",
     ["A javascript: URL is not allowed", "A data: URL is not allowed"]),
    ("java\tscript:alert(1)", "vbscript:x",
     ["Control characters, tabs and line breaks are not allowed in a URL", "A vbscript: URL is not allowed"]),
])
def test_admin_refuses_other_urls_with_a_message(admin_client, document, url, file_url, messages):
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/",
                                 admin_form_data(document, url=url, **{"attachments-0-url": file_url}))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(message in page for message in messages)
    assert Document.objects.get(pk=document.pk).url == ""
    assert Attachment.objects.get().url == "https://example.org/a.pdf"


# Archives stored before these rules ----------------------------------------------------------------

def test_migration_cleans_what_older_archives_stored(document):
    Document.objects.update(url="javascript:alert(1)")
    Attachment.objects.update(url="data:text/html,x")
    Text.objects.update(body_html='<p onclick="alert(1)">Text.</p><script>alert(2)</script>')
    migration = import_module("archivist.records.migrations.0003_safe_urls_and_html")
    migration.make_stored_values_safe(apps, None)
    assert (Document.objects.get().url, Attachment.objects.get().url) == ("", "")
    assert Text.objects.get().body_html == "<p>Text.</p>"


def test_document_page_json_ld_cannot_end_early(client, document):
    Document.objects.update(title="<!--<script>", summary="</script><script>window.__xss=1</script>")
    page = client.get("/documents/x1").content.decode()
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(json_ld)["name"] == "<!--<script>"
    assert "<" not in json_ld and "<script>window" not in page
