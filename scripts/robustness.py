"""How much each field's score moves when a report is dressed as real pages dress it.

Real reports reach the tool with more around them than the development corpus shows:
navigation strips and photo captions above the story, lists of other stories (with other
states and other meetings in their headlines) after it or cutting it in two, app prompts,
no title, no publisher, markup, and leaders the registry of office holders does not know.
Each gold report is scored as it is and in each such variant; a field that drops in a
variant shows a dependence on the page's form, not on what it says. Every piece of page
chrome here is invented; the participants' names are replaced, in the text and in the
gold alike, by invented ones for the ``names`` variant.

Usage: python scripts/robustness.py [PATH ...] [--part dev] [--misses FIELD,FIELD]
    (default: the development part of ../shared/corpus/dev2 and dev3; never run it on the
    validation part, which stays held out; docs/evaluation.md)
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.evaluate import (  # noqa: E402
    ACCURACY_FIELDS,
    F1_FIELDS,
    FieldScore,
    Miss,
    _brief,
    _score_doc,
    corpus_part,
    gold_files,
    load_gold,
)
from briefing.model import Article  # noqa: E402

NAVIGATION = "Home | World | Politics | Business | Sport | Opinion\nShare on Facebook Share on X\n"
CAPTION = "Photo: File photo. Officials pose for a picture in Geneva, Switzerland. (Reuters)\n"
TEASERS = (
    "Related stories\n"
    "Brazil, Argentina sign energy deal as Lula visits Buenos Aires\n"
    "Canada's prime minister holds talks with Mexican president on tariffs\n"
    "Read more"
)
APP = "Download our app for the latest news. Subscribe to our newsletter.\n© All rights reserved."
SPLIT = {"dev2", "dev3"}  # corpora split into a development and a validation part
INVENTED = ["Velmar", "Oskarin", "Taludi", "Brennick", "Morvath", "Quillan", "Sadorey"]

Gold = dict[str, Any]
Variant = Callable[[Article, Gold], tuple[Article, Gold] | None]


def _with(a: Article, **kw: Any) -> Article:
    fields = {
        "text": a.text,
        "title": a.title,
        "published": a.published,
        "publisher": a.publisher,
        "url": a.url,
    }
    fields.update(kw)
    return Article(
        a.id,
        fields["text"],
        fields["title"],
        fields["published"],
        fields["publisher"],
        fields["url"],
        a.path,
    )


def _middle(text: str, block: str) -> str:
    paras = text.split("\n\n")
    if len(paras) < 3:
        lines = text.split("\n")
        k = max(1, len(lines) // 2)
        return "\n".join([*lines[:k], block, *lines[k:]])
    k = len(paras) // 2
    return "\n\n".join([*paras[:k], block, *paras[k:]])


def _renamed(a: Article, gold: Gold) -> tuple[Article, Gold] | None:
    """Participants' name words replaced by invented ones, in the text and the gold."""
    new_gold = copy.deepcopy(gold)
    text, title, n = a.text, a.title or "", 0
    for person in new_gold.get("participants", []):
        for word in [w for w in person["name"].split() if len(w) > 2 and w[:1].isupper()]:
            invented = INVENTED[n % len(INVENTED)] + ("" if n < len(INVENTED) else str(n))
            n += 1
            pattern = re.compile(rf"\b{re.escape(word)}\b")
            text, title = pattern.sub(invented, text), pattern.sub(invented, title)
            person["name"] = pattern.sub(invented, person["name"])
    return (_with(a, text=text, title=title or None), new_gold) if n else None


VARIANTS: dict[str, Variant] = {
    "as is": lambda a, g: (a, g),
    "navigation above": lambda a, g: (_with(a, text=NAVIGATION + a.text), g),
    "caption above": lambda a, g: (_with(a, text=CAPTION + a.text), g),
    "other stories after": lambda a, g: (_with(a, text=a.text + "\n\n" + TEASERS + "\n"), g),
    "other stories within": lambda a, g: (_with(a, text=_middle(a.text, TEASERS)), g),
    "app prompt after": lambda a, g: (_with(a, text=a.text + "\n" + APP + "\n"), g),
    "title in the text": lambda a, g: (
        (_with(a, text=f"{a.title}\n{a.text}", title=None), g) if a.title else None
    ),
    "title in capitals": lambda a, g: (_with(a, title=a.title.upper()), g) if a.title else None,
    "no publisher": lambda a, g: (_with(a, publisher=None, url=None), g),
    "as HTML": lambda a, g: (
        _with(a, text="".join(f"<p>{x}</p>" for x in a.text.split("\n") if x.strip())),
        g,
    ),
    "unknown names": _renamed,
}


def _fresh() -> dict[str, FieldScore]:
    scores = {name: FieldScore("accuracy") for name in ACCURACY_FIELDS}
    scores.update({name: FieldScore("f1") for name in F1_FIELDS})
    return scores


Row = tuple[str, dict[str, FieldScore], dict[str, FieldScore] | None, dict[str, list[Miss]]]


def run(files: list[Path]) -> Iterator[Row]:
    """Per variant: its name, the scores over the reports it applies to, the same
    reports scored as they are when that is not all of them, and the misses per report."""
    from briefing.extract import extract

    loaded = [(f.stem, *load_gold(f)) for f in files]
    for name, variant in VARIANTS.items():
        scores, base = _fresh(), _fresh()
        misses: dict[str, list[Miss]] = {}
        for doc, article, gold in loaded:
            made = variant(article, gold)
            if made is None:
                continue
            got, expected = made
            _score_doc(doc, gold, _brief(extract(article).to_dict()), base, [])
            misses[doc] = []
            _score_doc(doc, expected, _brief(extract(got).to_dict()), scores, misses[doc])
        yield name, scores, base if len(misses) < len(loaded) else None, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--part", choices=["dev"], default="dev", help="never validation")
    parser.add_argument("--misses", default="", help="list new misses of these fields")
    args = parser.parse_args(argv)
    shared = ROOT.parent / "shared" / "corpus"
    paths = args.paths or [shared / "dev2", shared / "dev3"]
    # the split applies to the corpora that have one (docs/evaluation.md)
    files = [
        f
        for f in gold_files(paths)
        if f.parent.name not in SPLIT or corpus_part(f.stem) == args.part
    ]
    fields = [*ACCURACY_FIELDS, *F1_FIELDS]
    print(f"{len(files)} reports\n{'variant':28}" + "".join(f"{f[:9]:>10}" for f in fields))
    as_is: dict[str, set[str]] = {}
    wanted = {f for f in args.misses.split(",") if f}
    for name, scores, base, misses in run(files):
        print(f"{name:28}" + "".join(f"{scores[f].value:10.3f}" for f in fields))
        if base is not None:  # the variant applies to some reports only
            print(
                f"{'  the same reports as is':28}"
                + "".join(f"{base[f].value:10.3f}" for f in fields)
            )
        if name == "as is":
            as_is = {doc: {m.field for m in ms} for doc, ms in misses.items()}
        for doc, ms in misses.items():
            new = sorted({m.field for m in ms if m.field in wanted} - as_is.get(doc, set()))
            if new and name != "as is":
                print(f"    {doc}: {', '.join(new)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
