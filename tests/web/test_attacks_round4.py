"""Attacks on the surfaces added in round 4 (scans, OCR, IIIF, the pictures of a search): each test a
request or a file that once leaked a document that is not published, broke an answer or undid a
curator's decision."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("limit", ["²", "٣", "9" * 5000])
@pytest.mark.parametrize("picture", ["/map.json", "/network.json", "/map", "/network"])
def test_a_pictures_limit_that_is_no_plain_number_is_a_bad_request(add_document, picture, limit):
    add_document("pub1")
    response = Client(raise_request_exception=False).get(picture, {"limit": limit})
    assert response.status_code == 400
