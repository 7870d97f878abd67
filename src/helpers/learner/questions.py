"""Classify a discovery question as expanding, limiting or closed, by transparent rules.

The rules follow the question funnel of the method:

- *expanding* questions (扩大询问) let the customer talk: how, what, why, tell me;
  怎么, 什么, 为什么, 介绍一下, 说说 — and invitations such as "Could you walk me
  through…" or 您能说说…吗.
- *limiting* questions (限定询问) pin down one specific: how many, which, when,
  who, X or Y; 多少, 几, 哪家, 什么时候, 是…还是… — and a question that
  clarifies one step of the customer's process ("Does a new order need your
  approval before…").
- *closed* questions answer for the customer or only wait for a yes: tags
  such as "…, right?", 对吧, 是不是; bare yes/no openings (do, is, can…);
  a trailing 吗, 吧; "why don't you…".

Each rule is a regular expression tried in order; the first that matches
decides, and the text it matched is returned as the cue. The rules are listed
in :data:`RULES`, so a trainer can see exactly why a question got its label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.playbook.models import QuestionType

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Rule:
    """One classification rule: if ``pattern`` matches, the question is ``type``."""

    id: str
    lang: str
    type: QuestionType
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Classification:
    """The label of a question and why.

    Attributes
    ----------
    type : {"expanding", "limiting", "closed"}
        The label.
    cue : str
        The words in the question that decided it (empty if no rule matched).
    rule : str
        Id of the rule that decided; its explanation is the message
        ``qrule.<rule>`` in the interface catalogue.
    lang : {"zh", "en"}
        The language the question was read as.
    """

    type: QuestionType
    cue: str
    rule: str
    lang: str


def _r(rule_id: str, lang: str, qtype: QuestionType, pattern: str) -> Rule:
    return Rule(rule_id, lang, qtype, re.compile(pattern, re.IGNORECASE))


_INVITE_ZH = r"(说说|讲讲|谈谈|聊聊|介绍|描述|分享|说一说|讲一讲|谈一谈)"
_PROCESS_ZH = r"(先|再|才|审批|批准|审核|验收|签字|签批|经过|报批|同意后|之前|以后|之后)"

RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- Chinese
    _r("zh_invite", "zh", "expanding", _INVITE_ZH + r".{0,40}"),
    _r("zh_why_not", "zh", "closed", r"为什么不|何不|干嘛不"),
    _r(
        "zh_tag",
        "zh",
        "closed",
        r"(对吧|对不对|是吧|是不是|没错吧|没问题吧|好不好|行不行|可以吧|对吗|是吗|您觉得呢|你觉得呢)"
        r"[？?。！!]*$",
    ),
    _r("zh_ba", "zh", "closed", r"吧[？?。！!]*$"),
    _r("zh_shibushi", "zh", "closed", r"是不是|是否"),
    _r("zh_choice", "zh", "limiting", r"是.{1,25}还是|还是.{1,25}[？?]?$"),
    _r(
        "zh_yesno_pair",
        "zh",
        "closed",
        r"(有没有|会不会|能不能|要不要|可不可以|愿不愿意|想不想|考不考虑|用不用|需不需要)",
    ),
    _r(
        "zh_specific",
        "zh",
        "limiting",
        r"(多少|几[个家天次月号点年台份位人种款箱桶吨方小时周层批]|几月|多久|多长|多大|多远|多高|多快"
        r"|哪[一个家天位种款些年月]?[个家天位种款年月]|哪一|什么时候|何时|几时|谁|具体"
        r"|什么(牌子|品牌|型号|规格|价位?|范围|标准|日期|时间|级别|标号|比例)|占比|百分之)",
    ),
    _r("zh_process_ma", "zh", "limiting", _PROCESS_ZH + r".{0,30}吗[？?。]*$"),
    _r("zh_ma", "zh", "closed", r"吗[？?。！!]*$"),
    _r(
        "zh_open",
        "zh",
        "expanding",
        r"(怎么|怎样|如何|为什么|为何|什么|哪些|哪方面|哪儿|哪里|看法|想法|感觉|觉得|情况|打算)",
    ),
    # ---------------------------------------------------------------- English
    _r(
        "en_invite",
        "en",
        "expanding",
        r"^(please\s+)?(can|could|would|will)\s+you\s+(please\s+)?"
        r"(tell|walk|talk|describe|explain|share|give me a sense|give me an idea|help me understand"
        r"|take me through|run me through|fill me in)\b"
        r"|^(would|do)\s+you\s+mind\s+(telling|sharing|explaining|describing|walking)\b"
        r"|^(tell|talk|walk|take|run)\s+me\b|^describe\b|^explain\b|^help me understand\b"
        r"|\bi'?d (love|like) to (hear|know|understand) (how|what|why|about)\b",
    ),
    _r("en_why_not", "en", "closed", r"^why\s+(don'?t|not|wouldn'?t|won'?t)\b"),
    _r(
        "en_tag",
        "en",
        "closed",
        r"(,|\s)\s*(right|correct|yes|no|ok|okay|huh|eh|true|agreed|isn'?t (it|that|he|she)"
        r"|aren'?t (they|you|we)|don'?t (you|they|we)|doesn'?t (it|he|she)|didn'?t (you|they|it)"
        r"|wouldn'?t (you|it|they)|won'?t (you|it|they)|can'?t (you|it|they)|haven'?t (you|they)"
        r"|hasn'?t (it|he|she)|shouldn'?t (you|it|we)|wasn'?t (it|he|she)|weren'?t (they|you))"
        r"\s*[?.!]*$",
    ),
    _r("en_leading", "en", "closed", r"^(surely|obviously|clearly)\b|\bwho wouldn'?t\b"),
    _r(
        "en_choice",
        "en",
        "limiting",
        r"\b\w+\b[^?]*\bor\s+(by\s+|the\s+|a\s+|an\s+|in\s+|at\s+|on\s+|every\s+)?\w+[^,]*\??$",
    ),
    _r(
        "en_specific",
        "en",
        "limiting",
        r"^(and\s+|so\s+)?(how\s+(many|much|often|long|soon|far|big|large|frequently)"
        r"|when\b|which\b|who\b|whom\b|whose\b|where\b|at what\b|by when\b|on what (date|day)\b"
        r"|what(\s+is|'s|\s+are|\s+was)?\s+(the\s+|your\s+|our\s+|their\s+)?"
        r"(average\s+|typical\s+|usual\s+|current\s+|total\s+|monthly\s+|weekly\s+|annual\s+)*"
        r"(date|day|time|percentage|percent|share|level|lead time|payment terms|terms|brand|model"
        r"|price|budget|number|size|volume|quantity|discount|margin|cost|rate|deadline|figure"
        r"|amount|capacity|spec|grade|minimum|maximum|target|limit|ratio|month|year|week)\b)",
    ),
    _r(
        "en_process",
        "en",
        "limiting",
        r"^(does|do|is|are|will|must)\b.*\b(before|go(es)? through|sign(s|ed)? off|approv\w*"
        r"|checked by|signed by|need(s)? to|ha(ve|s) to|first)\b",
    ),
    _r(
        "en_open",
        "en",
        "expanding",
        r"^(and\s+|so\s+|now\s+)?(how|what|why|in what way|to what extent|what kind|what sort)\b",
    ),
    _r(
        "en_yesno",
        "en",
        "closed",
        r"^(do|does|did|is|are|was|were|can|could|would|will|have|has|had|should|shall|may|might"
        r"|must|don'?t|doesn'?t|isn'?t|aren'?t|wouldn'?t|won'?t|can'?t|couldn'?t|haven'?t"
        r"|hasn'?t|didn'?t|shouldn'?t)\b",
    ),
    _r("en_statement", "en", "closed", r"^(you|your|you'?re|you'?ve|you'?d|the|it|this|that|so)\b"),
)
"""The rules, in the order they are tried."""

_GREETING_EN = re.compile(
    r"^((mr|mrs|ms|miss|dr|sir|ma'?am|madam|boss|mr\.|mrs\.|ms\.|dr\.)\s*[\w.'-]*\s*,\s*"
    r"|(okay|ok|so|well|um+|uh+|er+|right|honestly|look|listen|hi|hello)\b[\s,]*)+",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def _question_clause(text: str, lang: str) -> str:
    """The part of ``text`` that carries the question: its last sentence, minus greetings."""
    text = text.strip()
    parts = [p for p in _SENTENCE_END.split(text) if p.strip()]
    if len(parts) > 1:
        asked = [p for p in parts if p.rstrip().endswith(("?", "？"))]
        text = (asked or parts)[-1]
    text = text.strip()
    if lang == "en":
        prev = None
        while prev != text:
            prev = text
            text = _GREETING_EN.sub("", text).strip()
    return text


def detect_language(text: str) -> str:
    """Return "zh" if the text contains Chinese characters, otherwise "en"."""
    return "zh" if _CJK.search(text) else "en"


def classify_question(text: str) -> Classification:
    """Classify one question, in Chinese or English.

    Parameters
    ----------
    text : str
        The question as a learner wrote it (greetings, missing question marks
        and several sentences are fine).

    Returns
    -------
    Classification
        ``type`` is "expanding", "limiting" or "closed"; ``cue`` is the text
        that decided it and ``rule`` the id of the deciding rule.

    Raises
    ------
    ValueError
        If ``text`` is empty.

    Examples
    --------
    >>> classify_question("您这边一个月能走三百桶水，对吧？").type
    'closed'
    >>> classify_question("How many stores are in the chain?").cue
    'How many'
    """
    if not text or not text.strip():
        raise ValueError("the question is empty")
    lang = detect_language(text)
    clause = _question_clause(text, lang)
    # an opening phrase ("In your experience, …") may hide the question word:
    # if nothing matches the whole clause, try what follows each comma
    tails = [clause] + [clause[m.end() :].strip() for m in re.finditer(r"[,，]", clause)]
    for candidate in tails:
        for rule in RULES:
            if rule.lang != lang:
                continue
            m = rule.pattern.search(candidate)
            if m:
                return Classification(rule.type, m.group(0).strip(" ,?？"), rule.id, lang)
    # no cue at all: a statement with a question mark asks only for a nod
    return Classification("closed", "", "no_cue", lang)
