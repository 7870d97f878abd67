"""Interface strings in Chinese and English, from ``locale/messages.yaml``.

Content lives in ``playbooks/``; this catalogue holds only the words around
it (headings, column names, short messages), so no Python module carries a
user-facing sentence in one language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import TypeAdapter

from helpers.playbook.models import Locale, Text

CATALOGUE = Path(__file__).parent / "locale" / "messages.yaml"


@cache
def catalogue(path: Path = CATALOGUE) -> dict[str, Text]:
    """Load and validate the message catalogue (cached)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return TypeAdapter(dict[str, Text]).validate_python(raw)


def t(key: str, locale: Locale, **values: object) -> str:
    """Return message ``key`` in ``locale``, with ``{name}`` fields filled from ``values``.

    Raises
    ------
    KeyError
        If the catalogue has no such key.
    """
    messages = catalogue()
    if key not in messages:
        raise KeyError(f"no message {key!r} in {CATALOGUE.name}")
    text = messages[key].get(locale)
    return text.format(**values) if values else text
