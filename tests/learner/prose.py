"""How English feedback sentences are punctuated: one colon to a sentence, no dash before a
new sentence. Quoted speech and brackets are left out, since they punctuate themselves."""

from __future__ import annotations

import re

_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|\([^()]*\)')
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_DASH_BEFORE_CAPITAL = re.compile(r" — [A-Z]")


def punctuation_faults(text: str) -> list[str]:
    """The sentences of ``text`` with more than one colon, or a dash that opens a new sentence.

    Parameters
    ----------
    text : str
        An English feedback line.

    Returns
    -------
    list of str
        The faulty sentences (empty when there are none).
    """
    # a quotation that ends on a full stop or a question ends the sentence around it too
    bare = _QUOTED.sub(lambda m: "…." if m.group()[-2:-1] in ".?!" else "…", text)
    faults = [s for s in _SENTENCE_END.split(bare) if s.count(":") > 1]
    if _DASH_BEFORE_CAPITAL.search(bare):
        faults.append(bare)
    return faults
