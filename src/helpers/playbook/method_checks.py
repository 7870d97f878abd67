"""Checks that the content teaches the method as ``methods.yaml`` states it.

Each rule here is mechanical: the five objection steps in order along every
scenario's best path, a new round after a Verify that finds a concern still
open, a customer reaction after a harmful choice, no answer given away by its
length (across the library, and within a quiz, an invitation file, a field case
or a placement file), and one definition of a closed question.

One module on purpose: each check is one rule of the selling method, and the
rules share the best-path walk; split up, the rules would be harder to read
side by side with ``methods.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal

from helpers.playbook.account_checks import ACCOUNT_CODES
from helpers.playbook.case_checks import CASE_CODES
from helpers.playbook.checks import Loc, find_loops, iter_texts
from helpers.playbook.issues import ContentIssue, join_and, join_list, join_or, language_name, say
from helpers.playbook.models import LOCALES, ObjectionScenarioDoc, Text

if TYPE_CHECKING:
    from helpers.playbook.library import Library, LoadedDoc

OBJECTION_STEP_ORDER: tuple[str, ...] = ("encourage", "ask", "confirm", "respond", "verify")
"""The five objection steps, in the order every round of a best path takes them."""

ARITHMETIC_TACTICS: tuple[str, ...] = ("add", "subtract", "multiply", "divide")
"""Tactics that may sit anywhere on a best path, before, between or after the five steps."""

RESTART_STEP: str = OBJECTION_STEP_ORDER[0]
"""The step the best choice takes on a step marked ``open_concern``: the method starts again."""

VERIFY_STEP: str = OBJECTION_STEP_ORDER[-1]
"""The step whose answer may reveal a concern still open (a step marked ``open_concern``)."""

MAX_BEST_PATHS: int = 64
"""At most this many tied best paths of one scenario are walked."""

LENGTH_SHARE_MAX: float = 0.40
"""The largest share of decision steps (or quiz items), in each language, whose best answer
may be strictly the longest, and likewise strictly the shortest. Chance puts the best of
three choices at one end in a third of the steps, and the better of two in half; above this
share a learner who always picks the longest (or the shortest) answer does well without
knowing the method."""

LENGTH_MIN_COUNT: int = 20
"""Fewer decision steps (or quiz items) than this are not judged: over a handful, chance
alone often puts most best answers at one end."""

LENGTH_FILE_SHARE_MAX: float = 0.60
"""The largest share of the items of one quiz or invitation file whose best answer may be
strictly the longest, and likewise strictly the shortest. Over one file's handful of items
chance alone often puts half the best answers at one end; more than this, and a learner who
always picks the longest (or the shortest) answer passes that file without knowing the method."""

LENGTH_FILE_MIN_COUNT: int = 5
"""Files with fewer items than this are not judged on their own."""

LENGTH_DECISION_SHARE_MAX: float = 0.50
"""The largest share of the turns of one field case (or the cases of one placement file)
whose best decision may be strictly the longest, and likewise strictly the shortest. Each
turn has one best decision among two or three, and a learner plays the turns one after
another: past half of them, always picking the longest (or the shortest) decision earns
most of the points of the case or the file."""

LENGTH_DECISION_MIN_COUNT: int = 4
"""Field cases (or placement files) with fewer turns (or cases) than this are not judged."""

LengthEnd = Literal["longest", "shortest"]
"""Which end of the lengths a share counts."""

LENGTH_ENDS: tuple[LengthEnd, ...] = ("longest", "shortest")

LIBRARY_WIDE_CODES: frozenset[str] = frozenset(
    {
        "best-choice-longest",
        "best-choice-shortest",
        "correct-option-longest",
        "correct-option-shortest",
    }
)
"""Codes of problems that only a run over the whole library can judge (a share across files)."""

FILE_LENGTH_CODES: frozenset[str] = frozenset({"file-answer-longest", "file-answer-shortest"})
"""Codes of answers given away by their length within one file."""

TEACHING_CODES: frozenset[str] = frozenset(
    {
        "best-path-missing-step",
        "best-path-order",
        "open-concern-not-after-verify",
        "open-concern-restart",
        "zero-point-no-consequence",
        "closed-why",
        "closed-yes-no",
        *LIBRARY_WIDE_CODES,
        *FILE_LENGTH_CODES,
        *CASE_CODES,
        *ACCOUNT_CODES,
    }
)
"""Codes of every problem these checks report. They are lint errors, but the content still
works, so a strict load of the library does not refuse it for them."""

CLOSED_WHY_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("behalf",),
    "zh": ("替客户", "替对方", "代客户"),
}
"""Per language, words one of which the ``why`` of a closed question must contain: a question
is closed because it answers on the customer's behalf."""

DEFINITION_FIELDS: tuple[str, ...] = ("feedback", "why", "explanation")
"""Fields that explain the method; none may define a closed question as a yes-or-no one."""

CLOSED_TERM: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\bclosed\b", re.IGNORECASE),
    "zh": re.compile("封闭"),
}
"""How each language names a closed question."""

YES_NO: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"""\byes["'’”]?(?:\s*/\s*|[\s-]+or[\s-]+(?:an?\s+)?)["'‘“]?no\b""", re.IGNORECASE
    ),
    "zh": re.compile(
        r"是[”’\"'」』]?\s*(?:或者?|还是|与|和|/|／)\s*[“‘\"'「『]?(?:不是|否)|是非(?:题|问)"
    ),
}
"""A yes-or-no answer ("yes or no", "yes/no"; “是”或“不是”, 是/否, 是非题)."""

NEGATION: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:not|never|rather than|regardless|whether or not)\b|n't\b", re.IGNORECASE
    ),
    "zh": re.compile(
        "不是因为|并不|并非|不在于|不等于|而非|而不是|不是指|不是看|不取决|无关|不管|不论|无论"
    ),
}
"""Words that, shortly before the yes-or-no phrase, turn a sentence into a correction
("closed not because it can be answered yes or no"), which is allowed."""

NEGATION_WINDOW: dict[str, int] = {"en": 50, "zh": 12}
"""How many characters before the yes-or-no phrase are searched for a negation."""

_SENTENCE_BREAK: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"(?<=[.!?;])\s+|\n"),
    "zh": re.compile(r"[。！？；\n]"),
}


def check_method(lib: Library) -> list[ContentIssue]:
    """Run every check of how the content teaches the method and return the problems found."""
    issues: list[ContentIssue] = []
    issues += check_best_paths(lib)
    issues += check_open_concerns(lib)
    issues += check_zero_point_reactions(lib)
    issues += check_length_giveaway(lib)
    issues += check_length_giveaway_per_file(lib)
    issues += check_closed_questions(lib)
    return issues


# ------------------------------------------------------------------ best paths


def walkable(doc: ObjectionScenarioDoc) -> bool:
    """Whether every path of ``doc`` can be followed: known steps only and no loops.

    Parameters
    ----------
    doc : ObjectionScenarioDoc
        The scenario.

    Returns
    -------
    bool
        False when a ``next`` (or the start) names no step, or a path loops.
    """
    ids = {s.id for s in doc.steps}
    if doc.start not in ids or any(c.next not in ids for s in doc.steps for c in s.choices):
        return False
    nexts = {s.id: [c.next for c in s.choices] for s in doc.steps}
    return not find_loops(doc.start, nexts)


def best_paths(
    doc: ObjectionScenarioDoc, limit: int = MAX_BEST_PATHS
) -> list[list[tuple[int, int]]]:
    """Return the best paths of a scenario as (step index, choice index) pairs.

    A best path takes a highest-scoring choice at every step; where several
    share the top score, it takes the ones after which the most points can
    still be earned (see :func:`helpers.learner.exercises.scenario.max_path_score`).
    Choices still tied after that each give a best path.

    Parameters
    ----------
    doc : ObjectionScenarioDoc
        The scenario.
    limit : int
        Stop after this many paths.

    Returns
    -------
    list of list of (int, int)
        Empty when the scenario has a loop or a ``next`` that names no step.
    """
    if not walkable(doc):
        return []
    index = {s.id: i for i, s in enumerate(doc.steps)}
    most: dict[str, int] = {}

    def points_from(sid: str) -> int:
        if sid not in most:
            step = doc.steps[index[sid]]
            most[sid] = max((c.score + points_from(c.next) for c in step.choices), default=0)
        return most[sid]

    paths: list[list[tuple[int, int]]] = []

    def walk(sid: str, trail: list[tuple[int, int]]) -> None:
        if len(paths) >= limit:
            return
        i = index[sid]
        step = doc.steps[i]
        if not step.choices:
            paths.append(trail)
            return
        top = max(c.score for c in step.choices)
        tied = [(j, c) for j, c in enumerate(step.choices) if c.score == top]
        far = max(points_from(c.next) for _, c in tied)
        for j, c in tied:
            if points_from(c.next) == far:
                walk(c.next, [*trail, (i, j)])

    walk(doc.start, [])
    return paths


def render_path(doc: ObjectionScenarioDoc, path: Sequence[tuple[int, int]]) -> str:
    """Write a path as ``s1.b (encourage) -> s2.a (ask) -> end_won``.

    Parameters
    ----------
    doc : ObjectionScenarioDoc
        The scenario.
    path : sequence of (int, int)
        (step index, choice index) pairs, as :func:`best_paths` gives them.

    Returns
    -------
    str
        Each step and choice id with the choice's method step, then the last step reached.
    """
    parts = []
    for i, j in path:
        choice = doc.steps[i].choices[j]
        parts.append(f"{doc.steps[i].id}.{choice.id} ({choice.method_step})")
    if path:
        i, j = path[-1]
        parts.append(doc.steps[i].choices[j].next)
    return " -> ".join(parts)


def _path_in_round(rnd: int, since: str) -> str:
    """Name the best path; in a later round, with the round and the step it started after."""
    if rnd == 1:
        return say("lint.best_path.subject")
    return say("lint.best_path.subject_in_round", n=rnd, step=repr(since))


def step_order_problems(
    doc: ObjectionScenarioDoc, path: Sequence[tuple[int, int]]
) -> list[tuple[Loc, str, str]]:
    """Find each break of the five-step order on one path.

    Tactics are ignored and a step may repeat. A Verify choice that leads to a
    step marked ``open_concern`` ends the round: the next round starts again at
    Encourage and runs the five steps in order.

    Parameters
    ----------
    doc : ObjectionScenarioDoc
        The scenario.
    path : sequence of (int, int)
        (step index, choice index) pairs; every choice names a known step or tactic.

    Returns
    -------
    list of (list, str, str)
        The field path of the choice at fault, the issue code and the message
        (in the operator's language).
    """
    order = OBJECTION_STEP_ORDER
    problems: list[tuple[Loc, str, str]] = []
    pos, rnd, since = -1, 1, ""
    for n, (i, j) in enumerate(path):
        step = doc.steps[i]
        choice = step.choices[j]
        name = choice.method_step
        loc: Loc = ["steps", i, "choices", j, "method_step"]
        if name in order:
            k = order.index(name)
            if k > pos + 1:
                if pos >= 0:
                    before = say("lint.best_path.followed_by", before=order[pos], after=name)
                else:
                    before = say("lint.best_path.starts_with", step=name)
                skipped = join_and(order[pos + 1 : k])
                subject = _path_in_round(rnd, since)
                message = say("lint.best_path.skips", subject=subject, steps=skipped, before=before)
                problems.append((loc, "best-path-missing-step", message))
                pos = k
            elif k < pos:
                subject = _path_in_round(rnd, since)
                message = say(
                    "lint.best_path.goes_back", subject=subject, step=name, after=order[pos]
                )
                if k == 0 and pos == len(order) - 1:
                    message = say(
                        "lint.best_path.new_round",
                        problem=message,
                        restart=RESTART_STEP,
                        verify=VERIFY_STEP,
                    )
                problems.append((loc, "best-path-order", message))
            else:
                pos = k
        if n + 1 < len(path) and name == VERIFY_STEP and doc.step(choice.next).open_concern:
            pos, rnd, since = -1, rnd + 1, choice.next
    if path and pos < len(order) - 1:
        i, j = path[-1]
        missing = join_and(order[pos + 1 :])
        if rnd == 1:
            message = say("lint.best_path.ends_without", steps=missing)
        else:
            message = say(
                "lint.best_path.ends_without_in_round", steps=missing, n=rnd, step=repr(since)
            )
        problems.append((["steps", i, "choices", j, "next"], "best-path-missing-step", message))
    return problems


def check_best_paths(lib: Library) -> list[ContentIssue]:
    """Every best path of every scenario runs encourage, ask, confirm, respond, verify in order."""
    known = set(OBJECTION_STEP_ORDER) | set(ARITHMETIC_TACTICS)
    issues: list[ContentIssue] = []
    for ld in lib.loaded("objection_scenario"):
        doc: ObjectionScenarioDoc = ld.doc  # type: ignore[assignment]
        seen: set[tuple[tuple[str | int, ...], str]] = set()
        for path in best_paths(doc):
            if any(doc.steps[i].choices[j].method_step not in known for i, j in path):
                continue  # an unknown step is reported as a dangling reference
            for loc, code, message in step_order_problems(doc, path):
                key = (tuple(loc), code)
                if key not in seen:
                    seen.add(key)
                    text = say("lint.best_path.path", problem=message, path=render_path(doc, path))
                    issues.append(ld.issue(loc, text, code))
    return issues


# --------------------------------------------------------------- open concerns


def check_open_concerns(lib: Library) -> list[ContentIssue]:
    """A step marked ``open_concern`` follows a Verify choice and its best choice encourages.

    This is the rule of ``methods.yaml``: when Verify shows the concern is not
    settled, or brings up another one, the rep starts again at Encourage.
    """
    issues: list[ContentIssue] = []
    for ld in lib.loaded("objection_scenario"):
        doc: ObjectionScenarioDoc = ld.doc  # type: ignore[assignment]
        for i, step in enumerate(doc.steps):
            if not step.open_concern:
                continue
            incoming = [(s, c) for s in doc.steps for c in s.choices if c.next == step.id]
            if not any(c.method_step == VERIFY_STEP for _, c in incoming):
                came = [f"{s.id}.{c.id} ({c.method_step})" for s, c in incoming]
                if came:
                    message = say(
                        "lint.open_concern.not_after_verify",
                        step=repr(step.id),
                        verify=VERIFY_STEP,
                        came=join_list(came),
                    )
                else:
                    message = say(
                        "lint.open_concern.not_after_any", step=repr(step.id), verify=VERIFY_STEP
                    )
                issues.append(
                    ld.issue(["steps", i, "open_concern"], message, "open-concern-not-after-verify")
                )
            if not step.choices:
                message = say("lint.open_concern.ends", step=repr(step.id), restart=RESTART_STEP)
                issues.append(
                    ld.issue(["steps", i, "open_concern"], message, "open-concern-restart")
                )
                continue
            top = max(c.score for c in step.choices)
            for j, c in enumerate(step.choices):
                if c.score == top and c.method_step != RESTART_STEP:
                    message = say(
                        "lint.open_concern.restart",
                        step=repr(step.id),
                        restart=RESTART_STEP,
                        choice=repr(c.id),
                        used=c.method_step,
                    )
                    loc: Loc = ["steps", i, "choices", j, "method_step"]
                    issues.append(ld.issue(loc, message, "open-concern-restart"))
    return issues


# ------------------------------------------------------- harmful choices


def check_zero_point_reactions(lib: Library) -> list[ContentIssue]:
    """A choice scored 0 never leads to the step the best choice of its step leads to.

    The customer reacts to a harmful answer first: the choice leads to a step
    where they do, before the dialogue goes on.
    """
    issues: list[ContentIssue] = []
    for ld in lib.loaded("objection_scenario"):
        doc: ObjectionScenarioDoc = ld.doc  # type: ignore[assignment]
        for i, step in enumerate(doc.steps):
            if not step.choices:
                continue
            top = max(c.score for c in step.choices)
            if top == 0:
                continue
            best = {c.next: c.id for c in step.choices if c.score == top}
            for j, c in enumerate(step.choices):
                if c.score == 0 and c.next in best:
                    message = say(
                        "lint.zero_point.no_reaction",
                        choice=repr(c.id),
                        next=repr(c.next),
                        best=repr(best[c.next]),
                    )
                    loc: Loc = ["steps", i, "choices", j, "next"]
                    issues.append(ld.issue(loc, message, "zero-point-no-consequence"))
    return issues


# ------------------------------------------------------------ length giveaway


def best_at_length_end(answers: Sequence[tuple[Text, bool]], locale: str, end: LengthEnd) -> bool:
    """Whether the answer strictly at one end of the lengths is a best one.

    Length is counted in characters of the ``locale`` text (a Chinese
    character counts one, as does an English letter or space). When several
    answers share the greatest (or least) length, none is strictly at that
    end and the answer is False.

    Parameters
    ----------
    answers : sequence of (Text, bool)
        Each answer's text, and whether it is a best answer (a top-scoring
        choice, or a correct quiz option).
    locale : str
        ``"zh"`` or ``"en"``.
    end : {"longest", "shortest"}
        Which end to look at.

    Returns
    -------
    bool
        True when exactly one answer is the longest (or shortest) and it is a best one.
    """
    lengths = [len(t.get(locale)) for t, _ in answers]  # type: ignore[arg-type]
    if not lengths:
        return False
    target = max(lengths) if end == "longest" else min(lengths)
    if lengths.count(target) != 1:
        return False
    return answers[lengths.index(target)][1]


def _scenario_answers(lib: Library) -> Iterator[tuple[str, list[tuple[Text, bool]]]]:
    """Each decision step of each scenario: the scenario id and its choices, top ones marked."""
    for doc in lib.scenarios:
        for step in doc.steps:
            if step.choices:
                top = max(c.score for c in step.choices)
                yield doc.id, [(c.text, c.score == top) for c in step.choices]


def _quiz_answers(lib: Library) -> Iterator[tuple[str, list[tuple[Text, bool]]]]:
    """Each quiz item: the quiz id and its options, correct ones marked."""
    for doc in lib.quizzes:
        for item in doc.items:
            yield doc.id, [(o.text, o.correct) for o in item.options]


_ANSWERS = {"scenario_best": _scenario_answers, "quiz_correct": _quiz_answers}

_LENGTH_MESSAGES: dict[tuple[str, LengthEnd], str] = {
    ("scenario_best", "longest"): "lint.length.best_choice",
    ("scenario_best", "shortest"): "lint.length.best_choice_shortest",
    ("quiz_correct", "longest"): "lint.length.correct_option",
    ("quiz_correct", "shortest"): "lint.length.correct_option_shortest",
}


def _hits(
    lib: Library, prefix: str, locale: str, end: LengthEnd
) -> tuple[int, int, Counter[str], Counter[str]]:
    """Hits and total, overall and per document, of best answers at ``end``."""
    hits, total = 0, 0
    per_hit: Counter[str] = Counter()
    per_all: Counter[str] = Counter()
    for doc_id, answers in _ANSWERS[prefix](lib):
        total += 1
        per_all[doc_id] += 1
        if best_at_length_end(answers, locale, end):
            hits += 1
            per_hit[doc_id] += 1
    return hits, total, per_hit, per_all


def length_share(lib: Library, locale: str, end: LengthEnd = "longest") -> float | None:
    """The share of decision steps whose top-scoring choice is strictly the longest (or shortest).

    Parameters
    ----------
    lib : Library
        The library; every decision step of every scenario counts once.
    locale : str
        ``"zh"`` or ``"en"``: lengths are counted in that language's text.
    end : {"longest", "shortest"}
        Which end of the lengths to count.

    Returns
    -------
    float or None
        Steps where one top-scoring choice is strictly the longest (shortest)
        divided by all decision steps; ``None`` when there are none.
    """
    hits, total, _, _ = _hits(lib, "scenario_best", locale, end)
    return hits / total if total else None


def length_shares(lib: Library) -> dict[str, float | None]:
    """Per language, the share of answers that length gives away.

    Returns
    -------
    dict
        ``scenario_best_<end>_share_<locale>``: of all decision steps of all
        scenarios, the share whose best choice is strictly the longest (or the
        shortest); ``quiz_correct_<end>_share_<locale>``: of all quiz items, the
        share where a correct option is strictly the longest (or the shortest).
        Rounded to three places; ``None`` when there is nothing to count.
    """
    out: dict[str, float | None] = {}
    for prefix in _ANSWERS:
        for end in LENGTH_ENDS:
            for locale in LOCALES:
                hits, total, _, _ = _hits(lib, prefix, locale, end)
                out[f"{prefix}_{end}_share_{locale}"] = round(hits / total, 3) if total else None
    return out


def check_length_giveaway(lib: Library) -> list[ContentIssue]:
    """In each language, at most ``LENGTH_SHARE_MAX`` of the best answers sit at either end.

    A learner must win neither by always picking the longest answer nor by
    always picking the shortest. Judged only over at least ``LENGTH_MIN_COUNT``
    steps (or items), and reported once per language and end against the first
    scenario (or quiz) file, as the share is a property of the whole library.
    """
    issues: list[ContentIssue] = []
    kinds: tuple[tuple[str, str, str], ...] = (
        ("objection_scenario", "scenario_best", "best-choice"),
        ("quiz", "quiz_correct", "correct-option"),
    )
    for kind, prefix, code in kinds:
        docs = lib.loaded(kind)
        if not docs:
            continue
        for end in LENGTH_ENDS:
            key = _LENGTH_MESSAGES[(prefix, end)]
            for locale in LOCALES:
                hits, total, per_hit, per_all = _hits(lib, prefix, locale, end)
                if total < LENGTH_MIN_COUNT or hits / total <= LENGTH_SHARE_MAX:
                    continue
                worst = join_list(
                    say("lint.length.in_doc", doc=d, n=n, total=per_all[d])
                    for d, n in per_hit.most_common(3)
                )
                message = say(
                    key,
                    language=language_name(locale),
                    hits=hits,
                    total=total,
                    share=f"{hits / total:.0%}",
                    limit=f"{LENGTH_SHARE_MAX:.0%}",
                    worst=worst,
                )
                issues.append(_first(docs).issue([], message, f"{code}-{end}"))
    return issues


_ITEM_MESSAGES: dict[LengthEnd, str] = {
    "longest": "lint.length.file_longest",
    "shortest": "lint.length.file_shortest",
}
_TURN_MESSAGES: dict[LengthEnd, str] = {
    "longest": "lint.length.case_longest",
    "shortest": "lint.length.case_shortest",
}

_PLACEMENT_MESSAGES: dict[LengthEnd, str] = {
    "longest": "lint.length.placement_longest",
    "shortest": "lint.length.placement_shortest",
}

_FILE_LENGTH_RULES: dict[str, tuple[float, int, dict[LengthEnd, str]]] = {
    "quiz": (LENGTH_FILE_SHARE_MAX, LENGTH_FILE_MIN_COUNT, _ITEM_MESSAGES),
    "invitations": (LENGTH_FILE_SHARE_MAX, LENGTH_FILE_MIN_COUNT, _ITEM_MESSAGES),
    "field_case": (LENGTH_DECISION_SHARE_MAX, LENGTH_DECISION_MIN_COUNT, _TURN_MESSAGES),
    "placement": (LENGTH_DECISION_SHARE_MAX, LENGTH_DECISION_MIN_COUNT, _PLACEMENT_MESSAGES),
}
"""Per kind of file judged on its own: the largest share allowed at either end, the fewest
items judged, and the message for each end."""


def _file_answers(ld: LoadedDoc) -> Iterator[tuple[str, list[tuple[Text, bool]]]]:
    """Each item of a file judged on its own: its id and its answers, the best ones marked.

    The items are a quiz's questions, an invitation file's moments, a field case's
    turns (the top-scoring decisions marked) and a placement file's cases (the
    fitting move marked).
    """
    doc = ld.doc
    if doc.kind == "quiz":
        for item in doc.items:  # type: ignore[attr-defined]
            yield item.id, [(o.text, o.correct) for o in item.options]
    elif doc.kind == "invitations":
        for case in doc.cases:  # type: ignore[attr-defined]
            for moment in case.moments:
                yield f"{case.id}.{moment.id}", [(c.text, c.fits) for c in moment.choices]
    elif doc.kind == "field_case":
        for turn in doc.steps:  # type: ignore[attr-defined]
            if turn.choices:
                top = max(c.score for c in turn.choices)
                yield turn.id, [(c.text, c.score == top) for c in turn.choices]
    elif doc.kind == "placement":
        for case in doc.cases:  # type: ignore[attr-defined]
            yield case.id, [(m.text, m.fits) for m in case.moves]


def check_length_giveaway_per_file(lib: Library) -> list[ContentIssue]:
    """In each file judged on its own, few items have their best answer at either end of
    the lengths, in each language.

    Quiz and invitation files allow ``LENGTH_FILE_SHARE_MAX`` of their items there,
    field cases and placement files ``LENGTH_DECISION_SHARE_MAX`` of their turns (or
    cases). A file is a lesson a learner takes on its own, so a file that gives its
    answers away by length is not rescued by the rest of the library. Files with too
    few items (``LENGTH_FILE_MIN_COUNT``, ``LENGTH_DECISION_MIN_COUNT``) are not
    judged. The message names the items whose best answer sits at that end.
    """
    issues: list[ContentIssue] = []
    for kind, (share_max, min_count, keys) in _FILE_LENGTH_RULES.items():
        for ld in lib.loaded(kind):
            items = list(_file_answers(ld))
            total = len(items)
            if total < min_count:
                continue
            for end in LENGTH_ENDS:
                for locale in LOCALES:
                    hits = [i for i, answers in items if best_at_length_end(answers, locale, end)]
                    if len(hits) / total <= share_max:
                        continue
                    message = say(
                        keys[end],
                        language=language_name(locale),
                        hits=len(hits),
                        total=total,
                        share=f"{len(hits) / total:.0%}",
                        limit=f"{share_max:.0%}",
                        items=join_list(hits),
                    )
                    issues.append(ld.issue([], message, f"file-answer-{end}"))
    return issues


def _first(docs: Sequence[LoadedDoc]) -> LoadedDoc:
    return min(docs, key=lambda d: str(d.source.path))


# ------------------------------------------------------------ closed questions


def yes_no_definitions(text: str, locale: str) -> Iterator[str]:
    """Yield each yes-or-no phrase that ``text`` uses to define a closed question.

    A sentence defines it so when it names a closed question and a yes-or-no
    answer, with no negation shortly before the yes-or-no phrase.

    Parameters
    ----------
    text : str
        Feedback, an explanation or a why, in one language.
    locale : str
        ``"zh"`` or ``"en"``.

    Yields
    ------
    str
        The yes-or-no phrase as written.
    """
    for sentence in _SENTENCE_BREAK[locale].split(text):
        if not CLOSED_TERM[locale].search(sentence):
            continue
        for match in YES_NO[locale].finditer(sentence):
            before = sentence[max(0, match.start() - NEGATION_WINDOW[locale]) : match.start()]
            if not NEGATION[locale].search(before):
                yield match.group(0)


def check_closed_questions(lib: Library) -> list[ContentIssue]:
    """A closed question says it answers on the customer's behalf; nothing defines it as yes/no."""
    issues: list[ContentIssue] = []
    for ld in lib.loaded("question_bank"):
        for i, q in enumerate(ld.doc.questions):  # type: ignore[attr-defined]
            if q.type != "closed":
                continue
            for locale in LOCALES:
                words = CLOSED_WHY_WORDS[locale]
                if not any(w in q.why.get(locale) for w in words):
                    message = say(
                        "lint.closed.why",
                        language=language_name(locale),
                        words=join_or([repr(w) for w in words]),
                    )
                    issues.append(ld.issue(["questions", i, "why", locale], message, "closed-why"))
    for ld in lib.docs:
        for loc, text in iter_texts(ld.doc):
            if not loc or loc[-1] not in DEFINITION_FIELDS:
                continue
            for locale in LOCALES:
                if any(yes_no_definitions(text.get(locale), locale)):  # type: ignore[arg-type]
                    message = say("lint.closed.yes_no", language=language_name(locale))
                    issues.append(ld.issue([*loc, locale], message, "closed-yes-no"))
    return issues
