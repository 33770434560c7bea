"""Atom feeds of newly published documents, read back with an independent parser (feedparser): the
whole archive's, a record's and a search's; published documents only, newest published first."""

import datetime as dt
from importlib import import_module

import feedparser
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from archivist.curation.embargo import release_due
from archivist.curation.publishing import restrict_until_day, set_statuses
from archivist.outbox import catch_up
from archivist.records.models import Document
from archivist.web import feeds

ZHOU = "Zhou, Enlai"


def read_feed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title and feed.feed.updated and ".atom" in feed.feed.id
    for entry in feed.entries:
        assert entry.id == entry.link and entry.link.startswith("http")
        assert entry.title and entry.published and entry.updated >= entry.published
    return feed


def record_ids(feed: feedparser.FeedParserDict) -> list[str]:
    return [entry.link.rsplit("/", 1)[1] for entry in feed.entries]


@pytest.fixture
def published_in_turn(add_document):
    """Three published documents, each published after the one before; a draft, a restricted and an
    embargoed document, all naming Zhou Enlai and the word 'zqfeed'."""
    for record_id in ("first", "second", "third"):
        add_document(record_id, authors=[ZHOU], summary="A zqfeed cable.")
    add_document("draft", status="draft", authors=[ZHOU], summary="A zqfeed draft.")
    add_document("restricted", status="restricted", authors=[ZHOU], summary="A zqfeed secret.")
    add_document("embargoed", authors=[ZHOU], summary="A zqfeed embargo.")
    restrict_until_day(["embargoed"], timezone.localdate() + dt.timedelta(days=30), "embargo")
    catch_up()


def test_archive_feed_lists_published_documents_newest_published_first(client, published_in_turn):
    feed = read_feed(client, "/feed.atom")
    assert record_ids(feed) == ["third", "second", "first"]
    assert feed.entries[0].link == f"{settings.BASE_URL}/documents/third"
    assert feed.entries[0].summary.endswith("A zqfeed cable.")


def test_record_and_search_feeds_leave_out_what_is_not_published(client, published_in_turn):
    assert record_ids(read_feed(client, "/people/zhou-enlai.atom")) == ["third", "second", "first"]
    assert record_ids(read_feed(client, "/search.atom?q=zqfeed")) == ["third", "second", "first"]
    newest = ["third", "second", "first"]
    assert record_ids(read_feed(client, "/search.atom?people=person/zhou-enlai&to=1950")) == newest
    assert record_ids(read_feed(client, "/search.atom?q=zqfeed&from=1951")) == []
    assert record_ids(read_feed(client, "/search.atom?q=secret")) == []


def test_a_document_restricted_after_publication_drops_out_and_comes_back_as_new(client, published_in_turn):
    set_statuses(["second"], Document.Status.RESTRICTED, "withdrawn")
    # Out at once, before the outbox is followed: the feeds read the status itself.
    assert record_ids(read_feed(client, "/feed.atom")) == ["third", "first"]
    catch_up()
    assert Document.objects.get(record_id="second").published_at is None
    for url in ("/feed.atom", "/people/zhou-enlai.atom", "/search.atom?q=zqfeed"):
        assert "second" not in record_ids(read_feed(client, url)), url
    set_statuses(["second", "draft"], Document.Status.PUBLISHED, "published again")
    catch_up()
    assert record_ids(read_feed(client, "/feed.atom"))[2:] == ["third", "first"]


def test_a_document_whose_embargo_ends_comes_first(client, published_in_turn):
    assert release_due(timezone.localdate() + dt.timedelta(days=31)) == ["embargoed"]
    catch_up()
    for url in ("/feed.atom", "/people/zhou-enlai.atom", "/search.atom?q=zqfeed"):
        assert record_ids(read_feed(client, url)) == ["embargoed", "third", "second", "first"], url


def test_a_record_named_only_by_unpublished_documents_has_no_feed(client, add_document):
    add_document("draft", status="draft", authors=["Zqhidden, Person"])
    add_document("public", authors=["Zqshown, Person"])
    assert client.get("/people/zqhidden-person.atom").status_code == 404
    assert client.get("/people/nobody.atom").status_code == 404
    assert record_ids(read_feed(client, "/people/zqshown-person.atom")) == ["public"]


def test_feeds_are_bounded(client, add_document, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    monkeypatch.setattr(feeds, "SEARCH_BATCH", 2)  # the search feed's walk takes two batches
    for number in range(5):
        add_document(f"d{number}", authors=[ZHOU])
    catch_up()
    for url in ("/feed.atom", "/people/zhou-enlai.atom", "/search.atom?q=text"):
        assert record_ids(read_feed(client, url)) == ["d4", "d3", "d2"], url


def test_pages_link_to_their_feeds(client, full_record):
    catch_up()
    for page, feed in (("/", "/feed.atom"), ("/people/mao-zedong", "/people/mao-zedong.atom"),
                       ("/places/china", "/places/china.atom"),
                       ("/search?q=mao&people=person/mao-zedong&page=1&sort=date",
                        "/search.atom?q=mao&amp;people=person%2Fmao-zedong")):
        html = client.get(page).content.decode()
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html, page
        assert f'<a href="{feed}">' in html, page  # a visible link too
    assert "application/atom+xml" not in client.get("/dates").content.decode()
    assert record_ids(read_feed(client, "/places/china.atom")) == [full_record]
    assert record_ids(read_feed(client, "/search.atom?q=mao&people=person/mao-zedong")) == [full_record]


def test_documents_published_before_the_field_take_their_last_change(full_record, add_document):
    add_document("draft", status="draft")
    Document.objects.update(published_at=None)
    import_module("archivist.records.migrations.0010_document_published_at").stamp_published(apps, None)
    published = Document.objects.get(record_id=full_record)
    assert published.published_at == published.modified
    assert Document.objects.get(record_id="draft").published_at is None
