"""Exercises: pure grading functions from (content, answer) to a :class:`Result`.

Nothing here draws a widget or touches the store; the widgets in
:mod:`helpers.learner.widgets` call these functions and save what they return.

Modules: :mod:`~helpers.learner.exercises.flow` (visit flow),
:mod:`~helpers.learner.exercises.funnel` (question funnel), :mod:`~helpers.learner.exercises.ffab`,
:mod:`~helpers.learner.exercises.scenario` (objection dialogues),
:mod:`~helpers.learner.exercises.quiz`, :mod:`~helpers.learner.exercises.followup`
(grades, visit plans, probability principles, psychological distance).
"""

from helpers.learner.exercises.result import Feedback, Result, msg

__all__ = ["Feedback", "Result", "msg"]
