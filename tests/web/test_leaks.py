"""Nothing unpublished shows on any public URL, at any moment.

Documents in every status are each linked to names of their own, and every word that belongs to a
document not public starts with its prefix ("zqdraft...", "zqrestr..."), so one test finds any of them
wherever it shows: a crawl of the site from / and from the sitemap, each page's JSON twin, stored files,
the pages of the records only they name, and searches for their words (HTML and JSON, and each of
their records chosen as a facet). Published documents are then changed, each in one of the ways a
document can change (each named for it: "zqstatus...", "zqform..."), and checked at once, while the
index still holds them, and again once it has applied the changes.
"""

from __future__ import annotations

import html
import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.test import Client

from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.outbox import catch_up
from archivist.records.models import Authority, Document, Link
from archivist.records.recordformat import read_authority, read_document
from archivist.records.services import save_authority, save_document, set_status
from archivist.web import counts
from archivist.web.links import BROWSE_PATHS
from tests.records.test_admin import admin_form_data
from tests.web.conftest import index_writer_held

DRAFT, RESTRICTED, PROPOSED = "zqdraft", "zqrestr", "zqprop"
SECRETS = [DRAFT, RESTRICTED, PROPOSED]
# Published at first, then each changed in its own way; the renamed one stays public under a new ID.
CHANGED = ["zqstatus", "zqwithdrawn", "zqform", "zqbulkr", "zqbulkw", "zqdelete", "zqbulkdel", "zqreload"]
RENAMED, OLD_ID, NEW_ID = "zqrenamed", "zqoldid1", "renamed1"
SEARCHED = ("title", "text", "note", "person", "variant", "narrow")
HREF = re.compile(r'href="([^"]+)"')
LOC = re.compile(r"<loc>([^<]+)</loc>")
MOST_PAGES = 400


def document_record(prefix: str, status: str, record_id: str = "") -> dict:
    """A document whose every searchable word and linked name starts with `prefix`, also linked to the
    public person and topic and under the public archive and heading, so pages that are public list it
    beside (the topic's documents name their neighbours); each of those that will change in a year of
    its own, so that the dates pages show that year only while it is public."""
    name = prefix.capitalize()
    return {
        "type": "document", "record_id": record_id or f"{prefix}doc", "status": status,
        "title": f"{name}title cable", "summary": f"{prefix}summary",
        "date": f"{1952 + CHANGED.index(prefix)}-03-04" if prefix in CHANGED else "1951-03-04",
        "text": f"Text {prefix}text here.", "text_language": "English",
        "notes": [{"kind": "footnote", "marker": "1", "body": f"{prefix}note"}],
        "authors": [f"{name}person, Someone"], "associated_people_and_organizations": ["Public, Person"],
        "associated_places": [f"{name}place"], "associated_topics": [f"{name}topic", "Publictopic"],
        "subjects_discussed": [f"{name}subject", f"Publicsubject--{name}narrow", f"{name}broad--{name}deep"],
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
    """A published document, a draft, a restricted one, the published ones that will change, and two
    machine links to the first that were never accepted."""
    settings.MEDIA_ROOT = str(tmp_path / "files")
    for prefix in (DRAFT, RESTRICTED, PROPOSED, *CHANGED, RENAMED):
        name = prefix.capitalize()
        save_authority(read_authority({"type": "person", "id": f"{prefix}person-someone",
                                       "name": f"{name}person, Someone", "variants": [f"{name}variant"]}))
    for prefix in (DRAFT, RESTRICTED, *CHANGED, RENAMED, "pub"):
        stored = Path(settings.MEDIA_ROOT) / prefix / "scan.pdf"
        stored.parent.mkdir(parents=True)
        stored.write_bytes(b"%PDF-1.4 " + prefix.encode())
    store(PUBLIC)
    store(document_record(DRAFT, "draft"))
    store(document_record(RESTRICTED, "restricted"))
    for prefix in CHANGED:
        store(document_record(prefix, "published"))
    store(document_record(RENAMED, "published", record_id=OLD_ID))
    public = Document.objects.get(record_id="pubdoc")
    for status, kind, key in (("proposed", "person", f"{PROPOSED}person-someone"),
                              ("rejected", "place", None)):
        authority = (Authority.objects.get(kind=kind, key=key) if key else
                     Authority.objects.create(kind=kind, key=f"{PROPOSED}place", sort_name="Zqpropplace",
                                              display_name="Zqpropplace"))
        Link.objects.create(document=public, authority=authority, role="associated", status=status)
    catch_up()


def searched_words(prefix: str) -> list[str]:
    return [f"{prefix}{word}" for word in SEARCHED]


def crawl(client: Client) -> dict[str, str]:
    """Every page reachable from / and the sitemap (search pages fetched, not followed), each with
    its JSON twin (a document's also by its Accept header); the text of each, lowercased."""
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
        if url.startswith("/documents/"):  # the twin by content negotiation too
            negotiated = client.get(url, HTTP_ACCEPT="application/json")
            seen[f"{url} (Accept: application/json)"] = negotiated.content.decode().lower()
        if url.startswith("/search"):
            continue
        for link in map(html.unescape, HREF.findall(body.decode())):
            if link.startswith("/") and not link.startswith(("//", "/static/", "/admin")) \
                    and "letter=" not in link:
                queue.append(link.split("#")[0])
    return seen


def assert_not_public(client: Client, secrets: list[str], searched: list[str]) -> dict[str, str]:
    """No page, twin, file or search shows a word starting with any of `secrets`; returns the crawl."""
    pages = crawl(client)
    for url, text in pages.items():
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
    return pages


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


def test_nothing_unpublished_shows_on_any_public_url(client, archive):
    pages = assert_not_public(client, SECRETS, searched_words(DRAFT) + searched_words(RESTRICTED) + [
        f"{PROPOSED}person", f"{PROPOSED}variant", f"{PROPOSED}place"])
    assert "/documents/pubdoc" in pages and "/documents/zqstatusdoc" in pages  # the crawl reaches them
    assert "/documents/pubdoc/files/0" in pages and "/documents/pubdoc.json" in pages
    assert "/sitemaps/documents-1.xml" in pages and "/people/public-person.json" in pages
    assert "/subjects/publicsubject-zqstatusnarrow" in pages  # a narrower heading of a public one
    # Headings and archives with no documents of their own, above some that are public.
    assert "/subjects/publicsubject" in pages and "/subjects/zqstatusbroad" in pages
    assert "/catalog/public-archive" in pages
    assert found_by_search(client, "zqstatustitle") == ["zqstatusdoc"]


def test_every_kind_of_change_hides_at_once_and_once_the_index_has_it(admin_client, client, archive,
                                                                      tmp_path):
    def document(prefix: str) -> Document:
        return Document.objects.get(record_id=f"{prefix}doc")

    def admin(url: str, data: dict) -> None:
        assert admin_client.post(f"/admin/records/document/{url}", data).status_code == 302

    def bulk(action: str, prefix: str, **extra: str) -> None:
        admin("", {"action": action, "_selected_action": [document(prefix).pk], **extra})

    set_status("zqstatusdoc", "restricted")
    set_status("zqwithdrawndoc", "draft")
    admin(f"{document('zqform').pk}/change/", admin_form_data(document("zqform"), status="restricted"))
    renamed = Document.objects.get(record_id=OLD_ID)
    admin(f"{renamed.pk}/change/", admin_form_data(renamed, record_id=NEW_ID))
    bulk("restrict", "zqbulkr")
    bulk("withdraw", "zqbulkw")
    admin(f"{document('zqdelete').pk}/delete/", {"post": "yes"})
    bulk("delete_selected", "zqbulkdel", post="yes")
    again = tmp_path / "again.json"
    again.write_text(json.dumps([document_record("zqreload", "restricted")]))
    store_records(again, read_json_records(again))
    assert set(Document.objects.values_list("record_id", "status")) == {
        ("pubdoc", "published"), (f"{DRAFT}doc", "draft"), (f"{RESTRICTED}doc", "restricted"),
        ("zqstatusdoc", "restricted"), ("zqwithdrawndoc", "draft"), ("zqformdoc", "restricted"),
        (NEW_ID, "published"), ("zqbulkrdoc", "restricted"), ("zqbulkwdoc", "draft"),
        ("zqreloaddoc", "restricted")}

    secrets = [*SECRETS, *CHANGED, OLD_ID]
    # A record no document links to any more is like one from an authority file: its names still widen
    # a search that types one of them (search.names), so a deleted document's variant is not searched.
    searched = [word for prefix in CHANGED for word in searched_words(prefix)
                if not (prefix in ("zqdelete", "zqbulkdel") and word.endswith("variant"))]
    # The index and the browse tables still hold every one of them: pages never refresh the tables.
    assert counts.state().behind
    assert_not_public(client, secrets, searched)
    assert_dates_only_of_public_documents(client)
    assert counts.state().behind
    assert found_by_search(client, f"{RENAMED}title") == []  # the old ID left out, the new not indexed yet
    catch_up()
    assert not counts.state().behind
    assert_not_public(client, secrets, searched)
    assert_dates_only_of_public_documents(client)
    assert found_by_search(client, f"{RENAMED}title") == [NEW_ID]
    assert client.get(f"/documents/{NEW_ID}").status_code == 200


def assert_dates_only_of_public_documents(client: Client) -> None:
    """The dates pages and the home page's span show the years and months of the public documents
    (1950, and 1951 of the renamed one) and not those of the changed ones, each in a year of its own."""
    decades = client.get("/dates.json").json()["decades"]
    assert [year["year"] for decade in decades for year in decade["years"]] == [1950, 1951]
    assert client.get("/.json").json()["span"] == [1950, 1951]  # "from 1950 to 1951" on the home page
    for year in range(1952, 1952 + len(CHANGED)):
        assert client.get(f"/dates/{year}").status_code == 404, year
        assert client.get(f"/dates/{year}/03").status_code == 404, year
    assert "/dates/1952" not in client.get("/dates/1951").content.decode()  # no next year


def test_a_draft_published_in_bulk_shows_once_indexed(admin_client, client, archive):
    draft = Document.objects.get(record_id=f"{DRAFT}doc")
    admin_client.post("/admin/records/document/", {"action": "publish", "_selected_action": [draft.pk]})
    assert client.get(f"/documents/{DRAFT}doc").status_code == 200
    assert f"{DRAFT}person" not in client.get("/people").content.decode().lower()  # not listed yet
    catch_up()
    assert f"{DRAFT}person" in client.get("/people").content.decode().lower()
    assert found_by_search(client, f"{DRAFT}title") == [f"{DRAFT}doc"]


def test_search_hides_a_restricted_document_while_another_writer_holds_the_index(client, archive):
    with index_writer_held():  # as a long ingest or a reindex in another process would
        # Read the commit's table of names while the document is public: its variant widens the search.
        notices = client.get("/search.json", {"q": "zqstatusvariant"}).json()["notices"]
        assert "zqstatusperson" in " ".join(notices).lower()
        set_status("zqstatusdoc", "restricted")
        assert_not_found_by_search(client, [*SECRETS, "zqstatus"], searched_words("zqstatus"))
        published = Document.objects.filter(status="published").values_list("record_id", flat=True)
        assert sorted(found_by_search(client, "cable")) == sorted(published)  # every title says cable
    catch_up()
    assert_not_found_by_search(client, [*SECRETS, "zqstatus"], searched_words("zqstatus"),
                               pages=("/search.json",))
