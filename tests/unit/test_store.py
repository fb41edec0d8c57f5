"""The drafts' store (story/store/): what a teacher made survives a restart, a killed process and a
second replica, and what cannot be kept or found says why (security review M3)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from story.store.drafts import PREVIEWS, Bounds, DraftStore, Missing, Outcome, StoreUnavailableError
from story.store.redis_store import RedisDraftStore
from story.store.sqlite import SqliteDraftStore
from tests.support.clock import Clock
from tests.support.redis import RedisServer
from tests.support.server import ROOT


@pytest.fixture(scope="module")
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture(params=["file", "memory", "redis"])
def where(request, tmp_path: Path) -> str:
    """Every way a store is opened: a file in the data folder, ":memory:" (the same code), and Redis
    (`QANTAR_REDIS_URL`, replicas on several machines), emptied for each test."""
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        redis.Redis.from_url(server.url).flushdb()
        return server.url
    return str(tmp_path / "state.sqlite3") if request.param == "file" else ":memory:"


def opened(where: str, **options) -> DraftStore:
    if where.startswith("redis://"):
        return RedisDraftStore(where, **options)
    return SqliteDraftStore(where, **options)


def test_m3_a_draft_put_by_one_store_is_read_by_another_on_the_same_file(tmp_path: Path):
    # A restart, or a second replica on the same data folder: a new store object on the same file.
    path = tmp_path / "state.sqlite3"
    first = SqliteDraftStore(path)
    result = first.put(
        "teacher", b"id: a", b"id: b", "story.yaml", True, Path("/srv/x"), {"pictures/p.png": b"PNG"}, client="10.0.0.1"
    )
    assert result.kept
    again = SqliteDraftStore(path)
    draft = again.get("teacher")
    assert draft is not None
    assert (draft.original, draft.current, draft.name, draft.changed) == (b"id: a", b"id: b", "story.yaml", True)
    assert draft.base_dir == Path("/srv/x") and draft.files == {"pictures/p.png": b"PNG"}
    # The other replica's change is the one both read next.
    assert again.put("teacher", b"id: a", b"id: c", "story.yaml", True, client="10.0.0.1").kept
    assert first.get("teacher").current == b"id: c"


def test_m3_previews_and_drafts_share_the_file_but_not_their_keys(tmp_path: Path):
    path = tmp_path / "state.sqlite3"
    drafts, previews = SqliteDraftStore(path), SqliteDraftStore(path, "preview", PREVIEWS)
    assert previews.put("same", b"", b"id: preview", "p.yaml", True).kept
    assert drafts.get("same") is None and previews.get("same").current == b"id: preview"


CHILD = """
import sys
from story.store.sqlite import SqliteDraftStore
store = SqliteDraftStore(sys.argv[1])
print(store.put("teacher", b"", b"id: written-before-the-kill", "s.yaml", True, client="a").outcome, flush=True)
sys.stdin.read()  # held open until the parent kills the process
"""


def test_m3_a_draft_kept_survives_its_process_killed_with_sigkill(tmp_path: Path):
    path = tmp_path / "state.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "kept"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    draft = SqliteDraftStore(path).get("teacher")
    assert draft is not None and draft.current == b"id: written-before-the-kill"


def test_m3_a_draft_too_big_is_refused_with_its_reason_and_the_kept_one_stays(where: str):
    store = opened(where, bounds=Bounds(story_bytes=1000, draft_bytes=5000))
    assert store.put("t", b"", b"id: small", "s.yaml", True, client="a").kept
    result = store.put("t", b"", b"x" * 1001, "s.yaml", True, client="a")
    assert (result.outcome, result.limit) == (Outcome.TOO_BIG, 1000) and not result.kept
    pictures = store.put("t", b"", b"id: small", "s.yaml", True, files={"p.png": b"x" * 5000}, client="a")
    assert pictures.outcome is Outcome.FILES_TOO_BIG and pictures.limit == 5000
    assert store.get("t").current == b"id: small", "a refusal leaves the last draft kept"
    assert store.put("", b"", b"", "s.yaml", True).outcome is Outcome.BAD_KEY
    assert store.put("x" * 101, b"", b"", "s.yaml", True).outcome is Outcome.BAD_KEY


def test_m3_one_client_over_its_share_evicts_only_its_own_oldest_drafts(where: str):
    clock = Clock()
    store = opened(where, bounds=Bounds(client_drafts=3, total_drafts=10), clock=clock)
    assert store.put("teacher", b"", b"id: mine", "s.yaml", True, client="school").kept
    for number in range(50):  # one browser making token after token
        clock.now += 1
        result = store.put(f"flood-{number}", b"", b"id: x", "s.yaml", True, client="attacker")
        assert result.kept
    assert store.get("teacher").current == b"id: mine", "another client's draft is never pushed out"
    assert [key for key in ("flood-46", "flood-47", "flood-48", "flood-49") if store.get(key)] == [
        "flood-47",
        "flood-48",
        "flood-49",
    ]
    assert store.why_missing("flood-0").reason is Missing.EVICTED


def test_m3_a_full_store_lets_the_drafts_left_alone_longest_go_and_keeps_one_being_edited(where: str):
    clock = Clock()
    store = opened(where, bounds=Bounds(client_drafts=100, total_drafts=4), clock=clock)
    store.put("idle", b"", b"id: idle", "s.yaml", True, client="home")
    for number in range(5):
        clock.now += 1
        store.put("teacher", b"", f"id: edit-{number}".encode(), "s.yaml", True, client="school")
        clock.now += 1
        store.put(f"many-{number}", b"", b"id: x", "s.yaml", True, client=f"10.0.0.{number}")
    assert len(store) == 4 and store.get("teacher").current == b"id: edit-4"
    assert [store.why_missing(key).reason for key in ("idle", "many-0", "many-1")] == [Missing.EVICTED] * 3
    assert all(store.get(f"many-{number}") for number in (2, 3, 4))


def test_m3_the_bounds_in_bytes_hold_on_disk_through_a_restart_and_the_oldest_go_first(tmp_path: Path):
    clock = Clock()
    path = tmp_path / "state.sqlite3"
    bounds = Bounds(client_drafts=1000, client_bytes=300_000, total_drafts=1000, total_bytes=1_000_000)
    store = SqliteDraftStore(path, bounds=bounds, clock=clock)
    assert store.put("teacher", b"", b"id: mine" + b" " * 49_000, "s.yaml", True, client="school").kept
    written = 0
    for number in range(200):  # 10 MB in 50 KB drafts: ten times the bound
        clock.now += 1
        story = f"id: d{number}\n".encode() + bytes(50_000)
        assert store.put(f"d{number}", b"", story, "s.yaml", True, client=f"10.0.0.{number % 40}").kept
        written += len(story)
    again = SqliteDraftStore(path, bounds=bounds, clock=clock)  # a restart reads what is on disk
    kept = [number for number in range(200) if again.get(f"d{number}") is not None]
    assert kept == list(range(200 - len(kept), 200)), "the newest are kept, the oldest went first"
    assert sum(len(again.get(f"d{number}").current) for number in kept) + 49_008 <= bounds.total_bytes
    assert again.why_missing("d0").reason is Missing.EVICTED and again.why_missing("teacher").reason is Missing.EVICTED
    # Pages freed by what went are used again: the file stays near the bound, not near what was written.
    assert path.stat().st_size < 2 * bounds.total_bytes < written / 5
    # One client's bytes: an address over its share loses only its own oldest.
    assert again.put("school", b"", b"id: school", "s.yaml", True, client="school").kept
    for number in range(20):
        clock.now += 1
        assert again.put(f"flood-{number}", b"", bytes(60_000), "s.yaml", True, client="attacker").kept
    flood = [number for number in range(20) if again.get(f"flood-{number}") is not None]
    assert flood == [15, 16, 17, 18, 19] and again.get("school") is not None


def test_m3_why_a_draft_is_missing_never_seen_expired_evicted_or_dropped(where: str):
    clock = Clock()
    store = opened(where, bounds=Bounds(client_drafts=1, lifetime_s=100), clock=clock)
    assert store.why_missing("nobody").reason is Missing.NEVER_SEEN
    store.put("old", b"", b"id: x", "s.yaml", True, client="a")
    saved = clock.now
    clock.now += 101
    assert store.get("old") is None
    assert (store.why_missing("old").reason, store.why_missing("old").saved_at) == (Missing.EXPIRED, saved)
    store.put("first", b"", b"id: x", "s.yaml", True, client="b")
    store.put("second", b"", b"id: x", "s.yaml", True, client="b")
    assert store.why_missing("first").reason is Missing.EVICTED and store.why_missing("second") is None
    store.drop("second")
    assert store.why_missing("second").reason is Missing.DROPPED
    # A draft kept again under the key has nothing missing any more.
    store.put("old", b"", b"id: x", "s.yaml", True, client="a")
    assert store.why_missing("old") is None


def test_m3_the_teacher_is_told_why_in_their_language_and_nothing_for_a_draft_never_had():
    from story.editor.kept import draft_missing, not_kept, preview_missing
    from story.reader.i18n import translator
    from story.store.drafts import Absence, PutResult

    russian = translator("ru")
    too_big = not_kept(PutResult(Outcome.TOO_BIG, 4_000_000), russian)
    assert "4 МБ" in too_big and "не сохранены" in too_big
    assert not_kept(PutResult(Outcome.KEPT), russian) is None
    evicted = draft_missing(Absence(Missing.EVICTED, 1_800_000_000.0), translator("kk"))
    assert "2027 жылғы 15 қаңтар" in evicted
    assert draft_missing(Absence(Missing.NEVER_SEEN), russian) is None and draft_missing(None, russian) is None
    assert "expired" in preview_missing(Absence(Missing.EXPIRED, 1.0), translator("en"))


def test_m3_two_replicas_writing_at_once_lose_no_write_and_keep_the_bounds(tmp_path: Path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "state.sqlite3"
    bounds = Bounds(client_drafts=1000, total_drafts=50)
    replicas = [SqliteDraftStore(path, bounds=bounds), SqliteDraftStore(path, bounds=bounds)]

    def write(number: int) -> bool:
        store = replicas[number % 2]  # each its own connection, as two processes have
        return store.put(f"draft-{number}", b"", f"id: d{number}".encode(), "s.yaml", True, client=str(number)).kept

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(write, range(120)))
    assert len(replicas[0]) == 50 and len(replicas[1]) == 50
    kept = [number for number in range(120) if replicas[number % 2].get(f"draft-{number}")]
    gone = [number for number in range(120) if replicas[0].why_missing(f"draft-{number}") is not None]
    assert len(kept) == 50 and sorted(kept + gone) == list(range(120))
    assert all(replicas[0].why_missing(f"draft-{number}").reason is Missing.EVICTED for number in gone)


def test_m3_a_draft_put_on_one_machine_is_found_on_another_through_redis(redis_server):
    redis.Redis.from_url(redis_server.url).flushdb()
    one, other = RedisDraftStore(redis_server.url), RedisDraftStore(redis_server.url)
    pictures = {"pictures/p.png": b"\x89PNG..."}
    assert one.put("teacher", b"id: a", b"id: b", "s.yaml", True, files=pictures, client="school").kept
    found = other.get("teacher")
    assert found is not None and found.current == b"id: b" and found.files == pictures
    # Drafts and previews share the Redis but not their keys.
    assert RedisDraftStore(redis_server.url, "preview", PREVIEWS).get("teacher") is None


def test_m3_a_redis_that_cannot_be_reached_is_a_refusal_with_its_reason_never_a_crash():
    from tests.support.server import free_port

    gone = RedisDraftStore(f"redis://127.0.0.1:{free_port()}/0")
    assert gone.put("teacher", b"", b"id: x", "s.yaml", True).outcome is Outcome.UNAVAILABLE
    with pytest.raises(StoreUnavailableError):
        gone.get("teacher")
