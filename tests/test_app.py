"""The review page, driven through Streamlit's AppTest (no browser), and its HTML helpers.

Single-document flows need no embedding model and run in the fast suite; the pair flows
load the real model and are marked slow.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import aligner
from aligner import render
from aligner.reading import read_path
from aligner.report import Document, Finding, Link, Report
from aligner.store import ReviewStore, pair_key

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "review.sqlite"
    monkeypatch.setenv("ALIGNER_REVIEW_DB", str(path))
    return path


def new_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=300)
    return at.run()


def cards(at: AppTest, text: str) -> list:
    """Finding cards (expanders) whose label mentions ``text``."""
    return [e for e in at.expander if text in e.label]


def button(block, label: str):
    matches = [b for b in block.button if b.label == label]
    assert matches, f"no {label!r} button; have {[b.label for b in block.button]}"
    return matches[0]


def sign_in(at: AppTest, name: str = "Ann") -> AppTest:
    return at.sidebar.text_input(key="reviewer").input(name).run()


def open_sample_document(at: AppTest) -> AppTest:
    return at.button(key="open_sample_doc").click().run()


def single_key() -> str:
    text = read_path(SAMPLES / "single_en.txt")
    return pair_key(aligner.check_document(text, source="single_en.txt"))


# -- the page ----------------------------------------------------------------------------


def test_empty_page_says_what_to_do(db: Path) -> None:
    at = new_app()
    assert not at.exception
    assert any("Open the sample pair" in i.value for i in at.info)
    assert [b.label for b in at.button if b.key == "open_sample_pair"] == ["Open the sample pair"]


def test_sample_document_lists_the_inconsistent_spelling(db: Path) -> None:
    at = open_sample_document(new_app())
    assert not at.exception
    assert not at.error
    assert cards(at, "Asylov"), [e.label for e in at.expander]
    # The paragraph text is on the page, with the spelling highlighted in place.
    page_html = "".join(h.value for h in at.get("html"))
    assert "<mark" in page_html and "Asylov</" in page_html


def test_deciding_needs_a_name(db: Path) -> None:
    at = open_sample_document(new_app())
    card = cards(at, "Asylov")[0]
    assert button(card, "Accept").disabled
    assert any("Enter your name" in w.value for w in at.warning)
    at = sign_in(at)
    assert not button(cards(at, "Asylov")[0], "Accept").disabled


def test_accepted_decision_is_stored_and_shown_to_the_next_session(db: Path) -> None:
    at = sign_in(open_sample_document(new_app()), "Ann")
    card = cards(at, "Asylov")[0]
    fingerprint = button(card, "Accept").key.removeprefix("accept-")
    card.text_input[0].input("same prosecutor")
    button(card, "Accept").click()
    at.run()
    assert not at.exception

    decision = ReviewStore(db).decisions(single_key())[fingerprint]
    assert (decision.status, decision.note, decision.reviewer) == (
        "accepted",
        "same prosecutor",
        "Ann",
    )
    # A fresh session (as after a server restart) opening the same document sees it.
    again = open_sample_document(new_app())
    card = cards(again, "Asylov")[0]
    assert "accepted" in card.label
    assert any("Ann: accepted" in c.value for c in card.caption)


def test_status_filter_hides_decided_findings(db: Path) -> None:
    at = sign_in(open_sample_document(new_app()))
    before = len(cards(at, "Asylov"))
    button(cards(at, "Asylov")[0], "Accept").click()
    at.run()
    at.multiselect(key="filter_status").set_value(["open"]).run()
    assert before == 1 and not cards(at, "Asylov")
    at.multiselect(key="filter_status").set_value(["accepted"]).run()
    assert len(cards(at, "Asylov")) == 1


def test_bulk_reject_records_every_shown_finding_and_keeps_notes(db: Path) -> None:
    at = sign_in(open_sample_document(new_app()))
    card = cards(at, "Asylov")[0]
    card.text_input[0].input("checked the signature table")
    button(card, "Accept").click()
    at.run()
    shown = [b.key.removeprefix("accept-") for b in at.button if b.key.startswith("accept-")]
    at.button(key="bulk-rejected").click().run()
    decisions = ReviewStore(db).decisions(single_key())
    assert shown and {decisions[fp].status for fp in shown} == {"rejected"}
    assert "checked the signature table" in {decisions[fp].note for fp in shown}
    # Reopening one finding puts it back among the open ones.
    button(cards(at, "Asylov")[0], "Reopen").click()
    at.run()
    assert "rejected" not in cards(at, "Asylov")[0].label


def test_pasted_markup_is_shown_as_text(db: Path) -> None:
    hostile = (
        "The minister Berik Asylov met <script>window.__xss=1</script> the delegation "
        'in Astana on Monday. <img src=x onerror="window.__xss=1"> Later ASSYLOV said '
        "the talks had gone well and that cooperation would continue next year."
    )
    at = new_app()
    at.text_area(key="paste_en").input(hostile)
    at.button(key="check_paste").click().run()
    assert not at.exception and not at.error
    page_html = "".join(h.value for h in at.get("html"))
    # Normalisation may drop markdown underscores; the tags themselves must stay text.
    assert "&lt;script&gt;window." in page_html and "&lt;/script&gt;" in page_html
    assert "&lt;img src=x onerror=" in page_html
    assert "<script" not in page_html and "<img" not in page_html


def test_two_english_uploads_are_refused_with_both_names(db: Path) -> None:
    at = new_app()
    en = (SAMPLES / "pair_en.txt").read_bytes()
    at.get("file_uploader")[0].set_value(
        [("a.txt", en, "text/plain"), ("b.txt", en, "text/plain")]
    ).run()
    at.button(key="check_uploads").click().run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert error.startswith("a.txt and b.txt are both in English; a pair needs one English")


def test_unreadable_upload_names_the_file(db: Path) -> None:
    at = new_app()
    at.get("file_uploader")[0].set_value(("scan.pdf", b"not a pdf at all", "application/pdf"))
    at.run()
    at.button(key="check_uploads").click().run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("scan.pdf")


@pytest.mark.slow
def test_sample_pair_flags_the_stray_acronym_and_keeps_the_decision(db: Path) -> None:
    at = sign_in(at=new_app().button(key="open_sample_pair").click().run())
    assert not at.exception and not at.error
    labels = [e.label for e in at.expander]
    tso = cards(at, "TSO")
    assert tso and "Stray acronym" in tso[0].label, labels
    assert {m.label for m in at.metric} >= {"EN paragraphs", "RU paragraphs", "Links"}

    button(tso[0], "Accept").click()
    at.run()
    fingerprint = [b for b in cards(at, "TSO")[0].button if b.label == "Accept"][0].key[7:]
    en = read_path(SAMPLES / "pair_en.txt")
    ru = read_path(SAMPLES / "pair_ru.txt")
    key = pair_key(aligner.check_pair(en, ru))
    assert ReviewStore(db).decisions(key)[fingerprint].status == "accepted"

    # Filtering by kind narrows the cards to that kind.
    at.multiselect(key="filter_kind").set_value(["acronym_unmatched"]).run()
    assert all("Stray acronym" in e.label for e in at.expander if "●" in e.label)

    again = new_app().button(key="open_sample_pair").click().run()
    assert "accepted" in cards(again, "TSO")[0].label


@pytest.mark.slow
def test_spelling_is_fine_adds_an_alias_and_the_finding_goes(db: Path) -> None:
    at = sign_in(new_app().button(key="open_sample_pair").click().run())
    variants = [e for e in at.expander if "Name spelled differently" in e.label]
    assert variants, [e.label for e in at.expander]
    label = variants[0].label
    button(variants[0], "Reject: this spelling is fine").click()
    at.run()
    assert not at.exception
    assert ReviewStore(db).aliases()
    assert label not in [e.label for e in at.expander]


# -- HTML helpers ------------------------------------------------------------------------


def test_highlight_escapes_text_before_marking() -> None:
    text = 'A <b>bold</b> claim & "quote" by Ahmadov'
    start = text.index("Ahmadov")
    out = render.highlight(text, [render.Mark(start, start + 7, "medium", 'x" onmouseover="y')])
    assert "&lt;b&gt;bold&lt;/b&gt;" in out and "&amp;" in out
    assert '<mark class="al-medium" title="x&quot; onmouseover=&quot;y">Ahmadov</mark>' in out


def test_overlapping_marks_take_the_most_severe_colour_and_both_explanations() -> None:
    text = "the third meeting of TSO"
    marks = [render.Mark(4, 17, "low", "ordinal"), render.Mark(10, 24, "high", "acronym")]
    out = render.highlight(text, marks)
    assert out.count("<mark") == 3
    assert '<mark class="al-high" title="ordinal\nacronym">meeting</mark>' in out
    assert out.replace("</mark>", "").count("the third meeting of TSO") == 0
    # The text itself survives intact once the markup is removed.
    import re

    assert re.sub(r"<[^>]+>", "", out) == text


def test_marks_fall_back_to_the_quote_when_offsets_are_missing() -> None:
    doc_en = Document("en.txt", "en", ("Minister Farid Ahmadov spoke.",))
    doc_ru = Document("ru.txt", "ru", ("Выступил министр Фарид Ахмедов.",))
    finding = Finding(
        "name_variant",
        "medium",
        "spelling",
        en="Ahmadov",
        ru="Ахмедов",
        en_paragraph=0,
        ru_paragraph=0,
    )
    report = Report("test", {"en": doc_en, "ru": doc_ru}, [Link((0,), (0,), 0.9)], [finding])
    en_marks = render.paragraph_marks(report, [finding], "en")[0]
    ru_marks = render.paragraph_marks(report, [finding], "ru")[0]
    assert doc_en.paragraphs[0][en_marks[0].start : en_marks[0].end] == "Ahmadov"
    assert doc_ru.paragraphs[0][ru_marks[0].start : ru_marks[0].end] == "Ахмедов"
    assert render.link_of_finding(report, finding) == 0


def test_markdown_labels_cannot_be_styled_by_the_document() -> None:
    finding = Finding("name_variant", "high", "x", en=":red[**boom**]", ru="$x$")
    label = render.finding_label(finding, "open")
    assert ":red\\[\\*\\*boom\\*\\*\\]" in label and "\\$x\\$" in label


# -- batch uploads -----------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """What the app reads of an uploaded file (Streamlit's UploadedFile has the same)."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def load_app_module():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("aligner_app_under_test", APP)
    module = importlib.util.module_from_spec(spec)
    # Registered first: its dataclasses look their module up while being defined.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_upload_is_unpacked_inside_the_folder_only(tmp_path: Path) -> None:
    app = load_app_module()
    en = (SAMPLES / "pair_en.txt").read_bytes()
    archive = zip_of(
        {
            "news/meeting_en.txt": en,
            "news/meeting_ru.txt": (SAMPLES / "pair_ru.txt").read_bytes(),
            "../../escaped_en.txt": en,
            "/abs/escaped_ru.txt": en,
            "news/readme.exe": b"MZ",
        }
    )
    inbox = tmp_path / "in"
    inbox.mkdir()
    skipped = app.unpack_uploads([Upload("batch.zip", archive), Upload("x.txt", en)], inbox)

    found = sorted(str(p.relative_to(inbox)) for p in inbox.rglob("*") if p.is_file())
    assert found == ["batch/news/meeting_en.txt", "batch/news/meeting_ru.txt", "x.txt"]
    assert not list(tmp_path.rglob("escaped_*"))
    assert len(skipped) == 2 and all(line.startswith("batch.zip: ") for line in skipped)


def test_broken_zip_is_reported_by_name(tmp_path: Path) -> None:
    app = load_app_module()
    skipped = app.unpack_uploads([Upload("reports.zip", b"PK\x03\x04 broken")], tmp_path)
    assert skipped == ["reports.zip: is not a readable zip archive"]
