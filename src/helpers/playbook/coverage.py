"""Which content teaches each method the kit covers, and which rubric criteria score it.

A row is a method (``objection_steps``) or one of its checkable parts
(``objection_steps.verify``, ``question_funnel.closed``, ``visit_flow.opening``).
A row is *covered* when at least one content item teaches it and at least one
rubric criterion scores it. The principles of the field cases have a row each
(``channel_principles.stock_continuity``): a case teaches a principle when a
decision uses or breaks it, and scores it when the best decision of some turn
applies it over a decision worth less.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from helpers.playbook.library import Library
from helpers.playbook.models import TaughtMethod

METHODS: tuple[str, ...] = (
    "visit_flow",
    "question_funnel",
    "ffab",
    "objection_steps",
    "arithmetic_tactics",
    "man_rule",
    "grading_cadence",
    "four_principles",
    "psychological_distance",
    "relationship_maintenance",
    "consultative_selling",
    "buyer_process",
    "ka_development",
    "opportunity_assessment",
    "account_plan",
    "calling_high",
    "key_account_tiers",
    "layered_product_line",
    "profit_chain",
    "receivable_classes",
    "weekly_plan_review",
    "standard_scripts",
    "sincere_invitation",
)
"""The methods of the selling method that the library must teach and the rubric must score."""

ORDERED_METHODS: tuple[str, ...] = (
    "buyer_process",
    "ka_development",
    "profit_chain",
    "standard_scripts",
)
"""Methods whose terms are stages in order: an ordering exercise (``method_order:<id>``)
teaches every one of them."""

CADENCE_METHODS: dict[str, str] = {
    "grading_cadence": "grades",
    "man_rule": "prospect_grades",
    "four_principles": "contact_rule",
    "psychological_distance": "distance_stages",
}
"""Methods the cadence rules teach, and the part of the rules that does it."""


@dataclass
class CoverageRow:
    """One method or method part, with what teaches it and what scores it."""

    method: str
    term: str | None = None
    taught_by: list[str] = field(default_factory=list)
    scored_by: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """``method`` or ``method.term``."""
        return self.method if self.term is None else f"{self.method}.{self.term}"

    @property
    def covered(self) -> bool:
        """Taught by some content and scored by some criterion."""
        return bool(self.taught_by) and bool(self.scored_by)


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Group (term, item) pairs into term -> items, each item once, in first-seen order."""
    out: dict[str, list[str]] = {}
    for term, ref in pairs:
        refs = out.setdefault(term, [])
        if ref not in refs:
            refs.append(ref)
    return out


def coverage(lib: Library) -> list[CoverageRow]:
    """Build the coverage rows for every method in the library's glossary."""
    criteria = lib.criteria
    rows: list[CoverageRow] = []
    quiz_by_topic: dict[str, list[str]] = {}
    for item in lib.quiz_items.values():
        for topic in item.topics:
            quiz_by_topic.setdefault(topic, []).append(f"quiz:{item.id}")

    steps_used = _index(
        (ch.method_step, f"scenario:{sc.id}")
        for sc in lib.scenarios
        for st in sc.steps
        for ch in st.choices
    )
    types_used = _index(
        (q.type, f"question_bank:{b.id}") for b in lib.question_banks for q in b.questions
    )

    taught_docs = [d.doc for d in lib.docs if isinstance(d.doc, TaughtMethod)]
    by_method = _index((d.method, f"{d.kind}:{d.id}") for d in taught_docs)
    by_term = _index(
        ((d.method, t), f"{d.kind}:{d.id}") for d in taught_docs for t in d.terms_taught()
    )

    cadence = lib.cadence
    for method in lib.methods.values():
        scored = [c.id for c in criteria.values() if method.id in c.methods]
        row = CoverageRow(method.id, scored_by=scored)
        row.taught_by += quiz_by_topic.get(method.id, [])
        if method.id == "visit_flow":
            row.taught_by += [f"visit_flow:{f.id}" for f in lib.flows]
            row.scored_by = sorted(set(scored) | {c.id for c in criteria.values() if c.stages})
        elif method.id == "question_funnel":
            row.taught_by += [f"question_bank:{b.id}" for b in lib.question_banks]
        elif method.id == "ffab":
            row.taught_by += [f"product:{p.id}" for p in lib.products if p.chains]
        elif method.id in ("objection_steps", "arithmetic_tactics"):
            terms = {t.id for t in method.terms}
            row.taught_by += sorted(
                {r for t, refs in steps_used.items() if t in terms for r in refs}
            )
        elif (
            method.id in CADENCE_METHODS
            and cadence is not None
            and getattr(cadence, CADENCE_METHODS[method.id])
        ):
            row.taught_by.append(f"cadence:{cadence.id}")
        row.taught_by += by_method.get(method.id, [])
        ordering = [f"method_order:{method.id}"] if method.id in ORDERED_METHODS else []
        row.taught_by += ordering
        rows.append(row)

        # the parts whose teaching can be checked one by one
        for term in method.terms:
            if method.id in ("objection_steps", "arithmetic_tactics"):
                taught = steps_used.get(term.id, [])
            elif method.id == "question_funnel":
                taught = types_used.get(term.id, [])
            elif method.id in by_method or ordering:
                taught = [*by_term.get((method.id, term.id), []), *ordering]
            else:
                continue
            rows.append(CoverageRow(method.id, term.id, list(taught), list(scored)))
        if method.id == "visit_flow" and lib.canonical_flow is not None:
            for stage in lib.canonical_flow.ordered():
                taught = [
                    f"visit_flow:{f.id}"
                    for f in lib.flows
                    for s in f.stages
                    if s.id == stage.id or s.canonical_stage == stage.id
                ]
                scored_stage = [c.id for c in criteria.values() if stage.id in c.stages]
                rows.append(CoverageRow(method.id, stage.id, taught, scored_stage))
    rows += principle_rows(lib)
    # a method missing from methods.yaml is taught and scored by nothing
    rows += [CoverageRow(m) for m in METHODS if m not in lib.methods]
    return rows


def principle_rows(lib: Library) -> list[CoverageRow]:
    """One row per principle of the field cases, in the order the principles are defined.

    Parameters
    ----------
    lib : Library
        The library with its ``case_principles`` documents and field cases.

    Returns
    -------
    list of CoverageRow
        ``<principles document id>.<principle id>``, taught by the cases
        (``case:<id>``) where a decision uses or breaks it, and scored by those
        where a turn's top decision applies it and another decision there
        earns less.
    """
    taught = _index(
        (pid, f"case:{doc.id}")
        for doc in lib.field_cases
        for turn in doc.steps
        for c in turn.choices
        for pid in [*c.uses, *c.breaks]
    )
    scored = _index(
        (pid, f"case:{doc.id}")
        for doc in lib.field_cases
        for turn in doc.steps
        if turn.choices and len({c.score for c in turn.choices}) > 1
        for c in turn.choices
        if c.score == max(x.score for x in turn.choices)
        for pid in c.uses
    )
    return [
        CoverageRow(doc.id, p.id, taught.get(p.id, []), scored.get(p.id, []))
        for doc in lib.of_kind("case_principles")
        for p in doc.principles
    ]


def uncovered(rows: list[CoverageRow]) -> list[str]:
    """Keys of the rows nothing teaches or nothing scores."""
    return [r.key for r in rows if not r.covered]
