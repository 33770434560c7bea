"""Browse pages: names A-Z with variants and counts, topics, subjects, catalog, dates; counts follow edits."""

from archivist.records.models import Authority, Document, Link
from archivist.records.services import delete_document, set_status
from archivist.web import counts
from archivist.web.counts import ensure_fresh
from tests.web.conftest import judge_as_the_admin


def test_people_a_to_z_with_variants_and_counts(client, full_record):
    data = client.get("/people.json?letter=Z").json()
    zhou = next(e for e in data["results"] if e["id"] == "zhou-enlai")
    assert zhou["documents"] == 1 and "Chou En-lai" in zhou["variants"]
    assert all(e["name"].startswith("Z") for e in data["results"])
    page = client.get("/people?letter=M").content.decode()
    assert "Mao, Zedong" in page and "Mao Tse-tung" in page and "1 document" in page
    assert '<a href="?letter=M" aria-current="page">M</a>' in page


def test_topics_show_their_introduction(client, full_record):
    data = client.get("/topics.json").json()
    topic = next(e for e in data["results"] if e["id"] == "sino-soviet-relations")
    assert topic["description"] and topic["documents"] == 1
    assert topic["description"][:30] in client.get("/topics").content.decode()


def test_subjects_are_hierarchical(client, full_record):
    data = client.get("/subjects.json").json()
    china = next(e for e in data["results"] if e["name"] == "China")
    assert "China--Foreign relations" in [c["name"] for c in china["children"]]
    leaf = client.get("/subjects/china-foreign-relations-soviet-union.json")
    assert leaf.status_code == 200
    assert [b["name"] for b in leaf.json()["broader"]] == ["China", "China--Foreign relations"]
    page = client.get("/subjects/china-foreign-relations-soviet-union").content.decode()
    assert '<li><a href="/subjects/china">China</a></li>' in page


def test_catalog_lists_archives_and_their_collections(client, full_record):
    data = client.get("/catalog.json").json()
    archive = next(e for e in data["results"] if e["name"].startswith("Chinese Communist Party"))
    assert [c["name"] for c in archive["children"]] == ["Jianguo yilai Mao Zedong wengao"]
    collection = client.get(archive["children"][0]["url"] + ".json").json()
    assert [d["record_id"] for d in collection["results"]] == ["110390"]


def test_authority_page_lists_documents_by_date_with_paging(client, full_record, add_document):
    for day in range(1, 56):
        add_document(f"d{day:02d}", date=f"1951-{1 + day % 12:02d}-{1 + day % 28:02d}",
                     associated_people_and_organizations=["Zhou, Enlai"])
    first = client.get("/people/zhou-enlai.json?part=mentioned").json()
    assert (first["total"], first["pages"], len(first["results"])) == (56, 2, 50)
    assert first["results"][0]["record_id"] == "110390"
    second = client.get("/people/zhou-enlai.json?part=mentioned&page=2").json()
    dates = [r["date"] for r in first["results"] + second["results"]]
    assert len(set(r["record_id"] for r in first["results"] + second["results"])) == 56
    assert dates[-1].startswith("December") and "1951" in dates[-1]
    mentioned = client.get("/people/zhou-enlai?part=mentioned").content.decode()
    assert "Next page" in mentioned and 'href="?part=mentioned&amp;page=2"' in mentioned
    everything = client.get("/people/zhou-enlai").content.decode()
    assert "Mentioned in: all 56 documents" in everything and "Next page" not in everything


def test_chronological_browse(client, full_record, add_document):
    add_document("a", date="1950-01-20")
    add_document("b", date="1962-10")
    add_document("u", date="")
    data = client.get("/dates.json").json()
    assert [(d["decade"], d["documents"]) for d in data["decades"]] == [("1950s", 2), ("1960s", 1)]
    assert data["undated"] == 1
    year = client.get("/dates/1950.json").json()
    assert year["months"][0] == {"month": 1, "name": "January", "documents": 2, "url": "/dates/1950/01"}
    month = client.get("/dates/1950/01.json").json()
    assert [r["record_id"] for r in month["results"]] == ["110390", "a"]
    page = client.get("/dates").content.decode()
    assert '<a href="/dates/1962">1962' in page and "/search?" in page


def test_counts_follow_status_changes_and_deletions_once_the_tables_are_refreshed(client, full_record,
                                                                                 add_document):
    def zhou() -> int:
        data = client.get("/people.json?letter=Z").json()
        return next(e["documents"] for e in data["results"] if e["id"] == "zhou-enlai")

    assert zhou() == 1
    add_document("x", associated_people_and_organizations=["Zhou, Enlai"])
    assert zhou() == 2
    set_status("x", "restricted")
    assert zhou() == 2  # pages never refresh the tables: the count lags until the worker's next turn
    ensure_fresh()
    assert zhou() == 1
    assert client.get("/people/zhou-enlai.json").json()["documents"] == 1
    set_status("x", "published")
    delete_document("110390")
    ensure_fresh()
    assert zhou() == 1
    assert client.get("/dates/1950.json").json()["documents"] == 1
    assert client.get("/.json").json()["documents"] == 1


def test_home_page_counts_and_topics(client, full_record):
    data = client.get("/.json").json()
    assert data["documents"] == 1 and data["span"] == [1950, 1950]
    assert {t["name"] for t in data["topics"]} == {"Sino-Soviet Relations",
                                                  "Making of the Sino-Soviet Alliance, 1945-1950"}


def test_sitemap_and_robots(client, full_record, add_document, settings):
    add_document("draft-one", status="draft")
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {settings.BASE_URL}/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots and "Disallow: /curate/" in robots
    index = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{settings.BASE_URL}/sitemaps/documents-1.xml</loc>" in index
    page = client.get("/sitemaps/documents-1.xml").content.decode()
    assert f"<loc>{settings.BASE_URL}/documents/110390</loc>" in page
    assert "draft-one" not in page
    assert client.get("/sitemaps/documents-2.xml").status_code == 404


def test_css_is_served(client):
    response = client.get("/static/archivist/site.css")
    assert response.status_code == 200 and b".skip-link" in b"".join(response.streaming_content)


def test_a_machine_link_rejected_leaves_the_pages_before_the_tables_are_refreshed(client, add_document):
    add_document("first", date="1950-01-01")
    add_document("second", date="1950-02-01", associated_topics=["Shared topic"])
    first = Document.objects.get(record_id="first")
    person = Authority.objects.create(kind="person", key="zqjudged", sort_name="Zqjudged, Person",
                                      display_name="Person Zqjudged")
    topic = Authority.objects.get(kind="topic", sort_name="Shared topic")
    for authority, role in ((person, Link.Role.ASSOCIATED), (topic, Link.Role.TOPIC)):
        Link.objects.create(document=first, authority=authority, role=role, status=Link.Status.PROPOSED)
        judge_as_the_admin("first", f"{authority.kind}/{authority.key}", "accepted")
    ensure_fresh()
    assert "/documents/first" in client.get("/documents/second").content.decode()  # its neighbour
    assert client.get("/people/zqjudged").status_code == 200
    judge_as_the_admin("first", "person/zqjudged", "rejected")
    judge_as_the_admin("first", f"topic/{topic.key}", "rejected")
    for refreshed in (False, True):
        assert counts.state().behind is not refreshed
        assert "zqjudged" not in client.get("/people.json?letter=Z").content.decode().lower()
        assert client.get("/people/zqjudged").status_code == 404
        assert "/documents/first" not in client.get("/documents/second").content.decode()
        found = client.get(f"/topics/{topic.key}.json").json()["results"]
        assert [document["record_id"] for document in found] == ["second"]
        ensure_fresh()



def test_the_listing_has_no_database_keys_and_goes_with_its_document(full_record):
    """The listing's rows are derived, rebuilt whole (counts._rebuild_listing): no foreign keys for the
    database to check row by row, nor to lock the records with; Django deletes a document's rows."""
    from django.db import connection

    from archivist.web.models import Listing

    ensure_fresh()
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Listing._meta.db_table).values()
    assert not [c for c in constraints if c["foreign_key"]]
    document = Document.objects.get(record_id=full_record)
    assert Listing.objects.filter(document=document).exists()
    delete_document(full_record)
    assert not Listing.objects.filter(document_id=document.pk).exists()
