"""What every chart shares: the bundled CJK font, a new figure, PNG bytes, wrapped labels.

Charts are drawn on :class:`matplotlib.figure.Figure` objects, never through
pyplot's global state, so they are safe in widgets, report kernels and
threads. Chinese text uses the Noto Sans CJK font shipped by ``mplfonts``, so
charts render the same on every machine.
"""

from __future__ import annotations

import io
import textwrap
from functools import cache
from importlib import resources

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.figure import Figure

from helpers.playbook.models import Locale


@cache
def use_cjk_font() -> str:
    """Register the bundled Noto Sans CJK font with matplotlib and make it the default."""
    path = resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` x ``height`` inches with constrained layout and the CJK font."""
    use_cjk_font()
    return Figure(figsize=(width, height), layout="constrained")


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """Render a figure to PNG bytes (for an image widget or a file)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def wrap(text: str, locale: Locale, width: int) -> str:
    """Break ``text`` into lines of about ``width`` columns (a Chinese character is two)."""
    if locale == "zh":
        return "\n".join(text[i : i + width // 2] for i in range(0, len(text), width // 2))
    return "\n".join(textwrap.wrap(text, width))


Colour = str | tuple[float, float, float]
"""A colour as ``#rrggbb`` or an RGB tuple in 0-1."""


def luminance(colour: Colour) -> float:
    """WCAG 2 relative luminance of a colour (``#rrggbb`` or an RGB tuple in 0-1)."""
    from matplotlib.colors import to_rgb

    return sum(
        w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        for w, c in zip((0.2126, 0.7152, 0.0722), to_rgb(colour), strict=True)
    )


def contrast_ratio(
    a: str | tuple[float, float, float], b: str | tuple[float, float, float]
) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_text(background: Colour) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    black = contrast_ratio(background, "#000000")
    return "#000000" if black >= contrast_ratio(background, "#ffffff") else "#ffffff"
