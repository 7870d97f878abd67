"""The trainer's path: scoring role-plays on the rubric, blind, and calibrating trainers.

- :mod:`~helpers.trainer.sheet`: a filled-in score sheet to stored scores, and back to a table;
- :mod:`~helpers.trainer.sheet_view`: the score sheet widget;
- :mod:`~helpers.trainer.calibration`: how well trainers agree, and each one's severity.
"""
