"""A synthetic sales organisation that behaves the way the method says reps do.

:func:`generate` writes the CSV files the kit imports (schemas in
``data/README.md``): reps, accounts, contacts, deals, training attempts and
role-play scores. Numbers follow the method: new reps convert about 1-5% of
the leads they follow through; a first order takes about twelve effective
contacts over three to six months; accounts are visited by grade. Each rep
gets traits that make the coaching report worth reading: some contact too
few leads, some park accounts before twelve contacts, some never get past
the "doctor" stage of the customer profile, and their skills differ.

Contacts are generated team by team with NumPy and appended to the CSV, so
the generator scales to millions of rows in bounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.playbook.library import Library
from helpers.store.tables import OPPORTUNITY_FACTORS

CONTACT_TYPES = ("call", "visit", "message", "meeting")
CONTACT_TYPE_P = (0.45, 0.35, 0.12, 0.08)
"""The average mix of contact types; each rep's share of visits moves with their discipline."""
TIERS = ("strategic", "important", "general")
TIER_P = (0.2, 0.3, 0.5)
"""Key-account tiers in the method's 2 : 3 : 5."""
GRADES = ("A", "B", "C", "D")
GRADE_P = (0.1, 0.25, 0.35, 0.3)
COLUMNS: dict[str, list[str]] = {
    "reps": ["rep_id", "name", "team_id", "hire_date"],
    "accounts": [
        "account_id",
        "name",
        "owner_rep_id",
        "grade",
        "created_on",
        "profile_fields",
        "parked",
        "tier",
    ],
    "contacts": ["contact_id", "date", "rep_id", "account_id", "type", "outcome"],
    "deals": ["deal_id", "account_id", "rep_id", "date", "amount"],
    "attempts": ["learner_id", "module", "exercise_id", "score", "max_score", "created_at"],
    "scores": [
        "session_id",
        "rep_id",
        "trainer_id",
        "criterion_id",
        "score",
        "scored_on",
        "rubric_version",
        "scenario_id",
    ],
    "opportunities": [
        "opportunity_id",
        "account_id",
        "rep_id",
        "assessed_on",
        *OPPORTUNITY_FACTORS,
        "pursued",
    ],
    "customer_events": ["event_id", "account_id", "person", "kind", "date"],
    "receivables": [
        "receivable_id",
        "account_id",
        "rep_id",
        "amount",
        "invoice_date",
        "due_date",
        "completed_date",
        "reminders",
        "paid_date",
    ],
}
"""The columns of each generated file, in order (documented in data/README.md)."""
FILES = tuple(COLUMNS)
WARM_UP_DAYS = 180
"""Accounts already being worked when the history starts were opened up to this long before."""


@dataclass(frozen=True)
class SampleSpec:
    """What to generate.

    Attributes
    ----------
    teams, reps_per_team : int
        Size of the organisation.
    months : int
        Length of the history, ending at ``end``.
    seed : int
        Random seed; the same spec always gives the same files.
    end : date
        Last day of the history.
    leads_per_rep_month : float
        Average new leads a rep takes on per month (varied per rep).
    """

    teams: int = 4
    reps_per_team: int = 6
    months: int = 6
    seed: int = 7
    end: date = date(2026, 10, 31)
    leads_per_rep_month: float = 8.0

    @property
    def start(self) -> date:
        """First day of the history."""
        return self.end - timedelta(days=round(self.months * 30.4))


# sample data, not interface text: the common surnames and given-name characters of made-up reps
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓"
    "曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌宇浩凯琳晨欣怡婷雪峰"


def _names(n: int, rng: np.random.Generator) -> list[str]:
    """Made-up Chinese names (a surname and one or two given characters)."""
    out = []
    for _ in range(n):
        given = "".join(rng.choice(list(GIVEN), rng.integers(1, 3)))
        out.append(str(rng.choice(list(SURNAMES))) + given)
    return out


def _type_mix(discipline: float) -> list[float]:
    """Call, visit, message, meeting shares for a rep: disciplined reps visit more."""
    visit = 0.2 + 0.45 * discipline
    rest = 1 - visit - CONTACT_TYPE_P[3]
    return [rest * 0.8, visit, rest * 0.2, CONTACT_TYPE_P[3]]


def _team_ids(n: int) -> list[str]:
    # string ids with leading zeros: they must survive as strings everywhere
    return [f"T{i + 1:02d}" for i in range(n)]


def _reps(spec: SampleSpec, rng: np.random.Generator) -> pd.DataFrame:
    n = spec.teams * spec.reps_per_team
    teams = np.repeat(_team_ids(spec.teams), spec.reps_per_team)
    new_hire = rng.random(n) < 0.35
    # about a third joined within the year: under six months they count as new hires
    tenure_days = np.where(new_hire, rng.integers(20, 365, n), rng.integers(365, 2500, n))
    hire = [spec.end - timedelta(days=int(d)) for d in tenure_days]
    return pd.DataFrame(
        {
            "rep_id": [f"R{i + 1:04d}" for i in range(n)],
            "name": _names(n, rng),
            "team_id": teams,
            "hire_date": hire,
            # traits (not written to reps.csv): what makes each rep different
            "activity": rng.lognormal(0, 0.45, n) * np.where(rng.random(n) < 0.2, 0.4, 1.0),
            "follow_through": rng.uniform(0.45, 1.4, n),
            "parks_early": rng.random(n) < 0.2,
            "profile_depth": np.where(rng.random(n) < 0.2, 0.15, rng.uniform(0.4, 1.0, n)),
            "skill": rng.normal(3.2, 0.6, n).clip(1.5, 4.7),
            # how far the rep visits by the grade's cadence instead of phoning
            "discipline": rng.uniform(0.2, 1.0, n),
            # chance that a lead followed through twelve contacts becomes a deal
            "conversion": np.where(
                new_hire, rng.uniform(0.02, 0.08, n), rng.uniform(0.05, 0.15, n)
            ),
        }
    )


def _team_activity(
    spec: SampleSpec,
    reps: pd.DataFrame,
    rng: np.random.Generator,
    profile_fields: list[tuple[str, int]],
    first_account: int,
    first_contact: int,
    cadence_contacts: int = 12,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Accounts, contacts and deals of one team's reps."""
    days = (spec.end - spec.start).days
    accounts, contacts, deals = [], [], []
    acc_no, con_no = first_account, first_contact
    for rep in reps.itertuples():
        # leads opened from half a year before the history starts, so that deals run at
        # their steady pace from the first month; none before the rep was hired
        hired = max(-WARM_UP_DAYS, (rep.hire_date - spec.start).days)
        months = (days - hired) / 30.4
        n_leads = max(1, rng.poisson(spec.leads_per_rep_month * months * rep.activity))
        grade = rng.choice(GRADES, n_leads, p=GRADE_P)
        opened = rng.integers(hired, days, n_leads)
        # effective contacts per lead: more for higher grades and for diligent reps
        grade_boost = np.select([grade == "A", grade == "B"], [1.6, 1.2], 1.0)
        mean = 7.0 * rep.follow_through * grade_boost
        k = np.maximum(1, rng.poisson(mean))
        ids = np.arange(acc_no, acc_no + n_leads)
        acc_no += n_leads
        # each lead is worked for three to six months (the time principle); contacts
        # planned after the history's last day have not happened yet
        owner = np.repeat(np.arange(n_leads), k)
        worked = rng.integers(90, 181, n_leads)
        day = opened[owner] + np.floor(rng.random(len(owner)) * worked[owner]).astype(int)
        order = np.lexsort((day, owner))
        owner, day = owner[order], day[order]
        first = np.concatenate(([0], np.cumsum(k)[:-1]))
        # the kit's model of the time principle: full chance only after twelve contacts;
        # the order comes with the contact that completes the twelve (or the last one)
        p_deal = rep.conversion * np.minimum(1.0, k / cadence_contacts)
        deal_day = day[first + np.minimum(k, cadence_contacts) - 1]
        won = (rng.random(n_leads) < p_deal) & (deal_day <= days)
        seen = day <= days
        owner, day = owner[seen], day[seen]
        k_seen = np.bincount(owner, minlength=n_leads)
        park_at = 6 if rep.parks_early else cadence_contacts
        parked = (~won) & (k_seen >= park_at) & (rng.random(n_leads) < 0.7)
        # the important accounts (grades A and B) are key accounts in the 2 : 3 : 5 tiers; a
        # rep who parks early parks strategic ones too, the others keep them active
        tier_rng = np.random.default_rng([spec.seed, int(ids[0])])
        tier = np.where(np.isin(grade, ["A", "B"]), tier_rng.choice(TIERS, n_leads, p=TIER_P), "")
        if not rep.parks_early:
            parked &= tier != "strategic"
        depth = np.minimum(
            1.0,
            rep.profile_depth * 1.3 * np.minimum(1, k_seen / 10) + rng.normal(0, 0.1, n_leads),
        )
        known = [
            ";".join(f for f, rank in profile_fields if rank == 1 or d * 4 >= rank + 0.5)
            for d in depth
        ]
        accounts.append(
            pd.DataFrame(
                {
                    "account_id": [f"A{i:07d}" for i in ids],
                    "name": [f"Customer {i}" for i in ids],
                    "owner_rep_id": rep.rep_id,
                    "grade": grade,
                    "created_on": [spec.start + timedelta(days=int(o)) for o in opened],
                    "profile_fields": known,
                    "parked": parked,
                    "tier": tier,
                }
            )
        )
        total = len(owner)
        dates = pd.Timestamp(spec.start) + pd.to_timedelta(day, unit="D")
        contacts.append(
            pd.DataFrame(
                {
                    "contact_id": [f"C{i:09d}" for i in range(con_no, con_no + total)],
                    "date": dates.date,
                    "rep_id": rep.rep_id,
                    "account_id": [f"A{ids[i]:07d}" for i in owner],
                    "type": rng.choice(CONTACT_TYPES, total, p=_type_mix(rep.discipline)),
                    "outcome": rng.choice(
                        ["talked", "no_answer", "appointment"], total, p=[0.6, 0.25, 0.15]
                    ),
                }
            )
        )
        con_no += total
        won_idx = np.flatnonzero(won)
        if len(won_idx):
            when = pd.Timestamp(spec.start) + pd.to_timedelta(deal_day[won_idx], unit="D")
            deals.append(
                pd.DataFrame(
                    {
                        "deal_id": [f"D{ids[i]:07d}" for i in won_idx],
                        "account_id": [f"A{ids[i]:07d}" for i in won_idx],
                        "rep_id": rep.rep_id,
                        "date": when.date,
                        "amount": rng.lognormal(9, 0.8, len(won_idx)).round(-2),
                    }
                )
            )
    empty = pd.DataFrame()
    return (
        pd.concat(accounts, ignore_index=True),
        pd.concat(contacts, ignore_index=True),
        pd.concat(deals, ignore_index=True) if deals else empty,
    )


ONE_OFF_EVENTS = ("wedding", "birth", "illness", "loss", "store_opening", "disaster")
ONE_OFF_P = (0.12, 0.12, 0.3, 0.14, 0.12, 0.2)
"""Events that happen once, and their mix."""
ONE_OFF_PER_YEAR = 0.5
"""One-off events a customer has in a year, on average."""
NO_PERSON = ("store_opening", "store_anniversary", "disaster")
"""Events of the store or company, not of one person there."""
TIER_QUALITY = {"strategic": 3.6, "important": 3.2, "general": 2.8}
"""The typical opportunity rating of an account of each tier."""


def _days_between(first: object, last: object) -> np.ndarray:
    """Whole days from each of ``first`` to each of ``last`` (dates or arrays of them)."""
    return np.asarray(
        (pd.DatetimeIndex(np.atleast_1d(last)) - pd.DatetimeIndex(np.atleast_1d(first))).days
    )


def _opportunities(
    spec: SampleSpec,
    accounts: pd.DataFrame,
    judgement: pd.Series,
    lib: Library,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Key accounts' opportunity assessments: a rep with good judgement pursues the accounts
    the weighted factors favour, one without pursues almost at random."""
    end = pd.Timestamp(spec.end)
    created = pd.to_datetime(accounts["created_on"])
    key = accounts[(accounts["tier"] != "") & (created <= end - pd.Timedelta(days=14))]
    key = key[rng.random(len(key)) < 0.7]
    n = len(key)
    opened = pd.to_datetime(key["created_on"])
    # assessed two weeks to four months after the account opened, and by the last day
    longest = np.minimum(120, _days_between(opened, [end] * n))
    lag = 14 + np.floor(rng.random(n) * (longest - 13)).astype(int)
    on = opened + pd.to_timedelta(lag, unit="D")
    quality = key["tier"].map(TIER_QUALITY).to_numpy() + rng.normal(0, 0.6, n)
    noise = rng.normal(0, 0.9, (n, len(OPPORTUNITY_FACTORS)))
    ratings = np.clip(np.round(quality[:, None] + noise), 1, 5).astype(int)
    docs = lib.of_kind("opportunity_assessment")
    given = {f.id: f.weight for f in docs[0].factors} if docs else {}
    weights = np.array([given.get(f, 1.0) for f in OPPORTUNITY_FACTORS])
    score = ratings @ weights / weights.sum()
    sharp = judgement.reindex(key["owner_rep_id"]).to_numpy()
    p = sharp / (1 + np.exp(-3 * (score - 3))) + (1 - sharp) * 0.5
    out = pd.DataFrame(ratings, columns=list(OPPORTUNITY_FACTORS))
    out.insert(0, "assessed_on", pd.DatetimeIndex(on).date)
    out.insert(0, "rep_id", key["owner_rep_id"].to_numpy())
    out.insert(0, "account_id", key["account_id"].to_numpy())
    out.insert(0, "opportunity_id", ["O" + a[1:] for a in key["account_id"]])
    out["pursued"] = np.where(rng.random(n) < p, "yes", "no")
    return out


def _events(spec: SampleSpec, customers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Birthdays (of most customers' contact person), store anniversaries (of some), and
    one-off events through the history and a little past its end."""
    n = len(customers)
    ids = customers["account_id"].to_numpy()
    born = rng.random(n) < 0.8
    store = rng.random(n) < 0.3
    span = (spec.end - spec.start).days + 60
    k = rng.poisson(ONE_OFF_PER_YEAR * span / 365, n)
    parts = [
        pd.DataFrame(
            {
                "account_id": ids[born],
                "kind": "birthday",
                "date": pd.Timestamp(1960, 1, 1)
                + pd.to_timedelta(rng.integers(0, 33 * 365, born.sum()), unit="D"),
            }
        ),
        pd.DataFrame(
            {
                "account_id": ids[store],
                "kind": "store_anniversary",
                "date": pd.Timestamp(2005, 1, 1)
                + pd.to_timedelta(rng.integers(0, 18 * 365, store.sum()), unit="D"),
            }
        ),
        pd.DataFrame(
            {
                "account_id": np.repeat(ids, k),
                "kind": rng.choice(ONE_OFF_EVENTS, k.sum(), p=ONE_OFF_P),
                "date": pd.Timestamp(spec.start)
                + pd.to_timedelta(rng.integers(0, span, k.sum()), unit="D"),
            }
        ),
    ]
    events = pd.concat(parts, ignore_index=True).sort_values(["account_id", "date", "kind"])
    number = events.groupby("account_id").cumcount() + 1
    events["event_id"] = "E" + events["account_id"].str[1:] + "-" + number.astype(str)
    people = np.array(_names(len(events), rng), dtype=object)
    events["person"] = np.where(events["kind"].isin(NO_PERSON), "", people)
    events["date"] = events["date"].dt.date
    return events[COLUMNS["customer_events"]].reset_index(drop=True)


def _care_contacts(
    spec: SampleSpec,
    events: pd.DataFrame,
    owners: pd.Series,
    care: pd.Series,
    lib: Library,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The contacts by which reps answer customer events within the programme's windows: a
    caring rep answers most of them, a careless one few."""
    from helpers.report.relationship import ACTION_CONTACT_TYPES, occurrences

    programmes = lib.of_kind("care_programme")
    columns = ["date", "rep_id", "account_id", "type", "outcome"]
    if not programmes or events.empty:
        return pd.DataFrame(columns=columns)
    rules = {r.kind: r for r in programmes[0].event_rules}
    days = occurrences(events[events["kind"].isin(rules)], spec.start, spec.end)
    days["rep_id"] = owners.reindex(days["account_id"]).to_numpy()
    days = days[rng.random(len(days)) < care.reindex(days["rep_id"]).to_numpy()]
    lo = days["kind"].map(lambda k: rules[k].window.start).to_numpy()
    hi = days["kind"].map(lambda k: rules[k].window.end).to_numpy()
    when = days["on"] + pd.to_timedelta(rng.integers(lo, hi + 1), unit="D")
    action = days["kind"].map(lambda k: rules[k].actions[0])
    out = pd.DataFrame(
        {
            "date": when,
            "rep_id": days["rep_id"],
            "account_id": days["account_id"],
            "type": action.map(lambda a: ACTION_CONTACT_TYPES[a][0]),
            "outcome": "talked",
        }
    )
    inside = (out["date"] >= pd.Timestamp(spec.start)) & (out["date"] <= pd.Timestamp(spec.end))
    out = out[inside].sort_values(["date", "account_id"])
    return out.assign(date=out["date"].dt.date)[columns]


WON_BACK_P = 0.3
"""Share of the accounts won that are former customers won back: they went quiet owing
money, and the rep took them up again as leads (a customer silent past the dormancy limit
is a lead again)."""
WON_BACK_QUIET_DAYS = (0, 360)
"""Days beyond the dormancy limit a former customer was quiet before the rep took it up
again (at least, below)."""
PRIOR_BALANCES = (1, 4)
"""How many balances a former customer still owed when it went quiet (at least, at most)."""
PRIOR_SETTLED_P = 0.25
"""Chance that a balance brought forward is paid after the customer was won back."""


def _receivables(
    spec: SampleSpec,
    deals: pd.DataFrame,
    collection: pd.Series,
    rng: np.random.Generator,
    opened: pd.Series,
    dormant_days: int,
) -> pd.DataFrame:
    """The invoices of the accounts won: the first order and the repeat orders after it.
    Project customers pay 90 days after invoicing, with a topping-out date; trade customers
    in 30 or 60 days. Some customers pay late or not at all, more so for a rep who chases
    little, and the formal reminders sent follow the months overdue.

    Some of the accounts won are former customers won back (:data:`WON_BACK_P`), whose
    unpaid balances from before they went quiet are brought forward: invoiced at least
    ``dormant_days`` before the account became a lead again (``opened``: each account's
    ``created_on``). These are the balances that age into classes B and C within a short
    history."""
    end = pd.Timestamp(spec.end)
    n = len(deals)
    if not n:
        return pd.DataFrame(columns=COLUMNS["receivables"])
    won = pd.to_datetime(deals["date"]).to_numpy()
    gaps = rng.integers(25, 50, (n, 8))
    gaps[:, 0] = 0
    offsets = np.cumsum(gaps, axis=1)
    left = _days_between(won, [end] * n)
    row, order = np.nonzero(offsets <= left[:, None])
    invoiced = pd.DatetimeIndex(won[row]) + pd.to_timedelta(offsets[row, order], unit="D")
    scale = np.where(order == 0, 1.0, rng.uniform(0.3, 1.0, len(row)))
    amount = np.maximum(100, np.round(deals["amount"].to_numpy()[row] * scale, -2))
    project = (rng.random(n) < 0.3)[row]
    terms = np.where(project, 90, rng.choice([30, 60], len(row)))
    due = invoiced + pd.to_timedelta(terms, unit="D")
    topped = invoiced + pd.to_timedelta(rng.integers(20, 80, len(row)), unit="D")
    completed = pd.Series(topped).where(project & (topped <= end))
    chase = collection.reindex(deals["rep_id"]).to_numpy()[row]
    slow = (rng.random(n) < 0.6 * (1 - collection.reindex(deals["rep_id"]).to_numpy()))[row]
    late = rng.integers(-20, 25, len(row)) + np.where(slow, rng.integers(60, 300, len(row)), 0)
    paid = pd.Series(
        np.maximum(due + pd.to_timedelta(late, unit="D"), invoiced + pd.Timedelta(1, "D"))
    )
    # a slow payer leaves some invoices unpaid for good: they age into classes B and C
    never = slow & (rng.random(len(row)) < 0.3)
    paid = paid.where((paid <= end) & ~never)
    until = paid.fillna(end)
    overdue = np.maximum(0, _days_between(due, until))
    reminders = np.where(overdue > 0, np.floor(overdue / 30 * chase + rng.random(len(row))), 0)
    accounts = deals["account_id"].to_numpy()[row]
    current = _receivable_rows(
        [f"V{a[1:]}-{o + 1:02d}" for a, o in zip(accounts, order, strict=True)],
        accounts,
        deals["rep_id"].to_numpy()[row],
        amount,
        (invoiced, due, completed, paid),
        reminders,
    )
    prior = _prior_balances(spec, deals, collection, rng, opened, dormant_days)
    return pd.concat([current, prior], ignore_index=True)


def _prior_balances(
    spec: SampleSpec,
    deals: pd.DataFrame,
    collection: pd.Series,
    rng: np.random.Generator,
    opened: pd.Series,
    dormant_days: int,
) -> pd.DataFrame:
    """The balances former customers won back still owed from before they went quiet,
    chased by the rep who won them back; a few are paid after the customer came back."""
    end = pd.Timestamp(spec.end)
    back = rng.random(len(deals)) < WON_BACK_P
    won = deals[back]
    if won.empty:
        return pd.DataFrame(columns=COLUMNS["receivables"])
    lead = pd.DatetimeIndex(pd.to_datetime(opened.reindex(won["account_id"]).to_numpy()))
    quiet = dormant_days + rng.integers(*WON_BACK_QUIET_DAYS, len(won))
    last_order = lead - pd.to_timedelta(quiet, unit="D")
    k = rng.integers(PRIOR_BALANCES[0], PRIOR_BALANCES[1] + 1, len(won))
    row = np.repeat(np.arange(len(won)), k)
    number = np.concatenate([np.arange(m) for m in k])
    # the last orders before the customer went quiet, a month or so apart
    invoiced = last_order[row] - pd.to_timedelta(number * rng.integers(25, 50, len(row)), "D")
    project = (rng.random(len(won)) < 0.3)[row]
    terms = np.where(project, 90, rng.choice([30, 60], len(row)))
    due = invoiced + pd.to_timedelta(terms, unit="D")
    topped = invoiced + pd.to_timedelta(rng.integers(20, 80, len(row)), unit="D")
    completed = pd.Series(topped).where(project)
    amount = np.maximum(100, rng.lognormal(9, 0.8, len(row)).round(-2))
    chase = collection.reindex(won["rep_id"]).to_numpy()[row]
    overdue = _days_between(due, [end] * len(row))
    reminders = np.floor(overdue / 30 * chase + rng.random(len(row)))
    deal_day = pd.DatetimeIndex(pd.to_datetime(won["date"].to_numpy()))[row]
    settle = deal_day + pd.to_timedelta(rng.integers(1, 120, len(row)), unit="D")
    paid = pd.Series(settle).where((rng.random(len(row)) < PRIOR_SETTLED_P) & (settle <= end))
    accounts = won["account_id"].to_numpy()[row]
    return _receivable_rows(
        [f"V{a[1:]}-P{m + 1}" for a, m in zip(accounts, number, strict=True)],
        accounts,
        won["rep_id"].to_numpy()[row],
        amount,
        (invoiced, due, completed, paid),
        reminders,
    )


def _receivable_rows(
    ids: list[str],
    accounts: np.ndarray,
    reps: np.ndarray,
    amount: np.ndarray,
    days: tuple[pd.DatetimeIndex, pd.DatetimeIndex, pd.Series, pd.Series],
    reminders: np.ndarray,
) -> pd.DataFrame:
    """Receivables in the file's columns; ``days``: invoiced, due, completed and paid (the
    last two may be missing)."""
    invoiced, due, completed, paid = days
    return pd.DataFrame(
        {
            "receivable_id": ids,
            "account_id": accounts,
            "rep_id": reps,
            "amount": amount,
            "invoice_date": invoiced.date,
            "due_date": due.date,
            "completed_date": [d.date() if pd.notna(d) else "" for d in completed],
            "reminders": np.minimum(reminders, 5).astype(int),
            "paid_date": [d.date() if pd.notna(d) else "" for d in paid],
        }
    )


def _account_records(
    spec: SampleSpec,
    team_no: int,
    reps: pd.DataFrame,
    accounts: pd.DataFrame,
    deals: pd.DataFrame,
    lib: Library,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One team's opportunity assessments, customer events, receivables and the contacts
    that answer the events, from a random stream of their own (the other files do not
    change with them)."""
    rng = np.random.default_rng([spec.seed, 17, team_no])
    rep_ids = pd.Index(reps["rep_id"])
    judgement = pd.Series(rng.uniform(0, 1, len(rep_ids)), index=rep_ids)
    care = pd.Series(rng.uniform(0.1, 0.9, len(rep_ids)), index=rep_ids)
    collection = pd.Series(rng.uniform(0.3, 1.0, len(rep_ids)), index=rep_ids)
    opportunities = _opportunities(spec, accounts, judgement, lib, rng)
    won = accounts["account_id"].isin(deals["account_id"]) if len(deals) else False
    customers = accounts[won | (accounts["tier"] != "")]
    events = _events(spec, customers, rng)
    owners = accounts.set_index("account_id")["owner_rep_id"]
    contacts = _care_contacts(spec, events, owners, care, lib, rng)
    opened = accounts.set_index("account_id")["created_on"]
    dormant = lib.cadence.contact_rule.dormant_days_as_lead if lib.cadence else 90
    receivables = _receivables(spec, deals, collection, rng, opened, dormant)
    return opportunities, events, receivables, contacts


def _training(
    spec: SampleSpec, reps: pd.DataFrame, lib: Library, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from helpers.learner.progress import exercises

    offered = [(m, e) for m, ids in exercises(lib).items() for e in ids]
    criteria = list(lib.criteria)
    plays = _roleplays(lib)
    trainers = [f"TR{i + 1:02d}" for i in range(max(3, spec.teams))]
    # most trainers score alike; one is harsh and one lenient, which calibration should find
    offsets = rng.normal(0, 0.15, len(trainers))
    offsets[0], offsets[1] = -0.5, 0.45
    # some criteria are scored more consistently than others (clearer anchors)
    vagueness = dict(zip(criteria, rng.uniform(0.05, 0.6, len(criteria)), strict=True))
    severity = dict(zip(trainers, offsets, strict=True))
    attempts, scores = [], []
    days = (spec.end - spec.start).days
    for rep in reps.itertuples():
        if offered:
            n = rng.integers(0, len(offered) + 1)
            for j in rng.choice(len(offered), n, replace=True):
                module, exercise = offered[j]
                ratio = float(np.clip(rng.normal((rep.skill - 1) / 4, 0.2), 0, 1))
                when = pd.Timestamp(spec.start) + pd.Timedelta(
                    days=int(rng.integers(0, days)), seconds=int(rng.integers(8 * 3600, 20 * 3600))
                )
                attempts.append(
                    (
                        rep.rep_id,
                        module,
                        exercise,
                        round(ratio * 4) / 4,
                        1.0,
                        when.tz_localize("UTC").isoformat(),
                    )
                )
        # each rep is stronger at some criteria than others
        strength = dict(zip(criteria, rng.normal(0, 0.7, len(criteria)), strict=True))
        # one or two role-plays a month, each scored by one to three trainers on the
        # criteria of its own rubric (a brief: only those it names)
        for s in range(rng.poisson(1.5 * spec.months) if plays else 0):
            session = f"S-{rep.rep_id}-{s + 1}"
            scenario, rubric_version, scored = plays[int(rng.integers(len(plays)))]
            when = spec.start + timedelta(days=int(rng.integers(0, days)))
            for trainer in rng.choice(trainers, rng.integers(1, 4), replace=False):
                for c in scored:
                    value = 3.2 + 1.4 * (rep.skill - 3.2) + strength[c] + severity[trainer]
                    value += rng.normal(0, vagueness[c])
                    scores.append(
                        (
                            session,
                            rep.rep_id,
                            str(trainer),
                            c,
                            int(np.clip(round(value), 1, 5)),
                            when,
                            rubric_version,
                            scenario,
                        )
                    )
    return (
        pd.DataFrame(
            attempts,
            columns=["learner_id", "module", "exercise_id", "score", "max_score", "created_at"],
        ),
        pd.DataFrame(scores, columns=COLUMNS["scores"]),
    )


def _roleplays(lib: Library) -> list[tuple[str, str, list[str]]]:
    """Each role-play a trainer can score: its id, the version of the rubric it is scored on
    and the criteria it is scored on (:mod:`helpers.trainer.roleplays`)."""
    from helpers.trainer.roleplays import criteria_for, roleplays, rubric_for

    out = []
    for play in roleplays(lib):
        rubric = rubric_for(lib, play.id)
        if rubric is not None:
            scored = [c.id for c in criteria_for(lib, rubric, play.id)]
            out.append((play.id, lib.version_of("rubric", rubric.id), scored))
    return out


def generate(out: Path, spec: SampleSpec, lib: Library) -> dict[str, int]:
    """Write the sample organisation's CSV files into ``out``; return rows per file.

    Files are written to temporary names and moved into place at the end, so
    an interrupted run leaves no half-written file behind.
    """
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(spec.seed)
    reps = _reps(spec, rng)
    cad = lib.cadence
    order = {s.id: s.order for s in cad.distance_stages} if cad else {}
    fields = [(f.id, order.get(f.stage, 1)) for f in cad.profile_fields] if cad else []
    tmp = {name: out / f".{name}.csv.part" for name in FILES}
    counts = dict.fromkeys(FILES, 0)
    for name, path in tmp.items():
        pd.DataFrame(columns=COLUMNS[name]).to_csv(path, index=False)

    def append(name: str, frame: pd.DataFrame) -> None:
        if not frame.empty:
            frame[COLUMNS[name]].to_csv(tmp[name], mode="a", header=False, index=False)
            counts[name] += len(frame)

    append("reps", reps)
    next_account, next_contact = 1, 1
    care = []
    for team_no, (_team, team_reps) in enumerate(reps.groupby("team_id", sort=True)):
        accounts, contacts, deals = _team_activity(
            spec, team_reps, rng, fields, next_account, next_contact
        )
        next_account += len(accounts)
        next_contact += len(contacts)
        append("accounts", accounts)
        append("contacts", contacts)
        append("deals", deals)
        opportunities, events, receivables, answers = _account_records(
            spec, team_no, team_reps, accounts, deals, lib
        )
        append("opportunities", opportunities)
        append("customer_events", events)
        append("receivables", receivables)
        care.append(answers)
    # the contacts answering customer events come after the others, so these keep their ids
    answers = pd.concat(care, ignore_index=True)
    answers.insert(0, "contact_id", [f"C{next_contact + i:09d}" for i in range(len(answers))])
    append("contacts", answers)
    attempts, scores = _training(spec, reps, lib, rng)
    append("attempts", attempts)
    append("scores", scores)
    for name, path in tmp.items():
        path.replace(out / f"{name}.csv")
    return counts
