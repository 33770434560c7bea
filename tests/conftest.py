"""Shared fixtures: the reference record, a loaded archive, and per-run PostgreSQL test databases."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "archivist" / "demo" / "data" / "20-wilson-center-110390.json"
DEMO_AUTHORITIES = ROOT / "archivist" / "demo" / "data" / "10-authorities.jsonl"


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """Give each test run its own PostgreSQL test database, so parallel runs never collide."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        database.setdefault("TEST", {})["NAME"] = f"test_archivist_{os.getpid()}"


@pytest.fixture(autouse=True)
def own_archive_home(tmp_path, monkeypatch):
    """Each test its own ARCHIVIST_HOME: the search index kept there is not undone by the database
    rollback between tests, so one test's imports must not show up in the next one's index."""
    monkeypatch.setenv("ARCHIVIST_HOME", str(tmp_path / "home"))


@pytest.fixture
def seed_record() -> dict:
    """The Wilson Center reference record, document 110390, as captured."""
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture
def full_record(db) -> str:
    """The reference record loaded with its authority records; returns its record ID."""
    from archivist.ingest.jsonrecords import read_json_records
    from archivist.ingest.loader import store_records

    for path in (DEMO_AUTHORITIES, SEED):
        store_records(path, read_json_records(path))
    return "110390"
