"""The interface message catalogue."""

from __future__ import annotations

import re

import pytest

from helpers.i18n import catalogue, t


def test_every_message_has_both_languages() -> None:
    for key, text in catalogue().items():
        assert text.zh and text.en, key
        # a template made only of {fields} and punctuation has no words to translate
        words = [re.sub(r"{\w+}|[\W_]", "", text.get(loc)) for loc in ("zh", "en")]
        if any(words):
            assert text.missing() == [], key


def test_placeholders_match_between_languages() -> None:
    for key, text in catalogue().items():
        fields = [set(re.findall(r"{(\w+)}", text.get(loc))) for loc in ("zh", "en")]
        assert fields[0] == fields[1], key


def test_lookup_and_formatting() -> None:
    assert t("stat.stages", "en") == "Canonical flow stages"
    assert t("msg.problems_found", "zh", n=3).startswith("发现 3 个问题")


def test_unknown_key() -> None:
    with pytest.raises(KeyError, match="no message 'nope'"):
        t("nope", "en")
