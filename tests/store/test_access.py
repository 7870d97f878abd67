"""Access enforced by PostgreSQL: each person's login reads and writes what their roles allow.

One populated database for the module, owned by a role that is not a superuser
(as on a real server): the sample organisation (teams T01 and T02), trainers
TR01 and TR02, M1 managing T01, AD an admin.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from typer.testing import CliRunner

from helpers.cli import app
from helpers.errors import DataError
from helpers.playbook import load_library
from helpers.report import params as reports
from helpers.report.ingest import ingest_folder
from helpers.report.params import ReportParameterError
from helpers.report.sample import SampleSpec, generate
from helpers.store import HEAD, Attempt, Card, RoleplaySession, Score, Store, access
from helpers.store.tables import Base
from helpers.trainer.sheet_view import known_reps
from tests.pg import create_database, drop_database, owned_database

runner = CliRunner()
PERIOD = ("2026-10-01", "2026-10-31")
PEOPLE = ("R0001", "R0004", "TR01", "TR02", "M1", "AD", "nobody")


@dataclass
class Org:
    server: str
    admin: str
    owner: str
    urls: dict[str, str]
    folder: Path

    def store(self, person: str) -> Store:
        return Store(self.urls[person])


@pytest.fixture(scope="module")
def org(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Org]:
    with owned_database(postgres_server, "acc") as db:
        admin = db.url
        folder = tmp_path_factory.mktemp("access-org")
        generate(folder, SampleSpec(teams=2, reps_per_team=3, months=3, seed=5), load_library())
        store = Store(admin)
        ingest_folder(folder, store)
        store.set_roles("TR01", [("trainer", "")], "hub")
        store.set_roles("TR02", [("trainer", "")], "hub")
        store.set_roles("M1", [("manager", "T01")], "hub")
        store.set_roles("AD", [("admin", "")], "hub")
        access.init_roles(admin)
        access.init_roles(admin)  # a second run changes nothing and fails nothing
        urls = {p: access.ensure_login(admin, p) for p in PEOPLE}
        store.engine.dispose()
        yield Org(postgres_server, admin, db.owner, urls, folder)


def team_reps(org: Org, team: str) -> set[str]:
    reps = pd.read_csv(org.folder / "reps.csv", dtype=str)
    return set(reps.loc[reps["team_id"] == team, "rep_id"])


def attempt(learner: str, id_: str) -> Attempt:
    return Attempt(
        id=id_,
        learner_id=learner,
        module="05_follow_up",
        exercise_id="quiz:qz_follow_prin_05",
        content_version="v1",
        answer={"picked": "a"},
        score=1,
        max_score=1,
        feedback=[],
        locale="en",
        created_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
    )


def refused(exc: pytest.ExceptionInfo[BaseException]) -> bool:
    message = str(exc.value)
    return "row-level security" in message or "permission denied" in message


# ------------------------------------------------------------------ learners


def test_a_learner_reads_and_writes_only_their_own_records(org: Org) -> None:
    a = org.store("R0001")
    mine = a.attempts()
    assert mine and {x.learner_id for x in mine} == {"R0001"}
    assert a.attempts("R0004") == []
    assert a.learners() == ["R0001"]
    assert a.record_attempt(attempt("R0001", f"own-{uuid.uuid4().hex}"))
    with pytest.raises(ProgrammingError) as info:
        a.record_attempt(attempt("R0004", f"forged-{uuid.uuid4().hex}"))
    assert refused(info)
    assert a.cards("R0004") == []
    card = Card(
        learner_id="R0001", item_id="quiz:x", module="m", card={}, due=dt.datetime.now(dt.UTC)
    )
    a.save_card(card)  # an upsert: insert, then update
    a.save_card(card)
    with pytest.raises(ProgrammingError) as info:
        a.save_card(card.model_copy(update={"learner_id": "R0004"}))
    assert refused(info)


def test_a_learner_keeps_only_their_own_page_state(org: Org) -> None:
    a = org.store("R0001")
    upsert = text(
        "insert into person_state (person_id, key, value, updated_at) values (:p, 'lang', "
        "'\"en\"', now()) on conflict (person_id, key) do update set value = excluded.value"
    )
    with a.transaction() as conn:
        conn.execute(upsert, {"p": "R0001"})
        conn.execute(upsert, {"p": "R0001"})
    with pytest.raises(ProgrammingError) as info, a.transaction() as conn:
        conn.execute(upsert, {"p": "R0004"})
    assert refused(info)
    with a.transaction() as conn:
        conn.execute(text("delete from person_state where key = 'lang'"))
    admin = Store(org.admin)
    with admin.transaction() as conn:
        conn.execute(upsert, {"p": "R0004"})
    with a.engine.connect() as conn:
        assert conn.execute(text("select count(*) from person_state")).scalar() == 0
        gone = conn.execute(text("delete from person_state where person_id = 'R0004'"))
        assert gone.rowcount == 0


def test_a_learner_reads_no_score_and_no_one_elses_records(org: Org) -> None:
    a = org.store("R0001")
    for table in (
        "roleplay_scores",
        "roleplay_score_history",
        "roleplay_submissions",
        "roleplay_sessions",
        "imports",
        "record_history",
        "db_logins",
        "reps",
        "accounts",
        "contacts",
        "deals",
    ):
        with pytest.raises(ProgrammingError) as info, a.engine.connect() as conn:
            conn.execute(text(f"select * from {table}")).all()
        assert refused(info), table
    with pytest.raises(DataError, match="may not read roleplay_scores"):
        a.scores_frame()
    with a.engine.connect() as conn:
        people = conn.execute(text("select person_id from people")).scalars().all()
        roles = conn.execute(text("select person_id, role, team_id from person_roles")).all()
    assert people == ["R0001"]
    assert [tuple(r) for r in roles] == [("R0001", "learner", "T01")]
    assert a.teams() == [] and a.access_limited()


def test_a_person_with_no_role_sees_only_their_own_rows(org: Org) -> None:
    n = org.store("nobody")
    assert n.attempts() == []
    assert n.record_attempt(attempt("nobody", f"n-{uuid.uuid4().hex}"))
    assert [x.learner_id for x in n.attempts()] == ["nobody"]
    assert n.roles_of("nobody") == set()
    assert n.roles_of("R0001") == set()  # other people's roles are not theirs to read


# ------------------------------------------------------------------ trainers


def _score(trainer: str, criterion: str, value: int, session: str = "RP1") -> Score:
    return Score(
        session_id=session,
        trainer_id=trainer,
        criterion_id=criterion,
        rep_id="R0001",
        score=value,
        rubric_version="v1",
        scored_on=dt.date(2026, 11, 3),
    )


def test_a_trainer_sees_other_trainers_scores_only_after_submitting(org: Org) -> None:
    t1, t2 = org.store("TR01"), org.store("TR02")
    session = RoleplaySession(
        session_id="RP1",
        rep_id="R0001",
        rubric_id="visit",
        rubric_version="v1",
        created_by="TR01",
        created_at=dt.datetime.now(dt.UTC),
    )
    assert t1.open_session(session).session_id == "RP1"
    with pytest.raises(ProgrammingError) as info:
        t1.open_session(session.model_copy(update={"session_id": "RP2", "created_by": "TR02"}))
    assert refused(info)
    t2.save_scores([_score("TR02", "preparation", 2), _score("TR02", "closing", 4)])
    t1.save_scores([_score("TR01", "preparation", 4)])
    with pytest.raises(ProgrammingError) as info:
        t1.save_scores([_score("TR02", "preparation", 5)])
    assert refused(info)
    # before submitting: their own scores only, and a count of the others
    assert {s.trainer_id for s in t1.session_scores("RP1", "TR01")} == {"TR01"}
    with t1.engine.connect() as conn:
        others = "select * from roleplay_scores where session_id = 'RP1' and trainer_id = 'TR02'"
        assert conn.execute(text(others)).all() == []
    assert t1.scorers("RP1") == 2
    assert t1.submitted("RP1") == {}
    # submitting reveals the others' scores to this trainer, not to the others
    t1.submit("RP1", "TR01", [_score("TR01", "preparation", 4)], note="calm")
    seen = t1.session_scores("RP1", "TR01")
    assert {(s.trainer_id, s.criterion_id) for s in seen} == {
        ("TR01", "preparation"),
        ("TR02", "preparation"),
        ("TR02", "closing"),
    }
    assert {s.trainer_id for s in t2.session_scores("RP1", "TR02")} == {"TR02"}
    assert t2.submitted("RP1") == {}  # TR01's sheet and note stay hidden from TR02
    # a revision keeps history, the trainer's own
    t1.submit("RP1", "TR01", [_score("TR01", "preparation", 3)], note="calm")
    assert [h["score"] for h in t1.score_history("RP1", "TR01", "preparation")] == [4]
    assert t2.score_history("RP1", "TR01", "preparation") == []
    t2.submit("RP1", "TR02", [_score("TR02", "preparation", 2)])
    assert set(t2.submitted("RP1")) == {"TR01", "TR02"}


def test_a_trainers_score_sheet_works_without_access_to_reps(org: Org) -> None:
    t1 = org.store("TR01")
    assert not t1.can_read("reps")
    assert t1.attempts() == []  # every login is a learner too: their own attempts (none)
    reps = known_reps(t1)
    assert team_reps(org, "T01") | team_reps(org, "T02") <= set(reps)
    # imported scores of sessions TR01 never submitted: their own only
    frame = t1.scores_frame()
    assert set(frame.loc[frame["session_id"] != "RP1", "trainer_id"]) == {"TR01"}


# ------------------------------------------------------------------ managers


def test_a_manager_reads_their_teams_records_and_nothing_of_others(org: Org) -> None:
    m = org.store("M1")
    t01, t02 = team_reps(org, "T01"), team_reps(org, "T02")
    assert m.teams() == ["T01"] and m.access_limited()
    records = m.team_records("T01", dt.date(2026, 10, 31))
    assert set(records.reps["rep_id"]) == t01
    assert len(records.contacts) and set(records.contacts["rep_id"]) <= t01
    assert len(records.attempts) and set(records.attempts["learner_id"]) <= t01
    assert len(records.accounts) and set(records.accounts["owner_rep_id"]) <= t01
    assert len(records.scores) and set(records.scores["rep_id"]) <= t01
    other = m.team_records("T02", dt.date(2026, 10, 31))
    assert all(len(f) == 0 for f in (other.reps, other.contacts, other.attempts, other.deals))
    with m.engine.connect() as conn:
        for table, col in (("contacts", "rep_id"), ("deals", "rep_id"), ("attempts", "learner_id")):
            seen = set(conn.execute(text(f"select {col} from {table}")).scalars())
            assert not seen & t02, table
        assert set(conn.execute(text("select person_id from people")).scalars()) == t01 | {"M1"}
    with pytest.raises(ProgrammingError):
        m.record_attempt(attempt("R0001", f"m-{uuid.uuid4().hex}"))
    # what each import changed is the admin's alone, even of the manager's own team
    assert not m.can_read("record_history") and org.store("AD").can_read("record_history")


def test_a_managers_report_is_the_admins_report_of_that_team(org: Org) -> None:
    mine = reports.load("T01", *PERIOD, org.urls["M1"]).report
    full = reports.load("T01", *PERIOD, org.admin).report
    for name in ("reps", "accounts", "compliance", "roleplay"):
        pd.testing.assert_frame_equal(getattr(mine, name), getattr(full, name))
    assert mine.funnel == full.funnel
    with pytest.raises(ReportParameterError) as info:
        reports.load("T02", *PERIOD, org.urls["M1"])
    assert "may not read team 'T02'; teams it may read: T01" in str(info.value)
    with pytest.raises(ReportParameterError) as info:
        reports.load("T01", *PERIOD, org.urls["R0001"])
    assert "may read no team's records" in str(info.value)


def test_coachkit_report_under_a_managers_login(org: Org, tmp_path: Path) -> None:
    out = tmp_path / "t01.html"
    argv = ["report", "--team", "T01", "--from", PERIOD[0], "--to", PERIOD[1]]
    done = runner.invoke(app, [*argv, "--out", str(out), "--store", org.urls["M1"]])
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    assert all(f"({r})" in page for r in team_reps(org, "T01"))
    assert not any(f"({r})" in page for r in team_reps(org, "T02"))
    learner = runner.invoke(
        app, ["reports", "--out", str(tmp_path / "x"), "--store", org.urls["R0001"]]
    )
    assert learner.exit_code == 1 and "may read no team's records" in learner.output


# ------------------------------------------------------------------ admins


def test_an_admin_reads_and_writes_everything(org: Org) -> None:
    owner_counts = access.check(Store(org.admin).engine).counts
    ad = org.store("AD")
    assert not ad.access_limited()
    assert access.check(ad.engine).counts == owner_counts
    assert set(owner_counts) == set(Base.metadata.tables)
    assert ad.teams() == ["T01", "T02"]
    assert ad.record_attempt(attempt("R0004", f"ad-{uuid.uuid4().hex}"))


# ------------------------------------------------------------------ logins


def _verifier(org: Org, login: str) -> str:
    engine = create_engine(org.server)
    with engine.connect() as conn:
        query = text("select rolpassword from pg_authid where rolname = :n")
        value = conn.execute(query, {"n": login}).scalar_one()
    engine.dispose()
    return value


def _groups(org: Org, login: str) -> set[str]:
    engine = create_engine(org.server)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid "
                "join pg_roles u on u.oid = m.member where u.rolname = :n"
            ),
            {"n": login},
        ).scalars()
        groups = set(rows)
    engine.dispose()
    return groups


def test_ensure_login_never_hands_back_the_admins_credentials(org: Org) -> None:
    first = make_url(org.urls["M1"])
    assert first.username != org.owner and first.username.startswith("ck_")
    assert first.password and first.password != "owner-secret"
    assert "owner-secret" not in org.urls["M1"] and org.owner not in org.urls["M1"]
    assert (first.host, first.port, first.database) == (
        make_url(org.admin).host,
        make_url(org.admin).port,
        make_url(org.admin).database,
    )
    before = _verifier(org, first.username)
    again = make_url(access.ensure_login(org.admin, "M1"))
    assert again.username == first.username and again.password != first.password
    assert _verifier(org, first.username) != before
    assert before.startswith("SCRAM-SHA-256$")
    assert _groups(org, first.username) == {"coachkit_learner", "coachkit_manager"}
    assert _groups(org, make_url(org.urls["nobody"]).username) == {"coachkit_learner"}


def test_ensure_login_takes_any_person_id_and_concurrent_spawns(org: Org) -> None:
    odd = ["李 娜", "x'; drop table reps; --", 'a"b', "o" * 64]
    urls: dict[str, str] = {}
    errors: list[BaseException] = []

    def spawn(person: str) -> None:
        try:
            Store(org.admin).set_roles(person, [("learner", "T02")], "hub")
            urls[person] = access.ensure_login(org.admin, person)
        except BaseException as exc:  # pragma: no cover - shown by the assert
            errors.append(exc)

    threads = [threading.Thread(target=spawn, args=(p,)) for p in [*odd, *odd]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    logins = {make_url(u).username for u in urls.values()}
    assert len(logins) == len(odd) and all(len(x) <= 63 for x in logins)
    s = Store(urls["李 娜"])
    assert s.record_attempt(attempt("李 娜", f"odd-{uuid.uuid4().hex}"))
    assert {a.learner_id for a in s.attempts()} == {"李 娜"}


def test_revoking_a_role_takes_the_logins_group_at_once(org: Org) -> None:
    Store(org.admin).set_roles("TR09", [("trainer", "")], "admin")
    url = access.ensure_login(org.admin, "TR09")
    login = make_url(url).username
    assert "coachkit_trainer" in _groups(org, login)
    done = runner.invoke(app, ["people", "revoke", "TR09", "trainer", "--store", org.admin])
    assert done.exit_code == 0, done.output
    assert "now follows the new roles" in done.output
    assert _groups(org, login) == {"coachkit_learner"}
    assert not Store(url).can_read("roleplay_scores")


def test_a_login_opens_a_current_store_without_schema_changes_and_names_one_behind(
    org: Org,
) -> None:
    Store(org.urls["R0001"])  # at the newest revision: only read
    owner = create_engine(org.admin)
    with owner.begin() as conn:
        conn.exec_driver_sql("update alembic_version set version_num = '0006'")
    try:
        with pytest.raises(DataError) as info:
            Store(org.urls["R0001"])
        assert "this login may not upgrade it" in str(info.value)
    finally:
        with owner.begin() as conn:
            conn.exec_driver_sql(f"update alembic_version set version_num = '{HEAD}'")
        owner.dispose()


# ------------------------------------------------------------------ checks


def test_db_commands(org: Org, postgres: str, tmp_path: Path) -> None:
    ok = runner.invoke(app, ["db", "check", "--store", org.admin])
    assert ok.exit_code == 0, ok.output
    assert "passes its checks" in ok.output and "reps: rows: 6" in ok.output
    assert "owner-secret" not in ok.output
    learner = runner.invoke(app, ["db", "check", "--store", org.urls["R0001"]])
    assert learner.exit_code == 0, learner.output
    assert "reps:" not in learner.output and "attempts: rows:" in learner.output
    Store(postgres)  # a store whose roles were never set up
    bare = runner.invoke(app, ["db", "check", "--store", postgres])
    assert bare.exit_code == 1
    assert "does not force row-level security (run coachkit db init-roles)" in bare.output
    made = runner.invoke(app, ["db", "init-roles", "--store", postgres])
    assert made.exit_code == 0 and "coachkit_admin" in made.output
    assert runner.invoke(app, ["db", "check", "--store", postgres]).exit_code == 0
    sqlite = f"sqlite:///{tmp_path / 'one.sqlite'}"
    lone = runner.invoke(app, ["db", "init-roles", "--store", sqlite])
    assert lone.exit_code == 1 and "PostgreSQL only" in lone.output
    empty = runner.invoke(app, ["db", "check", "--store", sqlite])
    assert empty.exit_code == 1 and f"schema is -, expected {HEAD}" in empty.output
    Store(sqlite)
    assert runner.invoke(app, ["db", "check", "--store", sqlite]).exit_code == 0


# ------------------------------------------------------------------ backups


def pg_tool(name: str) -> str:
    """A PostgreSQL client program, where scripts/pg-test-server.sh finds the server's."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts[-3])
    path = str(found[-1]) if found else shutil.which(name)
    assert path, f"{name} is not installed (scripts/test-deps.sh installs it)"
    return path


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_a_backup_restored_into_a_fresh_database_passes_the_checks(
    org: Org, tmp_path: Path
) -> None:
    dump = tmp_path / "coachkit.dump"
    subprocess.run(
        [pg_tool("pg_dump"), "-Fc", "--enable-row-security", "-f", str(dump), libpq(org.admin)],
        check=True,
    )
    name = f"restored_{uuid.uuid4().hex[:10]}"
    create_database(org.server, name, org.owner)
    restored = make_url(org.admin).set(database=name).render_as_string(hide_password=False)
    try:
        subprocess.run(
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "-d",
                libpq(restored),
                str(dump),
            ],
            check=True,
        )
        checked = runner.invoke(app, ["db", "check", "--store", restored])
        assert checked.exit_code == 0, checked.output
        original = access.check(Store(org.admin).engine).counts
        assert access.check(Store(restored).engine).counts == original
        assert original["attempts"] > 0 and original["roleplay_scores"] > 0
        before = reports.load("T01", *PERIOD, org.admin).report
        after = reports.load("T01", *PERIOD, restored).report
        for part in ("reps", "accounts", "compliance", "roleplay"):
            pd.testing.assert_frame_equal(getattr(after, part), getattr(before, part))
        assert after.funnel == before.funnel
        # the policies came back with the data: a manager's login works on the copy
        url = access.ensure_login(restored, "M1")
        assert Store(url).teams() == ["T01"]
    finally:
        drop_database(org.server, name)
