"""The review page: check a Russian/English pair (or one document), decide on each finding.

A thin layer over the ``aligner`` package: reading, checking, storing decisions and
exporting all live there; this file only lays them out. Run with ``streamlit run app.py``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from aligner import render
from aligner.errors import AlignerError
from aligner.pipeline import identify
from aligner.report import SEVERITIES, Finding, Report
from aligner.store import Decision, ReviewStore, default_store_path, pair_key

log = logging.getLogger("aligner.app")

ROOT = Path(__file__).resolve().parent
SAMPLES = ROOT / "data" / "samples"
EMBEDDERS = ["use-m3", "e5-small", "st:PATH"]
STATUSES = ["open", "accepted", "rejected"]
LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}
SAMPLE_SETS = {"pair": ("pair_en.txt", "pair_ru.txt"), "single": ("single_en.txt",)}


# -- what is being checked ---------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """The texts an analyst asked to check: an (en, ru) pair or one document."""

    sources: tuple[str, ...]
    texts: tuple[str, ...]
    languages: tuple[str, ...]

    @property
    def is_pair(self) -> bool:
        return len(self.texts) == 2


def make_job(named_texts: Sequence[tuple[str, str]]) -> Job:
    """Detect each text's language and order a pair as (English, Russian)."""
    texts = identify(named_texts)
    return Job(
        sources=tuple(t.source for t in texts),
        texts=tuple(t.text for t in texts),
        languages=tuple(t.language for t in texts),
    )


def upload_types() -> list[str]:
    from aligner.reading import SUPPORTED_SUFFIXES

    return sorted({s.lstrip(".") for s in SUPPORTED_SUFFIXES if s})


def read_upload(data: bytes, name: str) -> str:
    from aligner.reading import read_bytes

    return read_bytes(data, name)


def read_sample(name: str) -> tuple[str, str]:
    path = SAMPLES / name
    return name, read_upload(path.read_bytes(), name)


# -- resources shared by every session of this server ------------------------------------


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> ReviewStore:
    # Keyed by path so that a test (or a restart with another ALIGNER_REVIEW_DB) gets its own.
    return ReviewStore(path)


def store() -> ReviewStore:
    return get_store(str(default_store_path()))


@st.cache_resource(show_spinner="Loading the embedding model (once per server)…")
def load_embedder(name: str) -> object:
    from aligner.embed import get_embedder

    return get_embedder(name)


@st.cache_data(show_spinner=False, max_entries=64)
def run_check(
    sources: tuple[str, ...],
    texts: tuple[str, ...],
    embedder: str,
    aliases: tuple[tuple[str, str], ...],
) -> Report:
    """The check of one job, cached by content, embedder and alias table."""
    import aligner

    if len(texts) == 2:
        return aligner.check_pair(
            texts[0],
            texts[1],
            en_source=sources[0],
            ru_source=sources[1],
            embedder=embedder,
            aliases=set(aliases),
        )
    return aligner.check_document(texts[0], source=sources[0], aliases=set(aliases))


def check(job: Job, embedder: str) -> Report | None:
    """Run (or fetch from cache) the check; on failure show one clear line and return None."""
    try:
        aliases = tuple(sorted(store().aliases()))
        if job.is_pair:
            load_embedder(embedder)
        with st.spinner("Aligning paragraphs and comparing facts…"):
            return run_check(job.sources, job.texts, embedder, aliases)
    except AlignerError as exc:
        st.error(str(exc))
    except Exception as exc:  # noqa: BLE001 - the analyst gets one line, the log the rest
        log.exception("check failed")
        st.error(f"The check failed: {type(exc).__name__}: {exc}")
    return None


# -- who decides -------------------------------------------------------------------------


def reviewer() -> str:
    """The logged-in user when authentication is configured, else the name entered."""
    if "is_logged_in" in st.user:
        if st.user.is_logged_in:
            return str(st.user.get("name") or st.user.get("email") or "")
        return ""
    return str(st.session_state.get("reviewer", "")).strip()


def sidebar() -> str:
    """Reviewer and embedder controls shared by every page; returns the embedder name."""
    with st.sidebar:
        if "is_logged_in" in st.user:
            if st.user.is_logged_in:
                st.caption(f"Signed in as **{reviewer()}**")
                st.button("Log out", on_click=st.logout)
            else:
                st.button("Log in to record decisions", on_click=st.login, type="primary")
        else:
            st.text_input(
                "Your name",
                key="reviewer",
                placeholder="needed to record decisions",
                help="Recorded with every decision you make in this session.",
            )
        choice = st.selectbox(
            "Embedding model",
            EMBEDDERS,
            key="embedder_choice",
            help="use-m3 is the default; e5-small is faster; st:PATH loads a local "
            "sentence-transformers model from PATH.",
        )
        if choice == "st:PATH":
            path = st.text_input("Model folder", key="embedder_path").strip()
            return f"st:{path}" if path else "use-m3"
        return choice


# -- decisions ---------------------------------------------------------------------------


def history_by_finding(key: str) -> dict[str, list[Decision]]:
    history: dict[str, list[Decision]] = {}
    for entry in store().history(key):
        history.setdefault(entry.fingerprint, []).append(entry)
    return history


def decide(key: str, items: Sequence[tuple[str, str, str]]) -> None:
    """Record decisions (fingerprint, status, note) in the store, as a widget callback."""
    name = reviewer()
    if not name:
        st.session_state["flash"] = ("warning", "Enter your name in the sidebar first.")
        return
    try:
        count = store().record_many(key, items, name)
    except AlignerError as exc:
        st.session_state["flash"] = ("error", str(exc))
        return
    st.session_state["flash"] = ("success", f"Recorded {count} decision(s) as {name}.")


def decide_one(key: str, finding: Finding, status: str) -> None:
    note = st.session_state.get(f"note-{finding.fingerprint}", "")
    decide(key, [(finding.fingerprint, status, note)])


def spelling_is_fine(key: str, finding: Finding) -> None:
    """Reject a name variant and remember the spelling pair in the alias table."""
    name = reviewer()
    if not name:
        st.session_state["flash"] = ("warning", "Enter your name in the sidebar first.")
        return
    try:
        store().record(key, finding.fingerprint, "rejected", "spelling is fine (alias)", name)
        store().add_alias(finding.en_key or "", finding.ru_key or "", name)
    except (AlignerError, ValueError) as exc:
        st.session_state["flash"] = ("error", str(exc))
        return
    st.session_state["flash"] = (
        "success",
        f"“{finding.en}” = “{finding.ru}” added to the alias table; it is no longer reported.",
    )


def show_flash() -> None:
    flash = st.session_state.pop("flash", None)
    if flash:
        kind, message = flash
        if kind == "success":
            st.toast(message, icon=":material/check_circle:")
        else:
            {"warning": st.warning, "error": st.error}[kind](message)


# -- input -------------------------------------------------------------------------------


def open_job(named_texts: Callable[[], Sequence[tuple[str, str]]]) -> None:
    """Read and detect the texts; on success make them the current job."""
    try:
        st.session_state["job"] = make_job(named_texts())
        st.session_state.pop("input_error", None)
    except AlignerError as exc:
        st.session_state["input_error"] = str(exc)
    except Exception as exc:  # noqa: BLE001 - a hostile file gets one line, the log the rest
        log.exception("reading the documents failed")
        st.session_state["input_error"] = f"The documents could not be read: {exc}"


def input_panel(has_job: bool) -> None:
    with st.expander("Documents to check", expanded=not has_job, icon=":material/description:"):
        sample, upload, paste = st.tabs(["Sample", "Upload", "Paste"])
        with sample:
            st.caption("The bundled example: a news item in English and its Russian report.")
            c1, c2, _ = st.columns([1, 1, 2])
            c1.button(
                "Open the sample pair",
                key="open_sample_pair",
                type="primary",
                on_click=open_job,
                args=(lambda: [read_sample("pair_en.txt"), read_sample("pair_ru.txt")],),
            )
            c2.button(
                "Open the sample document",
                key="open_sample_doc",
                on_click=open_job,
                args=(lambda: [read_sample("single_en.txt")],),
            )
        with upload:
            files = st.file_uploader(
                "Two reports (a pair, either order) or one (checked on its own)",
                type=upload_types(),
                accept_multiple_files=True,
                key="uploads",
            )
            st.button(
                "Check the uploaded files",
                key="check_uploads",
                disabled=not files,
                on_click=open_job,
                args=(lambda: [(f.name, read_upload(f.getvalue(), f.name)) for f in files or []],),
            )
        with paste:
            c1, c2 = st.columns(2)
            c1.text_area("English report", key="paste_en", height=200)
            c2.text_area("Russian report", key="paste_ru", height=200)
            st.caption(
                "Either order works: languages are detected. Fill one box to check "
                "a single document for inconsistent spellings."
            )
            st.button("Check the pasted text", key="check_paste", on_click=open_job, args=(pasted,))
    error = st.session_state.get("input_error")
    if error:
        st.error(error)


def pasted() -> list[tuple[str, str]]:
    # Named by box, not language: the languages are detected, whichever box they are in.
    boxes = [("pasted text (left box)", "paste_en"), ("pasted text (right box)", "paste_ru")]
    return [
        (name, st.session_state.get(key, ""))
        for name, key in boxes
        if st.session_state.get(key, "").strip()
    ]


# -- the review view ---------------------------------------------------------------------


def summary(report: Report, job: Job, decisions: dict[str, Decision]) -> None:
    figures = render.summarize(report)
    cols = st.columns(8 if report.is_pair else 6)
    i = 0
    for lang, count in figures.paragraphs.items():
        cols[i].metric(f"{lang.upper()} paragraphs", count)
        i += 1
    if report.is_pair:
        cols[i].metric("Links", figures.links)
        cols[i + 1].metric("Unlinked", figures.unlinked)
        i += 2
    for severity in SEVERITIES:
        cols[i].metric(
            f":{render.SEVERITY_MD_COLOURS[severity]}[●] {severity.capitalize()}",
            figures.by_severity[severity],
        )
        i += 1
    open_count = sum(
        1
        for f in report.discrepancies
        if decisions.get(f.fingerprint) is None or decisions[f.fingerprint].status == "open"
    )
    cols[i].metric("Still open", open_count)
    if figures.by_kind:
        st.caption(
            "By kind: "
            + " · ".join(
                f"{render.md_escape(render.KIND_LABELS.get(k, k))} **{n}**"
                for k, n in figures.by_kind.items()
            )
        )


def documents_line(report: Report, job: Job) -> None:
    st.subheader(" ↔ ".join(render.md_escape(source) for source in job.sources), anchor=False)
    languages = " ↔ ".join(LANGUAGE_NAMES.get(lang, lang) for lang in job.languages)
    mode = "pair" if job.is_pair else "one document, checked for consistency"
    model = f" · model {render.md_escape(report.embedder)}" if job.is_pair else ""
    st.caption(f"Detected {languages} · {mode}{model}")


def filters(report: Report) -> tuple[set[str], set[str], set[str], bool]:
    """The filter row; an empty choice means no filtering on that field."""
    kinds = sorted({f.kind for f in report.discrepancies})
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
    chosen_kinds = c1.multiselect(
        "Kind",
        kinds,
        key="filter_kind",
        placeholder="All kinds",
        format_func=lambda k: render.KIND_LABELS.get(k, k),
    )
    chosen_sev = c2.multiselect(
        "Severity", list(SEVERITIES), key="filter_severity", placeholder="All severities"
    )
    chosen_status = c3.multiselect("Status", STATUSES, key="filter_status", placeholder="All")
    unit = "links" if report.is_pair else "paragraphs"
    only_flagged = c4.toggle(f"Only flagged {unit}", key="only_flagged", value=False)
    return (
        set(chosen_kinds or kinds),
        set(chosen_sev or SEVERITIES),
        set(chosen_status or STATUSES),
        only_flagged,
    )


def status_of(decisions: dict[str, Decision], finding: Finding) -> str:
    decision = decisions.get(finding.fingerprint)
    return decision.status if decision else "open"


def bulk_actions(
    key: str, shown: list[Finding], decisions: dict[str, Decision], can_decide: bool
) -> None:
    row = st.container(horizontal=True, vertical_alignment="center")
    # Each finding keeps its note: a bulk decision changes the status only.
    notes = {f.fingerprint: d.note if (d := decisions.get(f.fingerprint)) else "" for f in shown}
    for status, label in (
        ("accepted", f"Accept all {len(shown)} shown"),
        ("rejected", f"Reject all {len(shown)} shown"),
        ("open", f"Reopen all {len(shown)} shown"),
    ):
        row.button(
            label,
            key=f"bulk-{status}",
            disabled=not (can_decide and shown),
            on_click=decide,
            args=(key, [(fp, status, note) for fp, note in notes.items()]),
        )


def finding_card(
    key: str,
    finding: Finding,
    decision: Decision | None,
    history: Sequence[Decision],
    can_decide: bool,
) -> None:
    status = decision.status if decision else "open"
    fp = finding.fingerprint
    with st.expander(render.finding_label(finding, status)):
        st.html(
            f'<div id="{render.finding_anchor(finding)}" style="font-size:0.92rem">'
            f"{render.esc(finding.explanation)}</div>"
        )
        note_key = f"note-{fp}"
        if note_key not in st.session_state:
            st.session_state[note_key] = decision.note if decision else ""
        st.text_input("Note", key=note_key, placeholder="why you decided so (optional)")
        row = st.container(horizontal=True)
        row.button(
            "Accept",
            key=f"accept-{fp}",
            disabled=not can_decide or status == "accepted",
            on_click=decide_one,
            args=(key, finding, "accepted"),
            type="primary",
        )
        row.button(
            "Reject",
            key=f"reject-{fp}",
            disabled=not can_decide or status == "rejected",
            on_click=decide_one,
            args=(key, finding, "rejected"),
        )
        row.button(
            "Save note",
            key=f"save-{fp}",
            disabled=not can_decide,
            on_click=decide_one,
            args=(key, finding, status),
        )
        if status != "open":
            row.button(
                "Reopen",
                key=f"reopen-{fp}",
                disabled=not can_decide,
                on_click=decide_one,
                args=(key, finding, "open"),
            )
        if finding.kind == "name_variant" and finding.en_key and finding.ru_key:
            row.button(
                "Reject: this spelling is fine",
                key=f"alias-{fp}",
                disabled=not can_decide,
                on_click=spelling_is_fine,
                args=(key, finding),
                help="Rejects the finding and adds the two spellings to the alias table, "
                "so that they are not reported again in any pair.",
            )
        if history:
            st.caption(
                "History: "
                + " · ".join(
                    f"{d.decided_at[:16].replace('T', ' ')} "
                    f"{render.md_escape(d.reviewer or '?')}: {d.status}"
                    + (f" ({render.md_escape(d.note)})" if d.note else "")
                    for d in reversed(history)
                )
            )


@dataclass(frozen=True)
class Review:
    """What the cards of one pair need: its store key, the decisions so far and whether
    this reviewer may decide."""

    key: str
    decisions: dict[str, Decision]
    history: dict[str, list[Decision]]
    can_decide: bool

    def cards(self, findings: Sequence[Finding]) -> None:
        for f in findings:
            finding_card(
                self.key,
                f,
                self.decisions.get(f.fingerprint),
                self.history.get(f.fingerprint, ()),
                self.can_decide,
            )


def side_by_side(report: Report, shown: list[Finding], review: Review, only_flagged: bool) -> None:
    en, ru = report.documents["en"], report.documents["ru"]
    en_marks = render.paragraph_marks(report, shown, "en")
    ru_marks = render.paragraph_marks(report, shown, "ru")
    by_link = render.findings_by_link(report, shown)
    drawn = 0
    for n, link in enumerate(report.alignment):
        found = by_link.get(n, [])
        if only_flagged and not found:
            continue
        drawn += 1
        with st.container(border=True):
            if link.en and link.ru:
                head = f"Link {n + 1} · similarity {link.score:.2f}"
            else:
                side = "English" if link.en else "Russian"
                head = f"Link {n + 1} · {side} paragraph without counterpart"
            anchors = "".join(f'<span id="{render.finding_anchor(f)}-row"></span>' for f in found)
            st.html(
                f'<div id="{render.link_anchor(n)}" style="color:#5f6670;font-size:0.8rem">'
                f"{render.esc(head)}{anchors}</div>"
            )
            c1, c2 = st.columns(2)
            c1.html(render.paragraphs_html(en.paragraphs, link.en, en_marks))
            c2.html(render.paragraphs_html(ru.paragraphs, link.ru, ru_marks))
            review.cards(found)
    rest = by_link.get(None, [])
    if rest:
        with st.container(border=True):
            st.caption("Findings not tied to one link")
            review.cards(rest)
    if not drawn and not rest:
        st.info("No link matches the filters. Widen them above to see more.")


def single_document(
    report: Report, shown: list[Finding], review: Review, only_flagged: bool
) -> None:
    (lang, doc), *_ = report.documents.items()
    marks = render.paragraph_marks(report, shown, lang)
    by_par = render.findings_by_paragraph(shown)
    for i in range(len(doc.paragraphs)):
        found = by_par.get(i, [])
        if only_flagged and i not in marks and not found:
            continue
        with st.container(border=True):
            st.html(
                f'<div id="{render.link_anchor(i)}"></div>'
                + render.paragraphs_html(doc.paragraphs, [i], marks)
            )
            review.cards(found)


def heatmap(report: Report) -> None:
    cells = render.heatmap_cells(report)
    if not cells:
        st.info("The heatmap needs a pair: a single document has no similarity matrix.")
        return
    path = render.path_cells(report.alignment)
    n_en = len(report.documents["en"].paragraphs)
    n_ru = len(report.documents["ru"].paragraphs)
    # Cells as large as fit a laptop screen, but never too small to hover.
    size = max(12, min(48, 900 // max(n_en, n_ru, 1)))
    base = (
        alt.Chart(pd.DataFrame(cells))
        .mark_rect()
        .encode(
            x=alt.X("ru:O", title="Russian paragraph"),
            y=alt.Y("en:O", title="English paragraph"),
            color=alt.Color("similarity:Q", scale=alt.Scale(scheme="blues"), title="similarity"),
            tooltip=["en", "ru", "similarity"],
        )
    )
    layers = base
    if path:
        frame = pd.DataFrame(path)
        line = (
            alt.Chart(frame)
            .mark_line(color="#d1495b", strokeWidth=2)
            .encode(x="ru:O", y="en:O", order="order:Q")
        )
        dots = (
            alt.Chart(frame)
            .mark_point(color="#d1495b", filled=True, size=60)
            .encode(x="ru:O", y="en:O", tooltip=["link", "en", "ru"])
        )
        layers = base + line + dots
    st.altair_chart(layers.properties(width=alt.Step(size), height=alt.Step(size)), width="content")
    st.caption("Darker cells are more similar paragraphs; the red path is the alignment chosen.")


def export_panel(key: str, report: Report, job: Job) -> None:
    from aligner import export

    stem = Path(job.sources[0]).stem or "report"

    def rows() -> list[dict]:
        return export.reviewed_table(report, store())

    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Discrepancies (CSV)",
        lambda: export.csv_bytes(rows()),
        file_name=f"{stem}-discrepancies.csv",
        mime="text/csv",
        key="dl_csv",
        on_click="ignore",
    )
    c2.download_button(
        "Discrepancies (Excel)",
        lambda: export.xlsx_bytes(rows()),
        file_name=f"{stem}-discrepancies.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_xlsx",
        on_click="ignore",
    )
    c3.download_button(
        "Report (JSON)",
        report.to_json,
        file_name=f"{stem}-report.json",
        mime="application/json",
        key="dl_json",
        on_click="ignore",
    )
    st.caption(
        "The tables hold every finding of this check with its current status, note "
        "and decision history, whatever the filters above."
    )


def review_page() -> None:
    embedder = st.session_state.get("embedder", "use-m3")
    st.html(render.CSS)
    job: Job | None = st.session_state.get("job")
    if job is None and not st.session_state.get("sample_offered"):
        # ./start.sh opens the bundled sample pair (ALIGNER_OPEN_SAMPLE=pair|single).
        st.session_state["sample_offered"] = True
        sample = os.environ.get("ALIGNER_OPEN_SAMPLE", "")
        if sample in SAMPLE_SETS:
            open_job(lambda: [read_sample(name) for name in SAMPLE_SETS[sample]])
            job = st.session_state.get("job")
    input_panel(job is not None)
    show_flash()
    if job is None:
        st.info(
            "Open the sample pair, upload two reports (txt, md, html, docx, pdf) or paste "
            "them to start. One document alone is checked for inconsistent spellings."
        )
        return
    report = check(job, embedder)
    if report is None:
        return
    key = pair_key(report)
    decisions = store().decisions(key)
    history = history_by_finding(key)
    documents_line(report, job)
    summary(report, job, decisions)
    can_decide = bool(reviewer())
    if not can_decide:
        st.warning("Enter your name in the sidebar to record decisions.", icon=":material/badge:")
    if not report.discrepancies:
        st.success("No discrepancies found.")
    kinds, severities, statuses, only_flagged = filters(report)
    shown = [
        f
        for f in report.discrepancies
        if f.kind in kinds and f.severity in severities and status_of(decisions, f) in statuses
    ]
    shown.sort(key=lambda f: render.SEVERITY_RANK.get(f.severity, 9))
    bulk_actions(key, shown, decisions, can_decide)
    tabs = st.tabs(
        ["Side by side", "Similarity heatmap", "Export"]
        if report.is_pair
        else ["Document", "Export"]
    )
    with tabs[0]:
        if shown:
            with st.expander(f"Overview of the {len(shown)} finding(s) shown", expanded=True):
                st.html(render.legend_html())
                statuses_now = {f.fingerprint: status_of(decisions, f) for f in shown}
                st.html(render.findings_table_html(report, shown, statuses_now))
        review = Review(key, decisions, history, can_decide)
        if report.is_pair:
            side_by_side(report, shown, review, only_flagged)
        else:
            single_document(report, shown, review, only_flagged)
    if report.is_pair:
        with tabs[1]:
            heatmap(report)
    with tabs[-1]:
        export_panel(key, report, job)


# -- alias table -------------------------------------------------------------------------


def aliases_page() -> None:
    st.title("Alias table")
    st.caption(
        "Spelling pairs an analyst has declared fine: a name_variant finding whose "
        "English and Russian keys are listed here is not reported."
    )
    rows = store().alias_rows()
    if not rows:
        st.info(
            "No aliases yet. Reject a name variant with “this spelling is fine” on the review "
            "page, or add a row below (English spelling, Russian lemma) and save."
        )
    frame = pd.DataFrame(rows, columns=["en", "ru", "reviewer", "added_at", "note"])
    edited = st.data_editor(
        frame,
        key="alias_editor",
        num_rows="dynamic",
        hide_index=True,
        disabled=["reviewer", "added_at"],
        column_config={
            "en": st.column_config.TextColumn("English spelling", required=True),
            "ru": st.column_config.TextColumn("Russian (lemma)", required=True),
            "reviewer": "Added by",
            "added_at": "Added at",
            "note": "Note",
        },
        width="stretch",
    )
    if st.button("Save the alias table", type="primary", disabled=not reviewer()):
        save_aliases(frame, edited)
        st.rerun()
    if not reviewer():
        st.caption("Enter your name in the sidebar to edit the table.")
    show_flash()


def save_aliases(before: pd.DataFrame, after: pd.DataFrame) -> None:
    def pairs(frame: pd.DataFrame) -> dict[tuple[str, str], str]:
        out = {}
        for row in frame.fillna("").to_dict("records"):
            en, ru = str(row["en"]).strip(), str(row["ru"]).strip()
            if en and ru:
                out[(en, ru)] = str(row.get("note", ""))
        return out

    old, new = pairs(before), pairs(after)
    try:
        for en, ru in old.keys() - new.keys():
            store().remove_alias(en, ru)
        for (en, ru), note in new.items():
            if old.get((en, ru)) != note:
                store().add_alias(en, ru, reviewer(), note)
    except (AlignerError, ValueError) as exc:
        st.session_state["flash"] = ("error", str(exc))
        return
    st.session_state["flash"] = ("success", f"Alias table saved ({len(new)} pairs).")


# -- batch -------------------------------------------------------------------------------


# Uploaded archives are unpacked with these bounds: a batch of news reports is far smaller.
MAX_ARCHIVE_MEMBERS = 5000
MAX_ARCHIVE_BYTES = 500 * 1024 * 1024


def unpack_uploads(files: Sequence, folder: Path) -> list[str]:
    """Save uploaded documents (and the documents inside uploaded zips) under ``folder``.

    Returns one line per skipped file or member. Archive members keep their folders (name
    pairing uses them) but never leave ``folder``: absolute paths and ``..`` are refused.
    """
    import zipfile
    from io import BytesIO
    from pathlib import PurePosixPath

    from aligner.pairing import is_document

    skipped: list[str] = []
    for upload in files:
        name = Path(upload.name).name
        if not name.lower().endswith(".zip"):
            (folder / name).write_bytes(upload.getvalue())
            continue
        try:
            archive = zipfile.ZipFile(BytesIO(upload.getvalue()))
        except zipfile.BadZipFile:
            skipped.append(f"{name}: is not a readable zip archive")
            continue
        members = [m for m in archive.infolist() if not m.is_dir()]
        if (
            len(members) > MAX_ARCHIVE_MEMBERS
            or sum(m.file_size for m in members) > MAX_ARCHIVE_BYTES
        ):
            skipped.append(f"{name}: holds too many files or too much data to unpack")
            continue
        target = folder / Path(name).stem
        for member in members:
            inner = PurePosixPath(member.filename.replace("\\", "/"))
            if inner.is_absolute() or ".." in inner.parts:
                skipped.append(f"{name}: {member.filename}: path leaves the archive, skipped")
                continue
            if not is_document(Path(inner.name)):
                continue
            path = target.joinpath(*inner.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as src:
                path.write_bytes(src.read())
    return skipped


def run_batch_with_progress(inputs: Sequence[Path], out: Path, embedder: str) -> object:
    """Run the package's batch in a worker thread, showing how many pairs are done."""
    import threading
    import time

    from aligner.batch import BatchOptions, run_batch
    from aligner.pairing import is_document

    options = BatchOptions(
        inputs=tuple(inputs),
        out=out,
        embedder=embedder,
        aliases=frozenset(store().aliases()),
        workers=1,  # in this process: the server's model is already loaded
        progress=False,
    )
    documents = sum(
        1 for p in inputs for f in (p.rglob("*") if p.is_dir() else [p]) if is_document(f)
    )
    expected = max(1, documents // 2)
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["summary"] = run_batch(options)
        except Exception as exc:  # noqa: BLE001 - reported to the analyst as one line
            log.exception("batch failed")
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="aligner-batch", daemon=True)
    load_embedder(embedder)
    worker.start()
    bar = st.progress(0.0, text="Pairing the documents…")
    reports = out / "reports"
    while worker.is_alive():
        done = len(list(reports.glob("*.json"))) if reports.is_dir() else 0
        bar.progress(min(done / expected, 0.99), text=f"{done} of about {expected} pair(s) checked")
        time.sleep(0.5)
    bar.empty()
    if "error" in outcome:
        exc = outcome["error"]
        raise exc if isinstance(exc, AlignerError) else AlignerError(f"the batch failed: {exc}")
    return outcome["summary"]


def read_table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame()
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def open_batch_pair(row: dict) -> None:
    """Make a batch pair the current job and go to the review page."""
    from aligner.reading import read_path

    def texts() -> list[tuple[str, str]]:
        return [(Path(row[c]).name, read_path(Path(row[c]))) for c in ("en_file", "ru_file")]

    open_job(texts)


def batch_page() -> None:
    st.title("Batch")
    st.caption(
        "Upload many reports or zip archives, or name a folder on this server. English and "
        "Russian files are paired by name (…_en / …_ru) or, failing that, by content."
    )
    types = [*upload_types(), "zip"]
    c1, c2 = st.columns([3, 2])
    files = c1.file_uploader(
        "Documents or zip archives", type=types, accept_multiple_files=True, key="batch_uploads"
    )
    folder = c2.text_input(
        "…or a folder on this server", key="batch_folder", placeholder="/data/reports/2025-11"
    ).strip()
    embedder = st.session_state.get("embedder", "use-m3")
    if st.button("Run the batch", type="primary", disabled=not (files or folder)):
        start_batch(files or [], folder, embedder)
    show_flash()
    out = st.session_state.get("batch_out")
    if out is None:
        st.info("Add documents above and run the batch; its pairs appear here.")
        return
    show_batch(Path(out))


def start_batch(files: Sequence, folder: str, embedder: str) -> None:
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="aligner-batch-"))
    inputs: list[Path] = []
    if files:
        upload_dir = work / "input"
        upload_dir.mkdir()
        for line in unpack_uploads(files, upload_dir):
            st.warning(line)
        inputs.append(upload_dir)
    if folder:
        path = Path(folder).expanduser()
        if not path.is_dir():
            st.error(f"{folder}: no such folder on this server")
            return
        inputs.append(path)
    try:
        summary = run_batch_with_progress(inputs, work / "out", embedder)
    except AlignerError as exc:
        st.error(str(exc))
        return
    st.session_state["batch_out"] = str(work / "out")
    st.session_state["flash"] = (
        "success",
        f"{summary.pairs} pair(s): {summary.checked} checked, {summary.failed} failed; "
        f"{summary.unpaired} file(s) left unpaired, {summary.errors} problem(s) "
        f"in {summary.seconds:.0f} s.",
    )
    st.rerun()


def show_batch(out: Path) -> None:
    pairs = read_table(out / "pairs.csv")
    if pairs.empty:
        st.warning("No pairs were found: add English and Russian versions of the same reports.")
    else:
        fixed = {"pair_id", "en_file", "ru_file", "method", "confidence", "status"}
        fixed |= {"alignment_score", "findings", "error"}
        kinds = [
            k
            for k in pairs.columns
            if k not in fixed and pd.to_numeric(pairs[k], errors="coerce").fillna(0).gt(0).any()
        ]
        shown = pairs[["pair_id", "en_file", "ru_file", "method", "status", "findings", *kinds]]
        shown = shown.assign(
            en_file=shown["en_file"].map(lambda p: Path(p).name),
            ru_file=shown["ru_file"].map(lambda p: Path(p).name),
        )
        st.subheader(f"{len(pairs)} pair(s)", anchor=False)
        st.caption("Select a row to open that pair in the review view.")
        event = st.dataframe(
            shown,
            hide_index=True,
            on_select="rerun",
            selection_mode="single-row",
            key="batch_table",
            column_config={
                k: st.column_config.NumberColumn(render.KIND_LABELS.get(k, k)) for k in kinds
            },
        )
        rows = event.selection.rows if event else []
        if rows:
            row = pairs.iloc[rows[0]].to_dict()
            if st.button(f"Open {row['pair_id']} in the review view", type="primary"):
                open_batch_pair(row)
                if "input_error" in st.session_state:
                    st.error(st.session_state.pop("input_error"))
                else:
                    st.switch_page(REVIEW_PAGE)
    for name, title in (("unpaired.csv", "Files left unpaired"), ("errors.csv", "Problems")):
        table = read_table(out / name)
        if not table.empty:
            with st.expander(f"{title} ({len(table)})"):
                st.dataframe(table, hide_index=True)
    from aligner import export

    c1, c2 = st.columns(2)
    c1.download_button(
        "Batch discrepancies (CSV)",
        lambda: export.csv_bytes(export.batch_table(out, store())),
        file_name="batch-discrepancies.csv",
        mime="text/csv",
        on_click="ignore",
    )
    c2.download_button(
        "Batch discrepancies (Excel)",
        lambda: export.xlsx_bytes(export.batch_table(out, store())),
        file_name="batch-discrepancies.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )


# -- main --------------------------------------------------------------------------------


REVIEW_PAGE = st.Page(review_page, title="Review", icon=":material/compare:", default=True)


def main() -> None:
    st.set_page_config(page_title="aligner · review", page_icon=":material/compare:", layout="wide")
    st.session_state["embedder"] = sidebar()
    page = st.navigation(
        [
            REVIEW_PAGE,
            st.Page(batch_page, title="Batch", icon=":material/folder_copy:", url_path="batch"),
            st.Page(
                aliases_page, title="Alias table", icon=":material/menu_book:", url_path="aliases"
            ),
        ]
    )
    try:
        page.run()
    except AlignerError as exc:
        st.error(str(exc))


# Streamlit runs this file as __main__; tests import it under another name for its helpers.
if __name__ == "__main__":
    main()
