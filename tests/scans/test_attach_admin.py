"""Attaching a scan from a document's admin page, through real HTTP as an editor; errors shown in the
form with nothing stored; deleting the scan there removes its pages and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from reversion.models import Version

from archivist.cli.main import cli
from archivist.curation.roles import add_user
from archivist.records.models import Attachment, Document
from archivist.scans.models import Page
from tests.records.test_admin import admin_form_data
from tests.scans.scanfiles import bomb_png, image_pdf, text_pdf
from tests.scans.test_attach import stored_files

PASSWORD = "quiet-archive-lamp-42"


@pytest.fixture
def document(db, tmp_path, settings) -> Document:
    settings.MEDIA_ROOT = str(tmp_path / "files")
    record = tmp_path / "letter.json"
    record.write_text(json.dumps({"record_id": "letter-2", "title": "A letter", "date": "1962-10-22"}))
    assert CliRunner().invoke(cli, ["load", str(record)]).exit_code == 0
    return Document.objects.get(record_id="letter-2")


def signed_in(client, role: str):
    add_user(role, role, PASSWORD)
    response = client.post("/admin/login/", {"username": role, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    return get_user_model().objects.get(username=role)


def url(document: Document) -> str:
    return f"/admin/records/document/{document.pk}/attach-scan/"


def test_an_editor_attaches_a_scan_and_sees_its_pages(client, document, tmp_path):
    signed_in(client, "editor")
    change_page = client.get(f"/admin/records/document/{document.pk}/change/")
    assert url(document).encode() in change_page.content  # "Attach a scan"
    assert client.get(url(document)).status_code == 200
    scan = text_pdf(tmp_path / "cable.pdf", ["Moscow to Washington", "Second page"])
    with scan.open("rb") as upload:
        response = client.post(url(document), {"file": upload, "language": "ru", "text_kind": "translation"},
                               follow=True)
    assert response.status_code == 200
    assert b"Attached cable.pdf: 2 pages (2 with a text layer, 0 queued for OCR)." in response.content
    assert b'id="scan-pages"' in response.content and b"not needed (text layer)" in response.content
    attachment = Attachment.objects.get(kind="scan")
    assert (attachment.filename, attachment.language, attachment.text_kind) == (
        "cable.pdf", "ru", "translation")
    assert [p.text for p in Page.objects.order_by("number")] == ["Moscow to Washington", "Second page"]
    revision = Version.objects.get_for_object(document).first().revision
    assert revision.user.username == "editor" and "attached scan cable.pdf" in revision.comment


@pytest.mark.parametrize("name, content, message", [
    ("broken.pdf", b"%PDF-1.7\nnothing else", b"broken.pdf: cannot be read as a PDF"),
    ("notes.pdf", b"just words", b"notes.pdf: is not a PDF, TIFF, JPEG or PNG file"),
])
def test_a_bad_upload_is_shown_in_the_form_and_nothing_is_stored(client, document, tmp_path, name, content,
                                                                 message):
    signed_in(client, "editor")
    bad = tmp_path / name
    bad.write_bytes(content)
    with bad.open("rb") as upload:
        response = client.post(url(document), {"file": upload, "text_kind": "original"})
    assert response.status_code == 200 and message in response.content
    assert b"errorlist" in response.content
    assert not Attachment.objects.exists() and not Page.objects.exists()
    assert stored_files(Path(tmp_path / "files")) == []


def test_a_bomb_upload_is_refused(client, document, tmp_path):
    signed_in(client, "editor")
    with bomb_png(tmp_path / "huge.png").open("rb") as upload:
        response = client.post(url(document), {"file": upload, "text_kind": "original"})
    assert b"huge.png: is an image of 900,000,000 pixels" in response.content
    assert not Page.objects.exists()


def test_an_unknown_or_malformed_document_id_is_a_404(client, document):
    signed_in(client, "editor")
    for wrong in ("999999", "abc", "..%2F1"):
        assert client.get(f"/admin/records/document/{wrong}/attach-scan/").status_code == 404
    assert client.get("/admin/records/document/1%00/attach-scan/").status_code == 400  # Django's own


def test_who_may_not_change_documents_may_not_attach(client, document, tmp_path):
    user = get_user_model().objects.create_user("reader", password=PASSWORD, is_staff=True)
    from django.contrib.auth.models import Permission
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    client.force_login(user)
    assert client.get(url(document)).status_code == 403
    with image_pdf(tmp_path / "a.pdf", 1).open("rb") as upload:
        assert client.post(url(document), {"file": upload, "text_kind": "original"}).status_code == 403
    assert not Page.objects.exists()
    client.logout()
    response = client.get(url(document))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_deleting_the_scan_in_the_admin_removes_its_pages_and_files(client, document, tmp_path,
                                                                    django_capture_on_commit_callbacks):
    signed_in(client, "editor")
    with image_pdf(tmp_path / "a.pdf", 2).open("rb") as upload:
        client.post(url(document), {"file": upload, "text_kind": "original"})
    assert Page.objects.count() == 2 and stored_files(tmp_path / "files")
    data = admin_form_data(document)
    data["attachments-0-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/records/document/{document.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Attachment.objects.exists() and not Page.objects.exists()
    assert stored_files(tmp_path / "files") == []
