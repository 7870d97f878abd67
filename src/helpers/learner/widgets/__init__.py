"""ipywidgets for the training modules: thin views over :mod:`helpers.learner.exercises`.

Every view has ``.widget`` to show in a notebook (or Voilà), controls that can
be set from Python, and stores each graded attempt as it happens.
"""

from helpers.learner.widgets.base import ExerciseView, Session, feedback_html
from helpers.learner.widgets.home import HomeView, arrive, start

__all__ = ["ExerciseView", "HomeView", "Session", "arrive", "feedback_html", "start"]
