"""Paragraph alignment: a monotone dynamic programme over embedding similarities,
then crossing links for paragraphs that clearly report the same facts out of order.

In the manner of vecalign/Bertalign: a link of a English and b Russian paragraphs
(1-1, 1-2, 2-1, 1-3, 3-1, 2-2) is scored by embedding the concatenation of each
side's paragraphs; 1-0 / 0-1 leave a paragraph without counterpart. The threshold a
link must clear is derived from this pair's own similarity distribution (the level
of its unrelated paragraph pairs and of its best matches), not a constant tuned on
one pair, so translated pairs and independently written reports both align.

Independent reports put facts in another order and add context the other lacks, so
the programme prefers leaving a paragraph unlinked to forcing a merge, and a second
pass links leftover paragraphs that are mutual best matches by a clear margin,
marked as crossing where they run against the document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .anchors import anchor_similarity, discriminating, paragraph_anchors
from .report import Link
from .segment import sentence_spans

LINK_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2))
# Above this many paragraph pairs the programme runs in a band around the diagonal
# of best matches, and merged windows are approximated from their parts.
_FULL_GRID_LIMIT = 250_000
_BAND_MIN = 30
_BAND_MAX = 80
# A merge may score this much below its best single pair: a long paragraph with two
# short companions loses a little similarity in the concatenation.
_MERGE_TOLERANCE = 0.03

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class AlignmentSettings:
    # Extra paragraphs in a link cost this much: a merge must earn its place.
    merge_penalty: float = 0.06
    # How far above the pair's noise level a link's similarity must be.
    noise_sigmas: float = 3.0
    # Crossing links: mutual best matches this far above the threshold.
    crossing_margin: float = 0.08
    # Weight of the paragraph-length agreement (log ratio) in a link's value.
    length_weight: float = 0.05
    # Each paragraph of a merge must resemble the other side by this many noise
    # sigmas above the median: an averaging encoder otherwise lets an unrelated
    # headline ride along with a strong match.
    part_sigmas: float = 1.5
    # A paragraph left alone joins a neighbouring link when it matches that link's other
    # side about as well as the link itself does (no more than this below its score).
    attach_margin: float = 0.1
    # Weight of the shared figures and names (Dice overlap, see anchors) added to the
    # encoder's similarity.
    anchor_weight: float = 0.1


@dataclass(frozen=True)
class Alignment:
    links: tuple[Link, ...]
    similarity: np.ndarray
    threshold: float


def align(
    en: Sequence[str],
    ru: Sequence[str],
    encode: Encode,
    settings: AlignmentSettings = AlignmentSettings(),
) -> Alignment:
    """Align two paragraph lists; every paragraph ends up in exactly one link."""
    n, m = len(en), len(ru)
    if n == 0 or m == 0:
        links = [Link((i,), (), 0.0) for i in range(n)] + [Link((), (j,), 0.0) for j in range(m)]
        return Alignment(tuple(links), np.zeros((n, m), dtype=np.float32), 1.0)

    approximate = n * m > _FULL_GRID_LIMIT
    anchors = discriminating(
        [paragraph_anchors(p, "en") for p in en], [paragraph_anchors(p, "ru") for p in ru]
    )
    windows_en = _Windows(en, encode, approximate)
    windows_ru = _Windows(ru, encode, approximate)
    anchored = settings.anchor_weight * anchor_similarity(*anchors)
    sim = windows_en.singles @ windows_ru.singles.T + anchored
    threshold = link_threshold(sim, settings)
    # Never above the link threshold: on one-topic documents every pair looks alike and
    # the noise estimate runs high.
    part_floor = min(_noise_level(sim, settings.part_sigmas), threshold)
    length_ratio = _length_ratio(en, ru)
    band = _band(sim, approximate)

    candidates = _merge_candidates(sim, part_floor, band)
    windows_en.prepare({(i, a) for i, _, a, _ in candidates if a > 1})
    windows_ru.prepare({(j, b) for _, j, _, b in candidates if b > 1})
    scorer = _LinkScorer(
        windows_en,
        windows_ru,
        sim,
        anchored,
        threshold,
        part_floor,
        length_ratio,
        settings,
        candidates,
    )
    path = _best_path(n, m, band, scorer, sim)
    path = _pair_headlines(path, en, ru, sim)
    path = _pair_gaps(path, en, ru, sim)
    links = _add_crossing_links(path, sim, threshold + settings.crossing_margin)
    links = _attach_leftovers(
        _group_short_lone(links, en, ru), sim, threshold, settings.attach_margin
    )
    links = _attach_to_sentences(links, (windows_en, windows_ru), threshold, settings.attach_margin)
    return Alignment(tuple(_split_lone(links)), sim, threshold)


def link_threshold(sim: np.ndarray, settings: AlignmentSettings = AlignmentSettings()) -> float:
    """The similarity a link must clear, from this pair's own distribution.

    The noise level is the robust spread of all paragraph pairs (most are unrelated);
    the signal is the mean of each paragraph's best match. The threshold sits above
    the noise by ``noise_sigmas`` but never above the midpoint between noise and
    signal, so a pair whose true links are weak (independent reports) still links.
    """
    median = float(np.median(sim)) if sim.size >= _MIN_NOISE_SAMPLE else _PRIOR_NOISE[0]
    signal = float(np.mean(np.concatenate([sim.max(axis=1), sim.max(axis=0)])))
    return float(min(_noise_level(sim, settings.noise_sigmas), (median + signal) / 2))


# Too few paragraph pairs to measure the noise: assume what unrelated news paragraphs
# typically score with multilingual sentence encoders (median, robust sigma).
_MIN_NOISE_SAMPLE = 16
_PRIOR_NOISE = (0.25, 0.1)


def _noise_level(sim: np.ndarray, sigmas: float) -> float:
    """Median of all paragraph pairs plus ``sigmas`` robust standard deviations."""
    values = sim.ravel()
    if values.size < _MIN_NOISE_SAMPLE:
        median, sigma = _PRIOR_NOISE
        return median + sigmas * sigma
    median = float(np.median(values))
    mad = float(np.median(np.abs(values - median))) * 1.4826 + 1e-6
    return median + sigmas * mad


def _length_ratio(en: Sequence[str], ru: Sequence[str]) -> float:
    return max(1, sum(map(len, en))) / max(1, sum(map(len, ru)))


class _Windows:
    """Embeddings of single paragraphs and of the runs of 2-3 a merge may use."""

    def __init__(self, paragraphs: Sequence[str], encode: Encode, approximate: bool) -> None:
        self.paragraphs = list(paragraphs)
        self.lengths = np.array([len(p) for p in paragraphs], dtype=np.float64)
        self.singles = np.asarray(encode(self.paragraphs))
        self._runs: dict[tuple[int, int], np.ndarray] = {}
        self._sentences: dict[int, np.ndarray] = {}
        self._encode = encode
        self._approximate = approximate

    def prepare(self, runs: set[tuple[int, int]]) -> None:
        """Embed the (start, size) runs in one batch."""
        todo = sorted(r for r in runs if r not in self._runs)
        if not todo:
            return
        if self._approximate:
            # Length-weighted mean of the parts: close to the concatenation's
            # embedding for averaging encoders, and free.
            for start, size in todo:
                parts = (
                    self.singles[start : start + size] * self.lengths[start : start + size, None]
                )
                summed = parts.sum(axis=0)
                self._runs[(start, size)] = (summed / max(np.linalg.norm(summed), 1e-12)).astype(
                    np.float32
                )
            return
        texts = ["\n".join(self.paragraphs[start : start + size]) for start, size in todo]
        self._runs.update(zip(todo, np.asarray(self._encode(texts))))

    def vector(self, start: int, size: int) -> np.ndarray | None:
        return self.singles[start] if size == 1 else self._runs.get((start, size))

    def length(self, start: int, size: int) -> float:
        return float(self.lengths[start : start + size].sum())

    def sentences(self, index: int) -> np.ndarray:
        """Embeddings of a paragraph's sentences; none for a paragraph of one sentence."""
        if index not in self._sentences:
            text = self.paragraphs[index]
            parts = [text[a:b] for a, b in sentence_spans(text) if b - a >= 20]
            found = np.asarray(self._encode(parts)) if len(parts) >= 2 else np.zeros((0, 0))
            self._sentences[index] = found
        return self._sentences[index]


def _merge_candidates(
    sim: np.ndarray, part_floor: float, band: list[tuple[int, int]] | None
) -> set[tuple[int, int, int, int]]:
    """Merges worth embedding: every part resembles the other side's run, judged on singles.

    Embedding every run of 2-3 paragraphs on both sides would triple the encoder's work;
    a merge whose parts do not even resemble their partners singly can never pass. On
    near-duplicate text (boilerplate lines) almost every block qualifies, so only the
    strongest few per paragraph are kept.
    """
    n, m = sim.shape
    strong = sim >= part_floor
    scored: list[tuple[float, int, int, int, int]] = []
    for a, b in LINK_TYPES:
        if a + b == 2 or a > n or b > m:
            continue
        rows, cols = n - a + 1, m - b + 1
        blocks = [[strong[x : x + rows, y : y + cols] for y in range(b)] for x in range(a)]
        if (a, b) == (2, 2):
            ok = blocks[0][1] & blocks[1][0]
        elif b == 1:
            ok = np.logical_and.reduce([blocks[x][0] for x in range(a)])
        else:
            ok = np.logical_and.reduce([blocks[0][y] for y in range(b)])
        if band is not None:
            i_idx = np.arange(rows)[:, None]
            j_idx = np.arange(cols)[None, :]
            lo = np.array([band[i][0] for i in range(rows)])[:, None] - 3
            hi = np.array([band[i][1] for i in range(rows)])[:, None] + 3
            ok &= (j_idx >= lo) & (j_idx <= hi) & (i_idx >= 0)
        strength = sum(sim[x : x + rows, y : y + cols] for x in range(a) for y in range(b)) / (
            a * b
        )
        for i, j in zip(*np.nonzero(ok)):
            scored.append((float(strength[i, j]), int(i), int(j), a, b))
    limit = 4 * (n + m)
    if len(scored) > limit:
        scored.sort(reverse=True)
        scored = scored[:limit]
    return {(i, j, a, b) for _, i, j, a, b in scored}


class _LinkScorer:
    def __init__(
        self,
        en: _Windows,
        ru: _Windows,
        sim: np.ndarray,
        anchored: np.ndarray,
        threshold: float,
        part_floor: float,
        length_ratio: float,
        settings: AlignmentSettings,
        candidates: set[tuple[int, int, int, int]],
    ) -> None:
        self.en, self.ru = en, ru
        self.sim, self.anchored = sim, anchored
        self.threshold = threshold
        self.part_floor = part_floor
        self.length_ratio = length_ratio
        self.settings = settings
        self.candidates = candidates
        self._cache: dict[tuple[int, int, int, int], tuple[float, float]] = {}

    def value(self, i: int, j: int, a: int, b: int) -> tuple[float, float] | None:
        """(value of the link in the programme, its similarity), or None if not allowed."""
        key = (i, j, a, b)
        if key not in self._cache:
            self._cache[key] = self._value(i, j, a, b)
        return self._cache[key]

    def _value(self, i: int, j: int, a: int, b: int) -> tuple[float, float] | None:
        size = a + b
        if size > 2 and (i, j, a, b) not in self.candidates:
            return None
        en_vector, ru_vector = self.en.vector(i, a), self.ru.vector(j, b)
        if en_vector is None or ru_vector is None:
            return None
        sim = float(en_vector @ ru_vector) + self._anchors(i, j, a, b)
        if size > 2 and not self._merge_earns_its_place(i, j, a, b, sim):
            return None
        ratio = self.en.length(i, a) / max(1.0, self.ru.length(j, b)) / self.length_ratio
        length_cost = self.settings.length_weight * max(0.0, abs(np.log(max(ratio, 1e-6))) - 0.4)
        value = size / 2 * (sim - self.threshold) - self.settings.merge_penalty * (size - 2)
        return value - length_cost, sim

    def _merge_earns_its_place(self, i: int, j: int, a: int, b: int, sim: float) -> bool:
        """A merge must explain more than its best single pair, with every part taking part.

        An averaging encoder scores a concatenation well even when one part is
        unrelated, so without this a strong 1-1 match drags neighbours into merges.
        """
        singles = self.sim[i : i + a, j : j + b]
        if sim < float(singles.max()) - _MERGE_TOLERANCE:
            return False
        if a == 2 and b == 2:
            # Two-by-two is interleaved content only if the cross pairs also match;
            # otherwise it is two one-to-one links. Judged on the encoder alone: two
            # consecutive paragraphs often share a figure or a name.
            cross = self.en.singles[i : i + 2] @ self.ru.singles[j : j + 2].T
            return min(cross[0, 1], cross[1, 0]) >= self.part_floor
        en_run, ru_run = self.en.vector(i, a), self.ru.vector(j, b)
        parts = [
            float(self.en.singles[i + k] @ ru_run) + self._anchors(i + k, j, 1, b)
            for k in range(a if a > 1 else 0)
        ]
        parts += [
            float(self.ru.singles[j + k] @ en_run) + self._anchors(i, j + k, a, 1)
            for k in range(b if b > 1 else 0)
        ]
        return min(parts) >= self.part_floor

    def _anchors(self, i: int, j: int, a: int, b: int) -> float:
        """The anchor term of a link's similarity (see anchors): each paragraph of the
        longer side with its best partner, averaged, so that anchors weigh a merge as they
        weigh the one-to-one links it replaces."""
        block = self.anchored[i : i + a, j : j + b]
        return float(block.max(axis=1).mean() if a >= b else block.max(axis=0).mean())


def _band(sim: np.ndarray, approximate: bool) -> list[tuple[int, int]] | None:
    """Per English paragraph, the Russian range the programme may use (None: all)."""
    if not approximate:
        return None
    n, m = sim.shape
    width = max(_BAND_MIN, min(_BAND_MAX, int(0.02 * max(n, m))))
    best = sim.argmax(axis=1).astype(float)
    # A running median of best matches is a path estimate robust to stray matches.
    half = 5
    centre = [float(np.median(best[max(0, i - half) : i + half + 1])) for i in range(n)]
    diagonal = [i * m / n for i in range(n)]
    ranges = []
    for i in range(n):
        lo = int(min(centre[i], diagonal[i])) - width
        hi = int(max(centre[i], diagonal[i])) + width
        ranges.append((max(0, lo), min(m, hi)))
    # Monotone, and wide enough to pass from one row to the next.
    for i in range(1, n):
        lo, hi = ranges[i]
        ranges[i] = (min(lo, ranges[i - 1][1]), max(hi, ranges[i - 1][0] + 1))
    return ranges


class _Rows:
    """The programme's table, one banded row per English position (memory ~ n x band)."""

    def __init__(self, n: int, m: int, band: list[tuple[int, int]] | None) -> None:
        self.starts = [0] + [(band[i - 1][0] if band else 0) for i in range(1, n + 1)]
        self.stops = [m + 1] + [
            (min(m, band[i - 1][1] + 1) + 1 if band else m + 1) for i in range(1, n + 1)
        ]
        self.score = [np.full(self.stops[i] - self.starts[i], -np.inf) for i in range(n + 1)]
        self.move = [
            np.zeros((self.stops[i] - self.starts[i], 2), dtype=np.int8) for i in range(n + 1)
        ]
        self.sim = [
            np.zeros(self.stops[i] - self.starts[i], dtype=np.float32) for i in range(n + 1)
        ]

    def get(self, i: int, columns: np.ndarray) -> np.ndarray:
        """Scores of row i at these columns, -inf outside its band."""
        out = np.full(columns.shape, -np.inf)
        inside = (columns >= self.starts[i]) & (columns < self.stops[i])
        out[inside] = self.score[i][columns[inside] - self.starts[i]]
        return out

    def at(self, i: int, j: int) -> tuple[float, int, int, float]:
        k = j - self.starts[i]
        a, b = self.move[i][k]
        return float(self.score[i][k]), int(a), int(b), float(self.sim[i][k])


def _best_path(
    n: int, m: int, band: list[tuple[int, int]] | None, scorer: _LinkScorer, sim: np.ndarray
) -> list[Link]:
    """Monotone programme maximising the summed link value; skips are worth 0.

    Row by row with numpy: a skip of a Russian paragraph adds nothing, so within a row
    the best score is a running maximum, which turns the inner loop into array work.
    """
    rows = _Rows(n, m, band)
    lengths_en, lengths_ru = scorer.en.lengths, scorer.ru.lengths
    settings = scorer.settings
    merges_by_end: dict[int, list[tuple[int, int, int, int]]] = {}
    for i, j, a, b in scorer.candidates:
        merges_by_end.setdefault(i + a, []).append((i, j, a, b))
    # Row 0: only skips of Russian paragraphs.
    rows.score[0][:] = 0.0
    rows.move[0][1:] = (0, 1)
    for i in range(1, n + 1):
        columns = np.arange(rows.starts[i], rows.stops[i])
        best = rows.get(i - 1, columns)  # skip English paragraph i-1
        move = np.tile(np.array([1, 0], dtype=np.int8), (len(columns), 1))
        link_sim = np.zeros(len(columns), dtype=np.float32)
        # One-to-one links, vectorised.
        ok = columns >= 1
        js = columns[ok] - 1
        previous = rows.get(i - 1, js)
        s11 = sim[i - 1, js]
        ratio = lengths_en[i - 1] / np.maximum(1.0, lengths_ru[js]) / scorer.length_ratio
        cost = settings.length_weight * np.maximum(
            0.0, np.abs(np.log(np.maximum(ratio, 1e-6))) - 0.4
        )
        value = previous + (s11 - scorer.threshold) - cost
        better = value > best[ok]
        idx = np.flatnonzero(ok)[better]
        best[idx] = value[better]
        move[idx] = (1, 1)
        link_sim[idx] = s11[better]
        # Merges: few, each from the candidate set.
        for start_i, start_j, a, b in merges_by_end.get(i, ()):
            end_j = start_j + b
            k = end_j - rows.starts[i]
            if not 0 <= k < len(columns):
                continue
            scored = scorer.value(start_i, start_j, a, b)
            origin = rows.get(start_i, np.array([start_j]))[0]
            if scored is None or origin == -np.inf:
                continue
            if origin + scored[0] > best[k]:
                best[k] = origin + scored[0]
                move[k] = (a, b)
                link_sim[k] = scored[1]
        # Skips of Russian paragraphs: a running maximum along the row.
        running = np.maximum.accumulate(best)
        skipped = running > best
        move[skipped] = (0, 1)
        rows.score[i] = running
        rows.move[i] = move
        rows.sim[i] = link_sim

    links: list[Link] = []
    i, j = n, m
    while i > 0 or j > 0:
        _, a, b, link_similarity = rows.at(i, j)
        links.append(
            Link(
                tuple(range(i - a, i)), tuple(range(j - b, j)), link_similarity if a and b else 0.0
            )
        )
        i, j = i - a, j - b
    links.reverse()
    return links


_HEADLINE_MAX_CHARS = 160
# Some outlets end a headline with a full stop: beside the other report's headline, a line
# that short and one sentence long is a headline too, not a lead.
_STOPPED_HEADLINE_MAX_CHARS = 100


def _is_headline(text: str, stop_allowed: bool = False) -> bool:
    """A short first line without a sentence's closing stop, or if `stop_allowed` a very
    short single sentence."""
    text = text.strip()
    if not 0 < len(text) <= _HEADLINE_MAX_CHARS or "\n" in text:
        return False
    if text[-1] not in ".!?…:;":
        return True
    return (
        stop_allowed
        and text[-1] == "."
        and len(text) <= _STOPPED_HEADLINE_MAX_CHARS
        and not re.search(r"[.!?…]\s", text[:-1])
    )


def both_headlines(en: str, ru: str) -> bool:
    """Are these two paragraphs both headlines (one may end in a full stop)?"""
    return (_is_headline(en) and _is_headline(ru, stop_allowed=True)) or (
        _is_headline(ru) and _is_headline(en, stop_allowed=True)
    )


def _pair_headlines(
    links: list[Link], en: Sequence[str], ru: Sequence[str], sim: np.ndarray
) -> list[Link]:
    """Two reports that open with a headline: the headlines are each other's counterparts.

    A headline names the event in a few words ("Токаев принял нового акима ВКО" / "Head of
    State receives newly-appointed governor"), so it can resemble the other side's lead more
    than its headline and ride along in a merge with it, leaving the other headline alone
    or merging both headlines with both leads. Their position is the evidence, so they need
    only score above the pair's typical noise, or nothing if both were left alone.
    """
    if not both_headlines(en[0], ru[0]):
        return links
    alone = any(
        link.en == (0,) and not link.ru or link.ru == (0,) and not link.en for link in links
    )
    both_alone = any(link.en == (0,) and not link.ru for link in links) and any(
        link.ru == (0,) and not link.en for link in links
    )
    # Two headlines both left alone are each other's counterparts however differently they
    # put the event; otherwise the pair must score above its typical noise.
    if sim[0, 0] < np.median(sim) and not both_alone:
        return links
    merged_with_leads = any(
        0 in link.en and 0 in link.ru and len(link.en) > 1 and len(link.ru) > 1 for link in links
    )
    if not (alone or merged_with_leads):
        return links
    out: list[Link] = []
    for link in links:
        en_rest = tuple(i for i in link.en if i != 0)
        ru_rest = tuple(j for j in link.ru if j != 0)
        if (en_rest, ru_rest) == (link.en, link.ru):
            out.append(link)
            continue
        if len(en_rest) == 1 and len(ru_rest) == 1:
            out.append(Link(en_rest, ru_rest, float(sim[en_rest[0], ru_rest[0]])))
        elif en_rest and ru_rest:
            out.append(Link(en_rest, ru_rest, link.score))
        else:
            out.extend(Link((i,), (), 0.0) for i in en_rest)
            out.extend(Link((), (j,), 0.0) for j in ru_rest)
    out.insert(0, Link((0,), (0,), float(sim[0, 0])))
    return out


def _pair_gaps(
    links: list[Link], en: Sequence[str], ru: Sequence[str], sim: np.ndarray
) -> list[Link]:
    """Two headlines left alone between the same two links (a headline under a statement's
    title line) are each other's counterparts: their place is the evidence, so they need
    only score above the pair's typical noise. Two body paragraphs so placed are more often
    one report's addition beside the other's."""
    out: list[Link] = []
    gap: list[Link] = []
    floor = float(np.median(sim))
    for link in [*links, None]:
        if link is not None and not (link.en and link.ru):
            gap.append(link)
            continue
        lone_en = [g for g in gap if g.en]
        lone_ru = [g for g in gap if g.ru]
        if len(lone_en) == 1 == len(lone_ru) and len(lone_en[0].en) == 1 == len(lone_ru[0].ru):
            i, j = lone_en[0].en[0], lone_ru[0].ru[0]
            if sim[i, j] >= floor and both_headlines(en[i], ru[j]):
                gap = [Link((i,), (j,), float(sim[i, j]))]
        out.extend(gap)
        gap = []
        if link is not None:
            out.append(link)
    return out


# A line this short ("And for your generous invitation.") carries too little to be placed
# on its own: beside another lone paragraph of its report it goes where that one goes.
_SHORT_LINE_CHARS = 60


def _group_short_lone(links: list[Link], en: Sequence[str], ru: Sequence[str]) -> list[Link]:
    """Join each short lone line to a lone paragraph right next to it on the same side,
    so that a speech the other report tells in one paragraph is attached as a run."""
    out: list[Link] = []
    for link in links:
        previous = out[-1] if out else None
        side = _lone_side(link)
        if previous is not None and side is not None and _lone_side(previous) == side:
            texts = en if side == "en" else ru
            mine, theirs = (link.en, previous.en) if side == "en" else (link.ru, previous.ru)
            if mine[0] == theirs[-1] + 1 and (
                len(texts[mine[0]]) <= _SHORT_LINE_CHARS
                or len(texts[theirs[-1]]) <= _SHORT_LINE_CHARS
            ):
                out[-1] = Link(previous.en + link.en, previous.ru + link.ru, 0.0)
                continue
        out.append(link)
    return out


def _lone_side(link: Link) -> str | None:
    if link.en and not link.ru:
        return "en"
    if link.ru and not link.en:
        return "ru"
    return None


def _split_lone(links: list[Link]) -> list[Link]:
    """A run of lone paragraphs that found no link is a lone paragraph each again."""
    out: list[Link] = []
    for link in links:
        if _lone_side(link) and len(link.en) + len(link.ru) > 1:
            out.extend(Link((i,), (), 0.0) for i in link.en)
            out.extend(Link((), (j,), 0.0) for j in link.ru)
        else:
            out.append(link)
    return out


def _attach_leftovers(
    links: list[Link], sim: np.ndarray, threshold: float, margin: float
) -> list[Link]:
    """Join a lone paragraph to the link next to it when it belongs there.

    Independent reports often spread over four paragraphs what the other tells in one
    ("Kovar scored two, Kolesnik the fifth"), more than a merge of three can hold. A
    paragraph deleted from a translation resembles its neighbours' counterparts far less
    than they resemble each other, so it stays alone.
    """
    out = list(links)
    k = 0
    while k < len(out):
        link = out[k]
        lone_en = bool(link.en) and not link.ru
        lone_ru = bool(link.ru) and not link.en
        if not (lone_en or lone_ru):
            k += 1
            continue
        best: tuple[float, int] | None = None
        two_sided = [n for n, other in enumerate(out) if other.en and other.ru]
        before = [n for n in two_sided if n < k][-1:]
        after = [n for n in two_sided if n > k][:1]
        for n in before + after:
            neighbour = out[n]
            own, theirs = (link.en, neighbour.en) if lone_en else (link.ru, neighbour.ru)
            if own[0] - 1 not in theirs and own[-1] + 1 not in theirs:
                continue  # a link is a run of paragraphs: join only next to it
            if lone_en:
                score = float(sim[np.ix_(list(link.en), list(neighbour.ru))].max())
            else:
                score = float(sim[np.ix_(list(neighbour.en), list(link.ru))].max())
            reference = neighbour.score
            if len(own) > 1:
                # A run of short lines is scored by its best line alone, so it is held to
                # the best single pairing inside the link, not to the link's joined text.
                single = float(sim[np.ix_(list(neighbour.en), list(neighbour.ru))].max())
                reference = min(reference, single)
            good = score >= threshold and score >= reference - margin
            if good and (best is None or score > best[0]):
                best = (score, n)
        if best is None:
            k += 1
            continue
        out[best[1]] = _joined(out[best[1]], link)
        del out[k]
        k = max(0, k - 1)
    return out


def _attach_to_sentences(
    links: list[Link],
    windows: tuple[_Windows, _Windows],
    threshold: float,
    margin: float,
) -> list[Link]:
    """Join a lone paragraph to the link next to it when one sentence there tells it.

    One report often packs into one paragraph what the other gives in three ("The heads
    of state discussed ... The parties noted ... Great attention was paid to ..."): each
    of the three resembles the whole paragraph too little to join it, but its own
    sentence well, clearly better than the paragraphs already linked to that sentence do.
    """
    out = list(links)
    k = 0
    while k < len(out):
        lone = out[k]
        if len(lone.en) + len(lone.ru) != 1:
            k += 1
            continue
        side = 0 if lone.en else 1
        index = (lone.en or lone.ru)[0]
        vector = windows[side].singles[index]
        two_sided = [n for n, link in enumerate(out) if link.en and link.ru]
        best: tuple[float, int] | None = None
        for n in [n for n in two_sided if n < k][-1:] + [n for n in two_sided if n > k][:1]:
            own, theirs = (out[n].en, out[n].ru) if side == 0 else (out[n].ru, out[n].en)
            if index - 1 not in own and index + 1 not in own:
                continue
            for other in theirs:
                vectors = windows[1 - side].sentences(other)
                if not len(vectors):
                    continue
                scores = vectors @ vector
                sentence = int(np.argmax(scores))
                # The sentence is this paragraph's, not one the link already tells.
                told = float((windows[side].singles[list(own)] @ vectors[sentence]).max())
                score = float(scores[sentence])
                good = score >= threshold and score >= told + margin
                if good and (best is None or score > best[0]):
                    best = (score, n)
        if best is None:
            k += 1
            continue
        out[best[1]] = _joined(out[best[1]], lone)
        del out[k]
        k = max(0, k - 1)
    return out


def _joined(link: Link, lone: Link) -> Link:
    """The link with a lone paragraph added, keeping its score and crossing mark."""
    return Link(
        tuple(sorted((*link.en, *lone.en))),
        tuple(sorted((*link.ru, *lone.ru))),
        link.score,
        link.crossing,
    )


def _add_crossing_links(links: list[Link], sim: np.ndarray, threshold: float) -> list[Link]:
    """Link leftover paragraphs that are each other's best match by a clear margin."""
    free_en = {link.en[0] for link in links if link.en and not link.ru}
    free_ru = {link.ru[0] for link in links if link.ru and not link.en}
    if not free_en or not free_ru:
        return links
    pairs: list[tuple[int, int, float]] = []
    for i in free_en:
        j = int(sim[i].argmax())
        if j in free_ru and int(sim[:, j].argmax()) == i and sim[i, j] >= threshold:
            pairs.append((i, j, float(sim[i, j])))
    if not pairs:
        return links
    by_en = {i: (j, s) for i, j, s in pairs}
    taken_ru = {j for _, j, _ in pairs}
    out: list[Link] = []
    for link in links:
        if link.en and not link.ru and link.en[0] in by_en:
            j, s = by_en[link.en[0]]
            out.append(Link(link.en, (j,), s, crossing=_is_crossing(links, link.en[0], j)))
        elif not (link.ru and not link.en and link.ru[0] in taken_ru):
            out.append(link)
    return out


def _is_crossing(links: list[Link], i: int, j: int) -> bool:
    for link in links:
        if not (link.en and link.ru):
            continue
        if (link.en[0] < i) != (link.ru[0] < j):
            return True
    return False
