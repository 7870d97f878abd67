"""Every notebook, executed as a learner or trainer opens it, shows what each cell is there for.

nbval (``make test``) checks that the other notebooks' cells run; these tests execute each
notebook with nbclient (the training modules only here, not twice) and look at what the cells
produced: the widgets of each
exercise (with their controls and a labelled check button), the figures, the
tables. A cell that runs but shows nothing, or shows the wrong thing, fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.playbook import load_library
from tests.conftest import PROJECT

WIDGET = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"

EXERCISE = {"Button", "HTML", "VBox"}
"""What every exercise shows: its title and feedback (HTML), the check button, a box."""

GLOSSARY = {"Accordion", "Text", "HTML"}
"""The trade-terms panel every module shows: a closed panel with a search box and the terms."""

TRAINING: dict[str, dict[str, set[str]]] = {
    "00_welcome": {
        "welcome": {"Text", "FloatProgress", "ToggleButtons", "HTML"},
        "progress_figure": {"Image"},
    },
    "01_visit_flow": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "flow_diagrams": {"Tab", "Image"},
        "stage_order": {"Tab", "Dropdown", *EXERCISE},
        "next_stage": {"RadioButtons", *EXERCISE},
        "previsit_checklist": {"Checkbox", *EXERCISE},
        "opening_statement": {"Dropdown", *EXERCISE},
        "retail_steps": {"Tab", "Dropdown", *EXERCISE},
        "quiz": {"RadioButtons", "Checkbox", *EXERCISE},
    },
    "02_question_funnel": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "funnel_picture": {"Tab", "Image"},
        "classify_questions": {"Tab", "ToggleButtons", *EXERCISE},
        "build_funnels": {"Tab", "Dropdown", "Image", *EXERCISE},
        "own_question": {"Text", *EXERCISE},
        "quiz": {"RadioButtons", *EXERCISE},
    },
    "03_ffab": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "rank_needs": {"Tab", "Dropdown", *EXERCISE},
        "assemble_chains": {"Tab", "RadioButtons", *EXERCISE},
        "tie_needs": {"Tab", "ToggleButtons", *EXERCISE},
        "spot_distractors": {"Tab", "Checkbox", *EXERCISE},
        "own_chain": {"Tab", "Textarea", *EXERCISE},
        "quiz": {"RadioButtons", *EXERCISE},
    },
    "04_objections": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "scenarios": {"Tab", *EXERCISE},
        "skipped_steps": {"HTML", "VBox"},
        "quiz": {"RadioButtons", *EXERCISE},
    },
    "05_follow_up": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "grade_accounts": {"ToggleButtons", *EXERCISE},
        "visit_plan": {"Checkbox", *EXERCISE},
        "simulator": {"IntSlider", "FloatSlider", "Image", "HTML"},
        "distance": {"RadioButtons", *EXERCISE},
        "quiz": {"RadioButtons", *EXERCISE},
    },
    "06_key_accounts": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "adviser_or_vendor": {"RadioButtons", *EXERCISE},
        "buyer_process": {"Dropdown", "RadioButtons", *EXERCISE},
        "development_stages": {"Dropdown", "RadioButtons", *EXERCISE},
        "opportunity_assessment": {"Tab", "Dropdown", "RadioButtons", *EXERCISE},
        "account_plan": {"Textarea", *EXERCISE},
        "calling_high": {"Dropdown", "Textarea", "Checkbox", *EXERCISE},
        "key_account_tiers": {"ToggleButtons", "Dropdown", *EXERCISE},
        "quiz": {"RadioButtons", "Checkbox", *EXERCISE},
    },
    "07_relationship": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "customer_file": {"Checkbox", *EXERCISE},
        "maintenance_calendar": {"Tab", "Dropdown", "DatePicker", *EXERCISE},
        "event_responses": {"RadioButtons", "Checkbox", *EXERCISE},
        "keeping_customers": {"Text", *EXERCISE},
        "spending_claims": {"ToggleButtons", "Checkbox", *EXERCISE},
        "statement_deadlines": {"DatePicker", "ToggleButtons", *EXERCISE},
        "advance_cap": {"ToggleButtons", "Text", *EXERCISE},
        "quiz": {"RadioButtons", "Checkbox", *EXERCISE},
    },
    "08_channel": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "product_line": {"Dropdown", "ToggleButtons", "Checkbox", *EXERCISE},
        "receivables": {"Tab", "Dropdown", *EXERCISE},
        "plan_review": {"RadioButtons", "Dropdown", *EXERCISE},
        "standard_scripts": {"Dropdown", "Textarea", "Checkbox", *EXERCISE},
        "invitations": {"Tab", "RadioButtons", *EXERCISE},
        "quiz": {"RadioButtons", "Checkbox", *EXERCISE},
    },
    "09_field_cases": {
        "header": {"ToggleButtons"},
        "trade_terms": GLOSSARY,
        "field_cases": {"Tab", *EXERCISE},
        "broken_principles": {"HTML", "VBox"},
    },
}
"""Per training notebook: the ``modules.<name>`` each cell calls, and the widget kinds its
output must hold."""


def execute(path: Path, workdir: Path) -> nbformat.NotebookNode:
    """Run a notebook the way the app does: every widget message read, none cut short.

    A section sends several hundred widget messages at once; the kernel keeps
    them all (``keep_every_message``), and this reader neither drops them
    (no high-water mark) nor stops reading 4 s after a cell on a busy machine.
    """
    from jupyter_client.manager import AsyncKernelManager

    from helpers.app.server import QueueingKernelClient

    nb = nbformat.read(path, as_version=4)
    km = AsyncKernelManager(kernel_name="python3")
    km.client_class = f"{QueueingKernelClient.__module__}.{QueueingKernelClient.__name__}"
    client = NotebookClient(
        nb,
        km=km,
        timeout=300,
        iopub_timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    return nb


def widget_tree(state: dict[str, Any], model_id: str) -> Iterator[dict[str, Any]]:
    """The model and every model it holds (children, tabs, images), each once."""
    todo, seen = [model_id], set()
    while todo:
        mid = todo.pop()
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        model = state[mid]
        yield model
        for value in model["state"].values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item.startswith("IPY_MODEL_"):
                    todo.append(item.removeprefix("IPY_MODEL_"))


def call_of(source: str) -> str | None:
    """``header`` for a cell whose last line is ``modules.header(session)``."""
    last = source.strip().splitlines()[-1] if source.strip() else ""
    if last.startswith("modules.") and "(" in last:
        return last.removeprefix("modules.").split("(", 1)[0]
    return None


@pytest.mark.parametrize("name", sorted(TRAINING))
def test_each_training_cell_shows_its_widgets(name: str, tmp_path: Path) -> None:
    nb = execute(PROJECT / "notebooks" / "training" / f"{name}.ipynb", tmp_path)
    state = nb.metadata["widgets"][STATE]["state"]
    shown: dict[str, set[str]] = {}
    for cell in nb.cells:
        call = call_of(cell.source) if cell.cell_type == "code" else None
        if call is None:
            continue
        views = [o.data[WIDGET]["model_id"] for o in cell.outputs if WIDGET in o.get("data", {})]
        assert len(views) == 1, f"{name}: modules.{call} shows {len(views)} widgets"
        models = list(widget_tree(state, views[0]))
        kinds = {m["model_name"].removesuffix("Model") for m in models}
        shown[call] = kinds
        for model in models:
            if model["model_name"] == "ButtonModel":
                assert model["state"].get("description"), f"{name}: a button with no label"
            if model["model_name"] == "ImageModel":
                assert model.get("buffers") or model["state"].get("value"), f"{name}: empty image"
    for call, kinds in TRAINING[name].items():
        assert call in shown, f"{name}: no cell calls modules.{call}"
        assert kinds <= shown[call], f"{name}: modules.{call} lacks {kinds - shown[call]}"


def test_module_one_shows_every_flow_and_the_check_buttons_in_english(tmp_path: Path) -> None:
    nb = execute(PROJECT / "notebooks" / "training" / "01_visit_flow.ipynb", tmp_path)
    state = nb.metadata["widgets"][STATE]["state"]
    lib = load_library(strict=False)
    cell = next(c for c in nb.cells if call_of(c.source) == "flow_diagrams")
    tab = next(iter(widget_tree(state, cell.outputs[0].data[WIDGET]["model_id"])))
    assert tab["model_name"] == "TabModel"
    assert len(tab["state"]["children"]) == len(lib.flows)
    buttons = [m for m in state.values() if m["model_name"] == "ButtonModel"]
    assert buttons and {"Check my answer"} <= {b["state"]["description"] for b in buttons}


def test_the_score_sheet_notebook_shows_the_sheet(tmp_path: Path) -> None:
    nb = execute(PROJECT / "notebooks" / "trainer" / "score_roleplay.ipynb", tmp_path)
    state = nb.metadata["widgets"][STATE]["state"]
    [view] = [o.data[WIDGET]["model_id"] for c in nb.cells for o in c.get("outputs", [])
              if WIDGET in o.get("data", {})]  # fmt: skip
    kinds = {m["model_name"].removesuffix("Model") for m in widget_tree(state, view)}
    assert {"Combobox", "Dropdown", "Textarea", "Button", "ToggleButtons"} <= kinds


def _mimes(cell: nbformat.NotebookNode) -> set[str]:
    return {m for o in cell.get("outputs", []) for m in o.get("data", {})}


def test_the_calibration_notebook_shows_tables_flags_and_charts(tmp_path: Path) -> None:
    nb = execute(PROJECT / "notebooks" / "trainer" / "calibration.ipynb", tmp_path)
    shows = {c.source.strip().splitlines()[-1]: _mimes(c) for c in nb.cells if c.source.strip()}
    assert "text/markdown" in shows["calibration.source_markdown(source, locale)"]
    assert "text/html" in shows["calibration.criteria_table(result, locale)"]
    assert "text/html" in shows["calibration.trainers_table(result, locale)"]
    assert "text/markdown" in shows["calibration.flags_markdown(result, locale)"]
    assert "image/png" in shows["calibration.offset_image(result, locale)"]
    assert "image/png" in shows["calibration.alpha_image(result, locale)"]


def test_the_content_library_notebook_shows_its_tables(tmp_path: Path) -> None:
    nb = execute(PROJECT / "notebooks" / "trainer" / "content_library.ipynb", tmp_path)
    tables = [c for c in nb.cells if "text/html" in _mimes(c)]
    assert len(tables) >= 4
    html = "".join(o.data["text/html"] for c in tables for o in c.outputs if "data" in o)
    assert "<table" in html and "canonical" in html
