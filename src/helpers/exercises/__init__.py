"""Exercises: pure grading functions from (content, answer) to a :class:`Result`.

Nothing here draws a widget or touches the store; the widgets in
:mod:`helpers.widgets` call these functions and save what they return.

Modules: :mod:`~helpers.exercises.flow` (visit flow),
:mod:`~helpers.exercises.funnel` (question funnel), :mod:`~helpers.exercises.ffab`,
:mod:`~helpers.exercises.scenario` (objection dialogues),
:mod:`~helpers.exercises.quiz`, :mod:`~helpers.exercises.followup`
(grades, visit plans, probability principles, psychological distance).
"""

from helpers.exercises.result import Feedback, Result, msg

__all__ = ["Feedback", "Result", "msg"]
