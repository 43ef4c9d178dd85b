#!/usr/bin/env python3
"""Build the evaluation set: clean real pairs plus variants with injected discrepancies.

usage: python data/eval/make_eval.py [--seed N] [--source DIR] [--out DIR]

SOURCE holds pairs/ and annotations.json: data/eval (the default) is the development set
that thresholds were tuned on, data/eval/heldout the held-out set that was not.

Reads pairs/<id>.{en,ru}.txt, annotations.json (hand gold of the clean pairs) and
injection.json (replacement names, roles, months). Writes, per case, <case>.en.txt,
<case>.ru.txt and <case>.json in the gold format of shared/eval (links, unlinked,
must_join, expected, acceptable, forbidden) plus "set" (translated | independent) and
"injected" (what was changed). Deterministic for a given seed: the output is committed
so that the runner starts without generating anything.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNIPPET = 30
# Every fact injection that applies is made on every translated pair; the alignment
# damage kinds rotate, STRUCTURE_PER_PAIR of them per pair, to keep the run short.
STRUCTURE_PER_PAIR = 3
FACT_KINDS = [
    "name_variant",
    "name_mismatch",
    "number_mismatch",
    "date_mismatch",
    "role_mismatch",
    "acronym_unmatched",
    "only_in_en",
    "only_in_ru",
    "unaligned_paragraph",
]
STRUCTURE_KINDS = [
    "merge",
    "split",
    "move",
    "hyphen_break",
    "cut_sentence",
]
KINDS = FACT_KINDS + STRUCTURE_KINDS
# First letters a romanisation of the Russian may start with; an exonym (China/Китай)
# is no material for a respelling.
FIRST = {
    "А": "a",
    "Б": "b",
    "В": "v",
    "Г": "g",
    "Д": "dj",
    "Е": "ey",
    "Ж": "zj",
    "З": "z",
    "И": "i",
    "Й": "y",
    "К": "kq",
    "Л": "l",
    "М": "m",
    "Н": "n",
    "О": "o",
    "П": "p",
    "Р": "r",
    "С": "s",
    "Т": "t",
    "У": "u",
    "Ф": "f",
    "Х": "kh",
    "Ц": "t",
    "Ч": "c",
    "Ш": "s",
    "Э": "e",
    "Ю": "y",
    "Я": "y",
}
NUM_RE = re.compile(r"(?<![\w.,-])\d+(?:[.,]\d+)?(?![\w-])")  # not a code part: PF-27
YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
ACRO_EN = re.compile(r"\b[A-Z]{3,5}\b")
ACRO_RU = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁ]{3,5}(?![А-ЯЁа-яё])")


class Skip(Exception):
    """This injection does not apply to this pair (no suitable material)."""


@dataclass
class Case:
    en: list[str]
    ru: list[str]
    # Each link: (en indices, ru indices, optional_en, optional_ru).
    links: list[tuple[set[int], set[int], set[int], set[int]]]
    expected: list[dict] = field(default_factory=list)
    acceptable: list[dict] = field(default_factory=list)
    forbidden: list[dict] = field(default_factory=list)
    must_join: list[str] = field(default_factory=list)
    injected: list[str] = field(default_factory=list)

    def copy(self) -> Case:
        return Case(
            list(self.en),
            list(self.ru),
            [(set(a), set(b), set(c), set(d)) for a, b, c, d in self.links],
            [dict(x) for x in self.expected],
            [dict(x) for x in self.acceptable],
            [dict(x) for x in self.forbidden],
            list(self.must_join),
            list(self.injected),
        )


def norm(s: str | None) -> str:
    s = (s or "").replace("\u00ad", "").replace("\u2011", "-")
    return re.sub(r"\s+", " ", s).strip().casefold()


def paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", path.read_text("utf-8").strip()) if p.strip()]


def load_clean(source: Path, pid: str, ann: dict) -> Case:
    en = paragraphs(source / "pairs" / f"{pid}.en.txt")
    ru = paragraphs(source / "pairs" / f"{pid}.ru.txt")
    if "links" in ann:
        links = []
        for item in ann["links"]:
            opt = item[2] if len(item) > 2 else {}
            links.append(
                (
                    set(item[0]),
                    set(item[1]),
                    set(opt.get("optional_en", [])),
                    set(opt.get("optional_ru", [])),
                )
            )
    else:
        if len(en) != len(ru):
            raise SystemExit(f"{pid}: {len(en)} vs {len(ru)} paragraphs and no explicit links")
        links = [({i}, {i}, set(), set()) for i in range(len(en))]
    forbidden = [{"en": e, "ru": r} for e, r in ann.get("names", [])]
    forbidden += ann.get("forbidden_extra", [])
    case = Case(en, ru, links, list(ann.get("expected", [])), list(ann.get("acceptable", [])))
    case.forbidden = forbidden + shared_numbers(case)
    return case


def shared_numbers(case: Case) -> list[dict]:
    """Numbers of two or more digits written the same on both sides of a link: false-alarm bait."""
    out, seen = [], set()
    for en_ids, ru_ids, _, _ in case.links:
        en_text = " ".join(case.en[i] for i in en_ids)
        ru_text = " ".join(case.ru[j] for j in ru_ids)
        ru_nums = {n.replace(",", "."): n for n in NUM_RE.findall(ru_text)}
        for n in NUM_RE.findall(en_text):
            key = n.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", n) else n
            if len(re.sub(r"\D", "", key)) < 2 or key in seen:
                continue
            if key in ru_nums:
                out.append({"en": n, "ru": ru_nums[key]})
                seen.add(key)
    return out


# --- fact injections -------------------------------------------------------------------


def pick_link(case: Case, rng: random.Random, test) -> tuple[int, int]:
    """A (en paragraph, ru paragraph) of a one-to-one link for which test(en, ru) holds."""
    cands = [
        (min(a), min(b))
        for a, b, _, _ in case.links
        if len(a) == 1 and len(b) == 1 and test(case.en[min(a)], case.ru[min(b)])
    ]
    if not cands:
        raise Skip
    return rng.choice(cands)


def ru_regex(stem: str) -> re.Pattern:
    words = stem.split()
    return re.compile(r"\s+".join(re.escape(w) + r"[а-яё]*" for w in words))


def respell(name: str, rng: random.Random) -> str:
    """A spelling no standard romanisation gives: vowel shift, doubled or dropped letter."""
    rules = [
        (r"o(?=v\b)", "a"),
        (r"e(?=v\b)", "a"),
        (r"yo", "ya"),
        (r"kh", "h"),
        (r"u", "o"),
        (r"a(?=[^aeiou]*$)", "o"),
        (r"i", "e"),
        (r"([bdglmnrst])(?=[aeiouy])", r"\1\1"),
    ]
    rng.shuffle(rules)
    surname = name.split()[-1]
    for pat, rep in rules:
        new = re.sub(pat, rep, surname, count=1)
        if new != surname:
            return name[: len(name) - len(surname)] + new
    raise Skip


def inject_name_variant(case: Case, rng: random.Random, names, side: str) -> None:
    usable = [
        (e, r)
        for e, r in names
        if e[0].isupper()
        and len(e.split()[-1]) >= 5
        and e.split()[-1][0].lower() in FIRST.get(r.split()[-1][0], "")
    ]
    rng.shuffle(usable)
    for en_name, ru_stem in usable:
        try:
            i, j = pick_link(
                case, rng, lambda e, r, n=en_name, s=ru_stem: n in e and ru_regex(s).search(r)
            )
        except Skip:
            continue
        new = respell(en_name, rng)
        case.en[i] = case.en[i].replace(en_name, new, 1)
        case.expected.append(
            {"kinds": ["name_variant"], "en": new.split()[-1], "ru": ru_stem.split()[-1]}
        )
        case.injected.append(f"name_variant: {en_name} -> {new} (en paragraph {i})")
        drop_forbidden(case, en_name)
        return
    raise Skip


def inject_name_mismatch(case: Case, rng: random.Random, names, people, side: str) -> None:
    usable = [(e, r) for e, r in names if re.search(r"(ov|ev|yev)$", e)]
    if side == "ru":
        # A name the Russian keeps in Latin letters cannot take a Cyrillic surname.
        usable = [(e, r) for e, r in usable if re.search(r"[а-яё]", r, re.IGNORECASE)]
    rng.shuffle(usable)
    for en_name, ru_stem in usable:
        try:
            i, j = pick_link(
                case, rng, lambda e, r, n=en_name, s=ru_stem: n in e and ru_regex(s).search(r)
            )
        except Skip:
            continue
        other_en, other_ru = rng.choice([p for p in people if p[0] not in en_name])
        if side == "en":
            case.en[i] = case.en[i].replace(en_name.split()[-1], other_en, 1)
            case.expected.append(
                {"kinds": ["name_mismatch", "only_in_en"], "en": other_en, "ru": None}
            )
            case.acceptable.append({"kinds": ["only_in_ru"], "en": None, "ru": ru_stem.split()[-1]})
        else:
            surname = ru_stem.split()[-1]
            case.ru[j] = re.sub(
                re.escape(surname[:-1]) + r"(?=[а-яё]*)", other_ru[:-1], case.ru[j], count=1
            )
            case.expected.append(
                {"kinds": ["name_mismatch", "only_in_ru"], "en": None, "ru": other_ru[:-1]}
            )
            case.acceptable.append({"kinds": ["only_in_en"], "en": en_name.split()[-1], "ru": None})
        case.injected.append(f"name_mismatch ({side}): {en_name} -> {other_en}")
        drop_forbidden(case, en_name)
        return
    raise Skip


def inject_number(case: Case, rng: random.Random, side: str, tables: dict) -> None:
    # A day of the month is a date: changing it is a date_mismatch, injected on its own.
    def en_numbers(e: str) -> list[str]:
        return plain_numbers(without_dates(e, tables["months_en"], ""))

    def ru_numbers(r: str) -> list[str]:
        return NUM_RE.findall(without_dates(r, tables["months_ru"], "[а-яё]*"))

    def has(e: str, r: str) -> bool:
        return any(n in {m.replace(",", ".") for m in ru_numbers(r)} for n in en_numbers(e))

    i, j = pick_link(case, rng, has)
    ru_nums = {m.replace(",", "."): m for m in ru_numbers(case.ru[j])}
    n = rng.choice([n for n in en_numbers(case.en[i]) if n in ru_nums])
    ru_n = ru_nums[n]
    bump = rng.choice([1, 2, 3, 5, 10])
    if "." in n:
        whole, frac = n.split(".")
        new = f"{int(whole) + bump}.{frac}"
    else:
        new = str(int(n) + bump)
    if side == "en":
        case.en[i] = replace_token(case.en[i], n, new, tables["months_en"], "")
        case.expected.append({"kinds": ["number_mismatch"], "en": new, "ru": ru_n})
    else:
        new_ru = new.replace(".", ",")
        case.ru[j] = replace_token(case.ru[j], ru_n, new_ru, tables["months_ru"], "[а-яё]*")
        case.expected.append({"kinds": ["number_mismatch"], "en": n, "ru": new_ru})
    case.injected.append(f"number_mismatch ({side}): {n} -> {new} (en {i} / ru {j})")
    drop_forbidden(case, n, ru_n)


def plain_numbers(text: str) -> list[str]:
    return [
        n
        for n in NUM_RE.findall(text)
        if not YEAR_RE.fullmatch(n) and len(re.sub(r"\D", "", n)) >= 2
    ]


def replace_token(
    text: str, old: str, new: str, months: list[str] | None = None, suffix: str = ""
) -> str:
    """Replace the first standalone `old`; with `months`, the first outside a month date."""
    searched = without_dates(text, months, suffix) if months else text
    m = re.search(r"(?<![\w.,])" + re.escape(old) + r"(?![\w])", searched)
    return text if m is None else text[: m.start()] + new + text[m.end() :]


def inject_date(case: Case, rng: random.Random, tables, side: str) -> None:
    months_en, months_ru = tables["months_en"], tables["months_ru"]

    def has_year(e: str, r: str) -> bool:
        return bool(set(YEAR_RE.findall(e)) & set(YEAR_RE.findall(r)))

    def has_month(e: str, r: str) -> bool:
        return any(
            m in e and re.search(rf"\b{mr}[а-яё]*\b", r, re.I)
            for m, mr in zip(months_en, months_ru, strict=True)
        )

    if rng.random() < 0.5:
        try:
            i, j = pick_link(case, rng, has_month)
            k = next(
                k
                for k, m in enumerate(months_en)
                if m in case.en[i] and re.search(rf"\b{months_ru[k]}[а-яё]*\b", case.ru[j], re.I)
            )
            k2 = (k + rng.choice([1, 2, 4])) % 12
            old, new = months_en[k], months_en[k2]
            case.en[i] = case.en[i].replace(old, new, 1)
            ru_m = re.search(rf"\b{months_ru[k]}[а-яё]*\b", case.ru[j], re.I).group(0)
            case.expected.append({"kinds": ["date_mismatch"], "en": new, "ru": ru_m})
            case.injected.append(f"date_mismatch (en month): {old} -> {new} (en {i})")
            drop_forbidden(case, old)
            drop_forbidden_in_date(case, i, j, new, ru_m, tables)
            return
        except Skip:
            pass
    i, j = pick_link(case, rng, has_year)
    year = rng.choice(sorted(set(YEAR_RE.findall(case.en[i])) & set(YEAR_RE.findall(case.ru[j]))))
    new = str(int(year) + rng.choice([-2, -1, 1, 3]))
    if side == "en":
        case.en[i] = replace_token(case.en[i], year, new)
        case.expected.append({"kinds": ["date_mismatch", "number_mismatch"], "en": new, "ru": year})
    else:
        case.ru[j] = replace_token(case.ru[j], year, new)
        case.expected.append({"kinds": ["date_mismatch", "number_mismatch"], "en": year, "ru": new})
    case.injected.append(f"date_mismatch ({side} year): {year} -> {new} (en {i} / ru {j})")
    drop_forbidden(case, year)
    en_year, ru_year = (new, year) if side == "en" else (year, new)
    drop_forbidden_in_date(case, i, j, en_year, ru_year, tables)


def inject_role(case: Case, rng: random.Random, roles) -> None:
    for en_role, ru_role, new_role in roles:
        pat = re.compile(rf"\b{re.escape(en_role)}\b")
        try:
            i, j = pick_link(
                case,
                rng,
                lambda e, r, pat=pat, rr=ru_role, nr=new_role: (
                    bool(pat.search(e)) and rr in r.casefold() and nr not in e
                ),
            )
        except Skip:
            continue
        case.en[i] = pat.sub(new_role, case.en[i], count=1)
        case.expected.append({"kinds": ["role_mismatch"], "en": new_role, "ru": ru_role})
        case.injected.append(f"role_mismatch: {en_role} -> {new_role} (en {i})")
        drop_forbidden(case, en_role)
        return
    raise Skip


def inject_acronym(case: Case, rng: random.Random, side: str) -> None:
    texts, rx = (case.en, ACRO_EN) if side == "en" else (case.ru, ACRO_RU)
    cands = [
        (k, m) for k, t in enumerate(texts) for m in rx.finditer(t) if len(set(m.group(0))) > 2
    ]
    if not cands:
        raise Skip
    k, m = rng.choice(cands)
    acro = m.group(0)
    letters = list(acro)
    for _ in range(10):
        rng.shuffle(letters)
        if "".join(letters) != acro:
            break
    stray = "".join(letters)
    if stray == acro or any(stray in t for t in texts):
        raise Skip
    texts[k] = texts[k][: m.start()] + stray + texts[k][m.end() :]
    item = {
        "kinds": ["acronym_unmatched"],
        "en": stray if side == "en" else None,
        "ru": stray if side == "ru" else None,
    }
    case.expected.append(item)
    case.injected.append(f"acronym_unmatched ({side}): {acro} -> {stray} (paragraph {k})")
    drop_forbidden(case, acro)


def inject_only_in(case: Case, rng: random.Random, names, kind: str, tables: dict) -> None:
    """Delete a name (or a number) from one side's paragraph."""
    drop_side = "ru" if kind == "only_in_en" else "en"
    options = []
    for en_name, ru_stem in names:
        rx = ru_regex(ru_stem)
        for a, b, _, _ in case.links:
            if len(a) == 1 and len(b) == 1:
                i, j = min(a), min(b)
                if en_name in case.en[i] and rx.search(case.ru[j]):
                    # Only where one removal takes the name out of the paragraph: a second
                    # mention or an adjective of it ("Pakistani") still names it.
                    if drop_side == "en":
                        once = len(re.findall(re.escape(en_name), case.en[i])) == 1
                    else:
                        once = len(rx.findall(case.ru[j])) == 1
                    if once:
                        options.append(("name", en_name, ru_stem, i, j))
    for a, b, _, _ in case.links:
        if len(a) == 1 and len(b) == 1:
            i, j = min(a), min(b)
            # Days of dates stay: dropping one makes a date vaguer, not a figure one-sided.
            ru_text = without_dates(case.ru[j], tables["months_ru"], "[а-яё]*")
            ru_nums = {m.replace(",", "."): m for m in NUM_RE.findall(ru_text)}
            for n in plain_numbers(without_dates(case.en[i], tables["months_en"], "")):
                if n in ru_nums:
                    options.append(("number", n, ru_nums[n], i, j))
    if not options:
        raise Skip
    what, en_val, ru_val, i, j = rng.choice(options)
    if drop_side == "ru":
        rx = (
            ru_regex(ru_val)
            if what == "name"
            else re.compile(r"(?<![\w.,-])" + re.escape(ru_val) + r"(?![\w-])")
        )
        case.ru[j] = tidy(rx.sub("", case.ru[j], count=1))
        shown = en_val.split()[-1] if what == "name" else en_val
        case.expected.append(
            {
                "kinds": ["only_in_en", "name_mismatch", "number_mismatch", "date_mismatch"],
                "en": shown,
                "ru": None,
            }
        )
    else:
        rx = re.compile(r"(?<![\w.,-])" + re.escape(en_val) + r"(?![\w-])")
        case.en[i] = tidy(rx.sub("", case.en[i], count=1))
        shown = ru_val.split()[-1] if what == "name" else ru_val
        case.expected.append(
            {
                "kinds": ["only_in_ru", "name_mismatch", "number_mismatch", "date_mismatch"],
                "en": None,
                "ru": shown,
            }
        )
    case.injected.append(
        f"{kind}: removed {what} {en_val!r} from the {drop_side} side (en {i} / ru {j})"
    )
    drop_forbidden(case, en_val, ru_val)


def tidy(text: str) -> str:
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\(\s*\)", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def date_pattern(months: list[str], suffix: str) -> str:
    month = "(?:" + "|".join(m + suffix for m in months) + ")"
    day = r"\d{1,2}(?!\d)(?:st|nd|rd|th)?"
    return rf"(?:{day}\s+)?\b{month}\b(?:\s+{day})?(?:,?\s+\d{{4}})?"


def without_dates(text: str, months: list[str], suffix: str) -> str:
    """The text with its month dates blanked out (their numbers are not plain figures)."""
    return re.sub(date_pattern(months, suffix), lambda m: " " * len(m.group(0)), text, flags=re.I)


def date_phrase(text: str, token: str, months: list[str], suffix: str) -> str:
    """The whole date ("November 8, 2016", "8 сентября 2016 года") around a changed token."""
    pattern = date_pattern(months, suffix) + r"|\b\d{4}\b"
    for m in re.finditer(pattern, text, re.I):
        if token.casefold() in m.group(0).casefold():
            return m.group(0)
    return token


def drop_forbidden_in_date(
    case: Case, i: int, j: int, en_token: str, ru_token: str, tables: dict
) -> None:
    """A changed date is rightly reported with its whole date quoted on both sides, day and
    year included; a forbidden item lying inside both quotes would count that correct
    finding as a false alarm, so it no longer describes a correct rendering."""
    en_date = norm(date_phrase(case.en[i], en_token, tables["months_en"], ""))
    ru_date = norm(date_phrase(case.ru[j], ru_token, tables["months_ru"], "[а-яё]*"))
    case.forbidden = [
        f
        for f in case.forbidden
        if not (norm(f.get("en")) in en_date and norm(f.get("ru")) in ru_date)
    ]


def drop_forbidden(case: Case, *values: str) -> None:
    vals = [norm(v) for v in values if v]
    case.forbidden = [
        f
        for f in case.forbidden
        if not any(
            v
            and (
                v in norm(f.get("en"))
                or v in norm(f.get("ru"))
                or norm(f.get("en")) in v
                or norm(f.get("ru")) in v
            )
            for v in vals
        )
    ]


# --- structure injections ------------------------------------------------------------


def remove_para(case: Case, side: str, k: int) -> None:
    texts = case.en if side == "en" else case.ru
    del texts[k]
    new_links = []
    for a, b, oa, ob in case.links:
        s = a if side == "en" else b
        o = oa if side == "en" else ob
        s = {x - (x > k) for x in s if x != k}
        o = {x - (x > k) for x in o if x != k}
        new_links.append((s, b, o, ob) if side == "en" else (a, s, oa, o))
    case.links = new_links


def inject_unaligned(case: Case, rng: random.Random) -> None:
    one = [(min(a), min(b)) for a, b, _, _ in case.links if len(a) == 1 and len(b) == 1]
    if len(one) < 3:
        raise Skip
    i, j = rng.choice(one[1:])
    side = rng.choice(["en", "ru"])
    if side == "ru":
        orphan = case.en[i]
        remove_para(case, "ru", j)
        case.expected.append({"kinds": ["unaligned_paragraph"], "en": orphan[:20], "ru": None})
        case.acceptable.append({"kinds": ["only_in_en", "name_mismatch"], "en": None, "ru": None})
    else:
        orphan = case.ru[j]
        remove_para(case, "en", i)
        case.expected.append({"kinds": ["unaligned_paragraph"], "en": None, "ru": orphan[:20]})
        case.acceptable.append({"kinds": ["only_in_ru", "name_mismatch"], "en": None, "ru": None})
    case.injected.append(f"unaligned_paragraph: dropped the {side} counterpart of en {i} / ru {j}")


def inject_merge(case: Case, rng: random.Random) -> None:
    side = rng.choice(["en", "ru"])
    texts = case.en if side == "en" else case.ru
    if len(texts) < 3:
        raise Skip
    k = rng.randrange(len(texts) - 1)
    texts[k] = texts[k] + " " + texts[k + 1]
    del texts[k + 1]
    new_links = []
    for a, b, oa, ob in case.links:
        s, o = (a, oa) if side == "en" else (b, ob)
        s = {x - (x > k) for x in s}
        o = {x - (x > k) for x in o}
        new_links.append((s, b, o, ob) if side == "en" else (a, s, oa, o))
    case.links = new_links
    case.injected.append(f"merge ({side}): paragraphs {k} and {k + 1} joined")


def sentence_cut(text: str) -> int | None:
    cuts = [m.end() for m in re.finditer(r"[.!?»\"]\s+(?=[A-ZА-ЯЁ«\"])", text)]
    return cuts[len(cuts) // 2] if cuts else None


def inject_split(case: Case, rng: random.Random) -> None:
    side = rng.choice(["en", "ru"])
    texts = case.en if side == "en" else case.ru
    cands = [k for k, t in enumerate(texts) if sentence_cut(t)]
    if not cands:
        raise Skip
    k = rng.choice(cands)
    cut = sentence_cut(texts[k])
    head, tail = texts[k][:cut].strip(), texts[k][cut:].strip()
    texts[k : k + 1] = [head, tail]
    new_links = []
    for a, b, oa, ob in case.links:
        s, o = (a, oa) if side == "en" else (b, ob)
        s2 = {x + (x > k) for x in s} | ({k + 1} if k in s else set())
        o2 = {x + (x > k) for x in o} | ({k + 1} if k in o else set())
        new_links.append((s2, b, o2, ob) if side == "en" else (a, s2, oa, o2))
    case.links = new_links
    case.injected.append(f"split ({side}): paragraph {k} split at a sentence boundary")


def inject_move(case: Case, rng: random.Random) -> None:
    side = rng.choice(["en", "ru"])
    texts = case.en if side == "en" else case.ru
    if len(texts) < 4:
        raise Skip
    k = rng.randrange(len(texts))
    dest = rng.choice([d for d in range(len(texts)) if abs(d - k) >= 2])
    order = list(range(len(texts)))
    order.insert(dest, order.pop(k))
    pos = {old: new for new, old in enumerate(order)}
    texts[:] = [texts[o] for o in order]
    new_links = []
    for a, b, oa, ob in case.links:
        if side == "en":
            new_links.append(({pos[x] for x in a}, b, {pos[x] for x in oa}, ob))
        else:
            new_links.append((a, {pos[x] for x in b}, oa, {pos[x] for x in ob}))
    case.links = new_links
    case.injected.append(f"move ({side}): paragraph {k} moved to position {dest}")


def inject_hyphen(case: Case, rng: random.Random) -> None:
    """PDF damage: a word hyphenated across a blank line (a page break)."""
    side = rng.choice(["en", "ru"])
    texts = case.en if side == "en" else case.ru
    cands = [
        (k, m)
        for k, t in enumerate(texts)
        for m in re.finditer(r"\b[^\W\d_]{9,}\b", t)
        if 20 < m.start() < len(t) - 30
    ]
    if not cands:
        raise Skip
    k, m = rng.choice(cands)
    word = m.group(0)
    cut = len(word) // 2
    after = texts[k][m.end() : m.end() + 12]
    texts[k] = texts[k][: m.start()] + word[:cut] + "-\n\n" + word[cut:] + texts[k][m.end() :]
    case.must_join.append(word + after.rstrip())
    case.injected.append(f"hyphen_break ({side}): {word!r} broken across a page in paragraph {k}")


def inject_cut(case: Case, rng: random.Random) -> None:
    """PDF damage: a paragraph cut in the middle of a sentence by a page break."""
    side = rng.choice(["en", "ru"])
    texts = case.en if side == "en" else case.ru
    cands = []
    for k, t in enumerate(texts):
        words = list(re.finditer(r"(?<=[a-zа-яё,]) (?=[a-zа-яё])", t))
        if len(t) > 120 and words:
            cands.append((k, words[len(words) // 2].start()))
    if not cands:
        raise Skip
    k, pos = rng.choice(cands)
    t = texts[k]
    case.must_join.append(t[max(0, pos - 15) : pos + 15].strip())
    texts[k] = t[:pos] + "\n\n" + t[pos + 1 :]
    case.injected.append(f"cut_sentence ({side}): paragraph {k} cut mid-sentence")


# --- output ---------------------------------------------------------------------------


def snippet(paras: list[str], k: int) -> str:
    """The shortest prefix (from SNIPPET characters up) that names only paragraph k."""
    text = paras[k]
    for n in range(SNIPPET, len(text) + 1, 10):
        s = text[:n]
        if sum(norm(s) in norm(p) for p in paras) == 1:
            return s.strip()
    return text.strip()


def snippets_for_side(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def gold(case: Case, cid: str, kind: str, note: str) -> dict:
    en, ru = case.en, case.ru
    links, linked_en, linked_ru = [], set(), set()
    for a, b, oa, ob in case.links:
        if not a or not b:
            continue
        link = {
            "en": [snippet(en, i) for i in sorted(a)],
            "ru": [snippet(ru, j) for j in sorted(b)],
        }
        if oa:
            link["optional_en"] = [snippet(en, i) for i in sorted(oa)]
        if ob:
            link["optional_ru"] = [snippet(ru, j) for j in sorted(ob)]
        links.append(link)
        linked_en |= a | oa
        linked_ru |= b | ob
    en_text, ru_text = "\n\n".join(en), "\n\n".join(ru)

    # Natural items whose quotes vanished with a dropped paragraph no longer apply.
    def present(item: dict) -> bool:
        return (item.get("en") is None or norm(item["en"]) in norm(en_text)) and (
            item.get("ru") is None or norm(item["ru"]) in norm(ru_text)
        )

    # Page-break damage leaves the texts written with extra breaks; snippets quote
    # the repaired paragraphs, which is what a correct normaliser produces.
    return {
        "id": cid,
        "set": kind,
        "note": note,
        "injected": case.injected,
        "en": f"{cid}.en.txt",
        "ru": f"{cid}.ru.txt",
        "links": links,
        "unlinked": {
            "en": [snippet(en, i) for i in range(len(en)) if i not in linked_en],
            "ru": [snippet(ru, j) for j in range(len(ru)) if j not in linked_ru],
        },
        "must_join": case.must_join,
        "expected": [x for x in case.expected if present(x)],
        "acceptable": [x for x in case.acceptable if present(x)],
        "forbidden": [
            x for x in case.forbidden if present(x) and not inside_expected(x, case.expected)
        ],
    }


def inside_expected(item: dict, expected: list[dict]) -> bool:
    """A correct rendering ("10" / "10") whose quotes lie inside an expected finding's
    ("1033" / "1030"): that finding would count as a false alarm, so the item describes no
    correct rendering of its own."""
    if item.get("en") is None or item.get("ru") is None:
        return False
    return any(
        x.get("en") is not None
        and x.get("ru") is not None
        and norm(item["en"]) in norm(x["en"])
        and norm(item["ru"]) in norm(x["ru"])
        for x in expected
    )


def write_case(out: Path, cid: str, case: Case, kind: str, note: str) -> None:
    g = gold(case, cid, kind, note)
    (out / f"{cid}.en.txt").write_text("\n\n".join(case.en) + "\n", "utf-8")
    (out / f"{cid}.ru.txt").write_text("\n\n".join(case.ru) + "\n", "utf-8")
    (out / f"{cid}.json").write_text(json.dumps(g, ensure_ascii=False, indent=1) + "\n", "utf-8")


def apply(kind: str, case: Case, rng: random.Random, names, tables) -> None:
    side = rng.choice(["en", "ru"])
    if kind == "name_variant":
        inject_name_variant(case, rng, names, side)
    elif kind == "name_mismatch":
        inject_name_mismatch(case, rng, names, tables["people"], side)
    elif kind == "number_mismatch":
        inject_number(case, rng, side, tables)
    elif kind == "date_mismatch":
        inject_date(case, rng, tables, side)
    elif kind == "role_mismatch":
        inject_role(case, rng, tables["roles"])
    elif kind == "acronym_unmatched":
        inject_acronym(case, rng, side)
    elif kind in ("only_in_en", "only_in_ru"):
        inject_only_in(case, rng, names, kind, tables)
    elif kind == "unaligned_paragraph":
        inject_unaligned(case, rng)
    elif kind == "merge":
        inject_merge(case, rng)
    elif kind == "split":
        inject_split(case, rng)
    elif kind == "move":
        inject_move(case, rng)
    elif kind == "hyphen_break":
        inject_hyphen(case, rng)
    elif kind == "cut_sentence":
        inject_cut(case, rng)
    else:
        raise ValueError(kind)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20251120)
    ap.add_argument(
        "--source",
        type=Path,
        default=HERE,
        help="directory holding pairs/ and annotations.json (default: the development set)",
    )
    ap.add_argument("--out", type=Path, default=None, help="default: SOURCE/generated")
    args = ap.parse_args()
    args.out = args.out or args.source / "generated"
    ann = json.loads((args.source / "annotations.json").read_text("utf-8"))["pairs"]
    tables = json.loads((HERE / "injection.json").read_text("utf-8"))
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    counts: dict[str, int] = {}
    turn = 0
    for pid in sorted(ann):
        a = ann[pid]
        clean = load_clean(args.source, pid, a)
        write_case(args.out, f"{pid}__clean", clean, a["type"], "clean real pair")
        if a["type"] != "translated":
            continue
        rng = random.Random(f"{args.seed}:{pid}")
        names = [tuple(x) for x in a.get("names", [])]
        structure = [
            STRUCTURE_KINDS[(turn + k) % len(STRUCTURE_KINDS)] for k in range(STRUCTURE_PER_PAIR)
        ]
        turn += STRUCTURE_PER_PAIR
        for kind in FACT_KINDS + structure:
            case = clean.copy()
            try:
                apply(kind, case, rng, names, tables)
            except Skip:
                continue
            counts[kind] = counts.get(kind, 0) + 1
            write_case(args.out, f"{pid}__{kind}", case, "translated", f"clean pair with {kind}")
    total = sum(counts.values())
    print(f"wrote {len(ann)} clean pairs and {total} variants to {args.out}")
    for k in KINDS:
        print(f"  {k:22} {counts.get(k, 0)}")


if __name__ == "__main__":
    main()
