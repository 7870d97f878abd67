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
