"""bimtek share: the built site served to the phones in the room, with its address and QR code printed."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from browser_support import CHROMIUM_ARGS, PHONE, chromium_path, record

from conftest import REPO_ROOT, copy_project
from minimal import write_project


def start_share(root: Path) -> tuple[subprocess.Popen, str]:
    """``bimtek share ROOT --port 0`` in a subprocess, as a trainer runs it; what it printed before serving."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "generator"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "bimtek", "share", str(root), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    printed = []
    for line in process.stdout:  # the last line says how to stop it, once it serves
        printed.append(line)
        if "Ctrl+C" in line:
            break
    return process, "".join(printed)


def stop(process: subprocess.Popen) -> tuple[int, str]:
    # SIGTERM, not Ctrl+C's SIGINT: a process started in the background (as under CI) ignores SIGINT.
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=30)
    return process.returncode, errors


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def qr_codes_in(printed: str) -> list[str]:
    """The QR codes drawn in the terminal (a module a black or white cell), read back as a phone would."""
    rows = [re.findall(r"\x1b\[(40|107)m  ", line) for line in printed.splitlines()]
    matrix = [[cell == "40" for cell in row] for row in rows if row]
    assert matrix, "no QR code printed"
    scale = 6
    width, height = len(matrix[0]) * scale, len(matrix) * scale
    pixels = bytes(0 if matrix[y // scale][x // scale] else 255 for y in range(height) for x in range(width))
    found = zxingcpp.read_barcodes(memoryview(pixels).cast("B", shape=[height, width]))
    return [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]


def built_project(folder: Path) -> Path:
    from bimtek.build import build_site

    root = write_project(folder)
    build_site(root)
    return root


def test_share_serves_the_site_on_the_network_with_its_address_and_qr_code(tmp_path: Path):
    root = built_project(tmp_path / "project")
    (root / "private").mkdir(exist_ok=True)
    (root / "private" / "peserta.txt").write_text("NIP 198001012005011001", encoding="utf-8")
    process, printed = start_share(root)
    try:
        addresses = re.findall(r"http://[0-9.]+:[0-9]+/", printed)
        assert addresses, printed
        address = addresses[0]
        assert "Peserta membuka situs ini di ponsel" in printed  # the sample workshop is Indonesian
        assert qr_codes_in(printed) == [address]

        status, kind, body = fetch(address)
        assert (status, kind) == (200, "text/html")
        assert BeautifulSoup(body, "html.parser").title.get_text().startswith("Bimtek Uji")
        status, kind, body = fetch(address + "lessons/satu.html")
        assert status == 200 and "Sesi Satu" in BeautifulSoup(body, "html.parser").h1.get_text()
        status, kind, body = fetch(address + "search/search_index.json")  # search works from the laptop too
        assert (status, kind) == (200, "application/json") and b"Sesi Satu" in body
        # Only site/ is served: the private papers (the facilitator guide, names and NIPs) stay out.
        for sneaky in ("../private/peserta.txt", "%2e%2e/private/peserta.txt", "..%2fprivate%2fpeserta.txt"):
            assert fetch(address + sneaky)[0] == 404, sneaky
        for folder in ("handouts/", "lessons/", "assets/"):  # folders without a page are not listed
            status, _, body = fetch(address + folder)
            assert status == 404 and b"Directory listing" not in body, folder

        # The page for the projector, at the laptop's own address too.
        projector = re.findall(r"http://127\.0\.0\.1:[0-9]+/_share\.html", printed)
        assert projector and projector[0].split(":")[2].split("/")[0] == address.split(":")[2].rstrip("/"), printed
        status, kind, body = fetch(projector[0])
        assert (status, kind) == (200, "text/html")
        page = BeautifulSoup(body, "html.parser")
        assert page.h1.get_text() == "Bimtek Uji" and page.select_one(".address").get_text() == address
        assert "pindai kode ini dengan kamera" in page.get_text()  # in the workshop's language
        assert page.select_one("img.qr-code")["src"].startswith("data:image/svg+xml")
    finally:
        code, errors = stop(process)
    assert code == 0 and "Traceback" not in errors, errors


def test_share_without_a_built_site_says_to_build_it(tmp_path: Path):
    root = copy_project(REPO_ROOT, tmp_path / "sample")
    result = subprocess.run([sys.executable, "-m", "bimtek", "share", str(root), "--port", "0"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "generator")}, timeout=60)
    assert result.returncode == 1
    assert f"{root / 'site'}: no site built yet; run 'bimtek build' first" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_phone_on_the_network_ticks_a_checklist_that_stays_ticked(tmp_path: Path):
    """At the network address (not a secure origin: no service worker), the page's scripts still work."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium at /usr/bin/chromium (Debian package 'chromium'; `make test` installs it)")
    process, printed = start_share(built_project(tmp_path / "project"))
    try:
        address = re.findall(r"http://[0-9.]+:[0-9]+/", printed)[0]
        with playwright_api.sync_playwright() as manager:
            browser = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport=PHONE).new_page()
            log = record(page, address)
            # The projector's page: its QR code, read from the screen as a phone's camera would, opens the site.
            projector = re.findall(r"http://127\.0\.0\.1:[0-9]+/_share\.html", printed)[0]
            screen = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            screen.goto(projector)
            assert screen.evaluate("document.documentElement.scrollHeight <= innerHeight"), "the page fits the projector's screen"
            shot = Image.open(io.BytesIO(screen.screenshot())).convert("L")
            found = zxingcpp.read_barcodes(shot)
            assert [code.text for code in found] == [address]

            page.goto(address + "lessons/satu.html")
            checklist = page.locator(".bt-checklist").first
            checklist.locator("label.bt-check").nth(1).click()
            page.reload()
            boxes = page.locator(".bt-checklist").first.locator("input[data-item]")
            assert [boxes.nth(i).is_checked() for i in range(boxes.count())] == [False, True]
            browser.close()
        assert not log.outside(), log.outside()
        assert not log.errors, log.errors
    finally:
        stop(process)


def test_a_taken_port_moves_to_the_next_free_one(tmp_path: Path):
    import socket

    from bimtek.share import serve_site

    with socket.socket() as taken:
        taken.bind(("", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = serve_site(tmp_path, port)
        try:
            assert port < server.server_address[1] <= port + 9
        finally:
            server.server_close()


def test_the_address_of_a_hotspot_without_internet_is_found(monkeypatch):
    """A laptop running a hotspot for the room has no default route: its interfaces still have addresses."""
    from types import SimpleNamespace

    from bimtek import share

    def interface(address: str, family=share.socket.AF_INET):
        return SimpleNamespace(family=family, address=address)

    monkeypatch.setattr(share, "_default_route_address", lambda: None)
    monkeypatch.setattr(share.psutil, "net_if_addrs", lambda: {
        "lo": [interface("127.0.0.1")], "wlp2s0": [interface("10.42.0.1"), interface("fe80::1", share.socket.AF_INET6)],
        "enp3s0": [interface("169.254.7.7")]})
    assert share.network_addresses() == ["10.42.0.1"]
    monkeypatch.setattr(share, "_default_route_address", lambda: "192.168.1.20")
    assert share.network_addresses() == ["192.168.1.20", "10.42.0.1"]
