"""A real Chromium (Debian's, through Playwright) against a live server holding the demo archive.

Without Chromium or axe-core the tests are skipped with how to enable them; in CI (CI=true) that is
a failure, so they always run there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ARCHIVIST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HOW_TO_ENABLE = ("install Chromium and axe-core to run them: sudo apt-get install chromium && "
                 "(cd tests/browser && npm ci); or set ARCHIVIST_CHROMIUM to a Chromium binary")


def _missing() -> str:
    if not shutil.which(CHROMIUM):
        return f"no Chromium at {CHROMIUM}"
    if not AXE.exists():
        return f"no axe-core at {AXE}"
    return ""


@pytest.fixture(scope="session")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {missing}")
        pytest.skip(f"browser tests skipped, {missing}: {HOW_TO_ENABLE}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which Django would take for async
    # code; the database work of these tests is plain synchronous code.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=shutil.which(CHROMIUM), headless=True,
                                                  args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        _restore({"DJANGO_ALLOW_ASYNC_UNSAFE": saved})


def _restore(saved: dict[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def own_archive_home():
    """The whole module shares one archive home (set by `site`): the server's index lives there."""


@pytest.fixture(scope="module")
def site(django_db_setup, browser, django_db_blocker, tmp_path_factory):
    """A live server's address, with the demo archive loaded and indexed for the module's tests."""
    with live_site(tmp_path_factory, django_db_blocker, "browser-archive", _load_demo) as url:
        yield url


@contextmanager
def live_site(tmp_path_factory, django_db_blocker, name: str, load: Callable[[], None]) -> Iterator[str]:
    """A live server's address, over an archive home of its own filled by `load`.

    pytest-django's live_server fixture would empty the database after each test, so a module starts
    its own server thread. The data is committed (the server thread must see it) and flushed again
    afterwards.
    """
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    saved = os.environ.get("ARCHIVIST_HOME")
    os.environ["ARCHIVIST_HOME"] = str(tmp_path_factory.mktemp(name))
    try:
        with django_db_blocker.unblock():
            server = LiveServer("localhost")
            load()
            try:
                yield server.url
            finally:
                server.stop()
                call_command("flush", interactive=False, verbosity=0)
    finally:
        _restore({"ARCHIVIST_HOME": saved})


def _load_demo() -> None:
    """The bundled demo collection through the ingest pipeline, as `archivist demo` loads it."""
    from importlib import resources

    from archivist.ingest.pipeline import ingest
    from archivist.outbox import catch_up

    data = resources.files("archivist.demo") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        with resources.as_file(entry) as path:
            for result in ingest([Path(path)]):
                assert result.error is None, result.error
    catch_up()  # the browse tables and the index, as `archivist demo` does


# The demo's document with an original beside its translation (archivist/demo/data).
BILINGUAL = "constitution-of-japan-1946"


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def axe_violations(tab) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations (and best practices) on the page shown."""
    # Evaluated through the DevTools protocol: the site's Content-Security-Policy refuses inline scripts.
    tab.evaluate(AXE.read_text(encoding="utf-8"))
    result = tab.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
