"""Unpaid balances classed on the period's last day, and the supply rule."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from helpers.report.receivables import by_rep, classify

END = dt.date(2026, 10, 31)


def balances(*rows: tuple) -> pd.DataFrame:
    columns = ["receivable_id", "rep_id", "amount", "invoice_date", "due_date"]
    columns += ["completed_date", "reminders", "paid_date"]
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("invoice_date", "due_date", "completed_date", "paid_date"):
        frame[col] = pd.to_datetime(frame[col])
    return frame.assign(account_id="A1")


def test_classes_and_supply_on_the_last_day() -> None:
    rec = balances(
        ("V1", "R1", 100.0, "2026-08-01", "2026-09-30", None, 0, None),  # recent: A
        ("V2", "R1", 200.0, "2025-06-01", "2025-10-31", None, 2, None),  # a year to the day: A
        ("V3", "R1", 300.0, "2025-06-01", "2025-10-30", None, 3, None),  # a year and a day: B
        ("V4", "R2", 400.0, "2024-09-01", "2026-01-31", "2024-10-30", 5, None),  # topped out: C
        ("V5", "R2", 500.0, "2025-01-01", "2025-02-01", None, 4, "2026-10-15"),  # paid: left out
        ("V6", "R2", 600.0, "2025-01-01", "2025-02-01", None, 1, "2026-11-15"),  # paid later: C
        ("V7", "R2", 700.0, "2026-11-02", "2026-12-01", None, 0, None),  # invoiced later
        ("V8", "R1", 800.0, "2026-10-01", "2026-11-30", None, 2, None),  # not due: no reminder
    )
    got = classify(rec, END).set_index("receivable_id")
    assert list(got.index) == ["V1", "V2", "V3", "V4", "V6", "V8"]
    assert got["cls"].to_dict() == {
        "V1": "rc_a", "V2": "rc_a", "V3": "rc_b", "V4": "rc_c", "V6": "rc_c", "V8": "rc_a",
    }  # fmt: skip
    assert got["supply"].to_dict() == {
        "V1": "remind", "V2": "final", "V3": "stop", "V4": "stop", "V6": "remind", "V8": "remind",
    }  # fmt: skip
    per_rep = by_rep(got.reset_index(), pd.Index(["R1", "R2", "R3"]))
    assert per_rep.loc["R1", ["rc_a_n", "rc_a_amount", "rc_b_n", "rc_b_amount"]].tolist() == [
        3, 1100.0, 1, 300.0,
    ]  # fmt: skip
    assert per_rep.loc["R2", ["rc_c_n", "rc_c_amount", "final", "stop"]].tolist() == [
        2, 1000.0, 0, 1,
    ]  # fmt: skip
    assert per_rep.loc["R3"].sum() == 0
