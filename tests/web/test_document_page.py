"""The reference record's page shows every field of the Wilson Center page."""

import html


def test_document_page_shows_every_field(client, full_record, seed_record):
    response = client.get("/documents/110390")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for field in ("title", "date_display", "summary", "source", "rights", "original_uploaded_date",
                  "original_language", "record_id", "citation_as_published"):
        assert seed_record[field] in page, field
    for field in ("authors", "associated_people_and_organizations", "associated_places",
                  "associated_topics", "subjects_discussed", "original_archive"):
        for value in seed_record[field]:
            assert value in page, (field, value)
    for paragraph in seed_record["text"].split("\n\n"):
        assert paragraph.splitlines()[0] in page
    for label in ("Author(s)", "Associated People & Organizations", "Associated Places",
                  "Associated Topics", "Subjects Discussed", "Source", "Original Archive",
                  "Rights", "Original Uploaded Date", "Language", "Record ID", "Citation"):
        assert label in page, label
    assert response["Link"] == '</documents/110390.json>; rel="alternate"; type="application/json"'


def test_document_json_twin(client, full_record, seed_record):
    data = client.get("/documents/110390.json").json()
    assert data["title"] == seed_record["title"]
    assert data["citation_as_published"] == seed_record["citation_as_published"]


def test_unpublished_documents_are_not_shown(client, full_record):
    from archivist.records.services import set_status

    set_status("110390", "restricted")
    assert client.get("/documents/110390").status_code == 404
    assert client.get("/documents/nope").status_code == 404
