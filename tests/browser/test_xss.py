"""Hostile records through every way in (JSON Lines, CSV, TEI, the admin's change form), then the
public pages in Chromium: no payload runs, no page is blanked, no link leads to a script.

The browser ignores the site's Content-Security-Policy here (bypass_csp), so what is checked is that
records are made safe on the way in and printed safely, not that the policy blocked what got through.
Payloads set window.__xss or open a dialog; both are watched for.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from tests.browser.conftest import live_site
from tests.records.test_html import PAYLOADS

# django_db makes pytest-django create the test database; the records are loaded once per module.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SCRIPT = "<script>window.__xss = 1</script>"
HOSTILE_HTML = "".join(payload for payload, _ in PAYLOADS)
HOSTILE_TITLE = "<!--<script> xyzzy </script><script>window.__xss = 1</script>"
EVIL_PERSON = f"Evil, {SCRIPT}"
EVIL_SUBJECT = '<svg onload="window.__xss = 1">'
EVIL_CSV_PERSON = 'Csv, <img src=x onerror="window.__xss = 1">'

JSONL_RECORDS = [
    {"type": "person", "id": "evil-person", "name": EVIL_PERSON,
     "description": '<img src=x onerror="window.__xss = 1">', "dates": "<iframe srcdoc='x'>",
     "variants": ['<a href="javascript:window.__xss = 1">variant</a>']},
    {"type": "document", "record_id": "xss-jsonl", "title": HOSTILE_TITLE, "date": "1950-01-02",
     "date_display": '<img src=x onerror="window.__xss = 1">', "summary": f"{SCRIPT} & more",
     "text": f"xyzzy {SCRIPT}", "text_language": "English", "text_html": f"<p>xyzzy</p>{HOSTILE_HTML}",
     "additional_texts": [{"language": "French", "kind": "translation", "body": f"xyzzy {SCRIPT}",
                           "body_html": HOSTILE_HTML}],
     "notes": [{"kind": "footnote", "marker": '1" onclick="alert(1)', "body": SCRIPT}],
     "authors": [EVIL_PERSON], "subjects_discussed": [EVIL_SUBJECT],
     "source": "<iframe srcdoc='<script>parent.__xss = 1</script>'></iframe>", "rights": "</title>" + SCRIPT,
     "publisher": "</script>" + SCRIPT, "url": 'https://example.org/doc"><script>window.__xss = 1</script>',
     "files": [{"filename": "a.pdf", "label": SCRIPT, "url": "https://example.org/a.pdf?x=\"'><b>",
                "media_type": "application/pdf"}]},
    {"type": "document", "record_id": "xss-admin", "title": "To be edited in the admin", "text": "Text.",
     "text_html": "<p>Text.</p>", "files": [{"filename": "b.pdf", "url": "https://example.org/b.pdf"}]},
]
# Each of these files is refused whole, naming the field.
REFUSED_JSONL = {
    "javascript-url.jsonl": ({"url": "javascript:window.__xss = 1"}, "field 'url'"),
    "data-file-url.jsonl": ({"files": [{"filename": "x.html", "url": "data:text/html,<script>x</script>"}]},
                            "field 'files[0].url'"),
    "tab-url.jsonl": ({"url": "java\tscript:window.__xss = 1"}, "field 'url'"),
}
CSV_COLUMNS = ["record_id", "title", "summary", "date", "text", "authors", "source", "url"]
CSV_ROW = ["xss-csv", f"CSV xyzzy {HOSTILE_TITLE}", '<img src=x onerror="window.__xss = 1">', "1960-05-01",
           f"xyzzy {SCRIPT}\n\n<svg onload=alert(1)>", EVIL_CSV_PERSON, "<!--", "/documents/xss-jsonl"]
TEI_VOLUME = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus2099v01">
<teiHeader><fileDesc><titleStmt>
<title type="complete">Volume &lt;script&gt;window.__xss = 1&lt;/script&gt;</title>
</titleStmt></fileDesc></teiHeader>
<text><front>
<div xml:id="persons"><list type="names"><item><hi rend="strong"><persName xml:id="p_E1">Tei,
 &lt;img src=x onerror="window.__xss = 1"&gt;</persName>,</hi>
 Ambassador &lt;svg onload="window.__xss = 1"&gt;</item></list></div>
<div xml:id="terms"><list type="terms"><item><term xml:id="t_X1">XYZ</term>
 Zone" onmouseover="window.__xss = 1</item></list></div>
</front><body>
<div type="chapter" xml:id="ch1">
<head>Chapter &lt;/script&gt;&lt;script&gt;window.__xss = 1&lt;/script&gt;</head>
<div type="document" n="1" xml:id="d1">
<head>1. &lt;!--&lt;script&gt; TEI xyzzy memo from <persName corresp="#p_E1" type="from">Tei</persName></head>
<dateline><placeName>Paris</placeName>, <date when="1999-01-02">January 2, 1999</date>.</dateline>
<p>xyzzy &lt;script&gt;window.__xss = 1&lt;/script&gt; <gloss target="#t_X1">XYZ</gloss>
<ref target="javascript:window.__xss = 1">a script link</ref>
<ref target="https://example.org/&quot; onclick=&quot;window.__xss = 1">a quoted link</ref>
<note n="1">&lt;img src=x onerror="window.__xss = 1"&gt;</note></p>
<list type='x" onmouseover="window.__xss = 1'><item>One &lt;iframe srcdoc="x"&gt;</item></list>
<p><hi rend='italic" onclick="window.__xss = 1'>hi</hi> &lt;!-- <hi rend="italic">end</hi></p>
</div>
</div></body></text></TEI>
"""
TEI_DOCUMENT = "frus2099v01-d1"
ADMIN_PASSWORD = "a long and unusual passphrase 7"


@pytest.fixture(scope="module")
def hostile_site(django_db_setup, browser, django_db_blocker, tmp_path_factory):
    """A live server whose archive holds the hostile records, each imported by its own reader."""
    folder = tmp_path_factory.mktemp("hostile-files")
    with live_site(tmp_path_factory, django_db_blocker, "xss-archive",
                   lambda: _import_hostile_files(folder)) as url:
        yield url


def _import_hostile_files(folder: Path) -> None:
    from django.contrib.auth.models import User

    from archivist.ingest.pipeline import ingest
    from archivist.outbox import catch_up

    files = {"hostile.jsonl": "\n".join(json.dumps(r) for r in JSONL_RECORDS) + "\n",
             "volume.xml": TEI_VOLUME}
    for name, (fields, _) in REFUSED_JSONL.items():
        files[name] = json.dumps({"type": "document", "record_id": f"refused-{name[:-6]}", "title": "Refused",
                                  **fields}) + "\n"
    for path, content in files.items():
        (folder / path).write_text(content, encoding="utf-8")
    _write_csv(folder / "hostile.csv", [CSV_ROW])
    _write_csv(folder / "refused.csv", [["refused-csv", "Refused", *[""] * 5, "javascript:alert(1)"]])
    results = {result.path.name: result for result in ingest(sorted(folder.iterdir()))}
    errors = {name: str(result.error) for name, result in results.items() if result.error}
    expected = {name: field for name, (_, field) in REFUSED_JSONL.items()} | {"refused.csv": "field 'url'"}
    assert errors.keys() == expected.keys(), errors
    for name, field in expected.items():
        assert f"{name}:1: {field}" in errors[name] or f"{name}:2: {field}" in errors[name], errors[name]
    User.objects.create_superuser("curator", "curator@example.org", ADMIN_PASSWORD)
    catch_up()  # the browse tables and the index, as `archivist ingest` does


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([CSV_COLUMNS, *rows])


@pytest.fixture
def tab(browser, hostile_site):
    context = browser.new_context(base_url=hostile_site, bypass_csp=True, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _visit(tab, url: str) -> None:
    """Open a public page and check that nothing of the records ran or took the page over."""
    response = tab.goto(url)
    assert response.status == 200, url
    _nothing_ran(tab, url)
    assert tab.locator("footer.site-footer").is_visible(), f"{url}: the page after the records is gone"
    assert _unsafe_markup(tab) == [], url


def _nothing_ran(tab, where: str) -> None:
    tab.wait_for_timeout(50)  # a moment for error and load handlers, had any survived
    assert tab.dialogs == [], (where, tab.dialogs)
    assert tab.evaluate("typeof window.__xss") == "undefined", where


def _unsafe_markup(tab) -> list[str]:
    """Scripts other than data (JSON-LD, a picture's JSON) and the site's own static files, event handler
    attributes, embedding elements (but the SVG the site's own pictures.js draws into a picture), and links
    or sources whose scheme (as the browser reads it) is not http, https or mailto."""
    return tab.evaluate("""() => {
        const found = [];
        for (const element of document.querySelectorAll('*')) {
            const name = element.localName;
            const own = element.src && element.src.startsWith(`${location.origin}/static/`) && !element.text;
            const data = ['application/ld+json', 'application/json'].includes(element.type);
            if (name === 'script' && !data && !own) found.push('script');
            const drawn = name === 'svg'
                && element.parentElement.matches('figure.picture > .picture-drawing');
            if (['iframe', 'frame', 'object', 'embed', 'svg', 'math', 'base'].includes(name) && !drawn)
                found.push(name);
            if (name === 'meta' && element.httpEquiv) found.push('meta http-equiv');
            for (const attribute of element.attributes) {
                if (attribute.name.startsWith('on')) found.push(`${name}[${attribute.name}]`);
                if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc'].includes(attribute.name)) {
                    let scheme = 'unreadable';
                    try { scheme = new URL(attribute.value, document.baseURI).protocol; } catch (e) {}
                    if (!['http:', 'https:', 'mailto:'].includes(scheme) || attribute.name === 'srcdoc')
                        found.push(`${name}[${attribute.name}=${attribute.value}]`);
                }
            }
        }
        return found;
    }""")


def _json_ld(tab) -> dict:
    return json.loads(tab.locator('script[type="application/ld+json"]').text_content())


def test_json_lines_records_run_nothing_on_their_pages(tab):
    _visit(tab, "/documents/xss-jsonl")
    assert tab.get_by_role("heading", level=1).inner_text() == HOSTILE_TITLE
    assert _json_ld(tab)["name"] == HOSTILE_TITLE
    assert tab.locator(".text-body p").first.inner_text() == "xyzzy"
    assert tab.get_by_role("heading", name="Citation").is_visible()
    tab.get_by_role("link", name=EVIL_PERSON).click()
    tab.wait_for_url(re.compile(r"/people/evil-person$"))
    _visit(tab, tab.url)
    assert tab.get_by_role("heading", level=1).inner_text() == f"{SCRIPT} Evil (<iframe srcdoc='x'>)"


def test_csv_records_run_nothing_on_their_pages(tab):
    _visit(tab, "/documents/xss-csv")
    assert tab.get_by_role("heading", level=1).inner_text() == CSV_ROW[1]
    assert _json_ld(tab)["name"] == CSV_ROW[1]
    assert SCRIPT in tab.locator(".text-body").inner_text()  # shown as text, not run
    tab.get_by_role("link", name=EVIL_CSV_PERSON).click()
    tab.wait_for_url(re.compile(r"/people/"))
    _visit(tab, tab.url)


def test_tei_records_run_nothing_on_their_pages(tab):
    _visit(tab, f"/documents/{TEI_DOCUMENT}")
    title = "<!--<script> TEI xyzzy memo from Tei"
    assert tab.get_by_role("heading", level=1).inner_text() == title
    assert _json_ld(tab)["name"] == title
    assert tab.locator(".text-body a", has_text="a script link").count() == 0
    quoted = tab.locator(".text-body a", has_text="a quoted link")
    assert quoted.get_attribute("href") == 'https://example.org/" onclick="window.__xss = 1'
    tab.get_by_role("link", name=re.compile(r"^Tei, ")).first.click()
    tab.wait_for_url(re.compile(r"/people/"))
    _visit(tab, tab.url)


def test_search_results_and_subject_pages_run_nothing(tab):
    _visit(tab, "/search?q=xyzzy")
    hits = tab.locator("ol.hits li")
    assert hits.count() == 3
    _visit(tab, "/search?q=%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E")
    _visit(tab, "/documents/xss-jsonl")
    tab.get_by_role("link", name=EVIL_SUBJECT).click()
    tab.wait_for_url(re.compile(r"/subjects/"))
    _visit(tab, tab.url)


def test_refused_files_left_no_document(tab):
    for record_id in ["refused-javascript-url", "refused-data-file-url", "refused-tab-url", "refused-csv"]:
        assert tab.goto(f"/documents/{record_id}").status == 404


def test_admin_edits_are_sanitized_and_unsafe_urls_refused(tab, django_db_blocker):
    from archivist.records.models import Document
    from archivist.search.indexer import sync

    with django_db_blocker.unblock():
        pk = Document.objects.get(record_id="xss-admin").pk
    tab.goto(f"/admin/login/?next=/admin/records/document/{pk}/change/")
    tab.fill("#id_username", "curator")
    tab.fill("#id_password", ADMIN_PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url(re.compile(rf"/admin/records/document/{pk}/change/$"))
    tab.fill("#id_title", f"Admin {HOSTILE_TITLE}")
    tab.fill("#id_texts-0-body_html", f"<p>Edited xyzzy</p>{HOSTILE_HTML}")
    tab.fill("#id_url", "javascript:window.__xss = 1")
    tab.fill("#id_attachments-0-url", "data:text/html,<script>window.__xss = 1</script>")
    with tab.expect_navigation():
        tab.click("input[name=_continue]")
    errors = "\n".join(tab.locator(".errorlist").all_inner_texts())
    assert "A javascript: URL is not allowed; use http, https, mailto or a relative URL." in errors
    assert "A data: URL is not allowed; use http, https, mailto or a relative URL." in errors
    _nothing_ran(tab, "the admin's change form")
    tab.fill("#id_url", "https://example.org/edited")
    tab.fill("#id_attachments-0-url", "/documents/xss-jsonl")
    with tab.expect_navigation():
        tab.click("input[name=_continue]")
    assert tab.locator(".messagelist .success").is_visible()
    _nothing_ran(tab, "the admin's change form")
    with django_db_blocker.unblock():
        sync()
    _visit(tab, "/documents/xss-admin")
    assert tab.get_by_role("heading", level=1).inner_text() == f"Admin {HOSTILE_TITLE}"
    assert _json_ld(tab)["name"] == f"Admin {HOSTILE_TITLE}"
    assert tab.locator(".text-body p").first.inner_text() == "Edited xyzzy"
    _visit(tab, "/search?q=xyzzy")
    assert tab.locator("ol.hits li").count() == 4
