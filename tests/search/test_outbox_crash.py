"""The outbox under a real crash: the indexer is killed (SIGKILL) after committing some batches to
the database-backed outbox's index and while applying the next; the next sync must bring the index
exactly in step, with no update lost and none applied twice."""

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = 3000
BATCH = 100


@pytest.fixture
def archive_env(tmp_path):
    """Environment of a scratch archive the child processes share: its own SQLite file, or its own
    PostgreSQL database when the tests run on PostgreSQL."""
    env = {**os.environ, "ARCHIVIST_HOME": str(tmp_path / "crash-home"), "PYTHONPATH": str(ROOT)}
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("postgresql"):
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    name = f"crash_{uuid.uuid4().hex[:12]}"
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


def worker(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.search.crash_worker", *map(str, args)], env=env,
                          cwd=ROOT, capture_output=True, text=True, check=True, timeout=300)


def state(env) -> dict:
    return json.loads(worker(env, "state").stdout.splitlines()[-1])


def test_killed_indexer_loses_and_repeats_nothing(archive_env):
    worker(archive_env, "fill", DOCUMENTS)
    child = subprocess.Popen([sys.executable, "-m", "tests.search.crash_worker", "sync", str(BATCH)],
                             env=archive_env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    committed = [child.stdout.readline(), child.stdout.readline()]  # two batches are in the index
    os.kill(child.pid, signal.SIGKILL)  # ...and the third is being applied
    child.wait()
    assert all(line.startswith("committed") for line in committed)

    crashed = state(archive_env)
    changes = crashed["changes"]
    assert len(changes) == DOCUMENTS
    assert 0 < crashed["position"] < changes[-1][0], "the kill came before the last batch"
    applied = sorted(rid for change_id, rid in changes if change_id <= crashed["position"])
    # The index holds exactly the batches whose commit carried the position: nothing half-applied.
    assert sorted(crashed["indexed"]) == applied

    worker(archive_env, "sync", BATCH)
    after = state(archive_env)
    assert after["position"] == changes[-1][0]
    assert sorted(after["indexed"]) == after["published"]  # every document, each once
    assert len(after["indexed"]) == DOCUMENTS
