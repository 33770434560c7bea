"""Names typed in a query also find the other names of their authority record."""

import threading

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


def test_the_table_of_names_is_kept_until_the_database_changes_it(archive, put):
    from archivist.records.services import set_status
    from archivist.search.indexer import position
    from archivist.search.names import current_table, name_key

    table = current_table(position())
    assert current_table(position()) is table  # another index commit, nothing changed: kept
    put({"type": "person", "id": "gromyko", "name": "Gromyko, Andrei", "variants": ["Громыко"]},
        {"record_id": "linked", "title": "Cable", "text": "Met.", "associated_people_and_organizations":
         ["Zhou, Enlai"]})
    table = current_table(position())
    assert name_key("Громыко") in table and name_key("Chou En-lai") in table
    set_status("linked", "restricted")  # its only document no longer published: Zhou's names go
    assert name_key("Chou En-lai") not in current_table(position())


def test_threads_wanting_a_new_table_of_names_wait_for_one_reading(transactional_db):
    """Four threads of a process at a new index commit: one reads the table, the others get that one."""
    from django.db import connection

    from archivist.records.recordformat import read_authority
    from archivist.records.services import save_authority
    from archivist.search.names import current_table, name_key

    save_authority(read_authority(ZHOU))
    start, tables = threading.Barrier(4), []

    def search_thread() -> None:
        try:
            start.wait(10)
            tables.append(current_table(0))
        finally:
            connection.close()

    threads = [threading.Thread(target=search_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(tables) == 4 and all(table is tables[0] for table in tables)
    assert name_key("Chou En-lai") in tables[0]
