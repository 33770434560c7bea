"""Names typed in a query also find the other names of their authority record."""

import pytest

from archivist.search.service import search

ZHOU = {"type": "person", "id": "zhou-enlai", "name": "Zhou, Enlai", "display_name": "Zhou Enlai",
        "variants": ["Chou En-lai", "周恩来"]}
MOLOTOV = {"type": "person", "id": "molotov", "name": "Molotov, Vyacheslav",
           "variants": ["Молотов", "Molotov"]}


@pytest.fixture
def archive(put):
    put(ZHOU, MOLOTOV,
        {"record_id": "unlinked", "title": "Cable", "text": "Premier Chou En-lai arrived on the treaty."},
        {"record_id": "chinese", "title": "电报", "text": "周恩来总理抵达莫斯科。"},
        {"record_id": "russian", "title": "Запись", "text": "Молотов принял посла."},
        {"record_id": "other", "title": "Cable", "text": "Zhou and Enlai are two words here; treaty."})


def ids(results) -> list[str]:
    return sorted(hit.record_id for hit in results.hits)


def test_a_name_finds_documents_using_its_variants_without_links(archive):
    results = search("Zhou Enlai")
    assert ids(results) == ["chinese", "unlinked"]
    assert "Chou En-lai" in results.notices[0]
    assert ids(search("Chou En-lai treaty")) == ["unlinked"]


def test_a_quoted_or_single_word_name_expands_too(archive):
    assert ids(search('"Vyacheslav Molotov"')) == ["russian"]
    assert ids(search("Molotov")) == ["russian"]


def test_words_that_are_not_a_name_stay_words(archive):
    results = search("Zhou treaty")
    assert ids(results) == ["other"]
    assert results.notices == []
