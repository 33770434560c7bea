"""The admin's history page in Chromium, served by `archivist serve` under the site's real
Content-Security-Policy: nothing on it is refused by the policy, and it restores without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.conftest import browser  # noqa: F401 (a fixture)
from tests.browser.test_csp import PASSWORD, served  # noqa: F401 (a fixture)
from tests.cli.test_serve import database  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser]


def test_history_page_under_the_policy_and_restoring_without_javascript(browser, served):  # noqa: F811
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
