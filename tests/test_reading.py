"""Reading documents: every supported format and encoding to text, every bad input refused
with a one-line message that names the file."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.reading import SUPPORTED_SUFFIXES, ReadLimits, read_bytes, read_path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu fonts (fonts-dejavu-core)")

RU = (
    "Делегация прибыла в Женеву в понедельник.\n"
    "Переговоры с министром иностранных дел Сергеем Лавровым начались в полдень.\n"
    "Представитель МИД сообщил, что стороны обсудили обмен пленными."
)
EN = (
    "The delegation arrived in Geneva on Monday.\n"
    "Talks with Foreign Minister Sergei Lavrov began at noon.\n"
    "A ministry spokesman said the sides discussed a prisoner exchange."
)
MIXED = "В заявлении МИД (Reuters) говорится, что Сергей Лавров прибыл в Анкару 12 марта."

# Short real Russian texts: the hard case for telling cp1251 from koi8-r.
SHORT_RU = [
    "Привет, мир.",
    "Москва, 5 мая.\nЗаседание перенесли на среду.",
    "Шёл дождь. Ёлка ещё стояла во дворе.",
    "СРОЧНО: ВЗРЫВ В ЦЕНТРЕ ГОРОДА",
    "Фарид Ахмедов встретился с Ильхамом Алиевым в Баку.\nВстреча длилась час.",
    '"Известия" сообщили: погибли 3 человека, ранены 12.',
    "Глава ФСБ заявил журналистам, что угрозы нет.",
    # Few of the common letters (о, е, а, ...): letter frequency alone would misjudge it.
    "Азербайджана, а также деятельность Рабочей группы по созданию",
    "между",
]


def refusal(call, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        call(*args, **kwargs)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return info.value


# --------------------------------------------------------------------------------------
# Encodings


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-16-le", "utf-16-be", "cp1251", "koi8_r"],
)
@pytest.mark.parametrize("text", [RU, MIXED], ids=["russian", "russian+latin"])
def test_russian_text_decodes_from_every_supported_encoding(
    tmp_path: Path, encoding: str, text: str
) -> None:
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)  # "utf-16-le"/"utf-16-be": no byte-order mark
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    assert read_path(path) == text
    assert read_bytes(data, "upload.txt") == text


@pytest.mark.parametrize("encoding", ["ascii", "utf-8", "cp1252", "latin-1", "utf-16"])
def test_english_text_decodes(encoding: str) -> None:
    text = EN if encoding == "ascii" else EN + "\nMüller said the café was closed."
    assert read_bytes(text.encode(encoding), "en.txt") == text


def test_cp1252_punctuation_in_english_is_kept() -> None:
    text = "The minister said: \u201cWe agreed\u201d \u2014 and left.\nCosts rose 5\u20ac."
    assert read_bytes(text.encode("cp1252"), "en.txt") == text


@pytest.mark.parametrize("encoding", ["cp1251", "cp1252"])
def test_english_with_one_windows_dash_is_not_read_as_cyrillic(encoding: str) -> None:
    text = "**Article 1** – On the possibility of developing common mechanisms"
    assert read_bytes(text.encode(encoding), "en.txt") == text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
@pytest.mark.parametrize("text", SHORT_RU, ids=[f"short{i}" for i in range(len(SHORT_RU))])
def test_short_russian_is_not_confused_between_cp1251_and_koi8r(encoding: str, text: str) -> None:
    assert read_bytes(text.encode(encoding), "short.txt") == text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newlines_are_normalised(newline: str) -> None:
    data = RU.replace("\n", newline).encode("cp1251")
    assert read_bytes(data, "win.txt") == RU


def test_file_mixing_utf8_and_cp1251_lines_reads_both() -> None:
    utf8_part = "Первая часть сохранена в UTF-8.\n"
    cp1251_part = "Вторую часть вставили из старого файла в Windows-1251.\n"
    data = utf8_part.encode("utf-8") + cp1251_part.encode("cp1251") + utf8_part.encode("utf-8")
    assert read_bytes(data, "mixed.txt") == utf8_part + cp1251_part + utf8_part


def test_damaged_utf8_keeps_the_good_text_and_replaces_bad_bytes() -> None:
    good = RU.encode("utf-8")
    cut = good.index(b"\n") + 1
    data = good[:cut] + b"\xff\xfe\x80" + good[cut:]
    text = read_bytes(data, "damaged.txt")
    assert "\ufffd" in text
    assert text.replace("\ufffd", "") == RU


def test_large_cp1251_file_decodes(tmp_path: Path) -> None:
    text = "\n".join([RU] * 4000)  # ~800 KB: the guess is made on a sample, applied to all
    path = tmp_path / "long.txt"
    path.write_bytes(text.encode("cp1251"))
    start = time.perf_counter()
    assert read_path(path) == text
    assert time.perf_counter() - start < 10


def test_file_without_extension_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "NOTES"
    path.write_bytes(RU.encode("koi8_r"))
    assert read_path(path) == RU


def test_markdown_source_is_returned_unchanged() -> None:
    md = "# Переговоры в Женеве\n\n* **Лавров** прибыл\n* [ссылка](http://example.com)\n"
    assert read_bytes(md.encode("utf-8"), "notes.md") == md
    assert read_bytes(md.replace("\n", "\r\n").encode("cp1251"), "notes.markdown") == md


# --------------------------------------------------------------------------------------
# HTML

HTML = """<!DOCTYPE html>
<html><head><title>Page title</title>
<style>p { color: red } .secret { display: none }</style>
<script>var payload = "<p>script text</p>"; document.write("injected");</script>
</head>
<body>
<!-- an editor's comment -->
<h1>Talks in Geneva</h1>
<p>The <b>dele</b>gation arrived &amp; said &lt;script&gt; was only a word.</p>
<div>First line<br>Second line</div>
<ul><li>one</li><li>two <i>items</i></li></ul>
<table><tr><th>Name</th><th>Role</th></tr><tr><td>Farid   Ahmadov</td><td>minister</td></tr></table>
<noscript>Enable JavaScript</noscript>
<template><p>template text</p></template>
<blockquote>Quoted words</blockquote>
<article><section><p>Ф&#1072;рид&nbsp;Ахмедов &mdash; министр</p></section></article>
</body></html>"""


def test_html_becomes_paragraphs_without_code() -> None:
    text = read_bytes(HTML.encode("utf-8"), "page.html")
    paragraphs = text.split("\n\n")
    assert paragraphs == [
        "Talks in Geneva",
        "The delegation arrived & said <script> was only a word.",
        "First line",
        "Second line",
        "one",
        "two items",
        "Name\tRole",
        "Farid Ahmadov\tminister",
        "Quoted words",
        "Фарид\xa0Ахмедов — министр",
    ]
    for hidden in ("script text", "injected", "color", "Page title", "comment", "JavaScript"):
        assert hidden not in text
    assert "template text" not in text


def test_html_in_cp1251_with_and_without_declared_charset() -> None:
    body = "<p>Делегация прибыла в Женеву.</p><p>Переговоры начались в полдень.</p>"
    declared = f'<html><head><meta charset="windows-1251"></head><body>{body}</body></html>'
    expected = "Делегация прибыла в Женеву.\n\nПереговоры начались в полдень."
    assert read_bytes(declared.encode("cp1251"), "ru.htm") == expected
    bare = f"<html><body>{body}</body></html>"
    assert read_bytes(bare.encode("cp1251"), "ru.html") == expected
    assert read_bytes(bare.encode("koi8_r"), "ru.html") == expected


def test_html_table_laid_out_over_several_lines_keeps_its_columns() -> None:
    page = """<table>
      <tr>
        <th>Дата</th>
        <th>Событие</th>
      </tr>
      <tr>
        <td></td>
        <td>Переговоры   в
            Женеве</td>
      </tr>
    </table>"""
    assert (
        read_bytes(page.encode("utf-8"), "table.html") == "Дата\tСобытие\n\n\tПереговоры в Женеве"
    )


@pytest.mark.parametrize(
    "declared, actual",
    [
        ("windows-1251", "utf-8"),
        ("utf-8", "cp1251"),
        ("no-such-charset", "koi8_r"),
        ("windows-1251", "koi8_r"),
        ("koi8-r", "cp1251"),
    ],
)
def test_html_with_a_wrong_charset_declaration_still_reads(declared: str, actual: str) -> None:
    page = f'<html><head><meta charset="{declared}"></head><body><p>{RU}</p></body></html>'
    assert read_bytes(page.encode(actual), "mislabelled.html") == " ".join(RU.split("\n"))


def test_html_with_only_scripts_is_refused() -> None:
    page = "<html><head><script>alert(1)</script></head><body>  </body></html>"
    error = refusal(read_bytes, page.encode(), "empty.html")
    assert str(error).startswith("empty.html: ") and "no text" in error.problem


def test_deeply_nested_html_does_not_crash() -> None:
    page = "<div>" * 5000 + "deep text" + "</div>" * 5000
    assert read_bytes(page.encode(), "deep.html") == "deep text"


# --------------------------------------------------------------------------------------
# Word .docx


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Переговоры в Женеве", level=1)
    document.add_paragraph("Делегация прибыла в понедельник.")
    document.add_paragraph("")  # empty paragraphs are not kept
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Имя"
    table.cell(0, 1).text = "Должность"
    table.cell(1, 0).text = "Farid Ahmadov"
    table.cell(1, 1).text = "министр"
    document.add_heading("Second heading", level=2)
    document.add_paragraph("The talks ended on Tuesday.")
    document.save(str(path))


def test_docx_paragraphs_headings_and_tables_in_order(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    make_docx(path)
    assert read_path(path).split("\n\n") == [
        "Переговоры в Женеве",
        "Делегация прибыла в понедельник.",
        "Имя",
        "Должность",
        "Farid Ahmadov",
        "министр",
        "Second heading",
        "The talks ended on Tuesday.",
    ]
    assert read_bytes(path.read_bytes(), "upload.docx") == read_path(path)


def test_docx_merged_cell_is_read_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Объединённая ячейка"
    table.cell(0, 2).text = "Last"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read_path(path) == "Объединённая ячейка\n\nLast"


def test_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("just text, renamed", encoding="utf-8")
    error = refusal(read_path, path)
    assert error.source == str(path) and ".docx" in error.problem


def test_zip_without_word_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    error = refusal(read_path, path)
    assert "Word .docx" in error.problem


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    make_docx(path)
    path.write_bytes(path.read_bytes()[:2000])
    assert "Word .docx" in refusal(read_path, path).problem


def test_docx_with_no_text_is_refused(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert "no text" in refusal(read_path, path).problem


# --------------------------------------------------------------------------------------
# PDF


def new_pdf():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    return pdf


def write_paragraphs(pdf, paragraphs: list[str]) -> None:
    for paragraph in paragraphs:
        pdf.multi_cell(0, 7, paragraph)
        pdf.ln(7)


@needs_font
def test_pdf_keeps_lines_paragraphs_and_page_breaks(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.add_page()
    write_paragraphs(
        pdf,
        [
            "The delegation arrived in Geneva on Monday. Talks with the foreign minister "
            "began at noon and lasted for four hours in the old building.",
            "Делегация прибыла в Женеву в понедельник. Переговоры с министром иностранных "
            "дел начались в полдень и продлились четыре часа.",
            "A spokesman said the sides discussed energy sup-\nplies and prisoners.",
        ],
    )
    pdf.multi_cell(0, 7, "The final communique will be published after the")
    pdf.add_page()
    write_paragraphs(pdf, ["meeting ends on Tuesday.", "Last paragraph."])
    path = tmp_path / "report.pdf"
    pdf.output(str(path))

    paragraphs = read_path(path).split("\n\n")
    assert len(paragraphs) == 6
    # Lines wrapped inside a paragraph stay joined by a single newline.
    assert paragraphs[0].count("\n") == 1
    assert paragraphs[0].replace("\n", " ") == (
        "The delegation arrived in Geneva on Monday. Talks with the foreign minister "
        "began at noon and lasted for four hours in the old building."
    )
    assert paragraphs[1].replace("\n", " ").startswith("Делегация прибыла в Женеву")
    # Hyphenation and the page break mid-sentence are left for the normaliser.
    assert paragraphs[2] == "A spokesman said the sides discussed energy sup-\nplies and prisoners."
    assert paragraphs[3:] == [
        "The final communique will be published after the",
        "meeting ends on Tuesday.",
        "Last paragraph.",
    ]


@needs_font
def test_pdf_heading_is_its_own_paragraph(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.add_font("DejaVu", style="B", fname=str(FONT_BOLD))
    pdf.add_page()
    pdf.set_font("DejaVu", style="B", size=18)
    pdf.multi_cell(0, 8, "Переговоры в Женеве", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, "Делегация прибыла в понедельник.\nПереговоры начались в полдень.")
    path = tmp_path / "heading.pdf"
    pdf.output(str(path))
    assert read_path(path) == (
        "Переговоры в Женеве\n\nДелегация прибыла в понедельник.\nПереговоры начались в полдень."
    )


@needs_font
def test_pdf_first_line_indents_start_paragraphs_but_hanging_indents_do_not() -> None:
    pdf = new_pdf()
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    rows = [  # (x in mm, text) at an even line pitch: only the indents show the paragraphs
        (30, "Делегация прибыла в Женеву в понедельник, и переговоры"),
        (20, "начались в полдень."),
        (30, "Представитель МИД сообщил, что стороны обсудили"),
        (20, "обмен пленными."),
        (20, "1. Первый пункт повестки, который не уместился"),
        (26, "в одну строку."),
    ]
    for n, (x, text) in enumerate(rows):
        pdf.text(x, 30 + 5.5 * n, text)
    paragraphs = read_bytes(bytes(pdf.output()), "indents.pdf").split("\n\n")
    assert (
        paragraphs[0]
        == "Делегация прибыла в Женеву в понедельник, и переговоры\nначались в полдень."
    )
    assert paragraphs[1].startswith("Представитель МИД сообщил")
    assert paragraphs[1].endswith("1. Первый пункт повестки, который не уместился\nв одну строку.")


@needs_font
def test_pdf_upload_reads_like_the_file(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.add_page()
    write_paragraphs(pdf, ["First paragraph.", "Второй абзац."])
    data = bytes(pdf.output())
    assert read_bytes(data, "upload.pdf") == "First paragraph.\n\nВторой абзац."


def test_image_only_pdf_is_refused_with_ocr_advice(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    error = refusal(read_path, path)
    assert str(error).startswith(f"{path}: ")
    assert "no text layer" in error.problem and "OCR" in error.problem


@needs_font
def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    pdf = new_pdf()
    pdf.add_page()
    write_paragraphs(pdf, ["Secret text."])
    plain = tmp_path / "plain.pdf"
    pdf.output(str(plain))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    assert "password" in refusal(read_path, locked).problem


@needs_font
def test_pdf_with_only_an_owner_password_opens(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    pdf = new_pdf()
    pdf.add_page()
    write_paragraphs(pdf, ["Printable but not editable."])
    plain = tmp_path / "plain.pdf"
    pdf.output(str(plain))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    restricted = tmp_path / "restricted.pdf"
    writer.write(restricted)
    assert read_path(restricted) == "Printable but not editable."


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + random.Random(1).randbytes(3000),
        b"this was never a PDF",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF",
    ],
    ids=["garbage-after-header", "text-renamed", "no-pages"],
)
def test_corrupt_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    error = refusal(read_path, path)
    assert error.source == str(path)
    assert "PDF" in error.problem


@needs_font
def test_pdf_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    pdf = new_pdf()
    for n in range(5):
        pdf.add_page()
        pdf.cell(0, 10, f"Page {n + 1}")
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    error = refusal(read_path, path, limits=ReadLimits(max_pages=3))
    assert "5 pages" in error.problem and "3-page limit" in error.problem
    assert "ALIGNER_MAX_PAGES" in error.problem
    assert read_path(path, limits=ReadLimits(max_pages=5)).split("\n\n") == [
        f"Page {n}" for n in range(1, 6)
    ]


# --------------------------------------------------------------------------------------
# Refusals common to all formats


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    error = refusal(read_path, path)
    assert str(error) == f"{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "directory" in refusal(read_path, folder).problem


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf", ""])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    error = refusal(read_path, path)
    assert error.source == str(path) and "empty" in error.problem


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", "\u00a0\u2003\n".encode(), b"\xef\xbb\xbf \n"])
def test_whitespace_only_file(data: bytes) -> None:
    error = refusal(read_bytes, data, "blank.txt")
    assert str(error).startswith("blank.txt: ") and "no text" in error.problem


@pytest.mark.parametrize(
    "data, hint",
    [
        (random.Random(7).randbytes(5000), "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG image"),
        (b"PK\x03\x04" + b"\x00" * 100, "zip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ".pdf"),
        (b"\x00\x01\x02\x03" * 500 + b"some text", "binary"),
    ],
    ids=["random", "png", "zip", "pdf", "nul-heavy"],
)
def test_binary_renamed_to_txt_is_refused(data: bytes, hint: str) -> None:
    error = refusal(read_bytes, data, "photo.txt")
    assert error.source == "photo.txt"
    assert "not a text file" in error.problem and hint in error.problem


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"])
def test_binary_that_starts_like_a_byte_order_mark_is_refused(bom: bytes) -> None:
    data = bom + random.Random(5).randbytes(4000)
    assert "not a text file" in refusal(read_bytes, data, "junk.txt").problem


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert "not a regular file" in refusal(read_path, pipe).problem


@pytest.mark.parametrize("name", ["scan.jpg", "old.doc", "data.xlsx", "notes.2024"])
def test_unsupported_extension_lists_the_supported_ones(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"anything")
    error = refusal(read_path, path)
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in error.problem
    if name.endswith(".doc"):
        assert "save it as .docx" in error.problem
    # Uploads are judged by name alone.
    assert refusal(read_bytes, b"anything", name).problem == error.problem


def test_too_large_names_the_limit_and_how_to_raise_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(("a" * 99 + "\n").encode() * 30)
    error = refusal(read_path, path, limits=ReadLimits(max_bytes=1000))
    assert "3000 bytes" in error.problem or "2.9 KB" in error.problem
    assert "1000 bytes limit" in error.problem and "ALIGNER_MAX_BYTES" in error.problem
    error = refusal(read_bytes, path.read_bytes(), "big.txt", limits=ReadLimits(max_bytes=1000))
    assert "ALIGNER_MAX_BYTES" in error.problem


def test_20mb_file_is_refused_quickly_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 20 MB on paper, nothing written
        fh.truncate(20 * 1024 * 1024)
    tracemalloc.start()
    start = time.perf_counter()
    error = refusal(read_path, path)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "20.0 MB" in error.problem and "10.0 MB limit" in error.problem
    assert elapsed < 0.5
    assert peak < 1024 * 1024


# --------------------------------------------------------------------------------------
# Limits and import cost


def test_limits_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNER_MAX_BYTES", "2048")
    monkeypatch.setenv("ALIGNER_MAX_PAGES", "7")
    assert ReadLimits.from_env() == ReadLimits(max_bytes=2048, max_pages=7)
    monkeypatch.delenv("ALIGNER_MAX_BYTES")
    monkeypatch.delenv("ALIGNER_MAX_PAGES")
    assert ReadLimits.from_env() == ReadLimits(max_bytes=10 * 1024 * 1024, max_pages=300)


def test_default_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNER_MAX_BYTES", "100")
    error = refusal(read_bytes, b"x" * 101, "note.txt")
    assert "100 bytes limit" in error.problem
    assert read_bytes(b"x" * 100, "note.txt") == "x" * 100


@pytest.mark.parametrize("value", ["ten", "-5", "0", "1.5"])
@pytest.mark.parametrize("variable", ["ALIGNER_MAX_BYTES", "ALIGNER_MAX_PAGES"])
def test_bad_limit_values_are_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    error = refusal(ReadLimits.from_env)
    assert error.source == variable and repr(value) in error.problem
    assert "positive whole number" in error.problem


def test_importing_reading_does_not_load_the_parsers() -> None:
    heavy = ["pypdf", "docx", "bs4", "lxml", "charset_normalizer"]
    code = (
        "import sys, aligner\n"
        f"before = {{m for m in {heavy!r} if m in sys.modules}}\n"
        "import aligner.reading\n"
        f"print(sorted({{m for m in {heavy!r} if m in sys.modules}} - before))\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"
