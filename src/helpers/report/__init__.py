"""The manager's path: from CRM exports to one coaching report per team and period.

The stages, in the order data flows through them:

- :mod:`~helpers.report.ingest`: CRM exports and the kit's CSV files into the store
  (mapping, validation, rejects file);
- :mod:`~helpers.report.sample`: a synthetic organisation in the same CSV files;
- :mod:`~helpers.report.metrics`: per-rep and per-team figures, pure functions of frames;
- :mod:`~helpers.report.coaching`: what to coach next, weight x gap;
- :mod:`~helpers.report.figures`: one team's :class:`~helpers.report.figures.TeamReport`;
- :mod:`~helpers.report.charts`: the figures drawn;
- :mod:`~helpers.report.sections`, :mod:`~helpers.report.chart_sections` and
  :mod:`~helpers.report.card_sections`: what each report cell shows, built from the page
  furniture of :mod:`~helpers.report.layout`;
- :mod:`~helpers.report.params`: the report's parameters, checked before any kernel starts,
  and :func:`load`, which the report notebook calls (light: imported in the kernel);
- :mod:`~helpers.report.runner`: papermill in warm kernels, HTML export, batches (never
  imported in the kernel), and :mod:`~helpers.report.pages`: a batch's index page and the
  links between its pages.

The report notebook imports this package (``from helpers import report``) and
calls :func:`load`.
"""

from helpers.report.params import (
    SAMPLE,
    ReportParameterError,
    ReportParams,
    batch_params,
    last_full_month,
    load,
    open_store,
    resolve_store,
    validate,
)

__all__ = [
    "SAMPLE",
    "ReportParameterError",
    "ReportParams",
    "batch_params",
    "last_full_month",
    "load",
    "open_store",
    "resolve_store",
    "validate",
]
