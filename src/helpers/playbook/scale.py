"""The rubric's scale: whole points from 1 to 5, and the one check every reader of scores uses.

Role-play scores arrive from the score sheet, score files, CRM imports and
the store; each of them checks a value with :func:`parse_scores` (or
:func:`on_scale` for one value), so "3", " 3 " and "3.0" mean 3 everywhere
and "3.5", "6" and "" are refused everywhere.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

SCALE: tuple[int, ...] = (1, 2, 3, 4, 5)
"""Every score a rubric criterion can get."""
LOWEST, HIGHEST = SCALE[0], SCALE[-1]


def on_scale(value: object) -> int | None:
    """``value`` as a score on the scale, or None if it is not a whole number from 1 to 5.

    Text is stripped first; a float that is a whole number (``3.0``) counts.
    """
    if isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or not number.is_integer() or int(number) not in SCALE:
        return None
    return int(number)


def parse_scores(values: pd.Series) -> pd.Series:
    """Each value (text or number) as a float score on the scale, NaN where it is not one."""
    import pandas as pd

    text = values.astype(str).str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    return numbers.where(numbers.isin(SCALE))
