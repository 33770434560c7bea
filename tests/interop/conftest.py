"""Fixtures of the interop tests: the web tests' small documents, for downloads of their citations."""

from tests.web.conftest import add_document  # noqa: F401 - a fixture, found here by pytest
