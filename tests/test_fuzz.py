"""Generated input for the playbook loader, the mapping reader and CSV ingest: nothing raises but
the kit's own errors, and an import that fails leaves the store as it was.

Runs derandomized with a few dozen examples per test (the ``ci`` profile); for a longer search
set ``COACHKIT_FUZZ=deep`` (1,000 examples per test, random seeds).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from helpers.errors import KitError
from helpers.playbook.issues import PlaybookError
from helpers.playbook.library import load_library
from helpers.report.ingest import COLUMNS, IngestError, Mapping, ingest, load_mapping
from helpers.store import Store
from tests.conftest import FIXTURES
from tests.test_bad_input import _seed_store, fingerprint

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("COACHKIT_FUZZ", "ci"))

MINI = sorted((FIXTURES / "mini").glob("*.yaml"))
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The loader the kit reads playbooks with (libyaml's when there)."""


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    # hypothesis runs a test body many times: a fixture's tmp_path would be shared by all
    with tempfile.TemporaryDirectory(prefix="coachkit-fuzz-") as name:
        yield Path(name)


# ---------------------------------------------------------------- values
NASTY = st.sampled_from(
    [
        "", " ", '"', '""', "'", ",", ";", "\n", "\r\n", "\r", "\x00", "\t", "\u200b", "\ufeff",
        "\u202e", "=1+1", "+cmd", "@SUM(1)", "-1", "1e400", "NaN", "inf", "9" * 40, "0x1F",
        "王伟", "陳大文", "ｱｲｳ", "😀", "\U0010ffff", "~", "null", "yes", "是", "2026-02-30",
        "2026年3月5日", "1899-12-31", "1,234.5", "1.234,5", "R0", "A0", "C1", "visit", "talked",
    ]
)  # fmt: skip
TEXT = st.one_of(NASTY, st.text(max_size=12), st.text(alphabet="0123456789-/.,年月日", max_size=12))
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT, st.dates()
)
TREE = st.recursive(
    SCALAR,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.dictionaries(st.one_of(TEXT, st.integers()), kids, max_size=4),
    ),
    max_leaves=12,
)
ENCODING = st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16", "big5", "latin-1"])


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


# ---------------------------------------------------------------- (a) the playbook loader
def _mutate(data: Any, draw: st.DrawFn, depth: int = 0) -> Any:
    """One random change somewhere in ``data``: a key dropped, a value swapped for another
    type, random text, or a deep nest."""
    if isinstance(data, dict) and data and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(data, key=str)))
        how = draw(st.sampled_from(["drop", "swap", "descend", "extra"]))
        out = dict(data)
        if how == "drop":
            del out[key]
        elif how == "swap":
            out[key] = draw(TREE)
        elif how == "extra":
            out[draw(TEXT)] = draw(TREE)
        else:
            out[key] = _mutate(out[key], draw, depth + 1)
        return out
    if isinstance(data, list) and data and draw(st.booleans()):
        i = draw(st.integers(0, len(data) - 1))
        out_list = list(data)
        out_list[i] = _mutate(out_list[i], draw, depth + 1)
        return out_list
    choice = draw(st.sampled_from(["tree", "text", "nest"]))
    if choice == "nest":
        nested: Any = draw(SCALAR)
        for _ in range(draw(st.integers(10, 300))):
            nested = [nested]
        return nested
    return draw(TREE) if choice == "tree" else draw(TEXT)


@st.composite
def playbook_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real playbook file, changed: its parsed data mutated, or its text edited as bytes."""
    path = draw(st.sampled_from(MINI))
    text = path.read_text("utf-8")
    if draw(st.booleans()):
        data = yaml.load(text, Loader=LOADER)
        for _ in range(draw(st.integers(1, 3))):
            data = _mutate(data, draw)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        return path.name, _encode(text, draw(ENCODING))
    raw = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(raw)))
        cut = draw(st.integers(0, 40))
        insert = draw(st.one_of(st.binary(max_size=8), NASTY.map(str.encode), st.just(b"\t")))
        raw = raw[:at] + insert + raw[at + cut :]
    return path.name, raw


@given(playbook_bytes())
def test_the_playbook_loader_raises_only_its_own_error(case: tuple[str, bytes]) -> None:
    name, raw = case
    with _folder() as folder:
        lib_dir = folder / "playbooks"
        shutil.copytree(FIXTURES / "mini", lib_dir)
        (lib_dir / name).write_bytes(raw)
        lib = load_library(lib_dir, strict=False)  # lint: every problem listed, nothing raised
        assert all(i.file.name in {p.name for p in MINI} for i in lib.issues)
        assert all("\n" not in i.format(lib_dir) for i in lib.issues)
        with contextlib.suppress(PlaybookError):  # the loader's one documented error
            load_library(lib_dir)


# ---------------------------------------------------------------- (b) mapping files
MAPPING_KEYS = st.sampled_from([*Mapping.model_fields, "colums", "日期"])
KIT_COLUMNS = st.sampled_from(sorted({c for cols in COLUMNS.values() for c in cols}))


@st.composite
def mapping_bytes(draw: st.DrawFn) -> bytes:
    """A mapping file: mostly well-shaped with odd values, sometimes any YAML, or raw bytes."""
    shape = draw(st.sampled_from(["mapping", "tree", "bytes"]))
    if shape == "bytes":
        return draw(st.binary(max_size=200))
    if shape == "tree":
        data: Any = draw(TREE)
    else:
        data = {
            draw(MAPPING_KEYS): draw(
                st.one_of(
                    TREE,
                    st.dictionaries(TEXT, st.one_of(KIT_COLUMNS, TEXT), max_size=4),
                    st.dictionaries(KIT_COLUMNS, st.dictionaries(TEXT, TEXT, max_size=3)),
                    st.sampled_from(["%d.%m.%Y", "%Y", "%", "%Q", "Asia/Shanghai", "big5"]),
                )
            )
            for _ in range(draw(st.integers(0, 4)))
        }
    text = yaml.safe_dump(data, allow_unicode=True) if draw(st.booleans()) else str(data)
    return _encode(text, draw(ENCODING))


@given(mapping_bytes())
def test_load_mapping_raises_only_ingest_errors(raw: bytes) -> None:
    with _folder() as folder:
        path = folder / "map.yaml"
        path.write_bytes(raw)
        try:
            mapping = load_mapping(path)
        except IngestError as exc:
            line = exc.text("en")
            assert str(path) in line and "\n" not in line
        else:
            assert isinstance(mapping, Mapping)


# ---------------------------------------------------------------- (c) CSV ingest
GOOD = {
    "id": st.sampled_from(["R0", "R1", "A0", "A3", "C1", "C9", "S1", "T01", "R\u200b0", "r0"]),
    "date": st.sampled_from(["2026-03-05", "2026/03/05", "2026年3月5日", "2026-3-5", "05/03/2026"]),
    "contact_type": st.sampled_from(["visit", "call", "Visit", "拜访"]),
    "outcome": st.sampled_from(["talked", "no_answer", ""]),
    "amount": st.sampled_from(["100", "1,234.5", "0", "-1"]),
    "score": st.sampled_from(["1", "5", "3.0", "0"]),
    "grade": st.sampled_from(["A", "b", "E"]),
    "bool": st.sampled_from(["yes", "否", "2"]),
    "name": st.sampled_from(["Li", "王伟", "O'Brien, Pat"]),
    "version": st.sampled_from(["v1", "import"]),
    "text": st.sampled_from(["", "好", 'said "no"\nthen yes']),
}
"""Cells that pass, or nearly pass, each value type's check."""


STORED = {
    "rep_id": st.sampled_from(["R0", "R1", "R2", "R\u200b0", " R1 "]),
    "owner_rep_id": st.sampled_from(["R0", "R2"]),
    "account_id": st.sampled_from(["A0", "A3"]),
}
"""Cells naming records of the seeded store."""


def _good(column: str, vtype: str) -> st.SearchStrategy[str]:
    if column in STORED:
        return STORED[column]
    return GOOD.get(vtype, TEXT)


def _cell(column: str, vtype: str) -> st.SearchStrategy[str]:
    return st.one_of(_good(column, vtype), TEXT)


@st.composite
def csv_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A CSV file for a kind: its columns (or a random subset, in any order, and some others),
    rows of good and odd cells, written well quoted or joined by hand, in a random encoding."""
    kind = draw(st.sampled_from(["reps", "accounts", "contacts", "deals", "scores"]))
    columns = list(COLUMNS[kind])
    header = draw(st.permutations(columns))
    if draw(st.integers(0, 3)) == 0:
        header = header[: draw(st.integers(0, len(columns)))]
    if draw(st.booleans()):
        header = [*header, *draw(st.lists(TEXT, max_size=2))]
    types = [(h, COLUMNS[kind].get(h, "text")) for h in header]
    good = st.tuples(*(_good(*t) for t in types)).map(list)
    mixed = st.tuples(*(_cell(*t) for t in types)).map(list)
    odd = st.lists(TEXT, max_size=len(header) + 1)
    rows = draw(st.lists(st.one_of(good, mixed, odd), min_size=draw(st.integers(0, 3)), max_size=6))
    if draw(st.booleans()):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        writer.writerows([header, *rows])
        text = out.getvalue()
    else:
        text = "\n".join(",".join(r) for r in [header, *rows])
    return kind, _encode(text, draw(ENCODING))


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store (reps R0-R2, accounts A0-A3, contact C1), copied for each example."""
    return _seed_store(tmp_path_factory.mktemp("fuzz-seed"))


def _counts(db: Path) -> dict[str, int]:
    return {t: n for t, (n, _) in fingerprint(db).items()}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=csv_file())
def test_csv_ingest_raises_only_kit_errors_and_fails_cleanly(
    seed: Path, case: tuple[str, bytes]
) -> None:
    kind, raw = case
    with _folder() as folder:
        db = folder / "store.sqlite"
        with (
            contextlib.closing(sqlite3.connect(seed)) as a,
            contextlib.closing(sqlite3.connect(db)) as b,
        ):
            a.backup(b)
        before = fingerprint(db)
        path = folder / f"{kind}.csv"
        path.write_bytes(raw)
        store = Store(f"sqlite:///{db}")
        try:
            result = ingest(kind, path, store)
        except KitError as exc:
            event(f"refused: {exc.key}")
            assert "\n" not in exc.text("en")
            assert fingerprint(db) == before
            assert not (folder / f"{kind}.rejects.csv").exists()
            return
        finally:
            store.engine.dispose()
        event("stored" if result.added else "nothing added")
        assert result.added + result.updated + result.unchanged + result.rejected == result.read
        grown = _counts(db)[kind if kind != "scores" else "roleplay_scores"]
        was = before[kind if kind != "scores" else "roleplay_scores"][0]
        assert grown - was == result.added
        assert (result.rejects_path is not None) == (result.rejected > 0)
