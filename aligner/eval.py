"""The project's own evaluation: run the pipeline on real pairs and score it against gold.

``python -m aligner.eval [--set DIR] [--embedder NAME] [--json OUT] [--limit N]``

Each case in the set is ``<id>.en.txt``, ``<id>.ru.txt`` and ``<id>.json`` (gold in the
format of shared/eval: links, unlinked, must_join, expected, acceptable, forbidden, plus
``set``: translated | independent). Scoring follows the semantics of the shared scorer
(snippets match whitespace- and case-insensitively; Russian snippets are stems, so any
inflected form that contains them matches) and is reimplemented here so that the project
depends on nothing outside its tree. The table goes to stdout; progress is logged.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_SET = Path(__file__).resolve().parent.parent / "data" / "eval" / "generated"


# --- matching (the shared scorer's semantics) ------------------------------------------


def norm(text: str | None) -> str:
    """Case- and whitespace-insensitive form; soft and non-breaking hyphens disregarded."""
    text = (text or "").replace("\u00ad", "").replace("\u2011", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def find(paragraphs: Sequence[str], snippet: str) -> set[int]:
    """Indices of the paragraphs that contain the snippet."""
    n = norm(snippet)
    return {i for i, p in enumerate(paragraphs) if n in norm(p)}


def contains(text: str | None, snippet: str | None) -> bool:
    if snippet is None:
        return True
    return text is not None and norm(snippet) in norm(text)


def matches(finding: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
    """Whether a reported finding is the one a gold item describes."""
    kinds = item.get("kinds")
    if kinds and finding.get("kind") not in kinds:
        return False
    if "spans" in item:
        spans = [norm(s) for s in finding.get("spans") or []]
        return all(any(norm(want) in s for s in spans) for want in item["spans"])
    return contains(finding.get("en"), item.get("en")) and contains(
        finding.get("ru"), item.get("ru")
    )


# --- scores --------------------------------------------------------------------------


@dataclass
class LinkScore:
    true_pos: int = 0
    counted: int = 0
    required: int = 0

    def add(self, other: LinkScore) -> None:
        self.true_pos += other.true_pos
        self.counted += other.counted
        self.required += other.required

    @property
    def precision(self) -> float:
        return self.true_pos / self.counted if self.counted else 0.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _indices(paras: Sequence[str], snippets: Iterable[str] | None) -> set[int]:
    out: set[int] = set()
    for s in snippets or ():
        out |= find(paras, s)
    return out


def score_links(gold: Mapping[str, Any], report: Mapping[str, Any]) -> LinkScore:
    """Paragraph-pair precision/recall counts; optional pairs are neither required nor wrong."""
    en = report["documents"]["en"]["paragraphs"]
    ru = report["documents"]["ru"]["paragraphs"]
    pairs = {
        (i, j)
        for link in report.get("alignment", [])
        for i in link.get("en", [])
        for j in link.get("ru", [])
    }
    required: set[tuple[int, int]] = set()
    optional: set[tuple[int, int]] = set()
    for link in gold.get("links", []):
        ei, rj = _indices(en, link.get("en")), _indices(ru, link.get("ru"))
        oe, orr = _indices(en, link.get("optional_en")), _indices(ru, link.get("optional_ru"))
        required |= {(i, j) for i in ei for j in rj}
        optional |= {(i, j) for i in ei for j in orr}
        optional |= {(i, j) for i in oe for j in rj | orr}
    optional -= required
    return LinkScore(
        true_pos=len(pairs & required), counted=len(pairs - optional), required=len(required)
    )


@dataclass
class CaseScore:
    """How one report fared against its gold."""

    case: str
    set: str
    links: LinkScore
    must_join: tuple[int, int]
    # Per expected item: found or not, with its first kind (the kind it counts under).
    expected: list[tuple[str, bool]]
    # Per reported finding: (kind, matched expected-or-acceptable, hit a forbidden item).
    reported: list[tuple[str, bool, bool]]
    missed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def forbidden_hits(self) -> int:
        return sum(1 for _, _, bad in self.reported if bad)


def score_case(
    gold: Mapping[str, Any], report: Mapping[str, Any], *, seconds: float = 0.0
) -> CaseScore:
    findings = list(report.get("discrepancies", []))
    expected = list(gold.get("expected", []))
    good_items = expected + list(gold.get("acceptable", []))
    forbidden = [dict(item, kinds=None) for item in gold.get("forbidden", [])]
    found = [any(matches(f, item) for f in findings) for item in expected]
    en = report["documents"]["en"]["paragraphs"]
    ru = report["documents"]["ru"]["paragraphs"]
    joins = gold.get("must_join", [])
    joined = sum(1 for s in joins if find(ru, s) or find(en, s))
    return CaseScore(
        case=str(gold.get("id", "")),
        set=str(gold.get("set", "translated")),
        links=score_links(gold, report) if gold.get("links") else LinkScore(),
        must_join=(joined, len(joins)),
        expected=[(item["kinds"][0], ok) for item, ok in zip(expected, found, strict=True)],
        reported=[
            (
                str(f.get("kind")),
                any(matches(f, item) for item in good_items),
                any(matches(f, item) for item in forbidden),
            )
            for f in findings
        ],
        missed=[
            f"{item['kinds'][0]}: {item.get('en') or item.get('ru')}"
            for item, ok in zip(expected, found, strict=True)
            if not ok
        ],
        seconds=seconds,
    )


@dataclass
class KindRow:
    expected: int = 0
    found: int = 0
    reported: int = 0
    correct: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.reported if self.reported else None

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None


@dataclass
class Summary:
    kinds: dict[str, KindRow]
    links: dict[str, LinkScore]
    forbidden_hits: int
    must_join: tuple[int, int]
    cases: int
    errors: list[str]
    seconds: list[float]

    @property
    def precision(self) -> float | None:
        rep = sum(r.reported for r in self.kinds.values())
        return sum(r.correct for r in self.kinds.values()) / rep if rep else None

    @property
    def recall(self) -> float | None:
        exp = sum(r.expected for r in self.kinds.values())
        return sum(r.found for r in self.kinds.values()) / exp if exp else None

    def to_dict(self) -> dict[str, Any]:
        def r3(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "cases": self.cases,
            "precision": r3(self.precision),
            "recall": r3(self.recall),
            "forbidden_hits": self.forbidden_hits,
            "must_join": list(self.must_join),
            "kinds": {
                k: {
                    "expected": v.expected,
                    "found": v.found,
                    "reported": v.reported,
                    "correct": v.correct,
                    "unmatched": v.reported - v.correct,
                    "precision": r3(v.precision),
                    "recall": r3(v.recall),
                }
                for k, v in sorted(self.kinds.items())
            },
            "links": {
                s: {"precision": r3(v.precision), "recall": r3(v.recall), "f1": r3(v.f1)}
                for s, v in sorted(self.links.items())
            },
            "seconds_per_pair": r3(sum(self.seconds) / len(self.seconds)) if self.seconds else None,
            "errors": self.errors,
        }


def summarize(scores: Sequence[CaseScore]) -> Summary:
    kinds: dict[str, KindRow] = {}
    links: dict[str, LinkScore] = {}
    joined = total = 0
    for s in scores:
        if s.error:
            continue
        for kind, ok in s.expected:
            row = kinds.setdefault(kind, KindRow())
            row.expected += 1
            row.found += ok
        for kind, good, _bad in s.reported:
            row = kinds.setdefault(kind, KindRow())
            row.reported += 1
            row.correct += good
        links.setdefault(s.set, LinkScore()).add(s.links)
        joined += s.must_join[0]
        total += s.must_join[1]
    return Summary(
        kinds=kinds,
        links=links,
        forbidden_hits=sum(s.forbidden_hits for s in scores if not s.error),
        must_join=(joined, total),
        cases=len(scores),
        errors=[f"{s.case}: {s.error}" for s in scores if s.error],
        seconds=[s.seconds for s in scores if not s.error],
    )


def format_table(summary: Summary) -> str:
    def pct(x: float | None) -> str:
        return "   -" if x is None else f"{x:4.2f}"

    lines = [
        f"{'kind':28} {'expected':>8} {'found':>6} {'reported':>8} {'unmatched':>9} "
        f"{'P':>5} {'R':>5}"
    ]
    for kind, r in sorted(summary.kinds.items()):
        lines.append(
            f"{kind:28} {r.expected:8d} {r.found:6d} {r.reported:8d} "
            f"{r.reported - r.correct:9d} {pct(r.precision):>5} {pct(r.recall):>5}"
        )
    tot = KindRow()
    for r in summary.kinds.values():
        tot.expected += r.expected
        tot.found += r.found
        tot.reported += r.reported
        tot.correct += r.correct
    lines.append(
        f"{'all':28} {tot.expected:8d} {tot.found:6d} {tot.reported:8d} "
        f"{tot.reported - tot.correct:9d} {pct(summary.precision):>5} {pct(summary.recall):>5}"
    )
    lines.append("")
    for name, ls in sorted(summary.links.items()):
        lines.append(f"links ({name}): P {ls.precision:.2f}  R {ls.recall:.2f}  F1 {ls.f1:.2f}")
    lines.append(f"must_join: {summary.must_join[0]}/{summary.must_join[1]}")
    lines.append(f"forbidden hits (correct renderings flagged): {summary.forbidden_hits}")
    if summary.seconds:
        avg = sum(summary.seconds) / len(summary.seconds)
        lines.append(f"time per pair: {avg:.2f} s over {len(summary.seconds)} pairs")
    if summary.errors:
        lines.append(f"errors ({len(summary.errors)}):")
        lines += [f"  {e}" for e in summary.errors]
    return "\n".join(lines)


# --- running -------------------------------------------------------------------------


def load_cases(directory: Path) -> list[tuple[dict[str, Any], Path]]:
    """Gold files of the set, in name order, each with its directory."""
    cases = []
    for path in sorted(directory.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        if "en" in gold and "ru" in gold:
            cases.append((gold, path.parent))
    return cases


def run_case(gold: Mapping[str, Any], base: Path, embedder: str | None) -> CaseScore:
    from . import check_pair  # the pipeline is heavy; import it only when running

    en_path, ru_path = base / gold["en"], base / gold["ru"]
    start = time.perf_counter()
    try:
        report = check_pair(
            en_path.read_text("utf-8"),
            ru_path.read_text("utf-8"),
            en_source=en_path.name,
            ru_source=ru_path.name,
            embedder=embedder,
        )
    except Exception as exc:  # one broken case must not sink the whole evaluation
        log.warning("%s failed: %s: %s", gold.get("id"), type(exc).__name__, exc)
        log.debug("traceback", exc_info=True)
        return CaseScore(
            case=str(gold.get("id")),
            set=str(gold.get("set", "translated")),
            links=LinkScore(),
            must_join=(0, 0),
            expected=[],
            reported=[],
            error=f"{type(exc).__name__}: {exc}",
        )
    seconds = time.perf_counter() - start
    return score_case(gold, report.to_dict(), seconds=seconds)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aligner.eval", description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET, help="directory of cases")
    ap.add_argument("--embedder", default=None, help="embedding model name")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--limit", type=int, default=None, help="run only the first N cases")
    ap.add_argument("--only", default=None, help="run only cases whose id contains this")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses per case")
    args = ap.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.set.is_dir():
        print(f"{args.set}: not a directory of evaluation cases", file=sys.stderr)
        return 2
    cases = load_cases(args.set)
    if args.only:
        cases = [(g, b) for g, b in cases if args.only in str(g.get("id"))]
    if args.limit:
        cases = cases[: args.limit]
    if not cases:
        print(f"{args.set}: no evaluation cases found", file=sys.stderr)
        return 2
    scores = []
    for n, (gold, base) in enumerate(cases, 1):
        score = run_case(gold, base, args.embedder)
        log.info(
            "[%d/%d] %s %.1fs missed=%s", n, len(cases), score.case, score.seconds, score.missed
        )
        scores.append(score)
    summary = summarize(scores)
    print(format_table(summary))
    if args.json:
        out = summary.to_dict()
        out["per_case"] = [
            {
                "id": s.case,
                "set": s.set,
                "missed": s.missed,
                "forbidden_hits": s.forbidden_hits,
                "unmatched": [k for k, good, _ in s.reported if not good],
                "link_f1": round(s.links.f1, 3),
                "seconds": round(s.seconds, 3),
                "error": s.error,
            }
            for s in scores
        ]
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
