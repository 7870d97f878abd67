"""Checks that need the whole library: unique ids, references, paths, translations.

The checks of how the content teaches the method are in :mod:`helpers.playbook.method_checks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from helpers.playbook.issues import ContentIssue
from helpers.playbook.models import (
    AccountCasesDoc,
    CadenceDoc,
    MethodsDoc,
    ObjectionScenarioDoc,
    ProductDoc,
    QuestionBankDoc,
    QuizDoc,
    RubricDoc,
    Text,
    VisitFlowDoc,
)

if TYPE_CHECKING:
    from helpers.playbook.library import Library, LoadedDoc

OBJECTION_METHODS: tuple[str, ...] = ("objection_steps", "arithmetic_tactics")
"""Methods whose terms a scenario choice may name as its ``method_step``."""

Loc = list[str | int]


def check_library(lib: Library) -> list[ContentIssue]:
    """Run every library-level check and return the problems found."""
    from helpers.playbook.method_checks import check_method

    issues: list[ContentIssue] = []
    issues += check_unique_ids(lib)
    issues += check_references(lib)
    issues += check_scenario_paths(lib)
    issues += check_translations(lib)
    issues += check_method(lib)
    return issues


# ------------------------------------------------------------------ unique ids


def _ids(ld: LoadedDoc) -> Iterator[tuple[str, str, Loc]]:
    """Yield (namespace, id, loc) for every id a document defines."""
    doc = ld.doc
    yield f"{doc.kind} document", doc.id, ["id"]
    if isinstance(doc, MethodsDoc):
        for i, m in enumerate(doc.methods):
            yield "method", m.id, ["methods", i, "id"]
            for j, t in enumerate(m.terms):
                yield "method term", t.id, ["methods", i, "terms", j, "id"]
    elif isinstance(doc, VisitFlowDoc):
        for i, s in enumerate(doc.stages):
            yield "stage", s.id, ["stages", i, "id"]
    elif isinstance(doc, QuestionBankDoc):
        for i, q in enumerate(doc.questions):
            yield "question", q.id, ["questions", i, "id"]
    elif isinstance(doc, ProductDoc):
        for i, n in enumerate(doc.needs):
            yield "need", n.id, ["needs", i, "id"]
        for i, c in enumerate(doc.chains):
            yield "FFAB chain", c.id, ["chains", i, "id"]
        for i, d in enumerate(doc.distractors):
            yield "distractor", d.id, ["distractors", i, "id"]
    elif isinstance(doc, ObjectionScenarioDoc):
        for i, s in enumerate(doc.steps):
            yield f"step of scenario {doc.id}", s.id, ["steps", i, "id"]
    elif isinstance(doc, QuizDoc):
        for i, item in enumerate(doc.items):
            yield "quiz item", item.id, ["items", i, "id"]
    elif isinstance(doc, RubricDoc):
        for i, c in enumerate(doc.criteria):
            yield "rubric criterion", c.id, ["criteria", i, "id"]
    elif isinstance(doc, AccountCasesDoc):
        for i, c in enumerate(doc.cases):
            yield "account case", c.id, ["cases", i, "id"]
    elif isinstance(doc, CadenceDoc):
        for i, f in enumerate(doc.profile_fields):
            yield "profile field", f.id, ["profile_fields", i, "id"]
        for i, t in enumerate(doc.partner_criteria):
            yield "partner criterion", t.id, ["partner_criteria", i, "id"]


def check_unique_ids(lib: Library) -> list[ContentIssue]:
    """Report every id defined twice in its namespace, pointing at both places."""
    seen: dict[tuple[str, str], ContentIssue] = {}
    issues = []
    for ld in lib.docs:
        for space, ident, loc in _ids(ld):
            here = ld.issue(loc, "", "duplicate-id")
            first = seen.get((space, ident))
            if first is None:
                seen[(space, ident)] = here
                continue
            where = f"{first.file.name}:{first.line}"
            issues.append(
                ld.issue(
                    loc, f"duplicate {space} id {ident!r}, first defined at {where}", "duplicate-id"
                )
            )
    return issues


# ------------------------------------------------------------------ references


def check_references(lib: Library) -> list[ContentIssue]:
    """Report every reference to a need, stage, step, criterion or method that does not exist."""
    issues: list[ContentIssue] = []
    stages = lib.stages
    needs = lib.needs
    methods = lib.methods
    terms = lib.terms
    criteria = lib.criteria
    products = {p.id for p in lib.products}
    flow = lib.canonical_flow
    canonical_stages = {s.id for s in flow.stages} if flow else set()
    step_terms = sorted(t for t, (m, _) in terms.items() if m.id in OBJECTION_METHODS)

    def ref(ld: LoadedDoc, loc: Loc, value: str, pool: Any, what: str, kind: str) -> None:
        if value not in pool:
            hint = _closest(value, pool)
            unloaded = [*lib.failed.get(kind, []), *lib.failed.get("?", [])]
            if unloaded and kind != ld.kind:
                names = ", ".join(sorted(p.name for p in unloaded))
                hint += f"; it may be in a file that failed to load: {names}"
            issues.append(ld.issue(loc, f"unknown {what} {value!r}{hint}", "dangling-ref"))

    canonical_count = sum(1 for f in lib.flows if f.variant == "canonical")
    if lib.flows and canonical_count != 1:
        for ld in lib.loaded("visit_flow"):
            issues.append(
                ld.issue(
                    ["variant"],
                    f"the library needs exactly one canonical visit flow, found {canonical_count}",
                    "flow-variants",
                )
            )
    for ld in lib.docs:
        doc = ld.doc
        if isinstance(doc, VisitFlowDoc):
            for i, s in enumerate(doc.stages):
                if s.canonical_stage is not None:
                    if doc.variant == "canonical":
                        issues.append(
                            ld.issue(
                                ["stages", i, "canonical_stage"],
                                "only stages of a variant flow map to a canonical stage",
                                "schema",
                            )
                        )
                    else:
                        loc: Loc = ["stages", i, "canonical_stage"]
                        ref(
                            ld,
                            loc,
                            s.canonical_stage,
                            canonical_stages,
                            "canonical stage",
                            "visit_flow",
                        )
        elif isinstance(doc, QuestionBankDoc):
            if doc.product is not None:
                ref(ld, ["product"], doc.product, products, "product", "product")
            for i, q in enumerate(doc.questions):
                for j, n in enumerate(q.uncovers):
                    ref(ld, ["questions", i, "uncovers", j], n, needs, "need", "product")
        elif isinstance(doc, ProductDoc):
            own = {n.id for n in doc.needs}
            for i, c in enumerate(doc.chains):
                ref(ld, ["chains", i, "need"], c.need, own, f"need of product {doc.id}", "product")
        elif isinstance(doc, ObjectionScenarioDoc):
            ref(ld, ["stage"], doc.stage, stages, "stage", "visit_flow")
            for i, c in enumerate(doc.rubric_criteria):
                ref(ld, ["rubric_criteria", i], c, criteria, "rubric criterion", "rubric")
            step_ids = {s.id for s in doc.steps}
            ref(ld, ["start"], doc.start, step_ids, "step", "objection_scenario")
            for i, s in enumerate(doc.steps):
                for j, ch in enumerate(s.choices):
                    base: Loc = ["steps", i, "choices", j]
                    ref(ld, [*base, "next"], ch.next, step_ids, "step", "objection_scenario")
                    ref(
                        ld,
                        [*base, "method_step"],
                        ch.method_step,
                        step_terms,
                        "method step",
                        "methods",
                    )
        elif isinstance(doc, QuizDoc):
            for i, item in enumerate(doc.items):
                for j, t in enumerate(item.topics):
                    ref(ld, ["items", i, "topics", j], t, methods, "method", "methods")
        elif isinstance(doc, RubricDoc):
            for i, c in enumerate(doc.criteria):
                for j, s in enumerate(c.stages):
                    ref(ld, ["criteria", i, "stages", j], s, stages, "stage", "visit_flow")
                for j, m in enumerate(c.methods):
                    ref(ld, ["criteria", i, "methods", j], m, methods, "method", "methods")
        elif isinstance(doc, AccountCasesDoc):
            partner = {t.id for t in lib.cadence.partner_criteria} if lib.cadence else set()
            for i, c in enumerate(doc.cases):
                for key in c.partner_ratings:
                    loc = ["cases", i, "partner_ratings", key]
                    ref(ld, loc, key, partner, "partner criterion", "cadence")
        elif isinstance(doc, CadenceDoc):
            dist = {d.id for d in doc.distance_stages}
            for i, f in enumerate(doc.profile_fields):
                ref(ld, ["profile_fields", i, "stage"], f.stage, dist, "distance stage", "cadence")
    return issues


def _closest(value: str, pool: Any) -> str:
    import difflib

    match = difflib.get_close_matches(value, list(pool), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


# ------------------------------------------------------------- scenario paths


def find_loops(start: str, nexts: dict[str, list[str]]) -> list[tuple[str, str, list[str]]]:
    """Return each back edge (from, to, loop path) reachable from ``start``.

    A back edge closes a loop, so a dialogue that follows it never ends.
    """
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    loops: list[tuple[str, str, list[str]]] = []

    def visit(sid: str, trail: list[str]) -> None:
        state[sid] = 1
        for nxt in nexts.get(sid, []):
            if state.get(nxt) == 1:
                if not any(a == sid and b == nxt for a, b, _ in loops):
                    loops.append((sid, nxt, [*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[sid] = 2

    visit(start, [start])
    return loops


def reachable_from(start: str, nexts: dict[str, list[str]]) -> set[str]:
    """Return the steps reachable from ``start`` (including it)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        sid = todo.pop()
        if sid not in seen:
            seen.add(sid)
            todo.extend(nexts.get(sid, []))
    return seen


def check_scenario_paths(lib: Library) -> list[ContentIssue]:
    """Every step is reachable from the start, and no path loops (every path ends)."""
    issues: list[ContentIssue] = []
    for ld in lib.loaded("objection_scenario"):
        doc: ObjectionScenarioDoc = ld.doc  # type: ignore[assignment]
        index = {s.id: i for i, s in enumerate(doc.steps)}
        if doc.start not in index:
            continue  # reported as a dangling reference
        nexts = {s.id: [c.next for c in s.choices if c.next in index] for s in doc.steps}
        reached = reachable_from(doc.start, nexts)
        for s in doc.steps:
            if s.id not in reached:
                issues.append(
                    ld.issue(
                        ["steps", index[s.id], "id"],
                        f"step {s.id!r} cannot be reached from the start step {doc.start!r}",
                        "unreachable-step",
                    )
                )
        for src, dst, loop in find_loops(doc.start, nexts):
            i = index[src]
            j = next(k for k, c in enumerate(doc.steps[i].choices) if c.next == dst)
            issues.append(
                ld.issue(
                    ["steps", i, "choices", j, "next"],
                    f"path never ends: it loops {' -> '.join(loop)}",
                    "endless-path",
                )
            )
    return issues


# ---------------------------------------------------------------- translations


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, Text]]:
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), [*loc, name])
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _texts(v, [*loc, i])
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, [*loc, k])


def iter_texts(doc: BaseModel) -> Iterator[tuple[Loc, Text]]:
    """Yield every learner-facing :class:`Text` of a document with its field path."""
    yield from _texts(doc, [])


def check_translations(lib: Library) -> list[ContentIssue]:
    """Report every learner-facing string missing a language (or written in the wrong script)."""
    issues = []
    names = {"zh": "Chinese (zh)", "en": "English (en)"}
    for ld in lib.docs:
        for loc, text in iter_texts(ld.doc):
            for locale in text.missing():
                value = text.get(locale)  # type: ignore[arg-type]
                problem = "is missing" if not value else "is not written in that language"
                issues.append(
                    ld.issue(
                        [*loc, locale] if value else loc,
                        f"{names[locale]} text {problem}",
                        "missing-translation",
                    )
                )
    return issues
