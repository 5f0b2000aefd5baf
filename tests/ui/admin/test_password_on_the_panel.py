"""The librarian's panel, open to whoever stands behind her, shows no password of a
server's address: not in the line answering a failed sync (in Vietnamese or English),
not in the sync status, not on «Tình trạng» (the status of each library, the recent
errors of the log) — also for an unsigned OPDS feed, whose address is its title.

The command line, the log file and the report are in
`tests/unit/repository/test_password_exits.py`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from library.logfile import station_log
from tests.unit.repository.raw_server import answering, raw_server
from tests.unit.repository.test_password_exits import (
    ANSWERS,
    PASSWORDS,
    _feed,
    _ok,
    _routed,
)

from ..english import english
from .harness import Panel, as_read

pytestmark = pytest.mark.ui


def _texts(item: Any) -> list[str]:
    """Every text of the items under `item`, as read."""
    found = [as_read(item.property("text"))] if isinstance(item.property("text"), str) else []
    for child in item.childItems():
        found += _texts(child)
    return found


def _everything_shown(panel: Panel) -> list[str]:
    """The content screen and «Tình trạng», as they are on the screen and as their
    controllers hold them."""
    content = panel.admin.content
    panel.admin.showScreen("content")
    panel.pump(100)
    shown = [*_texts(panel.root), content.property("resultText"),
             *content.property("syncStatus"),
             *(row["text"] for row in content.property("syncLines"))]
    panel.admin.showScreen("health")
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(100)
    return shown + _texts(panel.root)


def _synced_by_hand(panel: Panel) -> list[str]:
    """«Đồng bộ ngay» tapped; then everything shown."""
    panel.admin.showScreen("content")
    panel.pump(50)
    panel.tap("syncNow")
    panel.wait(lambda: not panel.admin.content.busy)
    return _everything_shown(panel)


def _secrets(password: str) -> set[str]:
    return {password, unquote(password)}


@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("answer", ["not-found", "not-http"])
def test_a_failed_sync_shows_no_password(panel: Panel, password: str, answer: str) -> None:
    shown: list[str] = []
    with raw_server(answering(ANSWERS[answer])) as url, station_log(panel.paths, "kiosk"):
        panel.config.set("sync", "server_url",
                         url.replace("://", f"://kho:{password}@") + "/kho")
        panel.config.set("sync", "retries", 0)
        panel.unlock()
        content = panel.admin.content
        content.syncAutomatically()  # the timed one: its failure goes to the log
        panel.wait(lambda: not content.busy)
        with english():  # the core's own line, which names the server
            shown += _synced_by_hand(panel)
        shown += _synced_by_hand(panel)
    everything = "\n".join(shown)
    for secret in _secrets(password):
        assert secret not in everything, [line for line in shown if secret in line]
    assert "***@127.0.0.1" in everything  # the server is named, without its password
    assert "automatic sync failed" in everything  # «Lỗi gần đây», from the log file


@pytest.mark.parametrize("password", PASSWORDS)
def test_an_unsigned_feed_shows_no_password(panel: Panel, tmp_path: Path, password: str,
                                            make_pdf) -> None:
    """An unsigned feed's status line is named by its title, which is its address."""
    from library.repository.importer import import_opds

    pdf = make_pdf("ban-tin.pdf", ["Giá lúa hôm nay."], title="Bản tin").read_bytes()
    feed = _feed([("Bản tin", "/get/good.pdf"), ("", "/get/gone.pdf")])
    with raw_server(_routed({"/opds": _ok(feed, "application/atom+xml"),
                             "/get/good.pdf": _ok(pdf, "application/pdf")})) as url:
        address = url.replace("://", f"://kho:{password}@") + "/opds"
        import_opds(panel.paths, panel.catalog, address)
    panel.config.set("sync", "unsigned_sources", [address])
    panel.unlock()
    shown = _everything_shown(panel)
    everything = "\n".join(shown)
    for secret in _secrets(password):
        assert secret not in everything, [line for line in shown if secret in line]
    assert "http://***@127.0.0.1" in everything


def test_a_feeds_warning_in_the_result_line_shows_no_password(qapp) -> None:
    from kiosk.admin.content import warning_text
    from library.repository.notices import feed_entry_skipped

    warned = feed_entry_skipped(f"http://kho:{PASSWORDS[0]}@thuvien.example/get/1.pdf",
                                "not found (404)", "không có trên máy chủ")
    for language in (contextlib.nullcontext, english):
        with language():
            said = warning_text(warned)
        assert PASSWORDS[0] not in said and "***@thuvien.example" in said
