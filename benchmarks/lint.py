"""How long checking the playbooks takes, against plain YAML parsing of the same files.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/lint.py``). Prints the
median of several runs for:

- floor: every playbook file parsed with libyaml's ``CSafeLoader``, the fastest safe
  YAML loader and the parser ``load_library`` itself uses (the least any checker does);
- full check: ``load_library`` (parse with line marks, validate every model,
  cross-references, scenario paths, translations, the method checks);

and the ratio between them. Both are measured in the same run on the same files.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import yaml

from helpers.config import get_settings
from helpers.playbook import load_library
from helpers.playbook.library import find_files

REPEATS = 15


def median_seconds(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time of ``fn`` over ``repeats`` runs, after one warm-up run."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    root = get_settings().playbooks
    assert root is not None
    files = find_files(root)

    def baseline() -> None:
        for f in files:
            yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    def full() -> None:
        load_library(root, strict=False)

    base = median_seconds(baseline)
    check = median_seconds(full)
    print(f"playbook files           {len(files)}")
    print(f"floor: CSafeLoader parse {base * 1000:8.1f} ms")
    print(f"load_library (checked)   {check * 1000:8.1f} ms")
    print(f"ratio check / floor      {check / base:8.2f}x")


if __name__ == "__main__":
    main()
