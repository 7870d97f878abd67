"""What each module offers, and how far a learner has mastered it.

Mastery of a module is the mean, over every exercise the module offers, of
the learner's latest score on it (0 for an exercise not tried yet), so a
module counts as mastered only when all of it has been done well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from helpers.learner.exercises.followup import DISTANCE_PROFILES, distance_exercise_id
from helpers.learner.exercises.result import msg
from helpers.playbook.coverage import ORDERED_METHODS
from helpers.playbook.library import Library
from helpers.playbook.models import Text
from helpers.store import Store, score_ratio

MODULES: tuple[str, ...] = (
    "01_visit_flow",
    "02_question_funnel",
    "03_ffab",
    "04_objections",
    "05_follow_up",
    "06_key_accounts",
    "07_relationship",
    "08_channel",
    "09_field_cases",
)
"""The training modules, in the order a new rep takes them (the app's pages follow it)."""

TOPIC_MODULE: dict[str, str] = {
    "visit_flow": "01_visit_flow",
    "question_funnel": "02_question_funnel",
    "ffab": "03_ffab",
    "objection_steps": "04_objections",
    "arithmetic_tactics": "04_objections",
    "consultative_selling": "06_key_accounts",
    "buyer_process": "06_key_accounts",
    "ka_development": "06_key_accounts",
    "opportunity_assessment": "06_key_accounts",
    "account_plan": "06_key_accounts",
    "calling_high": "06_key_accounts",
    "key_account_tiers": "06_key_accounts",
    "relationship_maintenance": "07_relationship",
    "layered_product_line": "08_channel",
    "profit_chain": "08_channel",
    "receivable_classes": "08_channel",
    "weekly_plan_review": "08_channel",
    "standard_scripts": "08_channel",
    "sincere_invitation": "08_channel",
}
"""The module a quiz item belongs to, by its first topic; other topics go to 05."""

MASTERED = 0.8
"""The share of the points on an exercise's latest attempt that counts as mastered."""


def quiz_module(topics: list[str]) -> str:
    """The module whose quiz holds an item with these topics."""
    return TOPIC_MODULE.get(topics[0], "05_follow_up")


@dataclass(frozen=True)
class Family:
    """A kind of exercise built one per item of a kind of content document.

    Attributes
    ----------
    kind : str
        The exercise kind: exercise ids are ``<kind>:<item id>``, and the
        catalogue's ``label.<kind>`` names one with ``{name}``.
    doc_kind : str
        The content documents whose items the exercises are built from.
    module : str
        The module the exercises belong to.
    items : callable
        A document -> its ``(item id, name)`` pairs, one exercise each.
    by_topic : bool
        Whether an item id is a method id whose module :data:`TOPIC_MODULE`
        gives (``module`` is then the fallback).
    """

    kind: str
    doc_kind: str
    module: str
    items: Callable[[Any], list[tuple[str, Text]]]
    by_topic: bool = False

    def module_of(self, item_id: str) -> str:
        """The module the exercise on ``item_id`` belongs to."""
        return TOPIC_MODULE.get(item_id, self.module) if self.by_topic else self.module


FAMILIES: tuple[Family, ...] = (
    Family(
        "method_order",
        "methods",
        "06_key_accounts",
        lambda d: [(m.id, m.name) for m in d.methods if m.id in ORDERED_METHODS],
        by_topic=True,
    ),
    Family(
        "reply_pair", "reply_pairs", "06_key_accounts", lambda d: [(p.id, p.name) for p in d.pairs]
    ),
    Family(
        "placement", "placement", "06_key_accounts", lambda d: [(c.id, c.name) for c in d.cases]
    ),
    Family(
        "opportunity",
        "opportunity_assessment",
        "06_key_accounts",
        lambda d: [(s.id, s.name) for s in d.sets],
    ),
    Family(
        "account_plan",
        "account_plan",
        "06_key_accounts",
        lambda d: [(c.id, c.name) for c in d.cases],
    ),
    Family(
        "calling_high",
        "calling_high",
        "06_key_accounts",
        lambda d: [(c.id, c.name) for c in d.cases],
    ),
    Family("tier_sort", "tier_sort", "06_key_accounts", lambda d: [(d.id, d.name)]),
    Family(
        "care_file",
        "customer_files",
        "07_relationship",
        lambda d: [(c.id, c.name) for c in d.cases],
    ),
    Family(
        "care_calendar",
        "customer_files",
        "07_relationship",
        lambda d: [(c.id, c.name) for c in d.cases],
    ),
    Family(
        "care_event",
        "event_responses",
        "07_relationship",
        lambda d: [(c.id, c.name) for c in d.cases],
    ),
    Family(
        "retention",
        "care_programme",
        "07_relationship",
        lambda d: [(c.id, c.name) for c in d.retention],
    ),
    Family(
        "spend_claim",
        "spending_rules",
        "07_relationship",
        lambda d: [(c.id, c.name) for c in d.claims],
    ),
    Family(
        "spend_statement",
        "spending_rules",
        "07_relationship",
        lambda d: [(c.id, c.name) for c in d.statements],
    ),
    Family(
        "spend_advance",
        "spending_rules",
        "07_relationship",
        lambda d: [(c.id, c.name) for c in d.advances],
    ),
    Family(
        "product_line", "product_line", "08_channel", lambda d: [(c.id, c.name) for c in d.cases]
    ),
    Family(
        "receivables", "receivables", "08_channel", lambda d: [(g.id, g.name) for g in d.ledgers]
    ),
    Family("plan_review", "plan_review", "08_channel", lambda d: [(c.id, c.name) for c in d.cases]),
    Family(
        "own_script",
        "script_practice",
        "08_channel",
        lambda d: [(s.id, s.name) for s in d.situations],
    ),
    Family("invitation", "invitations", "08_channel", lambda d: [(c.id, c.name) for c in d.cases]),
)
"""The exercise kinds that are declared rather than built by hand below: a new module adds
its families here, with a ``label.<kind>`` in the catalogue, and its module id to MODULES."""


def family_items(lib: Library, family: Family) -> list[tuple[str, Text]]:
    """Every ``(item id, name)`` the library offers for ``family``, in file order."""
    return [item for doc in lib.of_kind(family.doc_kind) for item in family.items(doc)]


def exercises(lib: Library) -> dict[str, list[str]]:
    """Every exercise id each module offers, built from the library."""
    out: dict[str, list[str]] = {m: [] for m in MODULES}
    flow = lib.canonical_flow
    m1 = out["01_visit_flow"]
    m1 += [f"flow_order:{f.id}" for f in lib.flows]
    if flow is not None:
        m1 += [f"flow_next:{flow.id}.{s.id}" for s in flow.ordered()[:-1]]
        m1 += [f"checklist:{s.id}" for s in flow.ordered() if s.id == "prepare"]
    vf = lib.methods.get("visit_flow")
    terms = [t.id for t in vf.terms] if vf is not None else []
    m1 += [
        f"term_order:{p}"
        for p in ("opening", "commit")
        if any(t.startswith(f"{p}_") for t in terms)
    ]
    m2 = out["02_question_funnel"]
    for bank in lib.question_banks:
        m2 += [f"classify:{bank.id}", f"funnel:{bank.id}"]
    m2.append("own_question")
    m3 = out["03_ffab"]
    for p in lib.products:
        m3 += [f"ffab_assemble:{p.id}.{c.id}" for c in p.chains]
        m3 += [f"ffab_needs:{p.id}", f"ffab_rank:{p.id}", f"ffab_own:{p.id}"]
        if p.distractors:
            m3.append(f"ffab_distractors:{p.id}")
    out["04_objections"] += [f"scenario:{s.id}" for s in lib.scenarios]
    m5 = out["05_follow_up"]
    m5 += [f"account_grade:{c.id}" for c in lib.account_cases]
    m5 += ["visit_plan"]
    if lib.cadence is not None:
        m5 += [distance_exercise_id(i) for i in range(DISTANCE_PROFILES)]
    for family in FAMILIES:
        for i, _ in family_items(lib, family):
            out[family.module_of(i)].append(f"{family.kind}:{i}")
    out["09_field_cases"] += [f"case:{c.id}" for c in lib.field_cases]
    for item in lib.quiz_items.values():
        out[quiz_module(item.topics)].append(f"quiz:{item.id}")
    return out


KIND_MODULE: dict[str, str] = {
    "flow_order": "01_visit_flow",
    "flow_next": "01_visit_flow",
    "checklist": "01_visit_flow",
    "term_order": "01_visit_flow",
    "classify": "02_question_funnel",
    "funnel": "02_question_funnel",
    "own_question": "02_question_funnel",
    "ffab_assemble": "03_ffab",
    "ffab_needs": "03_ffab",
    "ffab_rank": "03_ffab",
    "ffab_own": "03_ffab",
    "ffab_distractors": "03_ffab",
    "scenario": "04_objections",
    "account_grade": "05_follow_up",
    "visit_plan": "05_follow_up",
    "distance": "05_follow_up",
    "case": "09_field_cases",
    **{f.kind: f.module for f in FAMILIES},
}
"""The module each kind of exercise belongs to (quiz items go by their topic)."""


def _short(text: Text, zh: int = 24, en: int = 48) -> Text:
    """``text`` cut to a few words for a list, with an ellipsis where cut."""

    def cut(value: str, n: int) -> str:
        return value if len(value) <= n else value[: n - 1].rstrip() + "…"

    return Text(zh=cut(text.zh, zh), en=cut(text.en, en))


def _content_label(lib: Library, kind: str, ref: str) -> Text | None:
    """What an exercise is about, in words, or None when the content is gone."""
    if kind in ("flow_order", "flow_next"):
        flow_id, _, stage_id = ref.partition(".")
        flow = next((f for f in lib.flows if f.id == flow_id), None)
        if flow is None:
            return None
        if kind == "flow_order":
            return msg("label.flow_order", name=flow.name)
        stage = next((s for s in flow.stages if s.id == stage_id), None)
        return msg("label.flow_next", name=stage.name) if stage else None
    if kind == "checklist":
        stage = lib.stages.get(ref)
        return msg("label.checklist", name=stage.name) if stage else None
    if kind == "term_order":
        return msg(f"label.term_order.{ref}") if ref in ("opening", "commit") else None
    if kind in ("classify", "funnel"):
        bank = next((b for b in lib.question_banks if b.id == ref), None)
        return msg(f"label.{kind}", name=bank.name) if bank else None
    if kind == "own_question":
        return msg("label.own_question")
    if kind.startswith("ffab_"):
        product_id, _, chain_id = ref.partition(".")
        product = next((p for p in lib.products if p.id == product_id), None)
        if product is None:
            return None
        if kind == "ffab_assemble":
            chain = next((c for c in product.chains if c.id == chain_id), None)
            if chain is None:
                return None
            return msg(f"label.{kind}", name=product.name, feature=_short(chain.feature))
        return msg(f"label.{kind}", name=product.name)
    if kind == "scenario":
        doc = next((d for d in lib.scenarios if d.id == ref), None)
        return doc.title if doc else None
    if kind == "case":
        case = next((d for d in lib.field_cases if d.id == ref), None)
        return case.title if case else None
    if kind == "quiz":
        item = lib.quiz_items.get(ref)
        return msg("label.quiz", prompt=_short(item.prompt)) if item else None
    if kind == "account_grade":
        case = next((c for c in lib.account_cases if c.id == ref), None)
        return msg("label.account_grade", name=case.name) if case else None
    if kind == "visit_plan":
        return msg("label.visit_plan")
    family = next((f for f in FAMILIES if f.kind == kind), None)
    if family is not None:
        name = dict(family_items(lib, family)).get(ref)
        return msg(f"label.{kind}", name=name) if name is not None else None
    if kind == "distance":
        n = ref.removeprefix("profile_")
        return msg("label.distance_n", n=n) if n.isdigit() else msg("label.distance")
    return None


def exercise_module(lib: Library, exercise_id: str) -> str | None:
    """The module an exercise id belongs to, or None for an id of no known kind.

    Parameters
    ----------
    lib : Library
        For the topics of quiz items.
    exercise_id : str
        ``<kind>:<content id>``, e.g. ``ffab_rank:build_rt80``.
    """
    kind, _, ref = exercise_id.partition(":")
    if kind == "quiz":
        item = lib.quiz_items.get(ref)
        return quiz_module(item.topics) if item else None
    family = next((f for f in FAMILIES if f.kind == kind), None)
    if family is not None:
        return family.module_of(ref)
    return KIND_MODULE.get(kind)


def exercise_label(lib: Library, exercise_id: str) -> Text:
    """A readable name of an exercise for a learner, in both languages.

    The module's name and what the exercise is about: the product's name for
    the FFAB exercises, the scenario's title, the quiz item's prompt (cut
    short), the flow's or question bank's name, and so on.

    Parameters
    ----------
    lib : Library
        The content the exercise was built from.
    exercise_id : str
        ``<kind>:<content id>`` as stored with attempts and review cards.

    Returns
    -------
    Text
        E.g. "03 The FFAB pitch: Rank the needs: …". An id of an unknown kind,
        or whose content is no longer in the library, is shown as it is.
    """
    kind, _, ref = exercise_id.partition(":")
    module = exercise_module(lib, exercise_id)
    what = _content_label(lib, kind, ref)
    if module is None or what is None:
        return Text(zh=exercise_id, en=exercise_id)
    return msg("label.exercise", module=msg(f"module.{module}"), what=what)


@dataclass(frozen=True)
class ModuleProgress:
    """A learner's standing in one module."""

    module: str
    exercises: int
    attempted: int
    mastered: int
    mastery: float
    last_attempt: datetime | None

    def to_json(self) -> dict[str, object]:
        """A plain dict for ``coachkit progress --json``."""
        return {
            "module": self.module,
            "exercises": self.exercises,
            "attempted": self.attempted,
            "mastered": self.mastered,
            "mastery": round(self.mastery, 3),
            "last_attempt": self.last_attempt.isoformat() if self.last_attempt else None,
        }


def mastery_by_module(
    lib: Library, latest: Mapping[str, tuple[datetime, float]]
) -> list[ModuleProgress]:
    """Mastery per module from each exercise's latest (time, score ratio).

    A pure function of the library and the answers: the mastery of a module
    is the mean latest ratio over every exercise it offers (0 for one not
    tried); an exercise counts as mastered at 80% or more. Exercises the
    library no longer offers are ignored.
    """
    out = []
    for module, ids in exercises(lib).items():
        offered = list(dict.fromkeys(ids))
        done = [latest[e] for e in offered if e in latest]
        mastery = sum(r for _, r in done) / len(offered) if offered else 0.0
        out.append(
            ModuleProgress(
                module=module,
                exercises=len(offered),
                attempted=len(done),
                mastered=sum(1 for _, r in done if r >= MASTERED),
                mastery=mastery,
                last_attempt=max((t for t, _ in done), default=None),
            )
        )
    return out


def latest_attempts(attempts: pd.DataFrame, until: dt.date | None = None) -> pd.DataFrame:
    """Each learner's latest attempt at each exercise, up to the end of ``until``.

    Parameters
    ----------
    attempts : DataFrame
        ``learner_id``, ``exercise_id``, ``score``, ``max_score`` and UTC ``created_at``.
    until : date, optional
        Attempts made after this day (UTC) are left out.

    Returns
    -------
    DataFrame
        One row per learner and exercise: ``learner_id``, ``exercise_id``,
        ``created_at`` and ``ratio`` (:func:`helpers.store.score_ratio`).
    """
    rows = attempts
    if until is not None:
        cutoff = pd.Timestamp(until, tz="UTC") + pd.Timedelta(days=1)
        rows = rows[rows["created_at"] < cutoff]
    rows = rows.sort_values("created_at", kind="stable")
    rows = rows.drop_duplicates(["learner_id", "exercise_id"], keep="last")
    out = rows[["learner_id", "exercise_id", "created_at"]].copy()
    out["ratio"] = score_ratio(rows["score"].to_numpy(), rows["max_score"].to_numpy())
    return out.reset_index(drop=True)


def module_progress(lib: Library, store: Store, learner_id: str) -> list[ModuleProgress]:
    """Mastery per module for one learner, from the attempts in the store."""
    latest: dict[str, tuple[datetime, float]] = {}
    for a in store.attempts(learner_id):
        latest[a.exercise_id] = (a.created_at, a.ratio)
    return mastery_by_module(lib, latest)
