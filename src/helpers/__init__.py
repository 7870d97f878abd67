"""coachkit's helper package, imported by the notebooks as ``helpers``."""

__version__ = "0.1.0"
