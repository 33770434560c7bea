"""Notes on the document page and its twin: references link to documents the public may see and to
footnotes on the page, italics stay, nothing unsafe or unpublished comes through, and a source note's
label is said once."""

import re

from archivist.records.services import set_status

REFERENCES = ('See <a href="/documents/other">Document 2</a>, <a href="/documents/hidden">Document 3</a>, '
              '<a href="/documents/missing#note-1">footnote 1, Document 4</a>, '
              '<a href="hidden">Document 3 again</a>, <a href="#note-2">footnote 2</a> and '
              '<em>Public Papers</em>.<script>alert(1)</script><a href="javascript:alert(1)">x</a>')


def notes(**source):
    return [{"kind": "source", "marker": "", "body": "Source: Box 1.", **source},
            {"kind": "footnote", "marker": "1", "body": "See Documents 2, 3, 4 and Public Papers.",
             "body_html": REFERENCES},
            {"kind": "footnote", "marker": "2", "body": "Printed from a copy."}]


def page_and_twin(client, record_id: str) -> tuple[str, dict]:
    page = client.get(f"/documents/{record_id}").content.decode()
    return page, client.get(f"/documents/{record_id}.json").json()


def test_references_link_only_to_published_documents_and_footnotes_on_the_page(client, add_document):
    add_document("other", title="The other telegram")
    add_document("hidden", title="Secret title of the hidden one")
    set_status("hidden", "restricted")
    add_document("citing", notes=notes())
    page, twin = page_and_twin(client, "citing")
    notes_section = page[page.index('<section class="notes"'):]
    notes_section = notes_section[:notes_section.index("</section>")]
    assert '<a href="/documents/other">Document 2</a>' in notes_section
    assert "<a>Document 3</a>" in notes_section and "<a>Document 3 again</a>" in notes_section
    assert "<a>footnote 1, Document 4</a>" in notes_section
    assert '<a href="#note-2">footnote 2</a>' in notes_section and 'id="note-2"' in notes_section
    assert "<em>Public Papers</em>" in notes_section
    assert "Secret title" not in page and "hidden" not in re.sub(r"Document 3[^<]*", "", notes_section)
    assert "<script>" not in notes_section and "javascript:" not in page
    footnote = twin["notes"][1]
    assert footnote["body_html"] == notes_section[notes_section.index("See <a"):].split("</li>")[0]
    assert "Secret title" not in str(twin) and 'href="/documents/hidden"' not in str(twin)


def test_a_reference_becomes_a_link_once_its_document_is_published(client, add_document):
    add_document("hidden", title="Hidden")
    set_status("hidden", "draft")
    add_document("citing", notes=notes())
    assert 'href="/documents/hidden"' not in client.get("/documents/citing").content.decode()
    set_status("hidden", "published")
    assert '<a href="/documents/hidden">Document 3</a>' in client.get("/documents/citing").content.decode()


def test_a_source_note_says_source_once(client, add_document):
    add_document("said", notes=notes())
    add_document("unsaid", notes=[{"kind": "source", "body": "Department of State, Central Files."},
                                  {"kind": "source", "body": "[Source: Kennedy Library.]"}])
    said, twin = page_and_twin(client, "said")
    assert "Source: Box 1." in said and "Source note" not in said
    assert twin["notes"][0]["label"] == "" and twin["notes"][0]["body"] == "Source: Box 1."
    unsaid = client.get("/documents/unsaid").content.decode()
    assert re.search(r'<span class="note-kind">Source note:</span> Department of State', unsaid)
    assert "Source note:</span> [Source" not in unsaid and "[Source: Kennedy Library.]" in unsaid


def test_a_note_without_html_shows_its_body_escaped(client, add_document):
    add_document("plain", notes=[{"kind": "footnote", "marker": "1", "body": "<b>not bold</b> & so on"}])
    page, twin = page_and_twin(client, "plain")
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; so on" in page
    assert twin["notes"][0]["body_html"] == ""


def test_references_in_the_text_link_only_to_published_documents_too(client, add_document):
    add_document("other")
    add_document("hidden", title="Secret title of the hidden one")
    set_status("hidden", "restricted")
    add_document("citing", text_html='<p>As in <a href="/documents/other">Document 2</a> and '
                                     '<a href="/documents/hidden">Document 3</a>.</p>')
    page, twin = page_and_twin(client, "citing")
    for html in (page, twin["texts"][0]["body_html"]):
        assert '<a href="/documents/other">Document 2</a>' in html and "<a>Document 3</a>" in html
        assert 'href="/documents/hidden"' not in html
    assert "Secret title" not in page
