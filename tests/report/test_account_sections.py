"""The key-account, opportunity, maintenance and receivables sections on the sample
organisation, in both languages: their counts against figures worked out here from the CSV
files, and what they say when the data lacks what they need."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta

from helpers.playbook import load_library
from helpers.report.coaching import rep_focuses
from helpers.report.figures import build
from helpers.report.ingest import ingest_folder
from helpers.report.metrics import Period
from helpers.report.sections import ReportView
from helpers.store import Store
from tests.conftest import PROJECT

SAMPLE = PROJECT / "data" / "sample"
START, END = pd.Timestamp("2026-10-01"), pd.Timestamp("2026-10-31")
PARTS = {"ka": "key_accounts", "opp": "opportunities", "care": "maintenance", "rc": "receivables"}


def playbook(path: str) -> dict:
    """A playbook file as the kit's loader reads it (libyaml)."""
    return yaml.load((PROJECT / "playbooks" / path).read_text("utf-8"), Loader=yaml.CSafeLoader)


def csv(name: str, dates: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False)
    for col in dates:
        frame[col] = pd.to_datetime(frame[col].replace("", None))
    return frame


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReportView]:
    db = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    store = Store(f"sqlite:///{db}")
    ingest_folder(SAMPLE, store)
    lib = load_library()
    period = Period(START.date(), END.date())
    records = store.team_records("T01", period.end, dt.date(2026, 4, 1))
    report = build(records, lib, period)
    when = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    return {loc: ReportView(report, lib, loc, "sample", when) for loc in ("en", "zh")}  # type: ignore[misc]


def counts(view: ReportView, part: str) -> dict[str, int]:
    soup = BeautifulSoup(getattr(view, PARTS[part])().data, "html.parser")
    assert soup.find(attrs={"data-part": part}) is not None
    return {s["data-count"]: int(s.text) for s in soup.select("[data-count]")}


def listed(view: ReportView, part: str, key: str) -> int:
    soup = BeautifulSoup(getattr(view, PARTS[part])().data, "html.parser")
    return int(soup.find(attrs={"data-list": key}).find(class_="ck-n").text)


def team() -> set[str]:
    reps = csv("reps")
    return set(reps.loc[reps["team_id"] == "T01", "rep_id"])


def test_key_accounts_against_their_tier(views: dict[str, ReportView]) -> None:
    accounts = csv("accounts", ("created_on",)).set_index("account_id")
    contacts = csv("contacts", ("date",))
    contacts = contacts[contacts["date"] <= END]
    last = contacts.groupby("account_id")["date"].max().reindex(accounts.index)
    live = (
        accounts["owner_rep_id"].isin(team())
        & (accounts["tier"] != "")
        & (accounts["parked"] != "True")
        & (accounts["created_on"] < START)
        & (last > END - pd.Timedelta(days=90))
    )
    scope = accounts[live]
    october = contacts[(contacts["date"] >= START) & contacts["type"].isin(["visit", "meeting"])]
    visits = october["account_id"].value_counts().reindex(scope.index, fill_value=0)
    # strategic accounts: two visits a month; the other tiers follow the grade (one a month)
    need = (scope["tier"] == "strategic").map({True: 2, False: 1})
    on_track = visits >= need
    strategic = scope["tier"] == "strategic"
    want = {
        "key_accounts": len(scope),
        "key_on_track": int(on_track.sum()),
        "strategic_accounts": int(strategic.sum()),
        "strategic_behind": int((strategic & ~on_track).sum()),
    }
    assert want["strategic_behind"] > 0 and want["key_on_track"] > 0
    for view in views.values():
        assert counts(view, "ka") == want
        assert listed(view, "ka", "ka_behind") == want["strategic_behind"]


def test_opportunity_scores_with_the_playbooks_weights(views: dict[str, ReportView]) -> None:
    doc = playbook("key_accounts/opportunity.yaml")
    weights = {f["id"]: f["weight"] for f in doc["factors"]}
    opp = csv("opportunities", ("assessed_on",))
    opp = opp[opp["rep_id"].isin(team()) & (opp["assessed_on"] <= END)]
    opp = opp.sort_values(["assessed_on", "opportunity_id"]).groupby("account_id").tail(1)
    score = sum(opp[f].astype(int) * w for f, w in weights.items()) / sum(weights.values())
    pursued = opp["pursued"] == "yes"
    want = {
        "assessed": len(opp),
        "pursued": int(pursued.sum()),
        "pursued_low": int((pursued & (score < doc["low_score"])).sum()),
        "unpursued_high": int((~pursued & (score >= doc["high_score"])).sum()),
    }
    assert want["pursued_low"] + want["unpursued_high"] > 0
    for view in views.values():
        assert counts(view, "opp") == want
        assert listed(view, "opp", "opp_pursued_low") == want["pursued_low"]


def test_maintenance_against_the_programmes_windows(views: dict[str, ReportView]) -> None:
    rules = playbook("relationship/programme.yaml")
    window = {r["kind"]: (r["window"]["start"], r["window"]["end"]) for r in rules["event_rules"]}
    # what each action is recorded as: a greeting is written, a call a call, the rest in person
    carried = {"greeting": {"message"}, "event_call": {"call"}, "care_call": {"call"}}
    answer = {
        r["kind"]: set().union(*(carried.get(a, {"visit", "meeting"}) for a in r["actions"]))
        for r in rules["event_rules"]
    }
    accounts = csv("accounts").set_index("account_id")
    events = csv("customer_events", ("date",))
    events = events[accounts.loc[events["account_id"], "owner_rep_id"].isin(team()).to_numpy()]
    contacts = csv("contacts", ("date",))
    contacts = contacts[contacts["date"] <= END]
    seen = (
        contacts.groupby("account_id")[["date", "type"]]
        .apply(lambda x: list(zip(x["date"], x["type"], strict=True)))
        .to_dict()
    )
    tally = {"care_done": 0, "care_overdue": 0, "care_due": 0}
    for e in events.itertuples():
        days = [e.date]
        if e.kind in ("birthday", "store_anniversary"):
            days = []
            for year in (2025, 2026, 2027):
                day = 28 if (e.date.month, e.date.day) == (2, 29) and year % 4 else e.date.day
                days.append(pd.Timestamp(year, e.date.month, day))
        for on in days:
            opens = on + pd.Timedelta(days=window[e.kind][0])
            closes = on + pd.Timedelta(days=window[e.kind][1])
            if closes < START or opens > END + pd.Timedelta(days=14):
                continue
            fits = [d for d, kind in seen.get(e.account_id, []) if kind in answer[e.kind]]
            if any(opens <= d <= closes for d in fits):
                tally["care_done"] += 1
            elif closes <= END:
                tally["care_overdue"] += 1
            else:
                tally["care_due"] += 1
    want = tally | {"care_events": sum(tally.values())}
    assert min(tally.values()) > 0
    for view in views.values():
        assert counts(view, "care") == want
        assert listed(view, "care", "care_overdue") == want["care_overdue"]
        assert listed(view, "care", "care_due") == want["care_due"]


def test_receivables_by_class_as_the_method_states(views: dict[str, ReportView]) -> None:
    rec = csv("receivables", ("invoice_date", "due_date", "completed_date", "paid_date"))
    rec = rec[rec["rep_id"].isin(team()) & (rec["invoice_date"] <= END)]
    rec = rec[rec["paid_date"].isna() | (rec["paid_date"] > END)]

    def cls(due: pd.Timestamp, done: pd.Timestamp) -> str:
        b_from = due + relativedelta(months=12)
        if not pd.isna(done):
            b_from = min(b_from, done + relativedelta(months=18))
        if b_from + relativedelta(months=6) < END:
            return "rc_c"
        return "rc_b" if b_from < END else "rc_a"

    classes = [cls(d, c) for d, c in zip(rec["due_date"], rec["completed_date"], strict=True)]
    reminders = rec["reminders"].astype(int)
    past = rec["due_date"] < END
    want = {f"{c}_n": classes.count(c) for c in ("rc_a", "rc_b", "rc_c")} | {
        "unpaid": len(rec),
        "final": int(((reminders == 2) & past).sum()),
        "stop": int(((reminders >= 3) & past).sum()),
        "stop_accounts": rec.loc[(reminders >= 3) & past, "account_id"].nunique(),
    }
    assert want["unpaid"] > 0
    assert min(want["rc_a_n"], want["rc_b_n"], want["rc_c_n"]) > 0  # every class shown
    amount = rec["amount"].astype(float)[[c == "rc_a" for c in classes]].sum()
    for loc, view in views.items():
        assert counts(view, "rc") == want
        text = BeautifulSoup(view.receivables().data, "html.parser").get_text()
        assert f"{amount:,.0f}" in text, loc


def test_the_sections_speak_the_reports_language(views: dict[str, ReportView]) -> None:
    titles = {
        "en": ["Key accounts: visits", "Opportunity scores", "Relationship maintenance",
               "Receivables by class"],
        "zh": ["重点客户", "机会评估", "客情维护", "应收账款"],
    }  # fmt: skip
    for loc, view in views.items():
        for (part, name), title in zip(PARTS.items(), titles[loc], strict=True):
            soup = BeautifulSoup(getattr(view, name)().data, "html.parser")
            assert soup.find("h2").text.startswith(title), (loc, part)
            for img in soup.find_all("img"):
                assert img["alt"] and ("Bar chart" in img["alt"] or "Dot chart" in img["alt"]) == (
                    loc == "en"
                )
    names = [s.data for s in views["en"].sections()]
    assert sum("data-part=" in s for s in names) == 4
    method = views["zh"].method().data
    assert "机会得分" in method and "应收账款分类" in method


def test_absent_data_is_said_in_one_sentence(mini: Path) -> None:
    from tests.report.test_figures import records

    lib = load_library()
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    for library in (lib, load_library(mini)):
        report = build(records(), library, period)
        for loc, phrase in (("en", "data has no"), ("zh", "数据里没有")):
            view = ReportView(
                report, library, loc, "store", dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
            )  # type: ignore[arg-type]
            for name in ("opportunities", "maintenance"):
                soup = BeautifulSoup(getattr(view, name)().data, "html.parser")
                assert phrase in soup.get_text() and not soup.find("img") and not soup.find("table")
            assert not BeautifulSoup(view.receivables().data, "html.parser").find("table")
            assert not BeautifulSoup(view.key_accounts().data, "html.parser").find("img")


def test_focuses_point_to_modules_06_07_and_08() -> None:
    lib = load_library()
    figures = {
        "strategic_accounts": 4, "strategic_on_track": 1, "care_overdue": 3, "care_done": 1,
        "rc_a_n": 2, "rc_b_n": 1, "rc_c_n": 1, "stop": 1,
    }  # fmt: skip
    got = {
        f.key: f
        for f in rep_focuses(
            "R1", figures, pd.DataFrame(columns=["criterion_id", "mean", "n"]), {}, lib
        )
    }
    assert (got["key_accounts"].assign, got["key_accounts"].gap) == ("06_key_accounts", 0.75)
    assert (got["relationship"].assign, got["relationship"].gap) == ("07_relationship", 0.75)
    assert (got["receivables"].assign, got["receivables"].gap) == ("08_channel", 0.5)
    none = {"strategic_accounts": 0, "care_overdue": 0, "care_done": 0}
    keys = {
        f.key
        for f in rep_focuses(
            "R1", none, pd.DataFrame(columns=["criterion_id", "mean", "n"]), {}, lib
        )
    }
    assert not keys & {"key_accounts", "relationship", "receivables"}
