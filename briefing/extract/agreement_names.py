"""Names of documents in a sentence, as written.

A document is found by its kind ("Joint Statement", "memorandum of understanding",
"agreement", from ``data/agreements.yaml``); its name is the kind plus the modifiers
before it ("reciprocal visa waiver agreement"), a continuation after it ("... on the
establishment of a comprehensive strategic partnership"; "an accord to deepen ..."
when it is said to be signed) and an acronym in brackets ("(RAA)"), cut at verbs,
time words and punctuation. A bare kind ("the agreements") only refers back and is
skipped, as are documents of companies, banks or regions.

A count of documents without individual names ("seven memoranda on health and energy",
"several accords", "nearly 40 documents") is one name, written with its count;
kinds that are documents only when counted ("deals", "documents") are read only so.
"""

from __future__ import annotations

import re

from briefing.extract.agreement_rules import Name, Rules
from briefing.extract.periods import Mention

_TOKEN = re.compile(r"\w[\w'’\-–&/]*(?:\.\w+)*|[^\w\s]")
_MAX_MODIFIERS = 6
_MAX_CONTINUATION = 30
INSIDE = {"a", "an", "the", "of", "on", "for", "between", "and", "about", "various"}
_SECOND_OBJECT = {"of", "on", "to", "for"}  # "X and of Y": a second object, not the name
YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_ACRONYM = re.compile(r"\s*\((?:[A-Z][\w\-&./ ]{0,18}|[A-Z][a-z]?[A-Z]\w{0,8})\)")
_KIND_LINK = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b)\s*(?:[\w\-]+\s+){0,2}$", re.I)
_TO_VERB = re.compile(r"\s+to\s+[a-z]+\b")  # "an accord to deepen ..."


def _modifiers(text: str, start: int, r: Rules) -> list[tuple[int, str]]:
    """The modifier words written right before the kind, with their offsets."""
    words: list[tuple[int, str]] = []
    tokens = list(_TOKEN.finditer(text[:start]))[-_MAX_MODIFIERS:]
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i].group(0)
        left = tokens[i - 1].group(0) if i else ""
        if _title_link(word, left, words) or _pair_link(word, left, words, r):
            words.insert(0, (tokens[i].start(), word))
            continue
        if not word[0].isalnum() or word.lower() in r.stop or re.search(r"['’]", word):
            break
        words.insert(0, (tokens[i].start(), word))
    return words


def _title_link(word: str, left: str, right: list[tuple[int, str]]) -> bool:
    """ "and" / "of" inside a capitalised title ("Comprehensive Economic Cooperation and
    Partnership Agreement"): both neighbours are capitalised words."""
    return (
        word in {"and", "of", "for", "&"}
        and bool(right)
        and right[0][1][:1].isupper()
        and left[:1].isupper()
        and left[:1].isalpha()
    )


def _pair_link(word: str, left: str, right: list[tuple[int, str]], r: Rules) -> bool:
    """ "and" between two subject words right before the kind ("the amity and commerce
    treaty", "trade and transit accords"): one name."""
    return (
        word == "and"
        and 1 <= len(right) <= 2
        and left[:1].isalnum()
        and left.lower() not in r.stop | r.weak | r.dropped
        and right[0][1].lower() not in r.weak | r.dropped
    )


def _continuation_end(
    text: str, end: int, limit: int, title: bool, r: Rules, to_verb: bool = False
) -> int:
    """End of the continuation after the kind ("on ... between A and B"), or ``end``.
    It stops at a stop word, punctuation or ``limit`` (where the next document starts);
    "in" goes on in a capitalised title ("Programme of Cooperation in Culture");
    ``to_verb`` lets "to" + verb open it ("an accord to deepen the dialogue")."""
    opener = r.connectors.match(text, end) or (_TO_VERB.match(text, end) if to_verb else None)
    if not opener or opener.end() > limit:
        return end
    start = opener.end() if opener.re is not _TO_VERB else opener.start() + 4
    tokens = list(_TOKEN.finditer(text[:limit], start))[:_MAX_CONTINUATION]
    kept: list[re.Match[str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.group(0).lower()
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        inner = r.inner.match(text, tok.start())
        if inner:
            while i < len(tokens) and tokens[i].end() <= inner.end():
                kept.append(tokens[i])
                i += 1
            continue
        if word == ",":
            listed = _comma_list(text, tok.start(), r)
            if listed is None:
                break
            while i < len(tokens) and tokens[i].end() <= listed:
                kept.append(tokens[i])
                i += 1
            continue
        if word == "&" and kept and nxt[:1].isalnum():
            kept.append(tok)  # "Arts & Crafts Centre"
            i += 1
            continue
        if (
            word in {"-", "–", "—"}
            and kept
            and kept[-1].group(0)[:1].isupper()
            and nxt[:1].isupper()
        ):
            kept.append(tok)  # "Agreement on Viet Nam - Laos border crossings"
            i += 1
            continue
        if not word[0].isalnum():
            break
        prev = kept[-1].group(0).lower() if kept else ""
        if YEAR_WORD.fullmatch(word) and prev in {"of", "in", "from", "since"}:
            break  # "Treaty on ... of 1999": the year dates the document, it is no name
        if word == "in" and ((title and nxt[:1].isupper()) or prev in r.in_after):
            kept.append(tok)
        elif _ends_name(word, nxt, r) and not (i == 0 and opener.re is _TO_VERB):
            break
        else:
            kept.append(tok)
        i += 1
    while kept and kept[-1].group(0).lower() in INSIDE | {"in", "to"}:
        kept.pop()
    return kept[-1].end() if kept else end


_COMMA_LIST = re.compile(r"(?:,\s*[\w\-]+(?:\s+[\w\-]+)?)+,?\s+and\s+[\w\-]+")


def _comma_list(text: str, pos: int, r: Rules) -> int | None:
    """End of an enumeration that continues a name at the comma at ``pos`` ("..., trade
    and health", "Friendship, Cooperation and Mutual Assistance"), or None."""
    m = _COMMA_LIST.match(text, pos)
    if not m or any(
        w.lower() in r.stop and w.lower() != "and" for w in re.findall(r"[\w\-]+", m.group(0))
    ):
        return None
    return m.end()


def _ends_name(word: str, nxt: str, r: Rules) -> bool:
    """A stop word ends a name; so does "and" before a stop word, a preposition that
    opens a second object ("... economic zone and of the early conclusion of ...") or a
    lower-case past tense ("... for 2025-2030 and attended the exchange ...")."""
    if word in r.stop and word not in INSIDE:
        return True
    if word != "and":
        return False
    return (
        not nxt
        or not nxt[0].isalnum()
        or (nxt.lower() in r.stop and nxt.lower() not in INSIDE)
        or nxt in _SECOND_OBJECT
        or (nxt.islower() and nxt.endswith("ed"))
    )


def _kind_group_end(text: str, kinds: list[re.Match[str]], k: int, r: Rules) -> int:
    """Index of the last kind of a coordination starting at ``kinds[k]`` ("Agreements and
    Protocols", "accords/MoUs"): they make one counted set."""
    j = k
    while j + 1 < len(kinds):
        gap = text[kinds[j].end() : kinds[j + 1].start()]
        words = re.findall(r"[\w\-]+", gap.lower())
        if not _KIND_LINK.fullmatch(gap) or any(w in r.stop - {"and", "or"} for w in words):
            break
        j += 1
    return j


def _count_value(count: str, r: Rules) -> int:
    """ "seven" -> 7, "nearly 40" -> 40, "several" -> 0 (a count that gives no number)."""
    last = count.lower().split()[-1]
    if last.isdigit():
        return int(last)
    return r.count_words.get(last, 0)


def find_names(text: str, r: Rules) -> list[Name]:
    """Document names of ``text`` left to right; a count entry followed by the names of
    its documents ("three agreements, including X, Y and Z") gives way to them."""
    names: list[Name] = []
    kinds = list(r.kinds.finditer(text))
    skip_to, consumed = -1, 0
    for k, m in enumerate(kinds):
        if k <= skip_to or m.start() < consumed:
            continue
        kind = m.group(0)
        last = _kind_group_end(text, kinds, k, r) if r.count.search(text, 0, m.start()) else k
        kind_end = kinds[last].end()
        acronym = _ACRONYM.match(text, kind_end)
        if acronym:
            kind_end = acronym.end()
        skip_to = max([last] + [j for j in range(last, len(kinds)) if kinds[j].start() < kind_end])
        # "a protocol amending the double taxation convention": the next kind is this
        # document's object, part of its name
        while skip_to + 1 < len(kinds) and _AMENDS.search(
            text, max(kind_end, kinds[skip_to].end()), kinds[skip_to + 1].start()
        ):
            skip_to += 1
        limit = kinds[skip_to + 1].start() if skip_to + 1 < len(kinds) else len(text)
        # "signed an accord to deepen ...": the purpose names the document
        to_verb = bool(r.signed.search(text, max(0, m.start() - 40), m.start()))
        end = _continuation_end(text, kind_end, limit, kind[0].isupper(), r, to_verb)
        if end > kind_end:
            end = _through_acronym(text, end, r)
        consumed = end
        counted = _counted(text, m.start(), kinds[last].group(0), kinds[last].end(), r)
        if counted is not None:
            start, value = counted
            name = text[start:end]
            listed = _colon_items(text, kinds[last].end(), kinds[last].group(0))
            if listed:
                names.extend(listed)
            elif not _company(name, text, end, r) and not (names and start < names[-1].end):
                names.append(Name(start, end, name, count=value))
                names.extend(_one_of(text, kinds[last].group(0), end, limit, r))
            continue
        if " ".join(kind.lower().split()) in r.count_kinds:
            continue  # "the deal", "documents": a document only when counted
        names.extend(_named(text, m, kind, kind_end, end, limit, names, r))
    return _without_listed_counts(text, names)


_AMENDS = re.compile(r"\b(?:amending|supplementing|to amend|amendments? to)\b", re.I)
_DESCRIBED = re.compile(
    r"\s+(?:\w+ly\s+)?(?:signed|concluded|inked|adopted|exchanged|reached)\b", re.I
)
_NUMBER_OF = re.compile(r"\b(?:total\s+)?number\s+of\s+(?:the\s+)?$", re.I)
_PARTY_WORDS = re.compile(r"\b(?:between|by|with|among)\s+(?:\S+\s+){0,3}\S+", re.I)


def _company(name: str, text: str, end: int, r: Rules) -> bool:
    """A document of companies, banks or regions: said in its name, or in its party
    later in the clause ("30 agreements worth $1 billion were signed between companies")."""
    if r.non_state.search(name):
        return True
    clause = re.split(r"[.;]", text[end : end + 100])[0]
    return any(r.non_state.search(p.group(0)) for p in _PARTY_WORDS.finditer(clause))


def _plural(kind: str) -> bool:
    """ "memorandums of understanding", "MoUs", "memoranda": a kind in the plural."""
    return any(w.endswith("s") or w == "memoranda" for w in kind.lower().split())


_LATER_ACRONYM = re.compile(r"[^,;.()]{0,80}?(?=\s*\([A-Z])")


def _through_acronym(text: str, end: int, r: Rules) -> int:
    """A name goes on to the acronym in brackets that closes it ("Treaty on the border
    of the two states in the southern part of the Lake Basin (LB Treaty)"), when the
    words between are of a name (no verb, no stop word other than "in", "the", "of")."""
    gap = _LATER_ACRONYM.match(text, end)
    acronym = _ACRONYM.match(text, gap.end()) if gap else None
    if gap is None or acronym is None:
        return end
    words = [w.lower() for w in re.findall(r"[\w\-]+", gap.group(0))]
    if any(w in r.stop and w not in INSIDE | {"in"} for w in words):
        return end
    return acronym.end()


def _counted(text: str, start: int, kind: str, kind_end: int, r: Rules) -> tuple[int, int] | None:
    """(start, number) of a count written before a kind ("seven", "nearly 40", "a number
    of", with modifiers between: "12 trade and customs"), or None: no count, a
    back-reference ("the two agreements", but not "the nine deals signed in 2019": a set
    described as a whole), or words that are no modifiers.
    A kind that is also an everyday word ("programmes") counts documents only in a
    sentence that says something was signed."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1  # "nine mega-deals": the count stands before the whole word
    if kind.lower() in r.ambiguous and not r.signed.search(text):
        return None
    m = r.count.search(text, 0, start)
    if not m or (
        r.back_reference.search(text, 0, m.start()) and not _DESCRIBED.match(text, kind_end)
    ):
        return None
    mods = re.findall(r"[\w\-]+", m.group("mods"))
    if any(w.lower() in r.stop - {"and"} or w.lower().endswith("ed") for w in mods):
        return None
    value = _count_value(m.group("count"), r)
    plural = _plural(kind)
    digits = m.group("count").split()[-1].isdigit()
    if (value >= 2 and (plural or not digits)) or (value == 0 and plural):
        return m.start(), value  # not "the 123 Agreement": a title with a number
    return None


INTRODUCER = re.compile(
    r"\b(?:including|included|among them|among which|such as|namely|in particular|"
    r"notably|among the \w+ (?:is|are|was|were))\b|:|\s[-–—]\s",
    re.I,
)


def _without_listed_counts(text: str, names: list[Name]) -> list[Name]:
    """Mark a count entry whose documents are then named one by one ("three agreements,
    including A, B and C"; "several memoranda, including one on fisheries"; "four
    documents: A; B; ..."): when the count gives no number, no more than the names that
    follow it, or opens a list with a colon. ``agreements`` drops it for them."""
    out = []
    for i, n in enumerate(names):
        if n.count is not None:
            after = [x for x in names[i + 1 :] if x.count is None]
            intro = INTRODUCER.search(text, n.end, after[0].start) if after else None
            if intro:  # a colon opens the whole list, "including" part of it
                n.itemised = n.count == 0 or n.count <= len(after) or intro.group(0) == ":"
        out.append(n)
    return out


def _one_of(text: str, kind: str, end: int, limit: int, r: Rules) -> list[Name]:
    """ "memorandums were exchanged, including one on migrant workers": that one."""
    one = _ONE_OF.match(text, end)
    one_end = _continuation_end(text, one.end(), limit, False, r) if one else 0
    if not one or one_end <= one.end():
        return []
    name = _singular(kind) + text[one.end() : one_end]
    return [Name(one.start("one"), one_end, name, listed=True)]


def _named(
    text: str,
    m: re.Match[str],
    kind: str,
    kind_end: int,
    end: int,
    limit: int,
    names: list[Name],
    r: Rules,
) -> list[Name]:
    """The name of one document written with its kind at ``m`` (or [] when the words
    around it name none: a bare kind, "reached an agreement", a body, a company deal)."""
    modifiers = _modifiers(text, m.start(), r)
    start = modifiers[0][0] if modifiers else m.start()
    if names and start < names[-1].end:
        return []
    plural = _plural(kind)
    named = (
        end > kind_end
        or (" ".join(kind.lower().split()) in r.named_kinds and not plural)
        or any(w.lower() not in r.weak and not (plural and w.isdigit()) for _, w in modifiers)
    )
    if kind.lower() in r.ambiguous and end == kind_end and not kind[0].isupper():
        named = False
    if plural and end == kind_end and r.back_reference.search(text, 0, start):
        named = False  # "the economic accords of the two states": back to a set
    if plural and _NUMBER_OF.search(text, 0, start):
        named = False  # "their overall number of commerce accords": a tally
    if not named and plural:
        return _colon_items(text, m.end(), kind) or _one_of(text, kind, m.end(), limit, r)
    if (
        not named
        or r.not_document.search(text[:start])
        or r.not_document_after.match(text, end)
        or r.body.match(text, m.end())
    ):
        return []
    while modifiers and (
        modifiers[0][1].lower() in r.dropped or (plural and modifiers[0][1].isdigit())
    ):
        modifiers.pop(0)
    year = None
    if modifiers and YEAR_WORD.fullmatch(modifiers[0][1]):
        pos, word = modifiers.pop(0)
        year = Mention(pos, pos + len(word), word)
        if (
            not modifiers
            and end == kind_end
            and " ".join(kind.lower().split()) not in r.named_kinds
        ):
            return []  # "the 2015 agreement" names no document
    start = modifiers[0][0] if modifiers else m.start()
    name = text[start:end]
    after = text[end : end + 60]
    party = re.match(r"\s*(?:with|between|among|by|of)\s+(?:\S+\s+){0,4}?\S+", after)
    if r.non_state.search(name) or (party and r.non_state.search(party.group(0))):
        return []
    return [Name(start, end, name, year, kind_start=m.start() - start)]


# After a set of unnamed documents: one of them named by its subject.
_ONE_OF = re.compile(
    r"[^.;]{0,40}?,?\s+(?:including|among them|notably|in particular)\s+"
    r"(?P<one>one)(?=\s)",
    re.I,
)
_COLON_INTRO = re.compile(r"[^.;:]{0,40}?:\s*")
_ITEM_OPEN = re.compile(r"(?:on|in\s+the\s+fields?\s+of|concerning|regarding)\s", re.I)
_ITEM_SEP = re.compile(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+", re.I)


def _colon_items(text: str, pos: int, kind: str) -> list[Name]:
    """The documents of a plural kind listed by subject after a colon ("Three memoranda
    were signed: on X, on Y, and on Z"), each named "memorandum on X"; [] when the words
    after the colon are not all such subjects."""
    m = _COLON_INTRO.match(text, pos)
    if not m:
        return []
    end = len(text.rstrip().rstrip(".;"))
    items, cur = [], m.end()
    for sep in _ITEM_SEP.finditer(text, m.end(), end):
        if _ITEM_OPEN.match(text, sep.end()):
            items.append((cur, sep.start()))
            cur = sep.end()
    items.append((cur, end))
    if not all(_ITEM_OPEN.match(text, a) and b > a for a, b in items):
        return []
    one = _singular(kind)
    return [Name(a, b, f"{one} {text[a:b]}", listed=True) for a, b in items]


def _singular(kind: str) -> str:
    """ "memorandums of understanding" -> "memorandum of understanding": the first plural
    word of a kind made singular."""
    words = kind.split()
    for i, w in enumerate(words):
        low = w.lower()
        if low in {"memoranda", "memorandums"}:
            words[i] = w[: len("memorand")] + ("UM" if w.isupper() else "um")
        elif low.endswith("ies"):
            words[i] = w[:-3] + "y"
        elif low.endswith("s") and not low.endswith("ss"):
            words[i] = w[:-1]
        else:
            continue
        break
    return " ".join(words)
