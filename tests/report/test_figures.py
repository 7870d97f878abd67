"""A team's report figures, and the sections the report notebook shows."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from IPython.display import HTML

from helpers.playbook import load_library
from helpers.playbook.library import Library
from helpers.report import sections as report_sections
from helpers.report.figures import TeamReport, build, changes
from helpers.report.sections import ReportView
from helpers.store import TeamRecords
from tests.report.test_metrics import OCT, accounts, contacts, deals, reps


def records() -> TeamRecords:
    scores = pd.DataFrame(
        {
            "session_id": ["S1", "S1", "S2"],
            "trainer_id": ["TR1", "TR2", "TR1"],
            "criterion_id": ["objection_handling"] * 3,
            "rep_id": ["R1", "R1", "R2"],
            "score": [2, 3, 4],
            "scored_on": [pd.Timestamp("2026-10-05")] * 3,
            "rubric_version": ["abc123"] * 3,
        }
    )
    attempts = pd.DataFrame(
        columns=["learner_id", "module", "exercise_id", "score", "max_score", "created_at"]
    ).astype({"created_at": "datetime64[ns, UTC]"})
    cards = pd.DataFrame(columns=["learner_id", "item_id", "module", "due"]).astype(
        {"due": "datetime64[ns, UTC]"}
    )
    return TeamRecords("T01", reps(), accounts(), contacts(), deals(), scores, attempts, cards)


@pytest.fixture
def lib(mini: Path) -> Library:
    return load_library(mini)


@pytest.fixture
def report(lib: Library) -> TeamReport:
    return build(records(), lib, OCT)


def test_build_reads_the_period_and_the_one_before(report: TeamReport) -> None:
    assert report.previous.start == dt.date(2026, 9, 1)
    assert list(report.reps.index) == ["R1", "R2"]
    assert report.reps.loc["R1", "leads_contacted"] == 2
    assert report.before.loc["R1", "leads_contacted"] == 0
    assert changes(report).loc["R1", "leads_contacted"] == 2
    assert report.funnel["won"] == 1
    assert report.rubric_versions == ["abc123"]
    # R1, a new hire: 2 leads in October (quantity 0.90 x 3), its one parked account parked
    # early (1.0 x 2), no training done (module 1.0 x 1.5); its role-play (2.5 over 2 scores:
    # 0.4 x 2) comes fourth and is left off the card
    assert [(f.key, f.assign) for f in report.focuses["R1"]] == [
        ("quantity", "05_follow_up"),
        ("follow_through", "05_follow_up"),
        ("module", "01_visit_flow"),
    ]


def view(report: TeamReport, lib: Library, locale: str = "en") -> ReportView:
    return ReportView(report, lib, locale, "store", dt.datetime(2026, 11, 2, tzinfo=dt.UTC))  # type: ignore[arg-type]


def page(report: TeamReport, lib: Library, locale: str = "en") -> BeautifulSoup:
    return BeautifulSoup(
        "".join(s.data for s in view(report, lib, locale).sections()), "html.parser"
    )


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_every_section_renders_in_both_languages(
    report: TeamReport, lib: Library, locale: str
) -> None:
    sections = view(report, lib, locale).sections()
    assert all(isinstance(s, HTML) for s in sections)
    html = "".join(s.data for s in sections)
    pngs = re.findall(r'(?:src|srcset)="data:image/png;base64,([^"]+)"', html)
    assert len(pngs) >= 4 and all(base64.b64decode(p)[:4] == b"\x89PNG" for p in pngs)
    assert "T01" in html and "Li (R1)" in html
    if locale == "zh":
        assert "辅导卡" in html and "要点" in html
    else:
        assert "Coaching cards" in html and "Summary" in html
    assert "Traceback" not in html


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_every_image_says_what_it_shows_in_the_page_language(
    report: TeamReport, lib: Library, locale: str
) -> None:
    images = page(report, lib, locale).find_all("img")
    assert len(images) == 4
    for img in images:
        alt = img.get("alt", "")
        assert len(alt) > 20 and "No description" not in alt
        assert bool(re.search(r"[\u4e00-\u9fff]", alt)) == (locale == "zh"), alt
    funnel = next(i["alt"] for i in images if "funnel" in i["alt"] or "漏斗" in i["alt"])
    assert "2" in funnel and "1" in funnel


def test_summary_states_the_benchmark(report: TeamReport, lib: Library) -> None:
    text = report_sections.summary(report, lib, "en").data
    # 1 won of 2 leads contacted = 50%, above the 1-5% benchmark
    assert "50.0%" in text and "above the new-rep benchmark of 1%–5%" in text
    assert 'where you should step in: <span class="ck-n" data-count="step_in">1</span>' in text


def test_summary_counts_are_the_lengths_of_the_lists(lib: Library) -> None:
    recs = records()
    # A5 is parked after 12 contacts but is a strategic account: parked though never to be
    # parked, so it belongs to the list of wrongly parked accounts (with A3, parked at 5)
    recs.accounts["tier"] = ["", "", "", "", "strategic", ""]
    rep = build(recs, lib, OCT)
    soup = page(rep, lib)
    summary = {s["data-count"]: int(s.text) for s in soup.select("span[data-count]")}
    for key in ("step_in", "park", "keep", "parked_wrongly"):
        rows = soup.select(f'div[data-list="{key}"] tbody tr')
        assert summary[key] == len(rows) == len(rep.lists[key]), key
    assert summary["parked_wrongly"] == 2
    assert summary["reps"] == len(soup.select(".ck-card")) == 2


def test_lists_hold_only_flagged_accounts_by_name_and_id(report: TeamReport, lib: Library) -> None:
    text = report_sections.park_and_step_in(report, lib, "en").data
    assert "b (A2)" in text and "c (A3)" in text  # step in; parked too early
    assert "A6" not in text


def test_counts_and_their_changes_are_whole_numbers(report: TeamReport, lib: Library) -> None:
    soup = page(report, lib)
    table = soup.select_one("table.ck-reps")
    first_row = [td.text for td in table.select("tbody tr")[0].find_all("td")]
    assert first_row[0] == "Li (R1) *" and first_row[1] == "2 (+2)"
    card = soup.select_one('.ck-card[data-rep="R1"]').text
    assert "Leads contacted: 2 (+2);" in card
    assert not re.search(r"\(\+\d+\.\d\)", str(soup))


def test_a_period_without_deals_says_so_instead_of_showing_zeros(lib: Library) -> None:
    recs = records()
    recs.deals = recs.deals[recs.deals["date"] < pd.Timestamp(OCT.start)]
    rep = build(recs, lib, OCT)
    assert rep.won == 0
    soup = page(rep, lib)
    text = soup.get_text(" ")
    assert "No deals were won in this period" in text
    assert "Conversion" not in [th.text for th in soup.select("table.ck-reps th")]
    assert "conversion" not in soup.select_one('.ck-card[data-rep="R1"] p').text
    zh = page(rep, lib, "zh").get_text(" ")
    assert "本期没有成交" in zh


def test_cards_rank_focuses_in_plain_words(report: TeamReport, lib: Library) -> None:
    soup = page(report, lib)
    cards = soup.select_one("div.ck-report:has(.ck-card)")
    text = cards.get_text(" ")
    assert "the most urgent first" in text
    assert "priority" not in text.lower()
    assert not re.search(r"\d\.\d\d", text)  # no bare weight x gap figures
    firsts = [li["data-focus"] for li in soup.select('.ck-card[data-rep="R1"] li')]
    assert firsts == [f.key for f in report.focuses["R1"]]


def test_method_is_in_plain_words(report: TeamReport, lib: Library) -> None:
    text = (
        report_sections.ReportView(
            report, lib, "en", "store", dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
        )
        .method()
        .data
    )
    assert "Fewer than 20 leads contacted a month" in text
    assert "multiply that by how much the item counts" in text
    assert "max(" not in text and "÷" not in text and "weight × gap" not in text
    assert "abc123" in text


def test_the_header_names_the_kind_of_data_never_the_store(
    lib: Library, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import helpers.playbook
    from helpers.report import params
    from helpers.store import Store

    store = Store(f"sqlite:///{tmp_path / 'hidden-folder' / 'org.sqlite'}")
    monkeypatch.setattr(params, "open_store", lambda url: store)
    monkeypatch.setattr(store, "teams", lambda: ["T01"])
    monkeypatch.setattr(store, "team_records", lambda team, until, since=None: records())
    monkeypatch.setattr(helpers.playbook, "load_library", lambda strict, checks: lib)
    url = "postgresql+psycopg://coach:S3CRET-PW@db.internal.example:5432/coachkit"
    said = {
        "en": "from team T01&#x27;s records in the coaching database",
        "zh": "数据：辅导数据库中团队 T01 的记录",
    }
    for locale in ("en", "zh"):
        v = params.load("T01", "2026-10-01", "2026-10-31", url, locale)
        html = "".join(s.data for s in v.sections())
        for leak in ("S3CRET", "coach:", "db.internal", "5432", "postgresql", "hidden-folder"):
            assert leak not in html, leak
        assert said[locale] in v.header().data


def test_empty_team_says_so(lib: Library) -> None:
    empty = records()
    empty.reps = empty.reps.iloc[0:0]
    rep = build(empty, lib, OCT)
    assert rep.empty
    text = report_sections.summary(rep, lib, "en").data
    assert "No reps are recorded" in text


def test_contacts_summed_up_by_the_database_give_the_same_report(
    store_url: str, tmp_path: Path
) -> None:
    from helpers.report.figures import contacts_from
    from helpers.report.ingest import ingest_folder
    from helpers.report.metrics import Period
    from helpers.report.sample import SampleSpec, generate
    from helpers.store import Store

    lib = load_library()
    generate(tmp_path / "org", SampleSpec(teams=2, reps_per_team=4, months=12, seed=4), lib)
    store = Store(store_url)
    ingest_folder(tmp_path / "org", store)
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    team = store.teams()[0]
    whole = store.team_records(team, period.end)
    split = store.team_records(team, period.end, contacts_from(lib, period))
    assert whole.contact_totals.empty
    # the older contacts come summed up, per account
    assert len(split.contacts) < len(whole.contacts)
    assert len(split.contacts) + split.contact_totals["contacts"].sum() == len(whole.contacts)
    one, other = build(whole, lib, period), build(split, lib, period)
    pd.testing.assert_frame_equal(one.reps, other.reps)
    pd.testing.assert_frame_equal(one.before, other.before)
    pd.testing.assert_frame_equal(one.accounts, other.accounts)
    pd.testing.assert_frame_equal(one.compliance, other.compliance)
    assert one.funnel == other.funnel and one.conversion == other.conversion
    assert one.focuses == other.focuses
