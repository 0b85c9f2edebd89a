"""`coursepack preview`: the server's limits, and the page in a real headless browser."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import struct
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE, coursepack_process

from generator.live.server import OutputView, PreviewServer, PreviewState

CELL = "Focuses on the what and why of a product"


@pytest.fixture
def server() -> PreviewServer:
    state = PreviewState()
    state.publish(build=1, seconds=0.5, error="", warnings=[], views=[
        OutputView("pm.yaml", documents={
            "handout": [{"url": "/image/b1-o0-handout-1.png", "text": "Hello"}]})],
        images={"b1-o0-handout-1.png": b"\x89PNG fake"})
    preview = PreviewServer(state)
    threading.Thread(target=preview.serve_forever, daemon=True).start()
    yield preview
    preview.shutdown()
    preview.server_close()


def get(server: PreviewServer, path: str, host: str | None = None, method: str = "GET",
        hosts: list[str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """Send a request with the Host header `host` (by default the server's own address), or
    with one Host header for each of `hosts` (none for [])."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest(method, path, skip_host=True)
    for value in [f"127.0.0.1:{port}" if host is None else host] if hosts is None else hosts:
        connection.putheader("Host", value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, dict(response.getheaders())


def test_the_server_listens_on_the_loopback_address_only(server: PreviewServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_the_page_its_state_and_its_pictures_are_served(server: PreviewServer) -> None:
    status, page, headers = get(server, "/")
    assert status == 200 and b"coursepack preview" in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    status, body, _ = get(server, "/state")
    state = json.loads(body)
    assert status == 200 and state["build"] == 1
    assert state["outputs"][0]["documents"]["handout"][0]["text"] == "Hello"
    status, body, headers = get(server, "/image/b1-o0-handout-1.png")
    assert status == 200 and body == b"\x89PNG fake" and headers["Content-Type"] == "image/png"


@pytest.mark.parametrize("path", [
    "/image/../../../../etc/passwd", "/image/%2e%2e/%2e%2e/etc/passwd", "/../etc/passwd",
    "//etc/passwd", "/image//etc/passwd", "/image/b1-o0-handout-1.png/../../x",
    "/image/" + str(SAMPLE), "/content/product-vs-project-management.yaml", "/output/",
    "/image/b1-o0-handout-9.png", "http://127.0.0.1/../etc/passwd", "/%00", "/state/../x",
])
def test_no_url_reaches_a_file(server: PreviewServer, path: str) -> None:
    status, body, _ = get(server, path)
    assert status == 404, path
    assert b"root:" not in body


def test_requests_for_another_host_or_with_other_methods_are_refused(
        server: PreviewServer) -> None:
    assert get(server, "/state", host="evil.example:80")[0] == 403
    assert get(server, "/state", host=f"attacker.test:{server.server_address[1]}")[0] == 403
    assert get(server, "/state", method="POST")[0] == 405
    assert get(server, "/state", method="DELETE")[0] == 405
    assert get(server, "/state", host=f"localhost:{server.server_address[1]}")[0] == 200


@pytest.mark.parametrize("host", [
    "localhost.attacker.example:{port}", "127.0.0.1.nip.io:{port}", "localhost:{other}",
    "127.0.0.1:{other}", "127.0.0.1:{port}.attacker.example", "", "user@127.0.0.1:{port}",
    "localhost@attacker.example:{port}", "127.0.0.1", "localhost", "attacker.example",
])
def test_only_requests_addressed_to_the_preview_by_its_own_name_are_served(
        server: PreviewServer, host: str) -> None:
    port = server.server_address[1]
    host = host.format(port=port, other=port + 1 if port < 65535 else port - 1)
    for path in ("/", "/state", "/image/b1-o0-handout-1.png"):
        status, body, _ = get(server, path, host=host)
        assert status == 403 and body == b"forbidden", (host, path)
    assert get(server, "/state", host=f"127.0.0.1:{port}")[0] == 200


@pytest.mark.parametrize("hosts", [
    ["127.0.0.1:{port}", "attacker.example:{port}"], ["attacker.example:{port}", "127.0.0.1:{port}"],
    ["127.0.0.1:{port}", "127.0.0.1:{port}"], [],
])
def test_a_request_without_exactly_one_host_header_is_refused(server: PreviewServer,
                                                              hosts: list[str]) -> None:
    port = server.server_address[1]
    status, body, _ = get(server, "/state", hosts=[host.format(port=port) for host in hosts])
    assert status == 400 and body == b"one Host header, please"


def drop(port: int, request: bytes, *, reset: bool = True, read: int = 0) -> None:
    """Send `request` (whole or in part), read `read` bytes of the answer, then go away as a
    closed tab does: abruptly (a reset) or, with `reset` False, without reading the rest."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        while read > 0:
            read -= len(connection.recv(read))
        if reset:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def drops(port: int, picture: str) -> None:
    """Leave the preview mid-request in every way a browser does."""
    host = f"Host: 127.0.0.1:{port}\r\n".encode()
    drop(port, b"GET / HTTP/1.1\r\n" + host)  # before the request ends
    drop(port, b"GET / HTTP/1.1\r\n" + host + b"\r\n", read=20)  # while the page comes
    drop(port, b"GET /events HTTP/1.1\r\n" + host + b"\r\n", read=20)  # the stream closed
    for reset in (True, False):  # a picture not read to its end
        drop(port, f"GET {picture} HTTP/1.1\r\n".encode() + host + b"\r\n", reset=reset)


def test_a_page_that_goes_away_mid_request_is_not_reported(
        server: PreviewServer, capfd: pytest.CaptureFixture[str]) -> None:
    with server.state.lock:  # larger than the sockets' buffers: the server is mid-write
        server.state.images["large.png"] = b"\x89PNG" + bytes(8 * 1024 * 1024)
    before = set(threading.enumerate())
    drops(server.server_address[1], "/image/large.png")
    server.state.notify()  # the closed event stream hears of it at the next build
    deadline = time.monotonic() + 10
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.05)  # each request's thread ends
    assert not set(threading.enumerate()) - before
    assert get(server, "/state")[0] == 200
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_the_page_loads_nothing_from_the_network() -> None:
    page = (REPO / "generator" / "live" / "preview.html").read_text(encoding="utf-8")
    assert not re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", page)
    assert not re.findall(r"""url\(\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page


def chromium() -> str | None:
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


class Preview:
    """A `coursepack preview --no-open` process, and the URL it printed."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.process = coursepack_process(cwd, "preview", "--no-open", *args)
        assert self.process.stdout is not None
        self.url = ""
        for line in self.process.stdout:
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if found:
                self.url = found.group(0)
                break
        assert self.url, "the preview printed no URL"

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].strip("/"))

    def built(self, timeout: float = 120) -> dict:
        """Return the page's state once the first build has landed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the preview stopped"
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                connection.request("GET", "/state")
                state = json.loads(connection.getresponse().read())
            finally:
                connection.close()
            if state["ready"]:
                return state
            time.sleep(0.2)
        raise AssertionError(f"no build within {timeout} s")

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        assert self.process.stdout is not None
        rest = self.process.stdout.read()
        self.process.stdout.close()
        return code, rest


def test_the_terminal_says_nothing_of_pages_that_go_away_mid_request(tmp_path: Path) -> None:
    (tmp_path / "pm.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    preview = Preview(tmp_path, "pm.yaml", "--format", "cheatsheet", "--out", "out")
    try:
        drop(preview.port, b"GET / HTTP/1.1\r\n")  # while the first build runs
        state = preview.built()
        assert not state["error"], state["error"]
        picture = state["outputs"][0]["documents"]["cheatsheet"][0]["url"]
        for _ in range(3):
            drops(preview.port, picture)
        time.sleep(1)  # a traceback would be printed by now
        connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
        connection.request("GET", picture)
        assert connection.getresponse().read().startswith(b"\x89PNG")  # still serving
        connection.close()
    finally:
        code, rest = preview.stop()
    assert code == 0, rest
    assert "Traceback" not in rest and "Error" not in rest and "request" not in rest, rest


def answer_words() -> list[str]:
    """Return each of the sample's review answers, as its letters only."""
    from generator.source.load import load_source
    from generator.source.markdown import to_plain_text

    return [letters(to_plain_text(item.answer)) for item in load_source(SAMPLE).review]


def letters(text: str) -> str:
    """Return `text` as its letters only, to compare whatever the line breaks."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", "")).lower()


@pytest.mark.parametrize("edition", ["", "--answer-key", "--no-answer-key"])
def test_the_preview_shows_the_edition_asked_for(tmp_path: Path, edition: str) -> None:
    """`--no-answer-key`: the learner handout, without the answers, on the page and on disk
    (named so); else the handout with them."""
    import pypdf

    (tmp_path / "pm.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    preview = Preview(tmp_path, "pm.yaml", "--format", "handout", "--out", "out",
                      *filter(None, [edition]))
    try:
        state = preview.built()
    finally:
        code, rest = preview.stop()
    assert code == 0, rest
    shown = letters(" ".join(page["text"] for page in
                             state["outputs"][0]["documents"]["handout"]))
    learners = edition == "--no-answer-key"
    (written,) = (tmp_path / "out" / "default").glob("*.pdf")
    assert written.name == ("pm-handout-no-answers.pdf" if learners else "pm-handout.pdf")
    printed = letters(" ".join(page.extract_text() for page in pypdf.PdfReader(written).pages))
    answers = answer_words()
    for text in (shown, printed):
        assert letters("Asking ChatGPT") in text  # the handout is all there
        assert [answer in text for answer in answers] == [not learners] * len(answers)


@pytest.mark.slow
def test_the_page_shows_each_save_in_a_real_browser(tmp_path: Path) -> None:
    browser_path = chromium()
    if browser_path is None:
        if os.environ.get("COURSEPACK_REQUIRE_BROWSER"):
            pytest.fail("COURSEPACK_REQUIRE_BROWSER is set but no Chromium is installed")
        pytest.skip("no Chromium on this machine (Debian: apt install chromium)")
    from playwright.sync_api import sync_playwright

    source = tmp_path / "pm.yaml"
    source.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    preview = Preview(tmp_path, "pm.yaml", "--out", "out")
    requested: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path,
                                                 args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda request: requested.append(request.url))
            page.goto(preview.url)
            page.wait_for_selector(f"img[alt*='{CELL}']", timeout=60_000)

            # a one-cell change, saved by rename: the page shows it without a reload
            scratch = tmp_path / ".pm.yaml.swp"
            scratch.write_text(source.read_text(encoding="utf-8").replace(
                CELL, "Decides what ships and why"), encoding="utf-8")
            saved = time.perf_counter()
            os.replace(scratch, source)
            page.wait_for_selector("img[alt*='Decides what ships and why']", timeout=30_000)
            shown_after = time.perf_counter() - saved
            page.screenshot(path=str(tmp_path / "preview.png"))
            page.click("text=Slides")
            if shutil.which("soffice"):  # LibreOffice draws the slides once saves pause
                page.wait_for_selector(".slide img", timeout=90_000)
            else:
                assert "Install LibreOffice" in page.inner_text("main")
                assert "Agenda" in page.inner_text(".slide:nth-child(2)")
            page.screenshot(path=str(tmp_path / "slides.png"))
            page.click("text=Handout")

            # a broken source: its problems in place of the outputs; fixed: the outputs again
            source.write_text(source.read_text(encoding="utf-8").replace(
                "title: Product", "titel: Product", 1), encoding="utf-8")
            page.wait_for_selector(".problems", timeout=30_000)
            assert "pm.yaml:1:1: unknown key 'titel'" in page.inner_text(".problems")
            page.screenshot(path=str(tmp_path / "problems.png"))
            source.write_text(source.read_text(encoding="utf-8").replace(
                "titel: Product", "title: Product", 1), encoding="utf-8")
            page.wait_for_selector("img[alt*='Decides what ships and why']", timeout=30_000)
            assert page.query_selector(".problems") is None

            # the course in French: the page speaks French, its formats named in French
            assert page.get_attribute("html", "lang") == "en"
            source.write_text(source.read_text(encoding="utf-8").replace(
                "language: en", "language: fr", 1), encoding="utf-8")
            page.wait_for_selector("html[lang='fr']", timeout=60_000)
            assert page.get_attribute("html", "dir") == "ltr"
            assert page.title() == "Aperçu coursepack"
            tabs = page.inner_text("#views")
            assert "Support de cours" in tabs and "Côte à côte" in tabs and "Handout" not in tabs
            assert page.query_selector("img[title='Support de cours, page 1']") is not None
            assert page.inner_text("#status").startswith("génération ")
            page.click("text=Diapositives")
            page.screenshot(path=str(tmp_path / "french.png"))
            browser.close()
    finally:
        code, rest = preview.stop()
    assert code == 0, rest
    assert "preview stopped" in rest
    assert requested and all(url.startswith(preview.url) for url in requested), requested
    with pytest.raises(OSError):  # the server stopped with the command
        http.client.HTTPConnection("127.0.0.1", int(preview.url.rsplit(":", 1)[1].strip("/")),
                                   timeout=2).request("GET", "/state")
    print(f"the page showed the change {shown_after:.2f} s after the save")
    assert shown_after < 30


def test_without_libreoffice_the_page_shows_each_slide_s_outline(tmp_path: Path,
                                                                  monkeypatch) -> None:
    from conftest import build_sample

    from generator.build.options import BuildOptions
    from generator.build.run import BuildReport
    from generator.build.targets import plan
    from generator.live import preview as preview_module
    from generator.live.watch import BuildEvent

    monkeypatch.setattr(preview_module, "soffice", lambda: None)
    folder = build_sample(tmp_path / "out")
    state = PreviewState()
    preview = preview_module.Preview([SAMPLE], ["default"], BuildOptions(out=tmp_path / "out"),
                                     state)
    units, _ = plan([SAMPLE], ["default"], BuildOptions(out=tmp_path / "out"))
    report = BuildReport(units=units, written=sorted(folder.iterdir()))
    preview.on_event(BuildEvent(1, report=report, seconds=0.1))
    (output,) = json.loads(state.as_json())["outputs"]
    assert output["slide_pictures"] == "unavailable"
    assert [s["title"] for s in output["slides"]][:2] == [
        "Product management vs project management", "Agenda"]
    assert any("Ownership · 13 min" in text for text in output["slides"][1]["texts"])
    assert output["slides"][3]["notes"].startswith("5 min · 0:05–0:10")
    handout = output["documents"]["handout"]
    assert len(handout) >= 4 and CELL in " ".join(p["text"] for p in handout)
    png = state.image(output["documents"]["cheatsheet"][0]["url"].removeprefix("/image/"))
    assert png is not None and png.startswith(b"\x89PNG")
    # a deck edited by hand is kept by the next build: the page says so
    deck = folder / "product-vs-project-management-slides.pptx"
    preview.on_event(BuildEvent(2, report=BuildReport(units=units, kept=[deck]), seconds=0.1))
    warnings = json.loads(state.as_json())["warnings"]
    assert any("product-vs-project-management-slides.pptx was changed after coursepack wrote "
               "it" in w and "--overwrite-edited" in w for w in warnings), warnings


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    from click.testing import CliRunner

    from generator.cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["preview", str(SAMPLE), "--no-open", "--port",
                                          str(port), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"cannot serve the preview on port {port}" in result.output
    assert "Traceback" not in result.output


def french_sample(folder: Path, *, language: str = "language: fr") -> Path:
    """Write the sample, its language line replaced by `language`, as `folder/pm.yaml`."""
    source = folder / "pm.yaml"
    source.write_text(SAMPLE.read_text(encoding="utf-8").replace("language: en\n",
                                                                 f"{language}\n" if language else "", 1),
                      encoding="utf-8")
    return source


@pytest.mark.parametrize(("source", "language", "direction", "label"), [
    ("fr", "fr", "ltr", "Aide-mémoire"),
    (REPO / "tests" / "data" / "sources" / "ar.yaml", "ar", "rtl", "ورقة مرجعية"),
    (REPO / "tests" / "data" / "sources" / "he.yaml", "he", "rtl", "דף עזר"),
    (SAMPLE, "en", "ltr", "Cheat sheet"),
], ids=["fr", "ar", "he", "en"])
def test_the_page_speaks_the_course_s_language(tmp_path: Path, source: Path | str,
                                               language: str, direction: str,
                                               label: str) -> None:
    from generator.i18n.preview_words import preview_words

    if source == "fr":
        source = french_sample(tmp_path)
    else:
        assert isinstance(source, Path)
        shutil.copy(source, tmp_path / "pm.yaml")
    preview = Preview(tmp_path, "pm.yaml", "--format", "cheatsheet", "--out", "out")
    try:
        state = preview.built()
    finally:
        code, rest = preview.stop()
    assert code == 0, rest
    assert not state["error"], state["error"]
    assert (state["language"], state["direction"]) == (language, direction)
    assert state["words"] == preview_words(language)
    assert state["formats"] == [{"name": "cheatsheet", "label": label, "medium": "pdf"}]
    if language == "fr":
        assert state["words"]["side_by_side"] == "Côte à côte"
        assert state["words"]["build"] == "génération {number}"


def test_the_page_keeps_the_course_s_language_and_reads_it_only_when_it_may_have_changed(
        tmp_path: Path, monkeypatch) -> None:
    """The language is the outputs' (the kit's, when the source names none), read from what
    the build loaded, else once per version of the source and kit; a build that fails, or a
    source that cannot be read, leaves the page in the language it spoke."""
    from conftest import make_kit

    from generator.build.options import BuildOptions
    from generator.build.run import BuildReport
    from generator.build.targets import plan
    from generator.errors import SourceError
    from generator.i18n.preview_words import preview_words
    from generator.kits.load import load_brand
    from generator.live import preview as preview_module
    from generator.live.watch import BuildEvent
    from generator.source import load as load_module

    monkeypatch.setattr(preview_module, "soffice", lambda: None)
    reads: list[Path] = []
    load_source = load_module.load_source

    def counted(path: Path, **limits: int) -> object:
        reads.append(path)
        return load_source(path, **limits)

    monkeypatch.setattr(load_module, "load_source", counted)
    source = french_sample(tmp_path)
    options = BuildOptions(out=tmp_path / "out", formats=("cheatsheet",))
    state = PreviewState()
    preview = preview_module.Preview([source], ["default"], options, state)

    def shown() -> tuple[str, str, str, str]:
        found = json.loads(state.as_json())
        return (found["language"], found["direction"], found["words"]["not_built"],
                found["formats"][0]["label"])

    assert shown() == ("en", "ltr", "Not built.", "Cheat sheet")  # before any build
    units, _ = plan([source], ["default"], options)
    preview.on_event(BuildEvent(1, report=BuildReport(units=units), seconds=0.1))
    french = ("fr", "ltr", "Non généré.", "Aide-mémoire")
    assert shown() == french and reads == [source]  # every output up to date: read once
    preview.on_event(BuildEvent(2, report=BuildReport(units=units, written=[source]),
                                seconds=0.1))
    assert shown() == french and reads == [source]  # the same source and kit: not read again

    # a build that read the source says its language, with nothing read again
    source.write_text(source.read_text(encoding="utf-8").replace("language: fr",
                                                                 "language: de-CH"),
                      encoding="utf-8")
    units, _ = plan([source], ["default"], options)
    report = BuildReport(units=units, written=[source], sources={source: load_source(source)},
                         kits={units[0].kit: load_brand(units[0].kit)})
    preview.on_event(BuildEvent(3, report=report, seconds=0.1))
    german = ("de-CH", "ltr", preview_words("de")["not_built"], "Kurzübersicht")
    assert shown() == german and reads == [source]

    # a failed build, or a source that cannot be read: the page speaks as it did
    preview.on_event(BuildEvent(4, error=SourceError([]), seconds=0.1))
    assert shown() == german
    source.write_text("title: [unclosed\n", encoding="utf-8")
    units, _ = plan([source], ["default"], options)
    preview.on_event(BuildEvent(5, report=BuildReport(units=units, written=[source]),
                                seconds=0.1))
    assert shown() == german and reads == [source, source]
    source.write_bytes(b"\xff\xfe not text")
    units, _ = plan([source], ["default"], options)
    preview.on_event(BuildEvent(6, report=BuildReport(units=units, written=[source]),
                                seconds=0.1))
    assert shown() == german

    # a source that names no language is in the kit's
    kit = make_kit(tmp_path, "name: Hebrew\nlanguage: he\n")
    (tmp_path / "other").mkdir()
    unnamed = french_sample(tmp_path / "other", language="")
    units, _ = plan([unnamed], [str(kit)], options)
    preview.on_event(BuildEvent(7, report=BuildReport(units=units, written=[unnamed]),
                                seconds=0.1))
    assert shown() == ("he", "rtl", preview_words("he")["not_built"], "דף עזר")
