"""The admin's change forms refuse what no importer would store, say why, and change nothing: a record
ID that is not one, a stored file's path out of the files directory, an authority key that cannot
name a page. Good values are saved."""

import html

import pytest
from django.forms.models import model_to_dict

from archivist.records.models import Attachment, Authority, Change, Document
from archivist.records.recordformat import read_authority, read_document
from archivist.records.services import save_authority, save_document
from tests.records.test_admin import admin_form_data, authority_form_data

MAO = {"type": "person", "id": "mao-zedong", "name": "Mao, Zedong", "variants": ["Mao Tse-tung"]}


@pytest.fixture
def curator_client(client, django_user_model):
    """A client logged in as a superuser: force_login, as django-axes wants a request for login,
    and no password, whose hashing would take most of each test's time."""
    client.force_login(django_user_model.objects.create(username="curator", is_staff=True,
                                                        is_superuser=True))
    return client


@pytest.fixture
def document(db) -> Document:
    """A small document with a text and a link: the change form posts its inlines too."""
    save_authority(read_authority(MAO))
    save_document(read_document({"record_id": "110390", "title": "Telegram", "date": "1950-01-02",
                                 "text": "Text.", "authors": ["Mao, Zedong"]}))
    Change.objects.all().delete()
    return Document.objects.get(record_id="110390")


@pytest.fixture
def authority(db) -> Authority:
    save_authority(read_authority(MAO))
    return Authority.objects.get(kind="person", key="mao-zedong")


def _post_document(client, document: Document, data: dict) -> tuple[int, str]:
    """The change form posted: its status and its page as text."""
    response = client.post(f"/admin/records/document/{document.pk}/change/", data)
    return response.status_code, html.unescape(response.content.decode())


def _attachment_row(path: str) -> dict:
    """The change form's data of one new file of the document, stored at `path`."""
    row = {"position": 0, "kind": "pdf", "label": "Scan", "filename": "scan.pdf",
           "media_type": "application/pdf", "path": path}
    return {"attachments-TOTAL_FORMS": 1, "attachments-INITIAL_FORMS": 0,
            **{f"attachments-0-{name}": value for name, value in row.items()}}


@pytest.mark.parametrize("record_id", ["../x", "a/b", "<script>", ".hidden", "a b", "-x"])
def test_change_form_refuses_a_record_id_no_importer_takes(curator_client, document, record_id):
    before = model_to_dict(document)
    status, page = _post_document(curator_client, document,
                                  admin_form_data(document, record_id=record_id, title="Changed"))
    assert status == 200
    assert "is not a record ID: up to 200 ASCII letters, digits" in page
    assert model_to_dict(Document.objects.get(pk=document.pk)) == before
    assert not Change.objects.exists()


def test_change_form_takes_a_good_record_id(curator_client, document):
    status, page = _post_document(curator_client, document,
                                  admin_form_data(document, record_id="Mao_1950.01-02"))
    assert status == 302, page[:2000]
    assert Document.objects.get(pk=document.pk).record_id == "Mao_1950.01-02"


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "scans/../../secret",
                                  "scans//x.pdf", "C:\\x.pdf", "./x.pdf"])
def test_change_form_refuses_a_file_path_out_of_the_files_directory(curator_client, document, path):
    data = admin_form_data(document, title="Changed") | _attachment_row(path)
    status, page = _post_document(curator_client, document, data)
    assert status == 200
    assert f"{path!r} is not a path inside the archive's files directory" in page
    assert not Attachment.objects.exists()
    assert Document.objects.get(pk=document.pk).title == document.title
    assert not Change.objects.exists()


def test_change_form_takes_a_file_path_inside_the_files_directory(curator_client, document):
    data = admin_form_data(document) | _attachment_row("scans/110390.pdf")
    status, page = _post_document(curator_client, document, data)
    assert status == 302, page[:2000]
    assert list(Attachment.objects.values_list("path", flat=True)) == ["scans/110390.pdf"]


@pytest.mark.parametrize("key", ["a/b", "..", "../mao", "mao zedong", "mao?x", "100%", "a\\b"])
def test_authority_form_refuses_a_key_that_cannot_name_a_page(curator_client, authority, key):
    before = model_to_dict(authority)
    response = curator_client.post(f"/admin/records/authority/{authority.pk}/change/",
                                 authority_form_data(authority, key=key, sort_name="Changed"))
    assert response.status_code == 200
    assert "is not an authority ID: up to 200 characters, without" in html.unescape(
        response.content.decode())
    assert model_to_dict(Authority.objects.get(pk=authority.pk)) == before


def test_authority_form_takes_a_key_of_any_letters(curator_client, authority):
    response = curator_client.post(f"/admin/records/authority/{authority.pk}/change/",
                                 authority_form_data(authority, key="máo-zédōng.1"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Authority.objects.get(pk=authority.pk).key == "máo-zédōng.1"
