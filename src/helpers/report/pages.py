"""The folder of a batch of reports: its index page and the links between pages.

A batch writes ``<team>.html`` per team and ``index.html`` into one folder,
in one language; the kit's layout puts the English batch in a folder and the
Chinese one in its ``zh`` subfolder (what ``make reports`` writes). Every
link is relative, so the folders can be moved, copied or zipped whole.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import files
from helpers.i18n import t
from helpers.playbook.models import Locale
from helpers.report.params import ReportParams


@dataclass(frozen=True)
class Links:
    """Where a report page links to, each relative to the page's folder."""

    index: str
    """The index of the batch."""
    other_locale: Locale
    other_folder: str | None
    """The folder of the same batch in the other language, if the layout has one."""

    def other(self, name: str) -> str | None:
        """The page ``name`` in the other language's folder."""
        return None if self.other_folder is None else f"{self.other_folder}/{name}"


def batch_links(out_dir: Path, locale: Locale) -> Links:
    """The links of a batch written to ``out_dir`` in ``locale``, by the kit's layout:
    English reports in a folder, the Chinese ones in its ``zh`` subfolder (what
    ``make reports`` writes). Links are relative, so the folders can be moved or zipped."""
    other: Locale = "zh" if locale == "en" else "en"
    if locale == "en":
        folder: str | None = "zh"
    else:
        folder = ".." if out_dir.resolve().name == "zh" else None
    return Links("index.html", other, folder)


def nav_html(links: Links, page: str, locale: Locale) -> str:
    """The links at the top of a report: back to the index, and this page in the other
    language."""
    items = [
        f'<a href="{html.escape(links.index)}">{html.escape(t("report.nav.index", locale))}</a>'
    ]
    other = links.other(page)
    if other is not None:
        label = t("report.index.language", links.other_locale)
        items.append(
            f'<a href="{html.escape(other)}" hreflang="{links.other_locale}" '
            f'lang="{links.other_locale}">{html.escape(label)}</a>'
        )
    return (
        f'<nav class="ck-nav" aria-label="{html.escape(t("report.nav.label", locale))}">'
        + " · ".join(items)
        + "</nav>"
    )


def write_whole(path: Path, text: str) -> None:
    """Write a file whole or not at all (:func:`helpers.files.write_atomic`)."""
    files.write_atomic(path, text)


INDEX_STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 1rem; line-height: 1.45; }
main { max-width: 60rem; margin: 0 auto; }
h1 { font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 0.5rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left;
  vertical-align: top; }
a { color: #1565c0; }
td a { display: inline-block; padding: 0.2rem 0; }
nav { margin: 0.5rem 0 1rem; }
@media (max-width: 640px) {
  body { margin: 0.6rem; }
  thead { display: none; }
  tr { display: block; border-bottom: 1px solid #ddd; padding: 0.4rem 0; }
  td { display: block; border: none; padding: 0.15rem 0; }
  td:first-child { font-weight: bold; font-size: 1.1rem; }
}
"""


def write_index(
    out_dir: Path,
    params: Sequence[ReportParams],
    rendered: Mapping[str, Path],
    failed: Mapping[str, str],
    facts: Mapping[str, Mapping[str, Any]],
) -> Path:
    """Write ``index.html`` into ``out_dir``: every team of ``params`` with its reps and
    period and a link to its report (``rendered``), or why it failed (``failed``, by team),
    and a link to the index in the other language.

    ``facts`` are what each report said about itself (reps, new hires).
    """
    first = params[0]
    loc = first.locale
    esc = html.escape
    period = f"{first.start:%Y-%m-%d} – {first.end:%Y-%m-%d}"
    rows = []
    for p in sorted(params, key=lambda p: p.team):
        known = facts.get(p.team, {})
        team = esc(t("report.index.team", loc, team=p.team))
        reps = (
            esc(t("report.index.reps", loc, reps=known["reps"], new_hires=known["new_hires"]))
            if "reps" in known
            else "–"
        )
        when = esc(f"{p.start:%Y-%m-%d} – {p.end:%Y-%m-%d}")
        if p.team in rendered:
            link = esc(rendered[p.team].name)
            cell = f'<a href="{link}">{esc(t("report.index.open", loc, team=p.team))}</a>'
        else:
            cell = esc(t("report.index.failed", loc, why=failed.get(p.team, "")))
        rows.append(f"<tr><td>{team}</td><td>{reps}</td><td>{when}</td><td>{cell}</td></tr>")
    title = esc(t("report.index.title", loc, period=period))
    head = "".join(
        f"<th>{esc(t(k, loc))}</th>"
        for k in (
            "report.col.team",
            "report.col.reps_count",
            "report.col.period",
            "report.col.report",
        )
    )
    links = batch_links(out_dir, loc)
    other = links.other("index.html")
    nav = ""
    if other is not None:
        label = esc(t("report.index.language", links.other_locale))
        nav = (
            f'<nav aria-label="{esc(t("report.nav.label", loc))}"><a href="{esc(other)}" '
            f'hreflang="{links.other_locale}" lang="{links.other_locale}">{label}</a></nav>'
        )
    page = (
        f'<!DOCTYPE html><html lang="{loc}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{INDEX_STYLE}</style></head>"
        f"<body><main><h1>{title}</h1>{nav}<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></main></body></html>"
    )
    path = out_dir / "index.html"
    write_whole(path, page)
    return path
