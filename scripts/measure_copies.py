"""Measure the copy threshold of ``briefing/merge/copies.py`` on the real corpora.

Two distributions of shingle similarity are compared:

- independent reports of one meeting: pairs of reports from different outlets whose
  gold names the same two states and the same day (the seed meeting's AZERTAC and AnewZ
  reports among them), which must stay two sources;
- syndicated copies: each bilateral report against copies of it with the edits sites
  make when they republish wire copy (a paragraph cut or the last ones trimmed, a new
  headline line and an "updated" line, the site's own lines around the story, a few
  words changed, spelling of another English), which must be one source.

Only numbers are printed (no text of a report). Reads the seeds, ``corpus/dev`` and the
dev part of dev2/dev3 (``briefing.evaluate.corpus_part``), never the validation part.

    python scripts/measure_copies.py [--shingles 3,4,5]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.evaluate import corpus_part  # noqa: E402
from briefing.merge import copies  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SPELLING = {"organization": "organisation", "program": "programme", "center": "centre"}
SITE_LINES = (
    "Follow us on social media for the latest news.",
    "Read more: other stories from the region.",
    "All rights reserved. This material may not be republished without permission.",
)


def reports() -> list[dict]:
    """Gold reports of the seeds, dev and the dev part of dev2/dev3."""
    out = []
    for folder in ("seeds", "dev", "dev2", "dev3"):
        for path in sorted((CORPUS / folder).glob("*.json")):
            if folder in ("dev2", "dev3") and corpus_part(path.stem) != "dev":
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
            out.append(
                {
                    "id": path.stem,
                    "text": data["text"],
                    "gold": data.get("gold") or {},
                    "publisher": data.get("publisher"),
                }
            )
    return out


def variants(text: str, rng: random.Random) -> list[str]:
    """Copies of ``text`` as other sites republish it."""
    paras = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    words = text.split()
    out = []
    short = [i for i, p in enumerate(paras) if i and len(p.split()) <= len(words) / 4]
    if len(paras) > 3 and short:
        cut = paras[:]
        del cut[rng.choice(short)]
        out.append("\n\n".join(cut))  # one paragraph cut (not most of the story)
        out.append(_trimmed(paras, 0.6))  # the bottom of the story trimmed
    out.append("Updated 21:05 GMT\n\nA new headline for the story\n\n" + text)
    out.append("\n\n".join([SITE_LINES[0], text, SITE_LINES[1], SITE_LINES[2]]))
    edited = words[:]
    for i in rng.sample(range(len(edited)), k=max(1, len(edited) // 40)):  # 2.5 % of words
        edited[i] = rng.choice(["said", "noted", "added", "also", "further", "new"])
    out.append(" ".join(edited))
    spelled = text
    for us, uk in SPELLING.items():
        spelled = spelled.replace(us, uk)
    out.append(spelled)
    both = _trimmed(paras, 0.8)  # trimmed, with the site's lines
    out.append("\n\n".join([SITE_LINES[0], "Updated 09:30", both, SITE_LINES[2]]))
    return out


def _trimmed(paras: list[str], share: float) -> str:
    """The first paragraphs that hold ``share`` of the words (wire copy is cut from the
    bottom)."""
    total, kept, count = sum(len(p.split()) for p in paras), [], 0
    for p in paras:
        kept.append(p)
        count += len(p.split())
        if count >= share * total:
            break
    return "\n\n".join(kept)


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    if not values:
        return "none"
    pick = [values[int(q * (len(values) - 1))] for q in (0, 0.05, 0.5, 0.95, 1)]
    return "min {:.3f}  p5 {:.3f}  median {:.3f}  p95 {:.3f}  max {:.3f}  (n={})".format(
        *pick, len(values)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shingles", default="3,4,5")
    args = parser.parse_args()
    docs = reports()
    rng = random.Random(13)

    def bilateral(d: dict) -> bool:
        return bool(d["gold"].get("is_bilateral_meeting"))

    # Reports of one meeting: the same two states, and the same day (or a day missing:
    # the seed AnewZ report gives none).
    def one_meeting(a: dict, b: dict) -> bool:
        ga, gb = a["gold"], b["gold"]
        if not (bilateral(a) and bilateral(b)) or a["publisher"] == b["publisher"]:
            return False
        if sorted(ga.get("countries") or []) != sorted(gb.get("countries") or []):
            return False
        return not (ga.get("date") and gb.get("date")) or ga["date"] == gb["date"]

    same = [(a, b) for a, b in itertools.combinations(docs, 2) if one_meeting(a, b)]
    copied = [(d["text"], v) for d in docs if bilateral(d) for v in variants(d["text"], rng)]
    print(
        f"{len(docs)} reports; {len(same)} pairs of independent reports of one meeting;"
        f" {len(copied)} copies made of {sum(map(bilateral, docs))} meeting reports"
    )
    for n in (int(x) for x in args.shingles.split(",")):
        copies.SHINGLE = n
        prints = {d["id"]: copies.fingerprint(d["text"]) for d in docs}
        independent = [copies.similarity(prints[a["id"]], prints[b["id"]]) for a, b in same]
        others = [
            copies.similarity(prints[a["id"]], prints[b["id"]])
            for a, b in itertools.combinations(docs, 2)
            if not one_meeting(a, b)
        ]
        made = [copies.similarity(copies.fingerprint(a), copies.fingerprint(b)) for a, b in copied]
        jaccard = [copies.jaccard(copies.fingerprint(a), copies.fingerprint(b)) for a, b in copied]
        seed = [
            copies.similarity(prints[a["id"]], prints[b["id"]])
            for a, b in same
            if {a["id"], b["id"]} == {"s000", "s002"}
        ]
        print(f"\n{n}-word shingles")
        print("  independent reports of one meeting:", percentiles(independent))
        print("  seed meeting (AZERTAC, AnewZ):     ", ", ".join(f"{s:.3f}" for s in seed))
        print("  all other pairs of reports:        ", percentiles(others))
        print("  copies with a site's edits:        ", percentiles(made))
        print("  the same, by Jaccard alone:        ", percentiles(jaccard))


if __name__ == "__main__":
    main()
