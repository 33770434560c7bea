"""Roles in the admin, for each role and action: editors describe documents and authority records and
judge links, but neither publish, restrict nor delete; publishers also publish and restrict; admins
also manage people; anonymous visitors are sent to the login page. And the roles' services."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from reversion.models import Revision, Version

from archivist.curation.history import add_documents, recorded
from archivist.curation.publishing import set_statuses
from archivist.curation.roles import PeopleError, add_user, list_users, role_of, set_role
from archivist.records.models import Authority, Change, Document, Link
from archivist.records.recordformat import RecordError
from tests.records.test_admin import admin_form_data

PASSWORD = "quiet-archive-lamp-42"
DOCUMENTS = "/admin/records/document/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's quick hasher: the real one takes most of a second per password, on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def login(client, db):
    """Sign the test client in as a new person holding the role; returns the client."""
    def as_role(role: str):
        add_user(role, role, PASSWORD)
        client.force_login(get_user_model().objects.get(username=role))
        return client
    return as_role


@pytest.fixture
def document(full_record) -> Document:
    return Document.objects.get(record_id=full_record)


def _status(document: Document) -> str:
    return Document.objects.get(pk=document.pk).status


def _latest_revision() -> int:
    """The last revision's id: the load of the reference record is one (an import is recorded)."""
    return Revision.objects.order_by("pk").values_list("pk", flat=True).last() or 0


def _new_document_form(**fields) -> dict:
    data = {"record_id": "new-1", "title": "A letter found in a drawer"}
    for prefix in ("texts", "notes", "attachments", "links"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | fields


# The groups and the services -----------------------------------------------------------------------

def test_groups_hold_the_roles_permissions(db):
    editor = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    publisher = set(Group.objects.get(name="publisher").permissions.values_list("codename", flat=True))
    assert {"change_document", "add_document", "change_authority", "change_link", "delete_link",
            "delete_text", "change_variantname"} <= editor
    assert not {"delete_document", "delete_authority", "publish_document"} & editor
    assert publisher - editor == {"publish_document", "merge_authority"}


def test_add_user_gives_the_role_and_checks_the_password(db):
    add_user("ada", "editor", PASSWORD)
    add_user("grace", "admin", PASSWORD)
    ada = get_user_model().objects.get(username="ada")
    assert ada.is_staff and not ada.is_superuser and ada.check_password(PASSWORD)
    assert ada.has_perm("records.change_document") and not ada.has_perm("records.publish_document")
    assert get_user_model().objects.get(username="grace").is_superuser
    assert [(p.name, p.role, p.last_login) for p in list_users()] == [
        ("ada", "editor", "never"), ("grace", "admin", "never")]


@pytest.mark.parametrize(("name", "role", "password", "message"), [
    ("bob", "editor", "password", "too common"),
    ("bob", "editor", "12345678901", "entirely numeric"),
    ("bob", "editor", "bob-bob", "too short"),
    ("bob", "curator", PASSWORD, "unknown role 'curator'"),
    ("bob smith/", "editor", PASSWORD, "Enter a valid username"),
    ("ada", "editor", PASSWORD, "already exists"),
])
def test_add_user_refuses_bad_input_and_stores_nothing(db, name, role, password, message):
    add_user("ada", "editor", PASSWORD)
    with pytest.raises(PeopleError, match=message):
        add_user(name, role, password)
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["ada"]


def test_set_role_moves_a_person_between_roles(db):
    add_user("ada", "editor", PASSWORD)
    add_user("grace", "admin", PASSWORD)
    set_role("ada", "publisher")
    assert role_of(get_user_model().objects.get(username="ada")) == "publisher"
    assert get_user_model().objects.get(username="ada").groups.count() == 1
    set_role("ada", "admin")
    set_role("grace", "editor")
    grace = get_user_model().objects.get(username="grace")
    assert not grace.is_superuser and role_of(grace) == "editor"
    with pytest.raises(PeopleError, match="no such user"):
        set_role("nobody", "editor")


def test_the_only_admin_stays_admin(db):
    add_user("grace", "admin", PASSWORD)
    with pytest.raises(PeopleError, match="only admin"):
        set_role("grace", "publisher")
    assert get_user_model().objects.get(username="grace").is_superuser


def test_set_statuses_is_all_or_nothing_and_recorded(full_record):
    before = _latest_revision()
    with pytest.raises(RecordError, match="no document 'nope'"):
        set_statuses([full_record, "nope"], "draft", "test")
    assert Document.objects.get(record_id=full_record).status == "published"
    set_statuses([full_record], "draft", "withdrawn for checking")
    assert Document.objects.get(record_id=full_record).status == "draft"
    assert Revision.objects.get(pk__gt=before).comment == "withdrawn for checking"


# Editors ---------------------------------------------------------------------------------------------

def test_editor_changes_a_description_but_not_its_status(login, document):
    client = login("editor")
    response = client.post(f"{DOCUMENTS}{document.pk}/change/",
                           admin_form_data(document, summary="Described anew.", status="draft",
                                           embargoed_until="2031-01-01"))
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = Document.objects.get(pk=document.pk)
    assert (changed.summary, changed.status, changed.embargoed_until) == (
        "Described anew.", "published", None)
    assert Version.objects.get_for_object(changed).latest("pk").revision.user.username == "editor"


def test_editor_sees_status_as_text_not_as_a_field(login, document):
    page = login("editor").get(f"{DOCUMENTS}{document.pk}/change/").content.decode()
    assert 'name="summary"' in page and 'name="status"' not in page and 'name="embargoed_until"' not in page


def test_editor_neither_sees_nor_runs_the_publishing_actions(login, document):
    client = login("editor")
    page = client.get(DOCUMENTS).content.decode()
    assert 'value="publish"' not in page and 'value="restrict"' not in page
    assert 'value="delete_selected"' not in page
    for action in ("restrict", "withdraw", "delete_selected"):
        client.post(DOCUMENTS, {"action": action, "_selected_action": [document.pk], "post": "yes"})
    assert _status(document) == "published"


def test_editor_cannot_delete_documents_or_authority_records(login, document):
    client = login("editor")
    authority = Authority.objects.filter(links__document=document).first()
    assert client.post(f"{DOCUMENTS}{document.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/records/authority/{authority.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()
    assert Authority.objects.filter(pk=authority.pk).exists()


def test_editor_describes_an_authority_record_and_its_variant_names(login, document):
    authority = Authority.objects.get(key="zhou-enlai")
    variants = list(authority.variants.all())
    data = {"kind": authority.kind, "key": authority.key, "sort_name": authority.sort_name,
            "display_name": "Zhou Enlai (1898-1976)", "dates": authority.dates,
            "description": authority.description, "identifiers": json.dumps(authority.identifiers),
            "variants-TOTAL_FORMS": len(variants) + 1, "variants-INITIAL_FORMS": len(variants),
            "merged-TOTAL_FORMS": 0, "merged-INITIAL_FORMS": 0,
            **{f"variants-{n}-{name}": value for n, variant in enumerate(variants)
               for name, value in (("id", variant.pk), ("authority", authority.pk), ("name", variant.name),
                                   ("origin", variant.origin), ("scheme", variant.scheme))},
            f"variants-{len(variants)}-name": "Tschou Enlai", f"variants-{len(variants)}-origin": "curated",
            f"variants-{len(variants)}-authority": authority.pk}
    response = login("editor").post(f"/admin/records/authority/{authority.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Authority.objects.get(pk=authority.pk).display_name == "Zhou Enlai (1898-1976)"
    assert authority.variants.filter(name="Tschou Enlai").exists()


def test_a_document_an_editor_creates_is_a_draft(login, db):
    response = login("editor").post(f"{DOCUMENTS}add/", _new_document_form(status="published"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.get(record_id="new-1").status == "draft"


def test_editor_judges_a_link_in_the_links_list(login, document):
    client = login("editor")
    link = document.links.first()
    Change.objects.all().delete()
    response = client.post(f"/admin/records/link/{link.pk}/change/", {"status": "rejected"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Link.objects.get(pk=link.pk).status == "rejected"
    assert list(Change.objects.values_list("record_id", "action")) == [(document.record_id, "upsert")]
    revision = Version.objects.get_for_object(document).latest("pk").revision
    assert revision.user.username == "editor" and "rejected" in revision.comment


def test_editor_cannot_bring_back_an_old_status_by_restoring_a_version(login, document):
    with recorded("as published"):
        add_documents([document.pk])
    version = Version.objects.get_for_object(document).latest("pk")
    set_statuses([document.record_id], "restricted", "restricted for checking")
    client = login("editor")
    response = client.post(f"{DOCUMENTS}{document.pk}/history/{version.pk}/restore/")
    assert response.status_code == 302
    assert _status(document) == "restricted"
    assert "status" in Revision.objects.order_by("pk").last().comment  # says what was kept


def test_editor_cannot_manage_people(login, db):
    client = login("editor")
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.post("/admin/auth/user/add/", {"username": "eve", "password1": PASSWORD,
                                                  "password2": PASSWORD}).status_code == 403
    assert not get_user_model().objects.filter(username="eve").exists()


# Publishers ------------------------------------------------------------------------------------------

def test_publisher_publishes_and_restricts_with_the_actions_recorded(login, document):
    client = login("publisher")
    assert 'value="publish"' in client.get(DOCUMENTS).content.decode()
    Change.objects.all().delete()
    before = _latest_revision()
    response = client.post(DOCUMENTS, {"action": "restrict", "_selected_action": [document.pk]})
    assert response.status_code == 302
    assert _status(document) == "restricted"
    client.post(DOCUMENTS, {"action": "withdraw", "_selected_action": [document.pk]})
    assert _status(document) == "draft"
    client.post(DOCUMENTS, {"action": "publish", "_selected_action": [document.pk]})
    assert _status(document) == "published"
    assert Change.objects.filter(record_id=document.record_id).count() == 3
    revisions = Revision.objects.filter(pk__gt=before).order_by("pk")
    assert [r.comment for r in revisions] == ["Restricted 1 document in the admin",
                                              "Withdrew to draft 1 document in the admin",
                                              "Published 1 document in the admin"]
    assert {r.user.username for r in revisions} == {"publisher"}


def test_publisher_sets_status_and_embargo_in_the_form(login, document):
    client = login("publisher")
    response = client.post(f"{DOCUMENTS}{document.pk}/change/",
                           admin_form_data(document, status="restricted", embargoed_until="2031-01-01"))
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = Document.objects.get(pk=document.pk)
    assert (changed.status, str(changed.embargoed_until)) == ("restricted", "2031-01-01")


@pytest.mark.parametrize(("status", "day", "message"), [
    ("published", "2031-01-01", "Only a restricted document can wait"),
    ("restricted", "2001-01-01", "2001-01-01 is not after today"),
])
def test_an_embargo_is_a_restricted_documents_day_to_come(login, document, status, day, message):
    response = login("publisher").post(f"{DOCUMENTS}{document.pk}/change/",
                                       admin_form_data(document, status=status, embargoed_until=day))
    assert response.status_code == 200 and message in response.content.decode()
    changed = Document.objects.get(pk=document.pk)
    assert (changed.status, changed.embargoed_until) == ("published", None)


def test_a_document_a_publisher_creates_has_the_status_chosen(login, db):
    response = login("publisher").post(f"{DOCUMENTS}add/", _new_document_form(status="published"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.get(record_id="new-1").status == "published"


def test_publisher_cannot_delete_documents_or_manage_people(login, document):
    client = login("publisher")
    assert client.post(f"{DOCUMENTS}{document.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()
    assert client.get("/admin/auth/user/").status_code == 403


# Admins and anonymous visitors -----------------------------------------------------------------------

def test_admin_manages_people_and_deletes_documents(login, document):
    client = login("admin")
    response = client.post("/admin/auth/user/add/", {"username": "eve", "password1": PASSWORD,
                                                     "password2": PASSWORD, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_user_model().objects.filter(username="eve").exists()
    assert client.post(f"{DOCUMENTS}{document.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("path", [DOCUMENTS, "/admin/records/authority/", "/admin/records/link/",
                                  "/admin/auth/user/", f"{DOCUMENTS}add/", f"{DOCUMENTS}1/history/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, full_record, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_anonymous_posts_change_nothing(client, document):
    response = client.post(DOCUMENTS, {"action": "withdraw", "_selected_action": [document.pk]})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert _status(document) == "published"


# The curators' pages outside the admin ----------------------------------------------------------------

@pytest.mark.parametrize("role", ["editor", "publisher", "admin"])
def test_every_role_opens_the_review_queue_and_a_history(login, document, role):
    client = login(role)
    assert client.get("/curate/review/").status_code == 200
    assert client.get(f"{DOCUMENTS}{document.pk}/history/").status_code == 200


def test_an_account_without_a_role_reaches_no_curators_page(client, document):
    add_user("nobody", "editor", PASSWORD)
    nobody = get_user_model().objects.get(username="nobody")
    nobody.groups.clear()  # as an account made in the admin's Users page, given no role yet
    client.force_login(nobody)
    assert role_of(nobody) == "none"
    assert client.get("/curate/review/").status_code == 403
    assert client.get(DOCUMENTS).status_code == 403
    assert client.get(f"{DOCUMENTS}{document.pk}/history/").status_code == 403


def test_anonymous_visitors_are_sent_from_the_review_queue_to_the_login_page(client, db):
    response = client.get("/curate/review/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ["editor", "publisher", "admin"])
def test_the_admin_leads_curators_to_the_review_screen(login, document, role):
    client = login(role)
    assert 'href="/curate/review/"' in client.get("/admin/").content.decode()
    form = client.get(f"/admin/records/document/{document.pk}/change/").content.decode()
    assert 'href="/curate/review/?document=110390"' in form


def test_the_review_screen_is_not_offered_to_an_account_without_a_role(client, document):
    user = get_user_model().objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(user)
    assert "/curate/review/" not in client.get("/admin/").content.decode()
