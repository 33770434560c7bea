"""Real `archivist` processes at the same time on one archive, on SQLite and on PostgreSQL.

Two imports both succeed (the second waits for the first, saying so), never with a traceback or a
half-written archive; a sync that finds another process writing the index waits a bounded time, then
says how many changes are pending, and `archivist check` reports them until a sync applies them.
"""

import json
import subprocess
import sys

from tests.conftest import ROOT

ARCHIVIST = [sys.executable, "-c", "from archivist.cli.main import main; main()"]
DOCUMENTS = 150  # per file: enough that two imports overlap, few enough to stay quick
SHARED_PEOPLE = 10


def start(env, *args: str) -> subprocess.Popen:
    return subprocess.Popen([*ARCHIVIST, *args], env={**env, "PYTHONUNBUFFERED": "1"}, cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ARCHIVIST, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def holder(env, lock: str) -> subprocess.Popen:
    """A process holding the index's writer ("writer") or the import lock ("import") until released."""
    process = subprocess.Popen([sys.executable, "-m", "tests.cli.concurrency_worker", f"hold-{lock}"],
                               env=env, cwd=ROOT, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout.readline() == "held\n"
    return process


def release(process: subprocess.Popen) -> None:
    process.communicate("go\n", timeout=60)
    assert process.returncode == 0


def worker(env, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "tests.cli.concurrency_worker", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True, timeout=120).stdout


def state(env) -> dict:
    return json.loads(worker(env, "state").splitlines()[-1])


def volume(path, first: int) -> str:
    """A file of people records and documents that name them and new people, places and topics, all
    also named by the volume starting at another `first`."""
    lines = [{"type": "person", "id": f"shared-{n}", "name": f"Shared, Person{n}",
              "variants": [f"P{n} Shared"]} for n in range(SHARED_PEOPLE)]
    lines += [{"record_id": f"d{n}", "title": f"Cable {n}", "date": "1950-01-02", "text": "On the treaty.",
               "authors": [f"Shared, Person{n % SHARED_PEOPLE}", f"Newcomer, Author{n % 7}"],
               "associated_places": [f"Newplace{n % 5}"], "associated_topics": [f"Newtopic{n % 3}"]}
              for n in range(first, first + DOCUMENTS)]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return str(path)


def assert_in_step(env) -> None:
    """`archivist check` finds every published document indexed, once, nothing else, nothing pending."""
    check = run(env, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "search index" not in check.stdout


def test_two_imports_at_once_both_store_everything_once(archive_env, tmp_path):
    files = [volume(tmp_path / "a.jsonl", 0), volume(tmp_path / "b.jsonl", 10_000)]
    imports = [start(archive_env, "ingest", "--quiet", path) for path in files]
    for process in imports:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "Traceback" not in err and "error" not in err
        assert "ingested 1 of 1 files" in out
    after = state(archive_env)
    assert len(after["published"]) == 2 * DOCUMENTS
    # each person, place and topic once, whichever import created it
    assert len(after["authorities"]) == len(set(after["authorities"])) == SHARED_PEOPLE + 7 + 5 + 3
    assert after["indexed"] == after["published"] and after["position"] == after["last_change"]
    assert_in_step(archive_env)


def test_an_import_waits_for_the_one_in_progress_and_says_so(archive_env, tmp_path):
    path = volume(tmp_path / "a.jsonl", 0)
    held = holder(archive_env, "import")
    try:
        waiting = start(archive_env, "ingest", "--quiet", path)
        assert waiting.stderr.readline() == "waiting for another import into this archive to finish...\n"
        assert waiting.poll() is None
    finally:
        release(held)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert f"{DOCUMENTS + SHARED_PEOPLE} added" in out
    assert_in_step(archive_env)


def test_a_sync_beside_a_held_index_writer_says_how_far_behind_and_check_reports_it(archive_env, tmp_path):
    worker(archive_env, "put", "5")  # changes the index has not applied
    held = holder(archive_env, "writer")  # as a long reindex would
    try:
        sync = run(archive_env, "sync", "--wait", "1")
        assert sync.returncode == 1
        assert "the search index is 5 changes behind the database: another process" in sync.stderr
        assert "Traceback" not in sync.stderr
        check = run(archive_env, "check")
        assert check.returncode == 0  # a warning: behind is not broken
        assert "search index is behind the database (archivist sync)\n         5 changes pending since " in (
            check.stdout)
        # an import's catch-up waits for the writer rather than giving up at once
        importing = start(archive_env, "ingest", "--quiet", volume(tmp_path / "a.jsonl", 0))
        assert importing.stdout.readline().startswith("ingested 1 of 1 files")
    finally:
        release(held)
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0 and "warning" not in err, err
    assert_in_step(archive_env)


def test_a_sync_beside_an_import_in_progress_applies_what_is_committed_or_says_it_waits(archive_env):
    worker(archive_env, "put", "3")
    held = holder(archive_env, "transaction")
    try:
        sync = run(archive_env, "sync", "--wait", "1")
    finally:
        release(held)
    assert "Traceback" not in sync.stderr
    if archive_env.get("DATABASE_URL"):  # rows below the import's may still commit: nothing is final
        assert sync.returncode == 1
        assert ("the search index is 3 changes behind the database: an import still being stored is "
                "adding to the outbox" in sync.stderr)
    else:  # the import holds SQLite's write lock: the index is brought up to date, the browse tables later
        assert sync.returncode == 0 and "3 changes applied" in sync.stdout
        assert "browse tables not refreshed: another process is writing the database" in sync.stderr
    assert run(archive_env, "sync").returncode == 0
    assert_in_step(archive_env)


def test_syncs_beside_a_reindex_all_finish_in_step(archive_env):
    worker(archive_env, "put", "100")
    indexers = [start(archive_env, command) for command in ("reindex", "sync", "sync")]
    for process in indexers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert_in_step(archive_env)
