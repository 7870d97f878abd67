"""The sample organisation: reproducible, complete files, the method's benchmarks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from helpers.cli import app
from helpers.playbook import load_library
from helpers.report.sample import COLUMNS, SampleSpec, generate


def test_files_columns_and_reproducibility(mini: Path, tmp_path: Path) -> None:
    lib = load_library(mini)
    spec = SampleSpec(teams=2, reps_per_team=3, months=4, seed=1)
    counts = generate(tmp_path / "a", spec, lib)
    generate(tmp_path / "b", spec, lib)
    for name, cols in COLUMNS.items():
        a = (tmp_path / "a" / f"{name}.csv").read_text()
        assert a == (tmp_path / "b" / f"{name}.csv").read_text(), name
        frame = pd.read_csv(tmp_path / "a" / f"{name}.csv", dtype=str)
        assert list(frame.columns) == cols
        assert len(frame) == counts[name]
    assert not list((tmp_path / "a").glob(".*.part"))
    reps = pd.read_csv(tmp_path / "a" / "reps.csv", dtype=str)
    assert set(reps["team_id"]) == {"T01", "T02"}


def test_behaviour_follows_the_method(mini: Path, tmp_path: Path) -> None:
    spec = SampleSpec(teams=6, reps_per_team=8, months=6, seed=3)
    generate(tmp_path, spec, load_library(mini))
    accounts = pd.read_csv(tmp_path / "accounts.csv")
    contacts = pd.read_csv(tmp_path / "contacts.csv")
    deals = pd.read_csv(tmp_path / "deals.csv")
    reps = pd.read_csv(tmp_path / "reps.csv", parse_dates=["hire_date"])
    # every contact belongs to a known account of the same rep
    merged = contacts.merge(accounts, on="account_id")
    assert len(merged) == len(contacts)
    assert (merged["rep_id"] == merged["owner_rep_id"]).all()
    # leads of reps in their first year, old enough to have run their course (about
    # twelve contacts over three to six months), convert in the method's 1-5% band, with
    # half a point either side for the sampling noise of a few hundred leads
    end = pd.Timestamp(spec.end)
    young = reps.loc[reps["hire_date"] > end - pd.Timedelta(days=365), "rep_id"]
    created = pd.to_datetime(accounts["created_on"])
    leads = accounts[
        accounts["owner_rep_id"].isin(young) & (created < end - pd.Timedelta(days=120))
    ]
    rate = leads["account_id"].isin(deals["account_id"]).mean()
    assert 0.005 <= rate <= 0.06
    # and a first order takes months, not days
    both = deals.merge(accounts, on="account_id")
    took = pd.to_datetime(both["date"]) - pd.to_datetime(both["created_on"])
    assert took.median() >= pd.Timedelta(days=60)
    # the twelve-contact rule is both kept and broken: some parked accounts have fewer
    per_account = contacts.groupby("account_id").size()
    parked = accounts.loc[accounts["parked"], "account_id"]
    assert (per_account[parked] < 12).any() and (per_account[parked] >= 12).any()
    # deals come late in an account's contacts, not on the first call
    first = contacts.groupby("account_id")["date"].min()
    assert (deals.set_index("account_id")["date"] >= first[deals["account_id"]].values).all()


def test_sample_data_command(mini: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(mini))
    result = CliRunner().invoke(
        app, ["sample-data", "--out", str(tmp_path), "--teams", "2", "--reps-per-team", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "contacts.csv:" in result.stdout
    bad = CliRunner().invoke(app, ["sample-data", "--out", str(tmp_path), "--teams", "0"])
    assert bad.exit_code == 2 and "--teams" in bad.output


def test_each_session_is_scored_on_its_own_roleplays_criteria(tmp_path: Path) -> None:
    from helpers.trainer.roleplays import criteria_for, find_roleplay, rubric_for

    lib = load_library()
    generate(tmp_path, SampleSpec(teams=2, reps_per_team=3, months=6, seed=2), lib)
    scores = pd.read_csv(tmp_path / "scores.csv", dtype=str)
    assert scores["scenario_id"].notna().all()
    briefs = 0
    for (_session, play), rows in scores.groupby(["session_id", "scenario_id"]):
        assert rows["scenario_id"].nunique() == 1
        rubric = rubric_for(lib, play)
        want = {c.id for c in criteria_for(lib, rubric, play)}
        for _trainer, sheet in rows.groupby("trainer_id"):
            assert set(sheet["criterion_id"]) == want, play
        assert set(rows["rubric_version"]) == {lib.version_of("rubric", rubric.id)}
        briefs += type(find_roleplay(lib, play)).__name__ == "RoleplayBriefDoc"
    # a brief is scored on its one criterion: the key-account criteria are not on every sheet
    key_account = {c.id for r in lib.rubrics if r.id == "key_account_rubric" for c in r.criteria}
    sessions = scores.groupby("session_id")["criterion_id"].agg(set)
    assert briefs and sum(bool(s & key_account) for s in sessions) == briefs
    assert sum(not s & key_account for s in sessions) > briefs


def test_account_records_refer_to_the_organisation(tmp_path: Path) -> None:
    lib = load_library()
    spec = SampleSpec(teams=3, reps_per_team=4, months=6, seed=4)
    generate(tmp_path, spec, lib)
    read = {
        n: pd.read_csv(tmp_path / f"{n}.csv", dtype=str, keep_default_na=False) for n in COLUMNS
    }
    accounts = read["accounts"].set_index("account_id")
    opp, events, rec = read["opportunities"], read["customer_events"], read["receivables"]
    # assessments: key accounts only, by their owner, after they opened, by the last day
    assert len(opp) and (accounts.loc[opp["account_id"], "tier"] != "").all()
    assert (accounts.loc[opp["account_id"], "owner_rep_id"].to_numpy() == opp["rep_id"]).all()
    assert (opp["assessed_on"] >= accounts.loc[opp["account_id"], "created_on"].to_numpy()).all()
    assert opp["assessed_on"].max() <= str(spec.end)
    assert set(opp["pursued"]) == {"yes", "no"}
    # events of customers (won or key accounts), with no person for the store's own events
    customers = set(read["deals"]["account_id"]) | set(accounts.index[accounts["tier"] != ""])
    assert len(events) and set(events["account_id"]) <= customers
    assert (events.loc[events["kind"].isin(["store_opening", "disaster"]), "person"] == "").all()
    assert (events.loc[events["kind"] == "birthday", "person"] != "").all()
    # receivables: invoices of the accounts won, by the deal's rep, from the deal on; and the
    # balances a former customer won back still owed, invoiced before it went quiet (the
    # dormancy limit before it became a lead again) and paid, if at all, after the deal
    deals = read["deals"].set_index("account_id")
    assert len(rec) and set(rec["account_id"]) <= set(deals.index)
    assert (deals.loc[rec["account_id"], "rep_id"].to_numpy() == rec["rep_id"]).all()
    prior = rec["receivable_id"].str.contains("-P")
    new, old = rec[~prior], rec[prior]
    assert len(old) and old["account_id"].nunique() < rec["account_id"].nunique()
    assert (new["invoice_date"] >= deals.loc[new["account_id"], "date"].to_numpy()).all()
    quiet = pd.to_datetime(accounts.loc[old["account_id"], "created_on"]) - pd.Timedelta(
        days=lib.cadence.contact_rule.dormant_days_as_lead
    )
    assert (pd.to_datetime(old["invoice_date"]).to_numpy() <= quiet.to_numpy()).all()
    settled = old[old["paid_date"] != ""]
    assert (settled["paid_date"] > deals.loc[settled["account_id"], "date"].to_numpy()).all()
    paid = rec[rec["paid_date"] != ""]
    assert (paid["paid_date"] > paid["invoice_date"]).all() and (
        paid["paid_date"] <= str(spec.end)
    ).all()
    # the contacts answering events follow the others and are dated within the history
    contacts = read["contacts"]
    assert contacts["contact_id"].is_unique and contacts["contact_id"].is_monotonic_increasing
    assert contacts["date"].max() <= str(spec.end)


def test_six_months_have_balances_of_every_class(tmp_path: Path) -> None:
    from helpers.report.receivables import classify

    spec = SampleSpec()  # the bundled organisation's
    generate(tmp_path, spec, load_library())
    rec = pd.read_csv(
        tmp_path / "receivables.csv",
        parse_dates=["invoice_date", "due_date", "completed_date", "paid_date"],
    )
    classed = classify(rec, spec.end)
    share = classed["cls"].value_counts(normalize=True)
    # most balances are recent; older ones, brought forward by customers won back, are B or C
    assert share["rc_a"] > 0.6 and share["rc_b"] > 0.05 and share["rc_c"] > 0.05
    assert {"final", "stop"} <= set(classed["supply"])


def test_a_long_history_has_balances_of_every_class(tmp_path: Path) -> None:
    from helpers.report.receivables import classify

    spec = SampleSpec(teams=2, reps_per_team=4, months=30, seed=7)
    generate(tmp_path, spec, load_library())
    rec = pd.read_csv(
        tmp_path / "receivables.csv",
        parse_dates=["invoice_date", "due_date", "completed_date", "paid_date"],
    )
    classed = classify(rec, spec.end)
    assert set(classed["cls"]) == {"rc_a", "rc_b", "rc_c"}
    assert {"final", "stop"} <= set(classed["supply"])


def test_the_smallest_organisation_has_every_file(mini: Path, tmp_path: Path) -> None:
    counts = generate(
        tmp_path, SampleSpec(teams=1, reps_per_team=1, months=1, seed=1), load_library(mini)
    )
    assert set(counts) == set(COLUMNS)
    for name, cols in COLUMNS.items():
        assert list(pd.read_csv(tmp_path / f"{name}.csv", dtype=str).columns) == cols
