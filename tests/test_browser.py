"""End to end in headless Chromium: the real server, the real model, a real download.

Starts ``streamlit run app.py`` on a free localhost port with its own review database
and drives Debian's Chromium through Playwright (never ``playwright install``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The first check of a fresh server loads the embedding model.
COLD_TIMEOUT_MS = 180_000
# A warm server must show the sample pair's findings within this long of the click.
WARM_SECONDS = 5.0

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not become healthy:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("server")
    db, log = tmp / "review.sqlite", tmp / "streamlit.log"
    port = free_port()
    env = {**os.environ, "ALIGNER_REVIEW_DB": str(db)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "localhost",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url, db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):  # noqa: ANN001, ANN201 - Playwright types stay optional
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


def finding_card(page, text: str):  # noqa: ANN001, ANN201
    return page.locator('[data-testid="stExpander"]').filter(
        has=page.locator("summary", has_text=text)
    )


def open_card(card, inside) -> None:  # noqa: ANN001
    """Expand a finding card until `inside` shows: a rerun that lands just after the click
    may draw the card closed again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for _ in range(3):
        if not inside.is_visible():
            card.locator("summary").click()
        try:
            inside.wait_for(timeout=10_000)
            return
        except PlaywrightTimeoutError:
            continue
    inside.wait_for(timeout=10_000)


def open_sample_pair(page, url: str, timeout_ms: float) -> float:  # noqa: ANN001
    """Load the page, open the sample pair; seconds from the click to the TSO finding."""
    page.goto(url)
    page.get_by_role("button", name="Open the sample pair").click()
    started = time.monotonic()
    finding_card(page, "TSO").first.wait_for(timeout=timeout_ms)
    return time.monotonic() - started


def test_accept_tso_survives_reload_and_reaches_the_csv(page, server) -> None:  # noqa: ANN001
    url, _ = server
    open_sample_pair(page, url, COLD_TIMEOUT_MS)
    card = finding_card(page, "TSO").first
    assert "Stray acronym" in card.locator("summary").inner_text()

    name = page.get_by_role("textbox", name="Your name")
    name.fill("Browser Tester")
    name.press("Enter")
    # The rerun that records the name is over once the reminder to enter it has gone.
    page.get_by_text("Enter your name in the sidebar").wait_for(state="hidden")
    accept = card.get_by_role("button", name="Accept", exact=True)
    open_card(card, accept)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stExpander] button')]"
        ".some(b => b.innerText.trim() === 'Accept' && !b.disabled)"
    )
    accept.click()
    page.locator("summary", has_text="TSO").filter(has_text="accepted").wait_for(timeout=20_000)

    # A new page session, as after closing the tab: the decision comes from the store.
    page.reload()
    seconds = open_sample_pair(page, url, 30_000)
    assert "accepted" in finding_card(page, "TSO").first.locator("summary").inner_text()
    assert seconds < WARM_SECONDS, f"findings took {seconds:.1f}s on a warm server"

    page.get_by_role("tab", name="Export").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Discrepancies (CSV)").click()
    data = Path(info.value.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    tso = [r for r in rows if r["kind"] == "acronym_unmatched" and "TSO" in (r["en"] or "")]
    assert len(tso) == 1, rows
    assert tso[0]["status"] == "accepted"
    assert tso[0]["reviewer"] == "Browser Tester"

    with page.expect_download() as info:
        page.get_by_role("button", name="Discrepancies (Excel)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    header = [c.value for c in sheet[1]]
    xlsx_rows = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)
    ]
    assert [r["status"] for r in xlsx_rows if r["finding_id"] == tso[0]["finding_id"]] == [
        "accepted"
    ]

    with page.expect_download() as info:
        page.get_by_role("button", name="Report (JSON)").click()
    report = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert report["schema"] == "aligner.report/1"
    assert tso[0]["finding_id"] in {d["id"] for d in report["discrepancies"]}


HOSTILE = (
    "Prosecutor General Berik Asylov met the delegation in Astana on Monday to discuss "
    "judicial cooperation between the member states of the organisation. "
    "<script>window.__xss=1</script> "
    '<img src=x onerror="window.__xss=1"> '
    "Later ASSYLOV told reporters that the talks had gone well and that the cooperation "
    "would continue next year with a meeting in Bishkek."
)


def test_pasted_markup_is_shown_as_text_and_never_runs(page, server) -> None:  # noqa: ANN001
    url, _ = server
    page.goto(url)
    page.get_by_role("tab", name="Paste").click()
    box = page.get_by_role("textbox", name="English report")
    box.fill(HOSTILE)
    box.press("Control+Enter")
    page.get_by_role("button", name="Check the pasted text").click()
    paragraph = page.locator(".al-para").first
    paragraph.wait_for(timeout=60_000)

    text = paragraph.inner_text()
    assert "<script>" in text and "</script>" in text
    assert '<img src=x onerror="window.' in text
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_batch_zip_pairs_checks_and_opens_a_pair_in_review(page, server, tmp_path) -> None:  # noqa: ANN001
    url, _ = server
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(ROOT / "data" / "samples" / "pair_en.txt", "otg/meeting_en.txt")
        zf.write(ROOT / "data" / "samples" / "pair_ru.txt", "otg/meeting_ru.txt")
    page.goto(f"{url}/batch")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(archive))
    page.get_by_text("reports.zip").first.wait_for()
    page.get_by_role("button", name="Run the batch").click()
    page.get_by_text("1 pair(s)").wait_for(timeout=COLD_TIMEOUT_MS)

    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    # The row's selection checkbox: left edge, second row of the grid (below the header).
    page.mouse.click(box["x"] + 12, box["y"] + 52)
    page.get_by_role("button", name="in the review view").click()
    finding_card(page, "TSO").first.wait_for(timeout=60_000)
    assert "meeting_en.txt" in page.get_by_role("heading", level=3).first.inner_text()
