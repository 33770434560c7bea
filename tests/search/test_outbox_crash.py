"""The outbox under a real crash: the indexer is killed (SIGKILL) after committing some batches to
the database-backed outbox's index and while applying the next; the next sync must bring the index
exactly in step, with no update lost and none applied twice."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = 3000
BATCH = 100


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
