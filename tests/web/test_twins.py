"""Every page has a JSON twin, chosen by .json or by the Accept header, and caches can revalidate."""

import pytest

PAGES = ["/", "/documents/110390", "/people", "/people?letter=M", "/people/mao-zedong",
         "/organizations", "/places", "/places/china", "/topics", "/topics/sino-soviet-relations",
         "/subjects", "/catalog", "/dates", "/dates/1950", "/dates/1950/01", "/about",
         "/subjects/china", "/people/zhou-enlai?part=mentioned"]


@pytest.mark.parametrize("url", PAGES)
def test_html_page_points_to_its_json_twin(client, full_record, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html")
    path, _, query = url.partition("?")
    twin = ("/.json" if path == "/" else f"{path}.json") + (f"?{query}" if query else "")
    assert response["Link"] == f'<{twin}>; rel="alternate"; type="application/json"'
    assert "Accept" in response["Vary"]
    data = client.get(twin).json()
    assert data and isinstance(data, dict)
    negotiated = client.get(url, HTTP_ACCEPT="application/json")
    assert negotiated["Content-Type"] == "application/json"
    assert negotiated.json() == data


def test_browser_accept_header_gets_html(client, full_record):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/people", HTTP_ACCEPT=accept)["Content-Type"].startswith("text/html")


def test_last_modified_and_etag_allow_revalidation(client, full_record):
    response = client.get("/documents/110390")
    assert response["Last-Modified"] and response["ETag"]
    assert client.get("/documents/110390",
                      HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    assert client.get("/documents/110390", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    people = client.get("/people")
    assert client.get("/people", HTTP_IF_MODIFIED_SINCE=people["Last-Modified"]).status_code == 304


def test_unknown_records_and_pages_are_404(client, full_record):
    for url in ("/people/nobody", "/places/mao-zedong", "/people?page=9", "/people?page=x",
                "/people?letter=Ä", "/dates/1800", "/dates/1950/13", "/dates/1950/07"):
        assert client.get(url).status_code == 404, url
    missing = client.get("/documents/nope").content.decode()
    assert "Not found" in missing and 'href="#main"' in missing  # the site's own page, with its navigation
