"""Shared fixtures: the reference record, a loaded archive, and per-run PostgreSQL test databases."""

from __future__ import annotations

import json
import os
import uuid
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


@pytest.fixture(autouse=True)
def facets_without_budget(settings, monkeypatch):
    """Searches wait for their facet counts however long they take: two suites side by side with a
    browser on two cores may hold a tiny index's count past the budget a server gives it
    (tests/search/test_facet_budget.py tests the budget)."""
    settings.SEARCH_FACET_BUDGET_MS = 0
    monkeypatch.setenv("ARCHIVIST_FACET_BUDGET_MS", "0")


@pytest.fixture
def seed_record() -> dict:
    """The Wilson Center reference record, document 110390, as captured."""
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture
def full_record(db) -> str:
    """The reference record loaded with its authority records, the browse tables brought up to date as
    `archivist load` does; returns its record ID."""
    from archivist.ingest.jsonrecords import read_json_records
    from archivist.ingest.loader import store_records
    from archivist.web.counts import ensure_fresh

    for path in (DEMO_AUTHORITIES, SEED):
        store_records(path, read_json_records(path))
    ensure_fresh()
    return "110390"


@pytest.fixture
def archive_env(tmp_path):
    """Environment of a scratch archive that child processes share: its own SQLite file, or its own
    PostgreSQL database when the tests run on PostgreSQL."""
    from django.conf import settings

    env = {**os.environ, "ARCHIVIST_HOME": str(tmp_path / "child-home"), "PYTHONPATH": str(ROOT)}
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("postgresql"):
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    name = f"child_{uuid.uuid4().hex[:12]}"
    server = (f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@{database['HOST']}:"
              f"{database.get('PORT') or 5432}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"{server}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
