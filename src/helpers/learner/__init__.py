"""The learner's path: training exercises, their widgets, progress and spaced review.

- :mod:`~helpers.learner.exercises`: pure grading of every exercise type;
- :mod:`~helpers.learner.widgets`: the ipywidgets views the training notebooks show;
- :mod:`~helpers.learner.progress`: mastery per module;
- :mod:`~helpers.learner.review`: the review queue (FSRS cards);
- :mod:`~helpers.learner.questions`: the question classifier behind the funnel exercises;
- :mod:`~helpers.learner.charts`: the learner's figures.
"""
