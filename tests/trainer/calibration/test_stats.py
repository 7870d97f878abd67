"""Rater calibration statistics: published reference values, missing scores, thin data,
severity, flags and JSON."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from helpers.trainer import calibration
from helpers.trainer.calibration import (
    MIN_SESSIONS,
    complete_block,
    icc,
    krippendorff_alpha,
    mean_offset,
    pairwise_kappa,
    stats,
    weighted_kappa,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def long_frame(matrix: list[list[float]], criterion: str = "c1") -> pd.DataFrame:
    """Raters (rows) x sessions (columns), NaN = not scored, as one row per score."""
    rows = [
        (f"S{j + 1:02d}", criterion, f"T{i + 1}", int(v))
        for i, ratings in enumerate(matrix)
        for j, v in enumerate(ratings)
        if not math.isnan(v)
    ]
    return pd.DataFrame(rows, columns=list(calibration.COLUMNS))


# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
# Communication, University of Pennsylvania, section C: 4 observers x 12 units, values 1-5, with
# missing values. Published: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797 (the
# krippendorff package's tests/test_krippendorff.py reproduces ordinal 0.815 and ratio 0.797).
NAN = math.nan
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]

# Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
# reliability. Psychological Bulletin 86(2), 420-428, Table 2: 6 targets x 4 judges.
# Published (Table 4): ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71, ICC(2,4) .62. The 95% CIs are
# those of R's psych::ICC on the same data (printed in dwoll/RExRepos, interRaterICC.md):
# ICC2 [0.019, 0.76], ICC2k [0.071, 0.93]; pingouin.intraclass_corr documents the same method.
SHROUT_FLEISS = [
    [9, 6, 8, 7, 10, 6],
    [2, 1, 4, 1, 5, 2],
    [5, 3, 6, 2, 6, 4],
    [8, 2, 8, 6, 9, 7],
]

# R package irr, data set `anxiety` (20 subjects, 3 raters), raters 2 and 3. irr's
# kappa2(anxiety[, 2:3], "squared") = 0.2520325, as recorded in statsmodels'
# stats/tests/test_inter_rater.py (test_cohens_kappa_irr). irr builds its weights from the
# levels that occur (1, 2, 3, 4, 6), so 6 is its fifth level: on the 1-5 scale that is the
# same ratings with 6 written as 5.
ANXIETY_RATER2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
ANXIETY_RATER3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]


# ------------------------------------------------------------ reference values


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_matches_krippendorff_2011(level: str, published: float) -> None:
    # Source: Krippendorff (2011), section C (see KRIPPENDORFF_2011)
    result = krippendorff_alpha(long_frame(KRIPPENDORFF_2011), level=level)
    assert result.value is not None
    assert round(result.value, 3) == published
    assert result.n == 11  # unit 12 has one value only: it cannot be paired


def test_calibrate_reports_the_published_ordinal_alpha() -> None:
    # Source: Krippendorff (2011), section C: ordinal alpha 0.815
    result = calibration.calibrate(long_frame(KRIPPENDORFF_2011))
    (c,) = result.criteria
    assert round(c.alpha.value, 3) == 0.815
    assert (c.n_sessions, c.n_trainers, c.n_scores) == (11, 4, 41)


def test_icc_matches_shrout_fleiss_1979_and_psych() -> None:
    # Source: Shrout & Fleiss (1979) Table 2 data, Table 4 values; CIs from psych::ICC
    single, average, block = icc(long_frame(SHROUT_FLEISS))
    assert block == ["T1", "T2", "T3", "T4"]
    assert single.n == 6
    assert round(single.value, 2) == 0.29
    assert round(average.value, 2) == 0.62
    assert (round(single.low, 3), round(single.high, 2)) == (0.019, 0.76)
    assert (round(average.low, 3), round(average.high, 2)) == (0.071, 0.93)


def test_icc_equals_the_formula_on_the_published_mean_squares() -> None:
    # Source: Shrout & Fleiss (1979) Table 3 (BMS 11.24, JMS 32.49, EMS 1.02; n 6, k 4) and
    # their equation for ICC(2,1) and ICC(2,k)
    bms, jms, ems, n, k = 11.24, 32.49, 1.02, 6, 4
    icc21 = (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n)
    icc2k = (bms - ems) / (bms + (jms - ems) / n)
    single, average, _ = icc(long_frame(SHROUT_FLEISS))
    assert single.value == pytest.approx(icc21, abs=0.002)
    assert average.value == pytest.approx(icc2k, abs=0.002)


def test_weighted_kappa_matches_irr_squared_weights() -> None:
    # Source: irr::kappa2(anxiety[, 2:3], "squared") = 0.2520325 (see ANXIETY_RATER2)
    a = [5 if v == 6 else v for v in ANXIETY_RATER2]
    b = [5 if v == 6 else v for v in ANXIETY_RATER3]
    assert weighted_kappa(a, b) == pytest.approx(0.2520325, abs=1e-7)
    frame = long_frame([a, b])
    (pair,) = pairwise_kappa(frame)
    assert (pair.trainer_a, pair.trainer_b, pair.kappa.n) == ("T1", "T2", 20)
    assert pair.kappa.value == pytest.approx(0.2520325, abs=1e-7)


def test_quadratic_kappa_is_the_concordance_correlation() -> None:
    # Source: Fleiss & Cohen (1973), Educ. Psychol. Meas. 33, 613-619; Schuster (2004),
    # Educ. Psychol. Meas. 64, 243-253: with quadratic weights, kappa equals
    # 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2), variances with divisor n
    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, 40)
    y = np.clip(x + rng.integers(-1, 3, 40), 1, 5)
    sxy = np.mean((x - x.mean()) * (y - y.mean()))
    ccc = 2 * sxy / (x.var() + y.var() + (x.mean() - y.mean()) ** 2)
    assert weighted_kappa(x, y) == pytest.approx(ccc, abs=1e-12)


# ------------------------------------------------------------ missing and thin data


def test_complete_block_takes_the_most_scores() -> None:
    wide = pd.DataFrame(
        {
            "A": [1, 2, 3, 4, 5, 1, 2],
            "B": [1, 2, 3, 4, 5, 1, NAN],
            "C": [1, 2, 3, NAN, NAN, NAN, 2],
            "D": [NAN, NAN, NAN, NAN, NAN, NAN, 2],
        },
        index=[f"S{i}" for i in range(7)],
    )
    # A+B share 6 sessions (12 scores); A+B+C share 3 (9); A+C share 4 (8)
    trainers, sessions = complete_block(wide)
    assert trainers == ["A", "B"]
    assert sessions == ["S0", "S1", "S2", "S3", "S4", "S5"]
    assert complete_block(wide[["C", "D"]].iloc[:6]) == ([], [])


def test_greedy_block_for_many_trainers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats, "MAX_EXHAUSTIVE_TRAINERS", 2)
    wide = pd.DataFrame(
        {"A": [1, 2, 3, 4], "B": [1, 2, 3, 4], "C": [1, NAN, NAN, 4], "D": [1, 2, 3, NAN]}
    )
    trainers, sessions = complete_block(wide)
    assert (trainers, sessions) == (["A", "B", "D"], [0, 1, 2])


def test_missing_scores_use_every_pair_for_alpha_and_the_largest_block_for_icc() -> None:
    # 12 sessions; T3 scores only the first 6, T4 only sessions 6 to 11
    rng = np.random.default_rng(0)
    truth = rng.integers(1, 6, 12).astype(float)
    matrix = [truth.copy(), np.clip(truth + rng.integers(-1, 2, 12), 1, 5), truth.copy(), truth]
    matrix[2][6:] = NAN
    matrix[3][:6] = NAN
    frame = long_frame([list(r) for r in matrix])
    (c,) = calibration.calibrate(frame).criteria
    assert (c.n_sessions, c.n_trainers) == (12, 4)
    assert c.alpha.value is not None
    # T1+T2 share all 12 sessions (24 scores); T1+T2+T3 only 6 (18)
    assert c.icc_trainers == ("T1", "T2")
    assert c.icc_single.n == 12
    assert {(k.trainer_a, k.trainer_b) for k in c.kappas} == {
        ("T1", "T2"),
        ("T1", "T3"),
        ("T1", "T4"),
        ("T2", "T3"),
        ("T2", "T4"),
    }  # T3 and T4 never score the same session: no pair


def test_too_little_data_gives_none_with_a_reason() -> None:
    # T1 and T2 share four sessions; T2 alone scores a fifth and T3 alone a sixth
    frame = long_frame([[1, 2, 3, 4, NAN, NAN], [1, 2, 4, 4, 5, NAN], [NAN, NAN, NAN, NAN, NAN, 3]])
    result = calibration.calibrate(frame)
    (c,) = result.criteria
    assert (c.n_sessions, c.n_trainers, c.n_scores) == (4, 2, 10)
    assert c.n_sessions < MIN_SESSIONS
    assert c.alpha.value is None and c.flag is None
    assert c.alpha.reason.text("en") == (
        "Too little data: only 4 session(s) had this criterion scored by two or more trainers; "
        "at least 5 are needed."
    )
    assert "4" in c.alpha.reason.text("zh") and CJK.search(c.alpha.reason.text("zh"))
    assert c.icc_single.value is None and c.icc_average.value is None
    assert "4 session(s) in common" in c.icc_single.reason.text("en")
    assert all(k.kappa.value is None and k.kappa.reason for k in c.kappas)
    assert all(tr.overall.value is None and tr.overall.reason for tr in result.trainers)
    assert [tr.overall.n for tr in result.trainers] == [4, 4, 0]
    out = result.to_json("en")
    assert out["criteria"][0]["alpha_ordinal"] is None
    assert out["criteria"][0]["alpha_reason"].startswith("Too little data")
    assert out["trainers"][0]["severity"] is None
    assert "Too little data" in calibration.format_report(result, "en")


def test_identical_scores_say_agreement_cannot_be_told_from_chance() -> None:
    frame = long_frame([[3] * 6, [3] * 6])
    (c,) = calibration.calibrate(frame).criteria
    assert c.alpha.value is None and c.icc_single.value is None
    assert c.alpha.reason.key == "calib.reason.no_variation"
    assert c.icc_single.reason.key == "calib.reason.no_variation"
    assert c.kappas[0].kappa.value is None


# ------------------------------------------------------------ severity


def harsh_trainer_frame(sessions: int = 10) -> pd.DataFrame:
    """Four trainers who agree and a fifth, TX, always one point below them."""
    rng = np.random.default_rng(1)
    rows = []
    for s in range(sessions):
        for c in ("prep", "close"):
            value = int(rng.integers(2, 6))
            rows += [(f"S{s}", c, t, value) for t in ("TA", "TB", "TC", "TD")]
            rows.append((f"S{s}", c, "TX", value - 1))
    return pd.DataFrame(rows, columns=list(calibration.COLUMNS))


def test_a_trainer_one_point_below_the_others_has_severity_minus_one() -> None:
    result = calibration.calibrate(harsh_trainer_frame())
    by_id = {tr.trainer_id: tr for tr in result.trainers}
    tx = by_id["TX"]
    assert tx.overall.value == pytest.approx(-1)
    assert (tx.overall.low, tx.overall.high) == (pytest.approx(-1), pytest.approx(-1))
    assert (tx.overall.n, tx.n_scores) == (10, 20)
    assert tx.by_criterion["prep"].value == pytest.approx(-1)
    assert tx.flag == "harsh"
    # each of the others: v - (3v + v - 1) / 4 = +0.25, not far enough to flag
    assert by_id["TA"].overall.value == pytest.approx(0.25)
    assert [tr.trainer_id for tr in result.trainers if tr.flag] == ["TX"]


def test_a_harsh_trainer_is_found_in_noisy_data() -> None:
    rng = np.random.default_rng(11)
    trainers = [f"T{i}" for i in range(8)]
    rows = []
    for s in range(120):
        skill = rng.uniform(1.5, 4.5)
        for t in rng.choice(trainers, 3, replace=False):
            bias = -1.0 if t == "T0" else 0.0
            for c in ("prep", "close", "report"):
                score = int(np.clip(round(skill + bias + rng.normal(0, 0.5)), 1, 5))
                rows.append((f"S{s}", c, str(t), score))
    result = calibration.calibrate(pd.DataFrame(rows, columns=list(calibration.COLUMNS)))
    by_id = {tr.trainer_id: tr for tr in result.trainers}
    harsh = by_id["T0"].overall
    # true offset -1 (a little less after clipping to 1-5); the CI is about +-0.12 wide
    assert harsh.value == pytest.approx(-1, abs=0.15)
    assert harsh.high < -0.5 and harsh.high - harsh.low < 0.4
    assert [tr.trainer_id for tr in result.trainers if tr.flag] == ["T0"]
    assert by_id["T0"].flag == "harsh"


def test_mean_offset_is_the_t_interval_with_one_offset_per_session() -> None:
    from scipy import stats

    x = np.array([0.5, -1.0, 0.0, 1.5, -0.5, 1.0, 0.5])
    e = mean_offset(x, [f"S{i}" for i in range(len(x))])
    se = x.std(ddof=1) / math.sqrt(len(x))
    half = stats.t.ppf(0.975, len(x) - 1) * se
    assert (e.value, e.se, e.n) == (pytest.approx(x.mean()), pytest.approx(se), 7)
    assert (e.low, e.high) == (pytest.approx(x.mean() - half), pytest.approx(x.mean() + half))


def test_mean_offset_counts_a_session_once_however_many_criteria() -> None:
    # twelve identical offsets per session carry no more information than one
    per_session = np.array([0.5, -1.0, 0.0, 1.5, -0.5, 1.0])
    one = mean_offset(per_session, list(range(6)))
    many = mean_offset(np.repeat(per_session, 12), np.repeat(np.arange(6), 12))
    assert (many.value, many.se, many.n) == (
        pytest.approx(one.value),
        pytest.approx(one.se),
        6,
    )


# ------------------------------------------------------------ flags


def test_flags_name_untrustworthy_criteria_and_far_off_trainers() -> None:
    rng = np.random.default_rng(5)
    rows = []
    # "random": every trainer draws a score independently (2-4; TX 1-3), so alpha is near 0.
    # TX scores one point below the others on both criteria.
    for s in range(30):
        good = int(rng.integers(2, 6))
        for t in ("TA", "TB", "TC", "TD", "TX"):
            harsh = t == "TX"
            rows.append((f"S{s}", "agreed", t, good - harsh))
            rows.append((f"S{s}", "random", t, int(rng.integers(2, 5)) - harsh))
    result = calibration.calibrate(pd.DataFrame(rows, columns=list(calibration.COLUMNS)))
    agreed, noise = result.criteria
    assert agreed.alpha.value > calibration.ALPHA_RELIABLE and agreed.flag is None
    assert noise.alpha.value < calibration.ALPHA_TENTATIVE and noise.flag == "unreliable"
    flags = {(f.kind, f.subject): f for f in result.flags}
    assert set(flags) == {("criterion", "random"), ("trainer", "TX")}
    assert (
        flags["criterion", "random"]
        .note.text("en")
        .startswith("random: the trainers agree too little to trust these scores (alpha ")
    )
    assert "scores harsher than the other trainers" in flags["trainer", "TX"].note.text("en")
    zh = calibration.flag_lines(result, "zh")
    assert all(CJK.search(line) for line in zh)
    assert any("偏严" in line or "严" in line for line in zh)


def test_tentative_band_between_0667_and_08() -> None:
    # two trainers agree on 15 of 20 sessions and differ by two points on 5
    rows = [(f"S{s}", "c", t, 1 + s % 5) for s in range(20) for t in ("TA", "TB")]
    for s in range(5):
        v = 1 + s % 5
        rows[2 * s + 1] = (f"S{s}", "c", "TB", v + 2 if v <= 3 else v - 2)
    (c,) = calibration.calibrate(pd.DataFrame(rows, columns=list(calibration.COLUMNS))).criteria
    assert calibration.ALPHA_TENTATIVE <= c.alpha.value < calibration.ALPHA_RELIABLE
    assert c.flag == "tentative"


# ------------------------------------------------------------ JSON


def test_json_has_the_headline_keys_and_no_nan() -> None:
    frame = pd.concat([long_frame(KRIPPENDORFF_2011, "k"), long_frame([[1, 2], [2, 2]], "thin")])
    out = calibration.calibrate(frame).to_json("en")
    text = json.dumps(out, allow_nan=False)  # NaN would raise here
    assert {"criteria", "trainers"} <= set(json.loads(text))
    required = {"criterion_id", "alpha_ordinal", "icc_single", "icc_average", "n_sessions"}
    for c in out["criteria"]:
        assert required | {"n_trainers"} <= set(c)
        assert c["icc_form"] == "ICC2 / ICC2k (two-way random, absolute agreement)"
        assert c["kappa_weights"] == "quadratic"
    assert [c["criterion_id"] for c in out["criteria"]] == ["k", "thin"]
    assert out["criteria"][1]["alpha_ordinal"] is None
    for tr in out["trainers"]:
        assert {"trainer_id", "severity"} <= set(tr)
