"""Ids of contacts and deals: row numbers refused as ids, ids derived from a row's content."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from helpers.report.ingest.kinds import COLUMNS, KEYS

DERIVABLE = ("contacts", "deals")
"""Kinds whose id may be derived from the row's content (``id: derived``, ``--derive-id``)."""
DERIVED = "derived"
"""The mapping's ``id`` value that asks for derived ids."""


def derived_ids(kind: str, frame: pd.DataFrame) -> pd.Series:
    """The id of each row of ``frame`` (converted values) derived from its content.

    The first 16 hex digits of the SHA-256 of every column of ``kind`` but the id,
    as text: the same visit or deal gives the same id in every export, and two
    rows alike in every column give one id.
    """
    fields = [c for c in COLUMNS[kind] if c not in KEYS[kind]]
    text = pd.Series("", index=frame.index, dtype=object)
    for i, col in enumerate(fields):
        text = text + ("\x1f" if i else "") + frame[col].map(str)
    ids = [hashlib.sha256(t.encode()).hexdigest()[:16] for t in text.tolist()]
    return pd.Series(ids, index=frame.index, dtype=object)


class RowNumbers:
    """Whether a file's id column, read chunk by chunk, is its row numbers: 1, 2, 3...

    Feed every chunk's (non-blank) values in file order; :attr:`so_far` stays True
    while they are exactly the whole numbers from 1 on, written without leading zeros.
    """

    def __init__(self) -> None:
        self.count = 0
        self.so_far = True

    def feed(self, values: pd.Series) -> None:
        """Take the next values of the id column."""
        if not self.so_far or values.empty:
            return
        expected = pd.RangeIndex(self.count + 1, self.count + 1 + len(values)).astype(str)
        self.so_far = bool((values.str.strip().to_numpy() == expected.to_numpy()).all())
        self.count += len(values)

    @property
    def found(self) -> bool:
        """True if every value fed was the row number, and there was at least one."""
        return self.so_far and self.count > 0


_TEXT = getattr(np.dtypes, "StringDType", None)
"""numpy's variable-width text (numpy 2): an id of up to 15 bytes takes 16 bytes, not a Python
object's 50 and more."""


class StoredIds:
    """The stored ids of one kind, for telling whether values name one of them.

    Kept compactly, however many there are: each id's hash, sorted, beside the ids as numpy
    text in the same order. A value is known when an id with its hash is equal to it.

    Parameters
    ----------
    batches : iterable of sequences of str
        The ids, in parts (as read from the store), each id once.
    """

    def __init__(self, batches: Iterable[Sequence[str]]) -> None:
        hashes, texts = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=_TEXT or object)]
        for batch in batches:
            hashes.append(np.fromiter(map(hash, batch), dtype=np.int64, count=len(batch)))
            texts.append(np.array(batch, dtype=_TEXT or object))
        order = np.argsort(h := np.concatenate(hashes))
        self.hashes, self.ids = h[order], np.concatenate(texts)[order]

    def __len__(self) -> int:
        return len(self.hashes)

    def contains(self, values: pd.Series) -> np.ndarray:
        """Whether each value (text) is a stored id."""
        found = np.zeros(len(values), dtype=bool)
        if not len(self) or not len(values):
            return found
        texts = values.tolist()
        h = np.fromiter(map(hash, texts), dtype=np.int64, count=len(texts))
        order = np.argsort(h)  # looked up in order: the search and the ids read move forward
        h = h[order]
        pos = np.minimum(np.searchsorted(self.hashes, h), len(self) - 1)
        maybe = np.flatnonzero(self.hashes[pos] == h)
        wanted = np.array([texts[i] for i in order[maybe]], dtype=_TEXT or object)
        hit = np.zeros(len(h), dtype=bool)
        hit[maybe] = self.ids[pos[maybe]] == wanted
        for i in maybe[~hit[maybe]]:  # another id with the same hash (seldom if ever)
            j = pos[i] + 1
            while not hit[i] and j < len(self) and self.hashes[j] == h[i]:
                hit[i], j = self.ids[j] == texts[order[i]], j + 1
        found[order] = hit
        return found
