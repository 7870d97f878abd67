"""The store: configured URL, migrations, idempotent attempts that outlive the process."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from helpers import store
from helpers.store import HEAD, Attempt, Card, Store


def attempt(**over: object) -> Attempt:
    base: dict[str, object] = {
        "id": "a1",
        "learner_id": "li.na",
        "module": "02_question_funnel",
        "exercise_id": "classify:pharmacy_buyer",
        "content_version": "0123456789ab",
        "answer": {"picked": ["q1", "q2"]},
        "score": 2,
        "max_score": 3,
        "feedback": [{"item": "q1", "ok": True, "zh": "很好", "en": "Good"}],
        "locale": "zh",
        "created_at": datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
    }
    base.update(over)
    return Attempt.model_validate(base)


def test_engine_uses_the_configured_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "nested" / "kit.sqlite"
    monkeypatch.setenv("COACHKIT_STORE", f"sqlite:///{db}")
    engine = store.get_engine()
    with engine.begin() as conn:
        mode = conn.execute(text("pragma journal_mode")).scalar()
    assert mode == "wal"
    assert db.exists()


def test_describe_hides_the_password() -> None:
    url = "postgresql+psycopg://coach:hunter2@127.0.0.1:5432/kit"
    assert store.describe(url) == "postgresql+psycopg://coach:***@127.0.0.1:5432/kit"


def test_opening_migrates_to_head(tmp_path: Path) -> None:
    s = Store(f"sqlite:///{tmp_path / 'kit.sqlite'}")
    assert store.schema_version(s.engine) == HEAD
    Store(s.url)  # opening again is a no-op
    assert store.schema_version(s.engine) == HEAD


def test_attempt_saved_twice_is_stored_once() -> None:
    s = Store()
    assert s.record_attempt(attempt()) is True
    assert s.record_attempt(attempt()) is False
    (got,) = s.attempts("li.na")
    assert got == attempt()
    assert got.feedback[0]["zh"] == "很好"
    assert got.created_at.tzinfo is not None


def test_attempts_filter_and_order() -> None:
    s = Store()
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    s.record_attempt(attempt(id="b", created_at=t0 + timedelta(minutes=5)))
    s.record_attempt(attempt(id="a", created_at=t0))
    s.record_attempt(attempt(id="c", learner_id="wang", module="01_visit_flow"))
    assert [a.id for a in s.attempts("li.na")] == ["a", "b"]
    assert [a.id for a in s.attempts(module="01_visit_flow")] == ["c"]
    assert s.learners() == ["li.na", "wang"]


def test_attempt_survives_a_new_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    Store(url).record_attempt(attempt())
    code = (
        "from helpers.store import Store; import sys; "
        f"a = Store({url!r}).attempts('li.na'); "
        "print(len(a), a[0].exercise_id, a[0].score)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "classify:pharmacy_buyer", "2.0"]


def test_new_store_opened_by_many_processes_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.sqlite'}"
    code = (
        "import sys; from helpers.store import Store, Attempt; "
        "from tests.store.test_store import attempt; "
        f"Store({url!r}).record_attempt(attempt(id=sys.argv[1]))"
    )
    root = Path(__file__).resolve().parents[2]
    procs = [
        subprocess.Popen([sys.executable, "-c", code, f"p{i}"], cwd=root, stderr=subprocess.PIPE)
        for i in range(4)
    ]
    errors = [p.communicate()[1].decode() for p in procs if p.wait() != 0]
    assert not errors, errors[0]
    assert sorted(a.id for a in Store(url).attempts()) == ["p0", "p1", "p2", "p3"]


def test_bad_attempt_names_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        attempt(created_at=datetime(2026, 11, 1), locale="fr")
    fields = {e["loc"][0] for e in info.value.errors()}
    assert fields == {"created_at", "locale"}


def test_review_cards_upsert_and_due() -> None:
    s = Store()
    now = datetime(2026, 11, 22, 8, tzinfo=UTC)
    s.save_card(Card(learner_id="li", item_id="quiz:a", module="m", card={"s": 1}, due=now))
    s.save_card(
        Card(learner_id="li", item_id="quiz:b", module="m", card={}, due=now + timedelta(days=3))
    )
    s.save_card(
        Card(learner_id="li", item_id="quiz:a", module="m", card={"s": 2}, due=now - timedelta(1))
    )
    assert [c.item_id for c in s.cards("li")] == ["quiz:a", "quiz:b"]
    assert [c.card for c in s.cards("li", due_before=now)] == [{"s": 2}]


# ------------------------------------------------------------------ role-plays


def roleplay(store: Store, session_id: str = "S1") -> None:
    from helpers.store import RoleplaySession

    store.open_session(
        RoleplaySession(
            session_id=session_id,
            rep_id="R0001",
            scenario_id="obj_price_pharmacy",
            rubric_id="roleplay_rubric",
            rubric_version="v1",
            created_by="TR1",
            created_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
        )
    )


def sheet(trainer: str, values: dict[str, int], version: str = "v1") -> list:
    from helpers.store import Score

    return [
        Score(
            session_id="S1",
            trainer_id=trainer,
            criterion_id=c,
            rep_id="R0001",
            score=v,
            comment=f"{c} by {trainer}",
            rubric_version=version,
            scored_on=datetime(2026, 11, 2).date(),
        )
        for c, v in values.items()
    ]


def test_blind_scoring_shows_others_only_after_submitting() -> None:
    s = Store()
    roleplay(s)
    s.submit("S1", "TR1", sheet("TR1", {"opening_statement": 4, "commitment": 3}), "solid")
    # TR2 has scored nothing yet: sees none of TR1's scores, only that one trainer has scored
    assert s.session_scores("S1", "TR2") == []
    assert s.scorers("S1") == 1
    s.submit("S1", "TR2", sheet("TR2", {"opening_statement": 2, "commitment": 3}))
    seen = {(x.trainer_id, x.criterion_id): x.score for x in s.session_scores("S1", "TR2")}
    assert seen[("TR1", "opening_statement")] == 4 and seen[("TR2", "opening_statement")] == 2
    assert s.submitted("S1") == {"TR1": "solid", "TR2": ""}


def test_unsubmitted_scores_stay_private() -> None:
    s = Store()
    roleplay(s)
    s.save_scores(sheet("TR3", {"commitment": 5}))  # saved as a draft, not submitted
    s.submit("S1", "TR1", sheet("TR1", {"commitment": 3}))
    assert [x.trainer_id for x in s.session_scores("S1", "TR3")] == ["TR3"]
    assert {x.trainer_id for x in s.session_scores("S1", "TR1")} == {"TR1", "TR3"}


def test_submit_is_idempotent_and_keeps_history() -> None:
    s = Store()
    roleplay(s)
    first = s.submit("S1", "TR1", sheet("TR1", {"opening_statement": 4}))
    again = s.submit("S1", "TR1", sheet("TR1", {"opening_statement": 4}))
    assert (first.added, again.added, again.unchanged) == (1, 0, 1)
    changed = s.submit("S1", "TR1", sheet("TR1", {"opening_statement": 2}, version="v2"))
    assert changed.updated == 1
    [now] = s.session_scores("S1", "TR1")
    assert (now.score, now.rubric_version) == (2, "v2")
    [old] = s.score_history("S1", "TR1", "opening_statement")
    assert (old["score"], old["rubric_version"]) == (4, "v1")


def test_a_bad_sheet_writes_nothing() -> None:
    s = Store()
    roleplay(s)
    mixed = [*sheet("TR1", {"commitment": 3}), *sheet("TR2", {"commitment": 4})]
    with pytest.raises(ValueError, match="belongs to session 'S1' and trainer 'TR2'"):
        s.submit("S1", "TR1", mixed)
    with pytest.raises(ValueError, match="no role-play session 'S9'"):
        s.submit("S9", "TR1", [])
    assert s.scores_frame().empty and s.submitted("S1") == {}


def test_opening_a_session_twice_keeps_the_first(tmp_path: Path) -> None:
    s = Store()
    roleplay(s)
    roleplay(s)
    assert [x.session_id for x in s.sessions()] == ["S1"]
    s.submit("S1", "TR1", sheet("TR1", {"commitment": 3}))
    n = s.export_scores(tmp_path / "scores.csv")
    data = (tmp_path / "scores.csv").read_bytes()
    assert n == 1 and data.startswith(b"\xef\xbb\xbfsession_id,criterion_id,trainer_id,score")


FORMULAS = ['=HYPERLINK("http://x.test","see")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_the_export_never_hands_a_formula_to_a_spreadsheet(tmp_path: Path) -> None:
    import csv

    from helpers.store import Score

    s = Store()
    plain = Score(
        session_id="S1",
        trainer_id="TR1",
        criterion_id="c0",
        rep_id="R0001",
        score=3,
        comment="fine",
        rubric_version="v1",
        scored_on=datetime(2026, 11, 2).date(),
    )
    s.save_scores(
        [plain.model_copy(update={"criterion_id": f"c{i + 1}", "comment": f}) for i, f in
         enumerate(FORMULAS)] + [plain]
    )  # fmt: skip
    path = tmp_path / "scores.csv"
    s.export_scores(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = {row["criterion_id"]: row for row in csv.DictReader(fh)}
    for i, formula in enumerate(FORMULAS):
        assert rows[f"c{i + 1}"]["comment"] == "'" + formula
    assert rows["c0"]["comment"] == "fine" and rows["c0"]["score"] == "3"


def test_migrations_build_exactly_the_tables_the_code_declares(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from helpers.store.tables import Base

    s = Store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with s.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_a_store_at_the_previous_revision_is_migrated_keeping_its_records(
    store_url: str,
) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from helpers.store.engine import get_engine, write_transaction

    engine = get_engine(store_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(store.MIGRATIONS))
    with write_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
        conn.execute(
            text(
                "insert into reps (rep_id, name, team_id, hire_date) values ('R1', 'Li', 'T01', :d)"
            ),
            {"d": datetime(2024, 1, 1).date()},
        )
    assert store.schema_version(engine) == "0008"
    assert "receivables" not in inspect(engine).get_table_names()
    s = Store(store_url)
    assert store.schema_version(s.engine) == HEAD
    tables = set(inspect(s.engine).get_table_names())
    assert {"opportunities", "customer_events", "receivables"} <= tables
    assert s.known_ids("reps") == {"R1"}
    indexes = {i["name"] for t in ("opportunities", "customer_events", "receivables")
               for i in inspect(s.engine).get_indexes(t)}  # fmt: skip
    assert {
        "ix_opportunities_rep_assessed", "ix_opportunities_account",
        "ix_customer_events_account_date", "ix_receivables_rep_invoice", "ix_receivables_account",
    } <= indexes  # fmt: skip


def test_large_batches_are_saved_set_wise_with_the_same_results() -> None:
    s = Store()
    values = {f"c{i:02d}": 1 + i % 5 for i in range(60)}
    first = s.save_scores(sheet("TR1", values))
    assert (first.added, first.updated, first.unchanged) == (60, 0, 0)
    values.update({"c00": 5, "c01": 5, "c02": 5})
    batch = sheet("TR1", values)
    again = s.save_scores([*batch, batch[10]])  # a score repeated in the batch counts once more
    assert (again.added, again.updated, again.unchanged) == (0, 3, 58)
    assert [h["score"] for h in s.score_history("S1", "TR1", "c01")] == [2]
    assert s.scores_frame().set_index("criterion_id").loc["c02", "score"] == 5


def test_a_batch_racing_another_writer_is_settled_row_by_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from helpers.store import roleplay

    s = Store()
    real = roleplay._insert_ignoring_existing

    def racing(conn, table, rows):  # another process stored the first row just before us
        if len(rows) > 1 and table is roleplay.ScoreRow.__table__:
            real(conn, table, rows[:1])
            return real(conn, table, rows)
        return real(conn, table, rows)

    monkeypatch.setattr(roleplay, "_insert_ignoring_existing", racing)
    summary = s.save_scores(sheet("TR1", {f"c{i:02d}": 3 for i in range(60)}))
    assert summary.added == 60 and len(s.scores_frame()) == 60


def test_a_relative_sqlite_path_is_the_callers_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers.store.engine import absolute_url, store_url

    monkeypatch.chdir(tmp_path)
    assert store_url("sqlite:///org.sqlite") == f"sqlite:///{tmp_path / 'org.sqlite'}"
    assert absolute_url("sqlite:///sub/org.sqlite", tmp_path / "x") == (
        f"sqlite:///{tmp_path / 'x' / 'sub' / 'org.sqlite'}"
    )
    monkeypatch.setenv("COACHKIT_STORE", "sqlite:///env.sqlite")
    assert store_url() == f"sqlite:///{tmp_path / 'env.sqlite'}"
    for unchanged in ("sqlite://", "sqlite:///:memory:", "postgresql+psycopg://u@h/db"):
        assert absolute_url(unchanged) == unchanged
    Store("sqlite:///org.sqlite").record_attempt(attempt())
    assert (tmp_path / "org.sqlite").is_file()


def test_opening_a_current_store_does_not_load_the_migration_tool(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'current.sqlite'}"
    Store(url)
    script = f"import sys; from helpers.store import Store; Store({url!r})\n"
    script += "print('alembic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
