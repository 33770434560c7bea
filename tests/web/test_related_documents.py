"""A document's related documents, on its page and in its JSON twin: more like it (the search index's
MoreLikeThis) and the other documents of the same people in the same weeks. Published ones only."""

from __future__ import annotations

import html

import pytest

from archivist.records.services import set_status
from archivist.search.indexer import sync
from tests.web.conftest import index_writer_held, judge_as_the_admin

TREATY = ("The treaty of alliance settles the Changchun railway, the naval base at Lushun and the port of "
          "Dairen; the credit of three hundred million dollars is agreed.")


def related(client, record_id: str, kind: str) -> list[str]:
    """The record IDs a document's twin lists under `kind`, checked against its page."""
    twin = client.get(f"/documents/{record_id}.json").json()[kind]
    page = html.unescape(client.get(f"/documents/{record_id}").content.decode())
    for entry in twin:
        assert f'href="/documents/{entry["record_id"]}"' in page
    return [entry["record_id"] for entry in twin]


@pytest.fixture
def treaty_documents(add_document):
    add_document("base", title="Treaty terms", text=TREATY)
    add_document("close", title="Treaty draft", text=TREATY.replace("three hundred million", "a loan of"))
    add_document("far", title="Timetable", text="A note on the Changchun railway.")
    add_document("unrelated", title="Weather", text="Snow in Harbin.")
    # Word for word the document itself: the best match, were they public.
    add_document("same-restricted", title="Treaty terms", text=TREATY, status="restricted")
    add_document("same-draft", title="Treaty terms", text=TREATY, status="draft")
    sync()


def test_more_like_this_lists_published_documents_most_alike_first(client, treaty_documents):
    assert related(client, "base", "more_like_this") == ["close", "far"]
    page = client.get("/documents/base").content.decode()
    assert "More like this" in page
    assert "same-restricted" not in page and "same-draft" not in page


def test_more_like_this_holds_five_at_most(client, add_document):
    add_document("base", title="Treaty terms", text=TREATY)
    for n in range(8):
        add_document(f"like-{n}", title=f"Copy {n}", text=TREATY)
    sync()
    assert len(related(client, "base", "more_like_this")) == 5


def test_more_like_this_leaves_out_a_document_withdrawn_while_the_index_is_behind(client, treaty_documents):
    with index_writer_held():
        set_status("close", "draft")
        assert related(client, "base", "more_like_this") == ["far"]


def test_no_more_like_this_when_nothing_shares_its_words(client, treaty_documents):
    assert related(client, "unrelated", "more_like_this") == []
    assert "More like this" not in client.get("/documents/unrelated").content.decode()


ZHOU, STALIN, MAO = "Zhou, Enlai", "Stalin, Joseph", "Mao, Zedong"


@pytest.fixture
def moscow_documents(add_document):
    add_document("talks", date="1950-02-01", authors=[MAO],
                 associated_people_and_organizations=[ZHOU, STALIN])
    add_document("both", date="1950-02-12", associated_people_and_organizations=[ZHOU, STALIN])
    add_document("zhou-near", date="1950-02-03", links=[  # a link the name linker made, a curator accepted
        {"type": "person", "id": "zhou-enlai", "role": "associated", "status": "accepted"}])
    add_document("zhou-later", date="1950-02-20", associated_people_and_organizations=[ZHOU])
    add_document("zhou-in-april", date="1950-04-01", associated_people_and_organizations=[ZHOU])
    add_document("others", date="1950-02-01", associated_people_and_organizations=["Li, Fuchun"])
    # More people in common and the same day: the best, were they public.
    for status in ("restricted", "draft"):
        add_document(f"all-{status}", date="1950-02-01", authors=[MAO], status=status,
                     associated_people_and_organizations=[ZHOU, STALIN])


def test_same_people_same_weeks_most_people_in_common_then_nearest(client, moscow_documents):
    assert related(client, "talks", "same_people_same_weeks") == ["both", "zhou-near", "zhou-later"]
    twin = client.get("/documents/talks.json").json()["same_people_same_weeks"]
    assert [p["name"] for p in twin[0]["people"]] == [ZHOU, STALIN]
    assert twin[1]["people"] == [{"name": ZHOU, "url": "/people/zhou-enlai"}]
    page = client.get("/documents/talks").content.decode()
    assert "The same people in the same weeks" in page
    assert "all-restricted" not in page and "all-draft" not in page


def test_same_people_same_weeks_holds_five_at_most(client, add_document):
    add_document("talks", date="1950-02-01", associated_people_and_organizations=[ZHOU])
    for day in range(10, 18):
        add_document(f"zhou-{day}", date=f"1950-02-{day}", associated_people_and_organizations=[ZHOU])
    assert related(client, "talks", "same_people_same_weeks") == [f"zhou-{day}" for day in range(10, 15)]


def test_a_document_dated_only_by_its_year_has_no_same_weeks(client, moscow_documents, add_document):
    add_document("in-1950", date="1950", associated_people_and_organizations=[ZHOU, STALIN])
    assert related(client, "in-1950", "same_people_same_weeks") == []


def test_same_people_same_weeks_while_the_listing_is_behind(client, moscow_documents):
    set_status("both", "restricted")  # the listing still holds it until the tables are refreshed
    judge_as_the_admin("zhou-near", "person/zhou-enlai", "rejected")
    assert related(client, "talks", "same_people_same_weeks") == ["zhou-later"]


def test_related_documents_cost_the_same_few_queries(client, moscow_documents, add_document,
                                                      django_assert_max_num_queries):
    client.get("/documents/talks")
    with django_assert_max_num_queries(13):
        assert client.get("/documents/talks").status_code == 200
    for day in range(10, 28):
        add_document(f"more-{day}", date=f"1950-02-{day}", associated_people_and_organizations=[ZHOU])
    with django_assert_max_num_queries(13):
        assert client.get("/documents/talks").status_code == 200


def test_more_like_this_after_documents_were_replaced_in_the_index(client, treaty_documents, add_document):
    """A word's document frequency counts replaced documents until segments merge: more than the
    documents in the index, which Tantivy's MoreLikeThis must not be given (it panicked)."""
    for _ in range(3):
        for record_id in ("base", "close", "far"):
            add_document(record_id, title="Treaty", text=f"{TREATY} Again.")
        sync()
    assert client.get("/documents/base").status_code == 200
    assert sorted(related(client, "base", "more_like_this")) == ["close", "far"]  # alike now
