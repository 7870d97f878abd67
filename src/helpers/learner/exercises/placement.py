"""Placing a customer on the stages of a method and picking the move that fits.

One kind of exercise serves every method whose terms are stages in order:
the buyer's process and the four stages of key-account development.
"""

from __future__ import annotations

from collections.abc import Sequence

from helpers.learner.exercises.flow import grade_order
from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import Method, PlacementCase

ACCOUNT_STAGE_METHODS: tuple[str, ...] = ("ka_development",)
"""Methods whose stages say where we stand with an account, not where the customer is in
buying: their prompt and feedback speak of the account's stage."""


def stage_messages(method: str) -> str:
    """The prefix of the stage lines (``_right``, ``_wrong``, ``_missing``) for ``method``."""
    return "fb.ka_account_stage" if method in ACCOUNT_STAGE_METHODS else "fb.ka_stage"


def stage_prompt(method: str) -> str:
    """The message key of the question that asks for a stage of ``method``."""
    return "ui.ka_which_account_stage" if method in ACCOUNT_STAGE_METHODS else "ui.ka_which_stage"


def grade_placement(
    case: PlacementCase,
    stage: str | None,
    move: str | None,
    lib: Library | None = None,
    method: str = "buyer_process",
) -> Result:
    """Grade placing a case on a stage and picking the move that fits it.

    One point for the stage, one for the move. Each line names the stage the
    case is at; a wrong move's line says why it does not fit and what does.

    Parameters
    ----------
    case : PlacementCase
        The customer's signals, their stage and the moves.
    stage : str or None
        The stage (term id) the learner picked.
    move : str or None
        The move id the learner picked.
    lib : Library, optional
        For the glossary names of the stages.
    method : str
        The method whose stages the case is placed on; it decides whether the
        lines speak of the customer's stage or the account's (:data:`ACCOUNT_STAGE_METHODS`).

    Returns
    -------
    Result
        Out of 2; ``missed`` holds the case's stage when either part is wrong.
    """
    exercise_id = f"placement:{case.id}"
    if not stage and not move:
        return empty_answer(exercise_id, 2)
    right = method_name(lib, case.stage)
    stage_ok = stage == case.stage
    prefix = stage_messages(method)
    if not stage:
        text = msg(f"{prefix}_missing", stage=right, why=case.why)
    elif stage_ok:
        text = msg(f"{prefix}_right", stage=right, why=case.why)
    else:
        text = msg(f"{prefix}_wrong", stage=right, got=method_name(lib, stage), why=case.why)
    items = [Feedback("stage", stage_ok, text, case.stage, float(stage_ok))]
    fitting = next(m for m in case.moves if m.fits)
    picked = next((m for m in case.moves if m.id == move), None)
    move_ok = picked is not None and picked.fits
    if picked is None:
        key = "fb.unknown_option" if move else "fb.ka_move_missing"
        first = msg(key, name=move or "")
        text = named(msg("fb.ka_move_fits", first=first, best=fitting.text, why=fitting.why), right)
    elif move_ok:
        text = named(msg("fb.ka_move_right", why=picked.why), right)
    else:
        text = named(
            msg("fb.ka_move_wrong", why=picked.why, best=fitting.text, best_why=fitting.why),
            right,
        )
    items.append(Feedback("move", move_ok, text, case.stage, float(move_ok)))
    score = float(stage_ok) + float(move_ok)
    missed = [] if score == 2 else [case.stage]
    return Result(exercise_id, score, 2.0, items, missed).with_rule("rule.ka_two_parts")


def method_order(method: Method, answer: Sequence[str]) -> Result:
    """Grade putting every term of ``method`` in order (its stages, as the glossary lists them)."""
    names = {t.id: t.name for t in method.terms}
    return grade_order(f"method_order:{method.id}", [t.id for t in method.terms], names, answer)
