"""What the kit remembers for each learner, in the store: language, last module, drafts.

Everything is kept by person (see :mod:`helpers.store.state`), so two people
never share it and the same person finds it again in a new session, in another
browser or on another device:

- ``locale``: the language the person chose last;
- ``module``: the training module they last opened, where to continue;
- ``draft/<scenario id>``: the choices of a dialogue they left half-way.

On one machine without JupyterHub, the learner last chosen there is kept as
``last_person`` under the machine's own id ``""``. Older versions kept these
in ``var/me.json`` and ``var/scenario_drafts.json``; :func:`import_machine_files`
moves them into the store once.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from helpers.playbook.models import Locale
from helpers.store import Store
from helpers.store.state import check_key
from helpers.ui import check_learner_id

log = logging.getLogger(__name__)

MACHINE = ""
"""The person id of what belongs to the machine rather than to a person."""
LAST_PERSON = "last_person"
LOCALE = "locale"
MODULE = "module"
DRAFT = "draft/"
"""Prefix of the keys of half-played dialogues: ``draft/<scenario id>``."""
OLD_FILES = ("me.json", "scenario_drafts.json")
"""The per-machine files of older versions, under ``var/``."""
IMPORTED = ".imported"
"""Suffix an old file gets once its content is in the store."""
IMPORTED_KEY = "imported/"
"""Prefix of the key marking that a person's part of an old file is in the store
(``imported/<file name>``), under JupyterHub where the file stays for the others."""


@contextmanager
def _quietly(what: str) -> Iterator[None]:
    # remembering is a convenience: a store that cannot be read or written is logged, not raised
    try:
        yield
    except SQLAlchemyError:
        log.exception("could not read or keep %s", what)


def _get(store: Store, person: str, key: str) -> Any:
    value = None
    with _quietly(key):
        value = store.get_state(person, key)
    return value


def _locale(value: Any) -> Locale | None:
    return value if value in ("zh", "en") else None


def stored_locale(store: Store, person: str) -> Locale | None:
    """The language ``person`` chose last, or None if they never chose one."""
    return _locale(_get(store, person, LOCALE))


def remember_locale(store: Store, person: str, locale: Locale) -> None:
    """Keep ``locale`` as the language ``person`` chose."""
    with _quietly("the language"):
        store.put_state(person, LOCALE, locale)


def remembered(store: Store) -> dict[str, str]:
    """The learner last chosen on this machine and their language, as far as known.

    ``COACHKIT_LEARNER`` overrides the learner id (useful on a shared server).

    Returns
    -------
    dict
        ``learner_id`` and ``locale``, each only if known.
    """
    data: dict[str, str] = {}
    learner = os.environ.get("COACHKIT_LEARNER") or _get(store, MACHINE, LAST_PERSON)
    if isinstance(learner, str) and learner:
        data["learner_id"] = learner
        locale = stored_locale(store, learner)
        if locale is not None:
            data["locale"] = locale
    return data


def remember_learner(store: Store, learner_id: str) -> None:
    """Keep ``learner_id`` as the learner last chosen on this machine."""
    with _quietly("the learner"):
        store.put_state(MACHINE, LAST_PERSON, learner_id)


def last_module(store: Store, person: str) -> str | None:
    """The training module ``person`` last opened, or None."""
    value = _get(store, person, MODULE)
    return value if isinstance(value, str) and value else None


def remember_module(store: Store, person: str, module: str) -> None:
    """Keep ``module`` as the training module ``person`` is in."""
    with _quietly("the module"):
        store.put_state(person, MODULE, module)


def _draft_key(scenario_id: str) -> str:
    return check_key(DRAFT + scenario_id)


def load_draft(store: Store, learner_id: str, scenario_id: str) -> list[str] | None:
    """The choices a learner took in a dialogue they left half-way, or None."""
    choices = _get(store, learner_id, _draft_key(scenario_id))
    if isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices):
        return choices
    return None


def save_draft(store: Store, learner_id: str, scenario_id: str, choices: list[str] | None) -> None:
    """Keep (or, with None or an empty list, forget) a half-played dialogue.

    The draft is written whole in one statement: of two sessions of the same
    learner, the last to write wins, and a draft is never a mix of both.
    """
    key = _draft_key(scenario_id)
    with _quietly("the draft"):
        if choices:
            store.put_state(learner_id, key, list(choices))
        else:
            store.delete_state(learner_id, key)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _person(value: Any) -> str | None:
    try:
        return check_learner_id(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _old_me(data: Any) -> list[tuple[str, str, Any]]:
    if not isinstance(data, dict):
        return []
    person = _person(data.get("learner_id"))
    if person is None:
        return []
    items: list[tuple[str, str, Any]] = [(MACHINE, LAST_PERSON, person)]
    locale = _locale(data.get("locale"))
    if locale is not None:
        items.append((person, LOCALE, locale))
    return items


def _old_drafts(data: Any) -> list[tuple[str, str, Any]]:
    items: list[tuple[str, str, Any]] = []
    if not isinstance(data, dict):
        return items
    for learner, theirs in data.items():
        person = _person(learner)
        if person is None or not isinstance(theirs, dict):
            continue
        for scenario_id, choices in theirs.items():
            try:
                key = _draft_key(str(scenario_id))
            except ValueError:
                continue
            if isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices):
                items.append((person, key, choices))
    return items


def import_machine_files(store: Store, var: Path | None = None, person: str | None = None) -> int:
    """Move what older versions kept in ``var/me.json`` and ``var/scenario_drafts.json``
    into the store, once.

    Each file is first renamed ``*.imported`` (so only one process imports it),
    then read; what it holds is added where the store has no value yet (what
    the store holds is newer). If the store cannot be written, the file gets its
    name back, to be imported next time.

    With ``person`` (under JupyterHub, where a person may write only their own
    values), only that person's part is added, once (marked by the key
    ``imported/<file name>``), and the file stays for the others.

    Parameters
    ----------
    store : Store
        Where the values go.
    var : Path, optional
        The folder of the files; defaults to the configured ``var/``.
    person : str, optional
        Import only this person's values.

    Returns
    -------
    int
        How many values were added.
    """
    if var is None:
        from helpers.config import get_settings

        var = get_settings().var
        assert var is not None
    added = 0
    for name, parse in zip(OLD_FILES, (_old_me, _old_drafts), strict=True):
        path = var / name
        if not path.is_file():
            continue
        if person is not None:
            added += _import_part(store, path, parse(_read_json(path)), person)
            continue
        claimed = path.with_name(name + IMPORTED)
        try:
            os.replace(path, claimed)
        except OSError:  # another process took it first
            continue
        try:
            added += store.add_missing_state(parse(_read_json(claimed)))
        except (SQLAlchemyError, ValueError):
            log.exception("could not import %s into the store", path)
            os.replace(claimed, path)
    return added


def _import_part(store: Store, path: Path, items: list[tuple[str, str, Any]], person: str) -> int:
    marker = IMPORTED_KEY + path.name
    if _get(store, person, marker) is not None:
        return 0
    mine = [item for item in items if item[0] == person]
    try:
        # the marker is added with the values: of two sessions at once, one adds them
        return max(0, store.add_missing_state([*mine, (person, marker, True)]) - 1)
    except (SQLAlchemyError, ValueError):
        log.exception("could not import %s into the store", path)
        return 0
