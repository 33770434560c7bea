"""A search whose facets are not counted within ARCHIVIST_FACET_BUDGET_MS answers with its page of hits
and says the facets are left out, instead of holding the request (issue #18: no query that stalls)."""

import threading
from concurrent.futures import wait

from archivist.search import service
from archivist.search.service import FACETS_LEFT_OUT, search
from tests.search.test_facet_counting import index  # noqa: F401  (the fixture)


def _counting_threads_busy():
    """Every facet-counting thread held, as by searches counting facets over nearly every document."""
    release = threading.Event()
    held = [service._WORKERS.submit(release.wait) for _ in range(service._WORKERS._max_workers)]
    return release, held


def test_facets_past_the_budget_are_left_out_and_the_search_says_so(index, client, settings):  # noqa: F811
    settings.SEARCH_FACET_BUDGET_MS = 100
    release, held = _counting_threads_busy()
    try:
        late = search("every")
        answered = client.get("/search.json?q=every").json()
        page = client.get("/search?q=every&people=person/p0").content.decode()
    finally:
        release.set()
        wait(held)
    assert late.total > 50 and len(late.hits) == 20
    assert late.facets == [] and FACETS_LEFT_OUT in late.notices
    assert answered["total"] == late.total and FACETS_LEFT_OUT in answered["notices"]
    assert not any(facet["values"] for facet in answered["facets"])
    assert "The facets are left out" in page and "People: p0" in page  # the choice still named by its label
    settings.SEARCH_FACET_BUDGET_MS = 10_000  # a loaded machine must not make the check below flaky
    counted = search("every")  # the threads free again: the counts come, and no notice
    assert counted.facets and any(f.values for f in counted.facets) and FACETS_LEFT_OUT not in counted.notices


def test_no_budget_waits_for_the_counts(index, settings):  # noqa: F811
    settings.SEARCH_FACET_BUDGET_MS = 0
    release, held = _counting_threads_busy()
    timer = threading.Timer(0.3, release.set)  # the threads come free later than any budget above
    timer.start()
    try:
        results = search("every")
    finally:
        release.set()
        wait(held)
    assert any(f.values for f in results.facets) and FACETS_LEFT_OUT not in results.notices


def test_a_caller_without_a_worker_to_free_waits_for_the_counts(index, settings):  # noqa: F811
    """`archivist search --json` asks with no budget (facet_budget_ms=0) whatever the server's setting."""
    settings.SEARCH_FACET_BUDGET_MS = 50
    release, held = _counting_threads_busy()
    timer = threading.Timer(0.3, release.set)
    timer.start()
    try:
        results = search("every", facet_budget_ms=0)
    finally:
        release.set()
        wait(held)
    assert any(f.values for f in results.facets) and FACETS_LEFT_OUT not in results.notices
