"""The app's settings: safe by default for people who never see code."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
from packaging.version import Version

from helpers.app.server import LAB_ONLY, TEMPLATE, AppOptions, configure, without_mathjax

PROJECT = Path(__file__).resolve().parents[2]


def test_defaults_listen_on_loopback_with_a_token_and_no_tracebacks() -> None:
    c = configure(AppOptions(token="t"))
    assert c.Voila.ip == "127.0.0.1"
    assert c.Voila.token == "t"
    assert c.VoilaConfiguration.show_tracebacks is False
    assert c.VoilaConfiguration.template == TEMPLATE
    assert c.VoilaConfiguration.http_header_envs == ["Cookie"]
    assert c.VoilaConfiguration.preheat_kernel is True


def test_without_a_token_one_is_made_up() -> None:
    c = configure(AppOptions(token=None))
    assert c.Voila.auto_token is True


def test_no_page_loads_mathjax() -> None:
    page = without_mathjax({"fullMathjaxUrl": "https://cdn/x.js", "mathjaxConfig": "TeX"})
    assert page["fullMathjaxUrl"] == "null" and page["mathjaxConfig"] == "null"


def test_the_kits_voila_template_fetches_nothing_from_outside() -> None:
    template = PROJECT / "src/helpers/app/voila/templates/coachkit/index.html.j2"
    assert not re.search(r"https?://", template.read_text(encoding="utf-8"))


def test_every_module_starts_with_how_to_start_in_both_languages_for_jupyterlab_only() -> None:
    for path in sorted((PROJECT / "notebooks/training").glob("*.ipynb")):
        first = nbformat.read(path, 4).cells[0]
        assert LAB_ONLY in first.metadata.get("tags", []), path.name
        assert "怎样开始" in first.source and "How to start" in first.source, path.name


def test_voila_and_the_widgets_are_pinned_together_at_fixed_versions() -> None:
    deps = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = dict(d.split("==") for d in deps if "==" in d)
    assert {"voila", "ipywidgets", "jupyterlab-widgets"} <= set(pins)
    assert Version(pins["voila"]) >= Version("0.5.6")


def test_no_page_output_is_dropped_or_cut_short_on_a_busy_machine() -> None:
    import zmq

    from helpers.app.server import QueueingKernelClient

    c = configure(AppOptions(token="t"))
    assert c.VoilaExecutor.iopub_timeout >= 60
    assert c.AsyncKernelManager.client_class.endswith("QueueingKernelClient")
    client = QueueingKernelClient()
    try:
        assert client.context.getsockopt(zmq.RCVHWM) == 0
    finally:
        client.context.destroy(linger=0)


def _preheated(c) -> set[str]:
    from helpers.app.pages import PAGES
    from helpers.config import NOTEBOOKS

    deny = c.VoilaKernelManager.preheat_denylist
    return {p for p in PAGES if not any(re.match(d, f"{NOTEBOOKS}/{p}") for d in deny)}


def test_kernels_are_kept_ready_only_for_the_pages_the_person_may_open() -> None:
    from helpers.app.pages import PAGES, TRAINING_PAGES
    from helpers.app.rights import Rights

    assert _preheated(configure(AppOptions(token="t"))) == PAGES
    learner = Rights(modules=True, trainer=False, reports=False, teams=frozenset())
    assert _preheated(configure(AppOptions(hub=True, rights=learner))) == set(TRAINING_PAGES)
    manager = Rights(modules=False, trainer=False, reports=True, teams=frozenset({"T01"}))
    assert _preheated(configure(AppOptions(hub=True, rights=manager))) == set()
