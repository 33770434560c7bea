"""The home page's recently added documents and collections, the About page curators write, the icon."""

import re

from django.contrib.auth import get_user_model

from archivist.curation.roles import add_user
from archivist.web.models import DEFAULT_ABOUT_TITLE, AboutPage

PASSWORD = "a long enough passphrase 42"


def test_home_lists_the_published_documents_added_last_newest_first(client, full_record, add_document):
    for n in range(10):
        add_document(f"new-{n}", title=f"Newly added {n}")
    add_document("zqdraft", status="draft", title="Zqdraft secret")
    data = client.get("/.json").json()
    assert [d["record_id"] for d in data["recently_added"]] == [f"new-{n}" for n in range(9, 1, -1)]
    assert data["recently_added"][0]["url"] == "/documents/new-9"
    page = client.get("/").content.decode()
    assert 'href="/documents/new-9">Newly added 9</a>' in page and "Zqdraft" not in page
    assert page.index("new-9") < page.index("new-8")


def test_home_shows_collections_with_their_counts_and_introductions(client, full_record):
    topic = next(t for t in client.get("/.json").json()["topics"] if t["name"] == "Sino-Soviet Relations")
    assert topic["documents"] == 1 and topic["description"].startswith("Documents on relations")
    page = client.get("/").content.decode()
    assert "Sino-Soviet Relations</a> <span class=\"count\">1 document</span>" in page
    assert "Documents on relations between" in page


def test_about_page_has_a_default_text_until_curators_write_one(client, db):
    data = client.get("/about.json").json()
    assert data["title"] == DEFAULT_ABOUT_TITLE and "<p>" in data["body_html"]
    page = client.get("/about")
    assert page.status_code == 200
    assert page["Link"] == '</about.json>; rel="alternate"; type="application/json"'
    assert f"<h1>{DEFAULT_ABOUT_TITLE}</h1>" in page.content.decode()
    assert not AboutPage.objects.exists()  # reading the page writes nothing
    assert 'href="/about">About this archive</a>' in client.get("/").content.decode()


def test_an_editor_writes_the_about_page_in_the_admin_and_its_html_is_sanitized(client, db):
    assert client.get("/admin/web/aboutpage/add/").status_code == 302  # to the sign-in page
    add_user("editor", "editor", PASSWORD)
    client.force_login(get_user_model().objects.get(username="editor"))
    assert client.get("/admin/web/aboutpage/").url == "/admin/web/aboutpage/add/"
    body = ('<h2>Our holdings</h2><p>Cables <a href="https://example.org/x">here</a>'
            '<a href="javascript:alert(1)">bad</a><script>alert(2)</script>'
            '<img src=x onerror=alert(3)></p>')
    response = client.post("/admin/web/aboutpage/add/", {"title": "About the Zq Archive", "body": body})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/admin/web/aboutpage/").url == "/admin/web/aboutpage/1/change/"
    assert client.post("/admin/web/aboutpage/1/delete/", {"post": "yes"}).status_code == 403
    client.logout()
    page = client.get("/about").content.decode()
    assert "<h1>About the Zq Archive</h1>" in page and "<h2>Our holdings</h2>" in page
    assert '<a href="https://example.org/x">here</a>' in page
    assert not any(bad in page for bad in ("javascript:", "alert(2)", "onerror", "<img"))
    data = client.get("/about.json").json()
    assert data["title"] == "About the Zq Archive" and "<script" not in data["body_html"] and data["modified"]


def test_the_favicon_is_served_and_linked_from_every_page(client, db):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    page = client.get("/about").content.decode()
    svg = re.search(r'<link rel="icon" href="([^"]+\.svg)" type="image/svg\+xml">', page).group(1)
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in page
    served = client.get(svg)
    assert served.status_code == 200 and b"<svg" in b"".join(served.streaming_content)
