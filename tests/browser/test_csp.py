"""The site and the admin in Chromium under their real Content-Security-Policy, served by `archivist serve`:
nothing is refused, the admin's scripts run, the JSON-LD block stays readable, and a record's history
page restores a version without JavaScript."""

from __future__ import annotations

import subprocess

import pytest

from tests.cli.test_serve import ARCHIVIST, database, start_server, stop_server  # noqa: F401 (a fixture)
from tests.conftest import DEMO_AUTHORITIES, SEED

pytestmark = [pytest.mark.browser]

PASSWORD = "a long passphrase of the curator"
PUBLIC = ["/", "/documents/110390", "/search?q=Mao", "/people", "/dates", "/topics", "/subjects", "/catalog"]
ADMIN = ["/admin/", "/admin/records/document/", "/admin/records/authority/", "/admin/records/authority/add/"]


@pytest.fixture(scope="module")
def served(database, tmp_path_factory):  # noqa: F811 (the fixture imported above)
    server = start_server(tmp_path_factory.mktemp("csp") / "home", database)
    subprocess.run([str(ARCHIVIST), "load", str(DEMO_AUTHORITIES), str(SEED)], env=server.env, check=True,
                   capture_output=True, timeout=120)
    subprocess.run([str(ARCHIVIST), "users", "add", "curator", "--role", "admin"],
                   env={**server.env, "ARCHIVIST_PASSWORD": PASSWORD}, check=True, timeout=60)
    yield f"http://127.0.0.1:{server.port}"
    stop_server(server)


def test_nothing_is_refused_by_the_policy_and_scripts_still_run(browser, served):
    context = browser.new_context(base_url=served)
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(f"{tab.url}: {message.text}")
           if "Content Security Policy" in message.text else None)
    for path in PUBLIC:
        assert tab.goto(path).status == 200, path
    tab.goto("/documents/110390")
    described = tab.evaluate("() => JSON.parse(document.querySelector("
                             "'script[type=\"application/ld+json\"]').textContent)")
    assert described["name"].startswith("Cable, Mao Zedong")

    tab.goto("/admin/login/")
    tab.fill("#id_username", "curator")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    assert tab.url == f"{served}/admin/"
    for path in ADMIN:
        assert tab.goto(path).status == 200, path
    tab.goto("/admin/records/document/")
    tab.check("#action-toggle")  # the admin's actions.js at work
    assert tab.inner_text(".action-counter").startswith("1 of 1 selected")
    context.close()
    assert refused == []


def test_history_page_under_the_policy_and_restoring_without_javascript(browser, served):
    context = browser.new_context(base_url=served)
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    tab.goto("/admin/login/")
    tab.fill("#id_username", "curator")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.goto("/admin/records/document/?q=110390")
    tab.click("th.field-record_id a")
    tab.click("a.historylink")
    assert tab.locator("h2", has_text="Version 1 (the latest)").count() == 1  # the load of the record
    assert "archivist load" in tab.inner_text("#change-history")
    history = tab.url
    assert refused == []

    without_scripts = browser.new_context(base_url=served, java_script_enabled=False,
                                          storage_state=context.storage_state())
    tab = without_scripts.new_page()
    tab.goto(history)
    tab.click("input[value='Restore this version']")
    assert "Restored the version of" in tab.inner_text(".messagelist")
    assert tab.locator("h2", has_text="Version 2 (the latest)").count() == 1
    assert "by curator: restored the version of" in tab.inner_text("#change-history")
    without_scripts.close()
    context.close()
