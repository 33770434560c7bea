"""The review screen through the app (login, permission, queue, filters, judgments) and `archivist links`."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import Permission, User
from reversion.models import Version

from archivist.cli.main import cli
from archivist.curation import review
from archivist.enrich.services import enrich_documents
from archivist.records.models import Change, Document, Link
from archivist.records.recordformat import RecordError, read_document
from archivist.records.services import save_document
from archivist.web.counts import ensure_fresh

URL = "/curate/review/"
HOSTILE = '<script>alert("x")</script> & "quotes"'


@pytest.fixture
def proposals(full_record):
    """The reference record enriched (Molotov and Mikoyan proposed), beside a draft document that names
    Molotov in a hostile text."""
    save_document(read_document({
        "type": "document", "record_id": "draft-1", "title": f"Secret draft {HOSTILE}", "date": "1950-02-01",
        "status": "draft", "text_language": "English",
        "text": f"Opening words. Talks with Molotov went on {HOSTILE} all night. "
                "Later J. Smith saw Molotov off.\n\nEnd."}))
    enrich_documents()
    ensure_fresh()
    return full_record


def link(record_id: str, key: str) -> Link:
    return Link.objects.select_related("authority", "document").get(document__record_id=record_id,
                                                                    authority__key=key)


def _user(name: str, *permissions: str) -> User:
    user = User.objects.create_user(name, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="records",
                                                         codename__in=permissions))
    return user


@pytest.fixture
def editor(client, db):
    user = _user("editor", "change_link", "view_link")
    client.force_login(user)
    return user


def test_anonymous_is_sent_to_the_login_page(client, proposals):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == f"/admin/login/?next={URL}"
    response = client.post(URL, {"accept": str(link(proposals, "molotov-vyacheslav").pk)})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert link(proposals, "molotov-vyacheslav").status == "proposed"


def test_a_user_who_may_not_judge_links_is_refused(client, proposals):
    client.force_login(_user("reader", "view_document", "view_link"))
    response = client.get(URL)
    assert response.status_code == 403 and b"Secret draft" not in response.content
    response = client.post(URL, {"accept": str(link(proposals, "molotov-vyacheslav").pk)})
    assert response.status_code == 403
    assert link(proposals, "molotov-vyacheslav").status == "proposed"


def test_the_queue_shows_each_proposal_with_its_sentence_marked(client, editor, proposals):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="review-item"') == Link.objects.filter(status="proposed").count() >= 3
    molotov = link(proposals, "molotov-vyacheslav")
    assert f'id="link-{molotov.pk}"' in page
    assert "Molotov, Vyacheslav" in page and molotov.authority.dates in page
    assert f"{molotov.confidence:.2f}" in page
    assert "<mark>Molotov</mark>" in page
    assert re.search(r"<blockquote class=\"passage\">[^<]*<mark>Molotov</mark>", page)


def test_a_draft_is_shown_to_curators_with_its_status_and_hostile_text_escaped(client, editor, proposals):
    page = client.get(URL, {"document": "draft-1"}).content.decode()
    assert "Secret draft" in page and '<span class="badge">Draft</span>' in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Talks with <mark>Molotov</mark> went on" in page
    assert "Later J. Smith saw <mark>Molotov</mark> off." in page  # "J." ends no sentence
    assert "/documents/draft-1" not in page  # no public page to link to


def test_sentences_are_cut_to_the_sentence_and_marked(proposals):
    found = review.evidence([link("draft-1", "molotov-vyacheslav")])
    evidence = next(iter(found.values()))
    assert evidence.mentions == 2
    assert [p.text for p in evidence.passages] == [f"Talks with Molotov went on {HOSTILE} all night.",
                                                   "Later J. Smith saw Molotov off."]
    assert evidence.passages[1].parts == (("Later J. Smith saw ", False), ("Molotov", True), (" off.", False))


def test_a_long_sentence_is_cut_either_side_of_the_name(proposals):
    words = " ".join(["word"] * 200)
    save_document(read_document({"type": "document", "record_id": "long-1", "title": "Long", "date": "1950",
                                 "text_language": "English", "text": f"{words} Molotov {words}"}))
    enrich_documents(["long-1"])
    (passage,) = review.evidence([link("long-1", "molotov-vyacheslav")]).popitem()[1].passages
    assert passage.cut_before and passage.cut_after
    before, name, after = passage.parts
    assert name == ("Molotov", True) and len(before[0]) <= review.REACH and len(after[0]) <= review.REACH


def test_a_judgment_without_the_csrf_token_is_refused(editor, proposals):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(URL, {"accept": str(link(proposals, "molotov-vyacheslav").pk)}).status_code == 403
    assert link(proposals, "molotov-vyacheslav").status == "proposed"


def test_filters(client, editor, proposals):
    def shown(**query) -> set[tuple[str, str]]:
        page = client.get(URL, query).content.decode()
        ids = [int(i) for i in re.findall(r'id="link-(\d+)"', page)]
        return {(lk.document.record_id, lk.authority.key) for lk in Link.objects.filter(pk__in=ids)
                .select_related("document", "authority")}

    everything = shown()
    assert ("draft-1", "molotov-vyacheslav") in everything and ("110390", "mikoyan-anastas") in everything
    assert shown(document="draft-1") == {("draft-1", "molotov-vyacheslav")}
    assert {key for _, key in shown(authority="person/molotov-vyacheslav")} == {"molotov-vyacheslav"}
    assert shown(authority="molotov-vyacheslav") == shown(authority="person/molotov-vyacheslav")
    assert shown(authority="place/molotov-vyacheslav") == set()
    places = shown(kind="place")
    assert places and all(Link.objects.get(document__record_id=d, authority__key=k).authority.kind == "place"
                          for d, k in places)
    # The reference record is held by a collection within the CCA: the archive holds it too.
    in_archive = shown(collection="archive/chinese-communist-party-central-archives-cca")
    assert in_archive and {d for d, _ in in_archive} == {"110390"}
    assert shown(collection="topic/sino-soviet-relations") == {p for p in everything if p[0] == "110390"}
    confidences = [lk.confidence for lk in Link.objects.filter(status="proposed")]
    middle = sorted(confidences)[len(confidences) // 2]
    high = shown(min_confidence=middle)
    assert high == {(lk.document.record_id, lk.authority.key) for lk in Link.objects.filter(
        status="proposed", confidence__gte=middle).select_related("document", "authority")}
    assert shown(max_confidence=middle) | high == everything


def test_sort_by_confidence(client, editor, proposals):
    def order(sort: str) -> list[float]:
        page = client.get(URL, {"order": sort}).content.decode()
        ids = [int(i) for i in re.findall(r'id="link-(\d+)"', page)]
        confidence = dict(Link.objects.filter(pk__in=ids).values_list("pk", "confidence"))
        return [confidence[i] for i in ids]

    assert order("-confidence") == sorted(order("-confidence"), reverse=True)
    assert order("confidence") == sorted(order("confidence"))
    assert order("") == order("-confidence")


@pytest.mark.parametrize("query", [
    {"min_confidence": "abc"}, {"min_confidence": "nan"}, {"max_confidence": "inf"}, {"max_confidence": "2"},
    {"kind": "topic"}, {"kind": "<b>"}, {"collection": "topic/nowhere"}, {"order": "id; DROP TABLE"},
    {"document": "x" * 500}, {"authority": "\x00"}])
def test_hostile_filters_are_refused_with_400(client, editor, proposals, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert b'class="review-item"' not in response.content


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": "-1"}, {"page": "99999"},
                                   {"document": "nothing-here"}, {"authority": "../../etc"}])
def test_odd_but_harmless_queries_show_a_page(client, editor, proposals, query):
    assert client.get(URL, query).status_code == 200


def test_accept_one_shows_at_once_on_the_public_pages(client, editor, proposals):
    molotov = link(proposals, "molotov-vyacheslav")
    assert 'href="/people/molotov-vyacheslav"' not in client.get("/documents/110390").content.decode()
    assert client.get("/people/molotov-vyacheslav").status_code == 404
    target = f"{URL}?document=110390&order=confidence"
    response = client.post(target, {"accept": str(molotov.pk)})
    assert response.status_code == 302 and response["Location"] == target
    assert link(proposals, "molotov-vyacheslav").status == "accepted"
    followed = client.get(target).content.decode()
    assert "Accepted 1 link: Molotov, Vyacheslav Mikhailovich in 110390." in followed
    assert f'id="link-{molotov.pk}"' not in followed
    assert 'href="/people/molotov-vyacheslav"' in client.get("/documents/110390").content.decode()
    person = client.get("/people/molotov-vyacheslav")
    assert person.status_code == 200 and "/documents/110390" in person.content.decode()


def test_reject_one_keeps_it_off_the_public_pages(client, editor, proposals):
    mikoyan = link(proposals, "mikoyan-anastas")
    changes = Change.objects.count()
    assert client.post(URL, {"reject": str(mikoyan.pk)}).status_code == 302
    assert link(proposals, "mikoyan-anastas").status == "rejected"
    assert Change.objects.filter(record_id="110390").count() and Change.objects.count() == changes + 1
    assert 'href="/people/mikoyan-anastas"' not in client.get("/documents/110390").content.decode()
    assert client.get("/people/mikoyan-anastas").status_code == 404


def test_accept_many_at_once_in_one_recorded_change(client, editor, proposals):
    chosen = [link(proposals, "molotov-vyacheslav"), link("draft-1", "molotov-vyacheslav"),
              link(proposals, "mikoyan-anastas")]
    response = client.post(URL, {"accept": "selected", "link": [str(c.pk) for c in chosen]}, follow=True)
    assert "Accepted 3 links" in response.content.decode()
    assert {link(c.document.record_id, c.authority.key).status for c in chosen} == {"accepted"}
    revision = Version.objects.get_for_model(Document).filter(
        object_id=str(chosen[1].document_id)).order_by("-pk").first().revision
    assert revision.user == editor
    assert revision.comment.startswith("Accepted 3 links on the review screen: 110390 → person/")
    documents = revision.version_set.filter(content_type__model="document")
    assert set(documents.values_list("object_id", flat=True)) == {str(c.document_id) for c in chosen}


def test_reject_selected_with_nothing_selected_changes_nothing(client, editor, proposals):
    response = client.post(URL, {"reject": "selected"}, follow=True)
    assert "Nothing was changed: no links chosen." in response.content.decode()
    assert not Link.objects.filter(status="rejected").exists()


def test_a_withdrawn_or_curated_link_changes_nothing(client, editor, proposals):
    curated = Link.objects.filter(document__record_id=proposals, status="curated").first()
    molotov = link(proposals, "molotov-vyacheslav")
    response = client.post(URL, {"accept": "selected", "link": [str(molotov.pk), str(curated.pk), "999999"]},
                           follow=True)
    page = response.content.decode()
    assert f"Nothing was changed: no proposed link {curated.pk}, 999999" in page
    assert link(proposals, "molotov-vyacheslav").status == "proposed"


@pytest.mark.parametrize("data", [{"accept": "abc"}, {"accept": "1", "reject": "1"}, {"link": "1"},
                                  {"accept": "selected", "link": ["1", "x"]}, {"accept": "１"},
                                  {"accept": "9" * 40}])
def test_malformed_judgments_are_refused_with_400(client, editor, proposals, data):
    assert client.post(URL, data).status_code == 400
    assert not Link.objects.filter(status__in=["accepted", "rejected"]).exists()


def test_judge_refuses_other_statuses(proposals):
    with pytest.raises(RecordError, match="accepted or rejected"):
        review.judge([link(proposals, "mikoyan-anastas").pk], "curated")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_links_list_shows_the_sentences(proposals):
    result = run("links", "list", "draft-1")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.output.splitlines()[0])
    assert entry["id"] == "molotov-vyacheslav"
    assert entry["sentences"] == [f"Talks with Molotov went on {HOSTILE} all night.",
                                  "Later J. Smith saw Molotov off."]


def test_links_accept_is_recorded_as_the_command(proposals):
    result = run("links", "accept", proposals, "person/molotov-vyacheslav")
    assert result.exit_code == 0, result.output
    assert link(proposals, "molotov-vyacheslav").status == "accepted"
    version = Version.objects.get_for_model(Document).filter(object_id=str(
        Document.objects.get(record_id=proposals).pk)).first()
    assert re.match(r"Accepted 1 link with archivist .* \(command line, \S+\): 110390 → "
                    r"person/molotov-vyacheslav", version.revision.comment)
    assert run("links", "reject", proposals, "person/nobody").exit_code == 1
