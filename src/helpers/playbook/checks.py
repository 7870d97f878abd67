"""Checks that need the whole library: unique ids, references, paths, translations.

The checks of how the content teaches the method are in :mod:`helpers.playbook.method_checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from helpers.playbook.issues import ContentIssue, join_list, language_name, say
from helpers.playbook.models import (
    AccountCasesDoc,
    CadenceDoc,
    CasePrinciplesDoc,
    CustomerFilesDoc,
    FieldCaseDoc,
    MethodsDoc,
    ObjectionScenarioDoc,
    ProductDoc,
    QuestionBankDoc,
    QuizDoc,
    RoleplayBriefDoc,
    RubricDoc,
    TaughtMethod,
    Text,
    VisitFlowDoc,
    calendar_events,
)

if TYPE_CHECKING:
    from helpers.playbook.library import Library, LoadedDoc

OBJECTION_METHODS: tuple[str, ...] = ("objection_steps", "arithmetic_tactics")
"""Methods whose terms a scenario choice may name as its ``method_step``."""

CASE_METHODS: tuple[str, ...] = ("four_principles", "relationship_maintenance")
"""Methods whose terms a field-case decision may name as a principle it uses or breaks,
besides the principles of the ``case_principles`` documents."""

Loc = list[str | int]


def check_library(lib: Library) -> list[ContentIssue]:
    """Run every library-level check and return the problems found."""
    from helpers.playbook.account_checks import check_accounts
    from helpers.playbook.case_checks import check_cases
    from helpers.playbook.method_checks import check_method

    issues: list[ContentIssue] = []
    issues += check_unique_ids(lib)
    issues += check_references(lib)
    issues += check_scenario_paths(lib)
    issues += check_translations(lib)
    issues += check_method(lib)
    issues += check_cases(lib)
    issues += check_accounts(lib)
    return issues


# ------------------------------------------------------------------ unique ids


_Space = tuple[str, str]
"""An id namespace: the catalogue key that names what the ids are, and the value it names
(a document kind or a scenario id; empty when the key names none)."""


def _ids(ld: LoadedDoc) -> Iterator[tuple[_Space, str, Loc]]:
    """Yield (namespace, id, loc) for every id a document defines."""
    doc = ld.doc
    if isinstance(doc, ObjectionScenarioDoc | RoleplayBriefDoc):
        # the score sheet offers both kinds in one list, by id
        yield ("lint.what.roleplay", ""), doc.id, ["id"]
    else:
        yield ("lint.what.document", doc.kind), doc.id, ["id"]
    if isinstance(doc, MethodsDoc):
        for i, m in enumerate(doc.methods):
            yield ("lint.what.method", ""), m.id, ["methods", i, "id"]
            for j, t in enumerate(m.terms):
                yield ("lint.what.method_term", ""), t.id, ["methods", i, "terms", j, "id"]
    elif isinstance(doc, VisitFlowDoc):
        for i, s in enumerate(doc.stages):
            yield ("lint.what.stage", ""), s.id, ["stages", i, "id"]
    elif isinstance(doc, QuestionBankDoc):
        for i, q in enumerate(doc.questions):
            yield ("lint.what.question", ""), q.id, ["questions", i, "id"]
    elif isinstance(doc, ProductDoc):
        for i, n in enumerate(doc.needs):
            yield ("lint.what.need", ""), n.id, ["needs", i, "id"]
        for i, c in enumerate(doc.chains):
            yield ("lint.what.ffab_chain", ""), c.id, ["chains", i, "id"]
        for i, d in enumerate(doc.distractors):
            yield ("lint.what.distractor", ""), d.id, ["distractors", i, "id"]
    elif isinstance(doc, ObjectionScenarioDoc):
        for i, s in enumerate(doc.steps):
            yield ("lint.what.step_of_scenario", doc.id), s.id, ["steps", i, "id"]
    elif isinstance(doc, FieldCaseDoc):
        for i, s in enumerate(doc.steps):
            yield ("lint.what.turn_of_case", doc.id), s.id, ["steps", i, "id"]
    elif isinstance(doc, CasePrinciplesDoc):
        for i, p in enumerate(doc.principles):
            yield ("lint.what.principle", ""), p.id, ["principles", i, "id"]
    elif isinstance(doc, QuizDoc):
        for i, item in enumerate(doc.items):
            yield ("lint.what.quiz_item", ""), item.id, ["items", i, "id"]
    elif isinstance(doc, RubricDoc):
        for i, c in enumerate(doc.criteria):
            yield ("lint.what.rubric_criterion", ""), c.id, ["criteria", i, "id"]
    elif isinstance(doc, AccountCasesDoc):
        for i, c in enumerate(doc.cases):
            yield ("lint.what.account_case", ""), c.id, ["cases", i, "id"]
    elif isinstance(doc, CadenceDoc):
        for i, f in enumerate(doc.profile_fields):
            yield ("lint.what.profile_field", ""), f.id, ["profile_fields", i, "id"]
        for i, t in enumerate(doc.partner_criteria):
            yield ("lint.what.partner_criterion", ""), t.id, ["partner_criteria", i, "id"]


def _space_name(space: _Space) -> str:
    """What the ids of ``space`` are, in the operator's language ("stage", "step of scenario x")."""
    key, value = space
    return say(key, kind=value, scenario=value, case=value)


def duplicate_message(what: str, ident: str, first: ContentIssue) -> str:
    """The message for an id (or term) defined again after ``first``.

    Parameters
    ----------
    what : str
        What the ids are, already in the operator's language (e.g. "stage").
    ident : str
        The id defined twice.
    first : ContentIssue
        Where it was first defined (its file and line are named).

    Returns
    -------
    str
        E.g. "duplicate stage id 'opening', first defined at flow.yaml:7".
    """
    where = f"{first.file.name}:{first.line}"
    return say("lint.duplicate_id", what=what, ident=repr(ident), where=where)


def check_unique_ids(lib: Library) -> list[ContentIssue]:
    """Report every id defined twice in its namespace, pointing at both places."""
    seen: dict[tuple[_Space, str], ContentIssue] = {}
    issues = []
    for ld in lib.docs:
        for space, ident, loc in _ids(ld):
            here = ld.issue(loc, "", "duplicate-id")
            first = seen.get((space, ident))
            if first is None:
                seen[(space, ident)] = here
                continue
            message = duplicate_message(_space_name(space), ident, first)
            issues.append(ld.issue(loc, message, "duplicate-id"))
    return issues


# ------------------------------------------------------------------ references


def check_references(lib: Library) -> list[ContentIssue]:
    """Report every dangling reference: to a need, stage, step, rubric, criterion or method."""
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
        """Report ``value`` unless it is in ``pool``; ``what`` names it, already rendered."""
        if value not in pool:
            message = unknown_message(what, value, pool)
            unloaded = [*lib.failed.get(kind, []), *lib.failed.get("?", [])]
            if unloaded and kind != ld.kind:
                names = join_list(sorted(p.name for p in unloaded))
                message = say("lint.hint.failed_to_load", problem=message, files=names)
            issues.append(ld.issue(loc, message, "dangling-ref"))

    canonical_count = sum(1 for f in lib.flows if f.variant == "canonical")
    if lib.flows and canonical_count != 1:
        for ld in lib.loaded("visit_flow"):
            issues.append(
                ld.issue(
                    ["variant"],
                    say("lint.flow.one_canonical", found=canonical_count),
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
                                say("lint.flow.canonical_stage_in_canonical"),
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
                            say("lint.what.canonical_stage"),
                            "visit_flow",
                        )
        elif isinstance(doc, QuestionBankDoc):
            if doc.product is not None:
                ref(ld, ["product"], doc.product, products, say("lint.what.product"), "product")
            need = say("lint.what.need")
            for i, q in enumerate(doc.questions):
                for j, n in enumerate(q.uncovers):
                    ref(ld, ["questions", i, "uncovers", j], n, needs, need, "product")
        elif isinstance(doc, ProductDoc):
            own = {n.id for n in doc.needs}
            need = say("lint.what.need_of_product", product=doc.id)
            for i, c in enumerate(doc.chains):
                ref(ld, ["chains", i, "need"], c.need, own, need, "product")
        elif isinstance(doc, ObjectionScenarioDoc):
            ref(ld, ["stage"], doc.stage, stages, say("lint.what.stage"), "visit_flow")
            criterion = say("lint.what.rubric_criterion")
            for i, c in enumerate(doc.rubric_criteria):
                ref(ld, ["rubric_criteria", i], c, criteria, criterion, "rubric")
            step_ids = {s.id for s in doc.steps}
            step, method_step = say("lint.what.step"), say("lint.what.method_step")
            ref(ld, ["start"], doc.start, step_ids, step, "objection_scenario")
            for i, s in enumerate(doc.steps):
                for j, ch in enumerate(s.choices):
                    base: Loc = ["steps", i, "choices", j]
                    ref(ld, [*base, "next"], ch.next, step_ids, step, "objection_scenario")
                    ref(
                        ld,
                        [*base, "method_step"],
                        ch.method_step,
                        step_terms,
                        method_step,
                        "methods",
                    )
        elif isinstance(doc, FieldCaseDoc):
            turn_ids = {s.id for s in doc.steps}
            turn, principle = say("lint.what.turn"), say("lint.what.principle")
            pool = case_principle_ids(lib)
            ref(ld, ["start"], doc.start, turn_ids, turn, "field_case")
            for i, s in enumerate(doc.steps):
                for j, ch in enumerate(s.choices):
                    base = ["steps", i, "choices", j]
                    ref(ld, [*base, "next"], ch.next, turn_ids, turn, "field_case")
                    for field_name in ("uses", "breaks"):
                        for k, pid in enumerate(getattr(ch, field_name)):
                            loc = [*base, field_name, k]
                            ref(ld, loc, pid, pool, principle, "case_principles")
        elif isinstance(doc, QuizDoc):
            method = say("lint.what.method")
            for i, item in enumerate(doc.items):
                for j, t in enumerate(item.topics):
                    ref(ld, ["items", i, "topics", j], t, methods, method, "methods")
        elif isinstance(doc, RubricDoc):
            stage, method = say("lint.what.stage"), say("lint.what.method")
            for i, c in enumerate(doc.criteria):
                for j, s in enumerate(c.stages):
                    ref(ld, ["criteria", i, "stages", j], s, stages, stage, "visit_flow")
                for j, m in enumerate(c.methods):
                    ref(ld, ["criteria", i, "methods", j], m, methods, method, "methods")
        elif isinstance(doc, AccountCasesDoc):
            partner = {t.id for t in lib.cadence.partner_criteria} if lib.cadence else set()
            criterion = say("lint.what.partner_criterion")
            for i, c in enumerate(doc.cases):
                for key in c.partner_ratings:
                    loc = ["cases", i, "partner_ratings", key]
                    ref(ld, loc, key, partner, criterion, "cadence")
        elif isinstance(doc, TaughtMethod):
            ref(ld, ["method"], doc.method, methods, say("lint.what.method"), "methods")
            own = [t.id for t in methods[doc.method].terms] if doc.method in methods else []
            term = say("lint.what.method_term")
            for loc, value in _term_refs(doc):
                if own:
                    ref(ld, loc, value, own, term, "methods")
            if isinstance(doc, CustomerFilesDoc):
                festivals = {h.id for p in lib.of_kind("care_programme") for h in p.holidays}
                event = say("lint.what.care_event")
                for i, c in enumerate(doc.cases):
                    answerable = {*calendar_events(c), *festivals}
                    for j, line in enumerate(c.lines):
                        if line.event is not None:
                            loc = ["cases", i, "lines", j, "event"]
                            ref(ld, loc, line.event, answerable, event, "customer_files")
        elif isinstance(doc, RoleplayBriefDoc):
            rubrics = {r.id: r for r in lib.rubrics}
            ref(ld, ["rubric"], doc.rubric, rubrics, say("lint.what.rubric"), "rubric")
            if doc.rubric in rubrics:
                own = [c.id for c in rubrics[doc.rubric].criteria]
                criterion = say("lint.what.criterion_of_rubric", rubric=doc.rubric)
                for i, c in enumerate(doc.criteria):
                    ref(ld, ["criteria", i], c, own, criterion, "rubric")
        elif isinstance(doc, CadenceDoc):
            dist = {d.id for d in doc.distance_stages}
            stage = say("lint.what.distance_stage")
            for i, f in enumerate(doc.profile_fields):
                ref(ld, ["profile_fields", i, "stage"], f.stage, dist, stage, "cadence")
    return issues


def _term_refs(doc: TaughtMethod) -> Iterator[tuple[Loc, str]]:
    """Where a document that teaches a method names a term of it, and the term."""
    from helpers.playbook import models as m

    if isinstance(doc, m.ReplyPairsDoc):
        for i, p in enumerate(doc.pairs):
            yield ["pairs", i, "skill"], p.skill
    elif isinstance(doc, m.PlacementDoc):
        for i, c in enumerate(doc.cases):
            yield ["cases", i, "stage"], c.stage
    elif isinstance(doc, m.OpportunityDoc):
        for i, f in enumerate(doc.factors):
            yield ["factors", i, "id"], f.id
    elif isinstance(doc, m.InvitationDoc):
        for i, c in enumerate(doc.cases):
            yield ["cases", i, "way"], c.way
            for j, moment in enumerate(c.moments):
                for k, ch in enumerate(moment.choices):
                    yield ["cases", i, "moments", j, "choices", k, "rule"], ch.rule
    else:
        for term in doc.terms_taught():
            yield ["method"], term


def case_principle_ids(lib: Library) -> list[str]:
    """The ids a field-case decision may name as a principle, sorted.

    The principles of every ``case_principles`` document and the terms of the
    methods in :data:`CASE_METHODS` (the quantity and time principles, the
    customer file ...).
    """
    own = {p.id for d in lib.of_kind("case_principles") for p in d.principles}
    terms = {t for t, (m, _) in lib.terms.items() if m.id in CASE_METHODS}
    return sorted(own | terms)


def unknown_message(what: str, value: str, pool: Iterable[str]) -> str:
    """The message for a reference to something that does not exist.

    Parameters
    ----------
    what : str
        What is referred to, already in the operator's language (e.g. "stage").
    value : str
        The id that names nothing.
    pool : iterable of str
        The ids that exist; the closest one, if any is close, is suggested.

    Returns
    -------
    str
        E.g. "unknown stage 'handle_objection' (did you mean 'handle_objections'?)".
    """
    import difflib

    message = say("lint.unknown_ref", what=what, value=repr(value))
    match = difflib.get_close_matches(value, list(pool), n=1)
    if match:
        message = say("lint.hint.did_you_mean", problem=message, name=repr(match[0]))
    return message


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
    """Every step of a scenario or turn of a case is reachable from the start, and no path
    loops (every path ends)."""
    issues: list[ContentIssue] = []
    for ld in [*lib.loaded("objection_scenario"), *lib.loaded("field_case")]:
        doc: ObjectionScenarioDoc | FieldCaseDoc = ld.doc  # type: ignore[assignment]
        index = {s.id: i for i, s in enumerate(doc.steps)}
        if doc.start not in index:
            continue  # reported as a dangling reference
        nexts = {s.id: [c.next for c in s.choices if c.next in index] for s in doc.steps}
        reached = reachable_from(doc.start, nexts)
        for s in doc.steps:
            if s.id not in reached:
                message = say("lint.path.unreachable", step=repr(s.id), start=repr(doc.start))
                issues.append(ld.issue(["steps", index[s.id], "id"], message, "unreachable-step"))
        for src, dst, loop in find_loops(doc.start, nexts):
            i = index[src]
            j = next(k for k, c in enumerate(doc.steps[i].choices) if c.next == dst)
            message = say("lint.path.endless", loop=" -> ".join(loop))
            issues.append(ld.issue(["steps", i, "choices", j, "next"], message, "endless-path"))
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
    for ld in lib.docs:
        for loc, text in iter_texts(ld.doc):
            for locale in text.missing():
                value = text.get(locale)  # type: ignore[arg-type]
                language = language_name(locale)
                if value:
                    message = say("lint.translation.wrong_language", language=language)
                else:
                    message = say("lint.translation.missing", language=language)
                issues.append(
                    ld.issue([*loc, locale] if value else loc, message, "missing-translation")
                )
    return issues
