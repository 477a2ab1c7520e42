"""The per-source store: values kept by key across builds, evicted by last use within its size;
a corrupt, foreign, old-format or locked store never fails a build; only data is unpickled."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import sqlite3
import zlib

from briefing.model import Citation, KeyPoint, Paragraph, Source, SourceSummary
from briefing.write import store as store_module
from briefing.write.store import Store, encode


def _source(n: int = 1) -> Source:
    para = Paragraph(1, "Officials said 12 schools would stay closed.", ("Officials said 12 schools would stay closed.",))
    return Source(0, f"doc{n}.txt", "text", "Title", "news report", None, dt.date(2025, 3, 4), (para,))


def test_values_come_back_equal_in_a_later_build(tmp_path):
    path = tmp_path / "store.sqlite"
    summary = SourceSummary(_source(), key_points=(KeyPoint("Officials said 12 schools would stay closed.", 1.5, Citation(0, 1)),),)
    first = Store(path, 10)
    first.put({"summary:a": encode(summary), "other:b": encode((1, frozenset({"x"}), dt.date(2025, 1, 2)))})
    first.close()
    second = Store(path, 10)
    assert second.get(["summary:a", "other:b", "missing"]) == {
        "summary:a": summary, "other:b": (1, frozenset({"x"}), dt.date(2025, 1, 2))}
    second.close()


def test_no_path_means_no_store(tmp_path):
    none = Store(None, 10)
    none.put({"k": encode(1)})
    assert none.get(["k"]) == {}
    none.close()
    assert list(tmp_path.iterdir()) == []


def test_entries_used_longest_ago_are_evicted_down_to_the_size(tmp_path):
    path = tmp_path / "store.sqlite"
    blob = random.Random(1).randbytes(300_000)  # incompressible: each entry ~300 KB of the 1 MiB allowed
    first = Store(path, 1)
    first.put({k: encode(blob + k.encode()) for k in "abc"})
    first.close()  # 900 KB: within 1 MiB, nothing evicted
    second = Store(path, 1)
    assert set(second.get(["a"])) == {"a"}  # a is used again by the second build
    second.put({"d": encode(blob + b"d")})
    second.close()  # 1.2 MB: the least recently used (b, then c) go until it fits
    third = Store(path, 1)
    assert set(third.get(["a", "b", "c", "d"])) == {"a", "c", "d"}
    assert third.size() <= 1024 * 1024
    third.close()


def test_a_corrupt_store_is_made_anew(tmp_path):
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    store = Store(path, 10)
    store.put({"k": encode(1)})
    assert store.get(["k"]) == {"k": 1}
    store.close()
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM entry").fetchone() == (1,)


def test_a_store_of_another_format_is_made_anew(tmp_path):
    path = tmp_path / "store.sqlite"
    old = Store(path, 10)
    old.put({"k": encode(1)})
    old.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE name = 'format'")
    store = Store(path, 10)
    assert store.get(["k"]) == {}
    store.close()


def test_a_locked_store_is_left_alone_and_the_build_goes_on_without_it(tmp_path, monkeypatch, caplog):
    path = tmp_path / "store.sqlite"
    Store(path, 10).close()
    monkeypatch.setattr(store_module, "LOCK_WAIT", 0.2)  # another build's write would end; this one does not
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = Store(path, 10)
        store.put({"k": encode(1)})
        assert store.get(["k"]) == {}
        store.close()
    finally:
        holder.rollback()
        holder.close()
    assert "another build holds the store" in caplog.text
    assert Store(path, 10).get(["k"]) == {}


def test_a_damaged_entry_is_a_miss(tmp_path):
    path = tmp_path / "store.sqlite"
    store = Store(path, 10)
    store.put({"good": encode(1), "bad": encode(2)})
    store.db.execute("UPDATE entry SET value = ? WHERE key = 'bad'", (b"\x00garbage",))
    store.db.commit()
    assert store.get(["good", "bad"]) == {"good": 1}
    store.close()


def test_only_data_is_unpickled_never_code(tmp_path):
    path = tmp_path / "store.sqlite"
    canary = tmp_path / "ran"
    store = Store(path, 10)
    evil = zlib.compress(f"cos\nsystem\n(S'touch {canary}'\ntR.".encode())
    foreign = zlib.compress(pickle.dumps(sqlite3.Row))  # a class, but not one a store holds
    store.db.executemany("INSERT INTO entry (key, value, size, used) VALUES (?, ?, 1, 1)",
                         [("evil", evil), ("foreign", foreign)])
    store.db.commit()
    assert store.get(["evil", "foreign"]) == {}
    store.close()
    assert not canary.exists()
