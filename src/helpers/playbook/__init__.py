"""Playbook content: models, loading and checks.

>>> from helpers.playbook import load_library
>>> lib = load_library()            # the shipped playbooks/ folder
>>> lib.stats()["stages"]           # doctest: +SKIP
12
"""

from helpers.playbook.issues import ContentIssue, PlaybookError
from helpers.playbook.library import Library, LoadedDoc, load_library
from helpers.playbook.models import DOC_MODELS, LOCALES, Text

__all__ = [
    "DOC_MODELS",
    "LOCALES",
    "ContentIssue",
    "Library",
    "LoadedDoc",
    "PlaybookError",
    "Text",
    "load_library",
]
