"""Nothing unpublished shows on any public URL, at any moment.

Documents in every status are each linked to names of their own, and every word that belongs to a
non-public document starts with its prefix ("zqdraft...", "zqrestr..."), so one test finds any of them
wherever it shows: a crawl of the site from / and from the sitemap, each page's JSON twin (by .json and
by Accept), stored files, and searches for every such word (HTML and JSON, and a facet chosen by its
value). One published document ("zqmove...", record ID "zqoldid1") is then changed in each way a
document can change, and checked both before the index has applied the change and after.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections import deque
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.test import Client

from archivist.outbox import catch_up
from archivist.records.models import Authority, Document, Link
from archivist.records.recordformat import read_authority, read_document
from archivist.records.services import save_authority, save_document, set_status
from archivist.search.schema import open_index
from archivist.web.links import BROWSE_PATHS

WORDS = ("title", "summary", "text", "note", "person", "variant", "place", "topic", "subject", "narrow",
         "collection", "file")
DRAFT, RESTRICTED, PROPOSED, MOVING, MOVING_ID = "zqdraft", "zqrestr", "zqprop", "zqmove", "zqoldid1"
HREF = re.compile(r'href="([^"]+)"')
LOC = re.compile(r"<loc>([^<]+)</loc>")
MOST_PAGES = 300


def document_record(prefix: str, status: str, record_id: str = "") -> dict:
    """A document whose every searchable word and linked name starts with `prefix`, also linked to the
    public person and under the public archive and heading, so pages that are public list it beside."""
    name = prefix.capitalize()
    return {
        "type": "document", "record_id": record_id or f"{prefix}doc", "status": status,
        "title": f"{name}title cable", "summary": f"{prefix}summary", "date": "1951-03-04",
        "text": f"Text {prefix}text here.", "text_language": "English",
        "notes": [{"kind": "footnote", "marker": "1", "body": f"{prefix}note"}],
        "authors": [f"{name}person, Someone"], "associated_people_and_organizations": ["Public, Person"],
        "associated_places": [f"{name}place"], "associated_topics": [f"{name}topic"],
        "subjects_discussed": [f"{name}subject", f"Publicsubject--{name}narrow"],
        "original_archive": ["Public archive", f"{name}collection"],
        "files": [{"kind": "pdf", "filename": f"{prefix}file.pdf", "media_type": "application/pdf",
                   "path": f"{prefix}/scan.pdf"}]}


PUBLIC = {
    "type": "document", "record_id": "pubdoc", "title": "Public cable", "date": "1950-01-02",
    "text": "Text of the public cable.", "text_language": "English",
    "authors": ["Public, Person"], "associated_places": ["Publicplace"],
    "associated_topics": ["Publictopic"], "subjects_discussed": ["Publicsubject--Part"],
    "original_archive": ["Public archive", "Public collection"],
    "files": [{"kind": "pdf", "filename": "public.pdf", "media_type": "application/pdf",
               "path": "pub/scan.pdf"}]}


def store(record: dict) -> None:
    save_document(read_document(record))


@pytest.fixture
def archive(db, settings, tmp_path):
    """A published document, a draft, a restricted one, the published one that will change, and two
    machine links to the published document that were never accepted."""
    settings.MEDIA_ROOT = str(tmp_path / "files")
    for prefix in (DRAFT, RESTRICTED, MOVING, "pub"):
        stored = Path(settings.MEDIA_ROOT) / prefix / "scan.pdf"
        stored.parent.mkdir(parents=True)
        stored.write_bytes(b"%PDF-1.4 " + prefix.encode())
    for prefix in (DRAFT, RESTRICTED, MOVING, PROPOSED):
        name = prefix.capitalize()
        save_authority(read_authority({"type": "person", "id": f"{prefix}person-someone",
                                       "name": f"{name}person, Someone", "variants": [f"{name}variant"]}))
    store(PUBLIC)
    store(document_record(DRAFT, "draft"))
    store(document_record(RESTRICTED, "restricted"))
    store(document_record(MOVING, "published", record_id=MOVING_ID))
    public = Document.objects.get(record_id="pubdoc")
    for status, kind, key in (("proposed", "person", f"{PROPOSED}person-someone"),
                              ("rejected", "place", None)):
        authority = (Authority.objects.get(kind=kind, key=key) if key else
                     Authority.objects.create(kind=kind, key=f"{PROPOSED}place", sort_name="Zqpropplace",
                                              display_name="Zqpropplace"))
        Link.objects.create(document=public, authority=authority, role="associated", status=status)
    catch_up()


def searched_words(prefix: str) -> list[str]:
    return [f"{prefix}{word}" for word in WORDS]


def crawl(client: Client) -> dict[str, str]:
    """Every page reachable from / and the sitemap (search pages fetched, not followed), each with
    its JSON twin; the text of each, lowercased."""
    seen: dict[str, str] = {}
    queue = deque(["/", "/robots.txt"])
    sitemaps = deque(["/sitemap.xml"])
    while sitemaps:
        url = sitemaps.popleft()
        seen[url] = client.get(url).content.decode().lower()
        for loc in LOC.findall(seen[url]):
            path = loc.removeprefix(django_settings.BASE_URL)
            (sitemaps if path.endswith(".xml") else queue).append(path)
    while queue and len(seen) < MOST_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = body.decode(errors="replace").lower()
        if not response["Content-Type"].startswith("text/html"):
            continue
        twin = response["Link"].split(">")[0].lstrip("<")
        seen[twin] = client.get(twin).content.decode().lower()
        if url.startswith("/search"):
            continue
        for link in map(html.unescape, HREF.findall(body.decode())):
            if link.startswith("/") and not link.startswith(("//", "/static/", "/admin")) \
                    and "letter=" not in link:
                queue.append(link.split("#")[0])
    return seen


def assert_not_public(client: Client, secrets: list[str], searched: list[str]) -> None:
    """No page, twin, file or search shows a word starting with any of `secrets`."""
    for url, text in crawl(client).items():
        found = [secret for secret in secrets if secret in text]
        assert not found, (url, found)
    assert_not_found_by_search(client, secrets, searched)
    for record_id in Document.objects.exclude(status="published").values_list("record_id", flat=True):
        for url in (f"/documents/{record_id}", f"/documents/{record_id}.json",
                    f"/documents/{record_id}/files/0"):
            assert client.get(url).status_code == 404, url
        assert client.get(f"/documents/{record_id}", HTTP_ACCEPT="application/json").status_code == 404
    for kind, key in Authority.objects.values_list("kind", "key"):
        if any(secret in key for secret in secrets):
            for url in (f"/{BROWSE_PATHS[kind]}/{key}", f"/{BROWSE_PATHS[kind]}/{key}.json"):
                assert client.get(url).status_code == 404, url


def assert_not_found_by_search(client: Client, secrets: list[str], searched: list[str],
                               pages: tuple[str, ...] = ("/search.json", "/search")) -> None:
    """Searching each word (and choosing each secret record as a facet) finds nothing and shows no
    other secret word: what the page repeats of the request itself is taken out first."""
    facet_of = {"person": "people", "place": "places", "topic": "topics", "subject": "subjects",
                "archive": "archives"}
    requests = [({"q": word}, word) for word in searched]
    requests += [({facet_of[kind]: f"{kind}/{key}"}, f"{kind}/{key}")
                 for kind, key in Authority.objects.filter(kind__in=facet_of).values_list("kind", "key")
                 if any(secret in key for secret in secrets)]
    for params, echoed in requests:
        for url in pages:
            response = client.get(url, params)
            if url == "/search.json":
                data = response.json()
                assert data["total"] == 0 and not data["results"], (params, data["results"])
            text = response.content.decode().lower()
            for form in (echoed, json.dumps(echoed)[1:-1], quote(echoed, safe="").lower()):
                text = text.replace(form, "")
            found = [secret for secret in secrets if secret in text]
            assert not found, (url, params, found)


def found_by_search(client: Client, word: str) -> list[str]:
    return [hit["record_id"] for hit in client.get("/search.json", {"q": word}).json()["results"]]


SECRETS = [DRAFT, RESTRICTED, PROPOSED]
MOVED = [*SECRETS, MOVING, MOVING_ID]


def test_nothing_unpublished_shows_on_any_public_url(client, archive):
    pages = crawl(client)
    assert "/documents/pubdoc" in pages and f"/documents/{MOVING_ID}" in pages  # the crawl reaches them
    assert "/documents/pubdoc/files/0" in pages and "/documents/pubdoc.json" in pages
    assert found_by_search(client, f"{MOVING}title") == [MOVING_ID]
    assert_not_public(client, SECRETS, searched_words(DRAFT) + searched_words(RESTRICTED) + [
        f"{PROPOSED}person", f"{PROPOSED}variant", f"{PROPOSED}place"])


def after_sync(client: Client, secrets: list[str], searched: list[str]) -> None:
    """Once the index has applied the change, searches still find none of it (the JSON is enough)."""
    catch_up()
    assert_not_found_by_search(client, secrets, searched, pages=("/search.json",))


def test_set_status_hides_at_once_before_and_after_the_index_applies_it(client, archive):
    set_status(MOVING_ID, "restricted")
    assert_not_public(client, MOVED, searched_words(MOVING))  # the index still holds it
    after_sync(client, MOVED, searched_words(MOVING))
    set_status(MOVING_ID, "draft")
    assert_not_found_by_search(client, MOVED, searched_words(MOVING))


def _admin_form(document: Document, **changed) -> dict:
    from tests.records.test_admin import _form_data

    return _form_data(document, **changed)


def test_admin_change_form_status_and_record_id(admin_client, client, archive):
    moving = Document.objects.get(record_id=MOVING_ID)
    response = admin_client.post(f"/admin/records/document/{moving.pk}/change/",
                                 _admin_form(moving, record_id="renamed1"))
    assert response.status_code == 302
    assert_not_public(client, [*SECRETS, MOVING_ID], [f"{MOVING}title", MOVING_ID])
    assert found_by_search(client, f"{MOVING}title") == []  # the old ID left out, the new not indexed yet
    catch_up()
    assert found_by_search(client, f"{MOVING}title") == ["renamed1"]
    moving.refresh_from_db()
    response = admin_client.post(f"/admin/records/document/{moving.pk}/change/",
                                 _admin_form(moving, status="restricted"))
    assert response.status_code == 302
    assert_not_public(client, [*SECRETS, MOVING, "renamed1"], searched_words(MOVING))


def test_admin_bulk_actions_restrict_withdraw_and_publish(admin_client, client, archive):
    def bulk(action: str, record_id: str) -> None:
        selected = Document.objects.filter(record_id=record_id).values_list("pk", flat=True)
        response = admin_client.post("/admin/records/document/",
                                     {"action": action, "_selected_action": list(selected)})
        assert response.status_code == 302

    bulk("restrict", MOVING_ID)
    assert_not_public(client, MOVED, searched_words(MOVING))
    after_sync(client, MOVED, searched_words(MOVING))
    bulk("publish", MOVING_ID)
    bulk("withdraw", MOVING_ID)
    assert_not_found_by_search(client, MOVED, searched_words(MOVING))
    bulk("publish", f"{DRAFT}doc")
    catch_up()
    assert found_by_search(client, f"{DRAFT}title") == [f"{DRAFT}doc"]
    assert f"{DRAFT}person" in client.get("/people").content.decode().lower()


# A record no document links to any more is like one from an authority file: its names still widen
# a search that types one of them (search.names), so a deleted document's variant is not searched.
AFTER_DELETION = [word for word in searched_words(MOVING) if not word.endswith("variant")]


def test_admin_delete_removes_from_every_surface(admin_client, client, archive):
    moving = Document.objects.get(record_id=MOVING_ID)
    response = admin_client.post(f"/admin/records/document/{moving.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Document.objects.filter(pk=moving.pk).exists()
    assert_not_public(client, MOVED, AFTER_DELETION)
    after_sync(client, MOVED, AFTER_DELETION)


def test_admin_bulk_delete_removes_from_every_surface(admin_client, client, archive):
    ids = list(Document.objects.filter(record_id__in=[MOVING_ID, f"{DRAFT}doc"]).values_list("pk", flat=True))
    response = admin_client.post("/admin/records/document/", {
        "action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert response.status_code == 302 and Document.objects.count() == 2
    assert_not_public(client, MOVED, AFTER_DELETION)
    after_sync(client, MOVED, AFTER_DELETION)


def test_loading_a_record_again_with_another_status(client, archive, tmp_path):
    from archivist.ingest.jsonrecords import read_json_records
    from archivist.ingest.loader import store_records

    path = tmp_path / "again.json"
    path.write_text(json.dumps([document_record(MOVING, "restricted", record_id=MOVING_ID)]))
    store_records(path, read_json_records(path))
    assert Document.objects.get(record_id=MOVING_ID).status == "restricted"
    assert_not_public(client, MOVED, searched_words(MOVING))
    after_sync(client, MOVED, searched_words(MOVING))


def test_search_hides_a_restricted_document_while_another_writer_holds_the_index(client, archive):
    holding, release = threading.Event(), threading.Event()

    def hold_writer() -> None:  # as a long ingest or reindex in another process would
        writer = open_index().writer(50_000_000, 1)
        holding.set()
        release.wait(30)
        writer.rollback()
        writer.wait_merging_threads()  # lets go of the lock

    holder = threading.Thread(target=hold_writer)
    holder.start()
    try:
        assert holding.wait(10)
        set_status(MOVING_ID, "restricted")
        assert_not_found_by_search(client, MOVED, searched_words(MOVING))
        assert client.get("/search.json", {"q": "cable"}).json()["total"] == 1  # the public one only
    finally:
        release.set()
        holder.join()
    after_sync(client, MOVED, searched_words(MOVING))
