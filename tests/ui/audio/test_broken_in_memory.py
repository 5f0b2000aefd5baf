"""One set of items shut in memory for the whole kiosk (`library.broken_in_memory`).

The disk refuses the `broken` flag (full or read-only, injected here: the real disk is
`tests/ui/test_full_disk.py`'s): a recording the reader could not play is then not
tried again by «Nghe» or the loudspeaker, one «Nghe» could not decode is not opened
again by the reader, and the librarian's «Tình trạng» lists it, marked as kept in
memory only, its «Thử lại» letting it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from library.catalog import Catalog, Item
from library.config import Config
from library.errors import StorageError
from library.paths import DataPaths

from .test_damaged_recording import LINE, damaged_recording, decodes  # noqa: F401

pytestmark = pytest.mark.ui

FULL = StorageError("the disk holding the data folder is full",
                    message_vi="Đĩa đã đầy.")


@pytest.fixture
def station(qtbot, data_paths: DataPaths, catalog: Catalog, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any, Any, Item]]:
    """The kiosk with its audio and panel, a damaged recording in its catalog, and a
    disk that refuses every flag: (app, audio, admin, item)."""
    from kiosk.admin.panel import install as install_panel
    from kiosk.app import KioskApp
    from kiosk.audio import install as install_audio

    # an audio item: the reader plays it too (a bulletin it shows as text)
    item = catalog.put(replace(damaged_recording(catalog, tmp_path), kind="audio"))
    app = KioskApp(catalog, config=Config.load(data_paths.config_file), paths=data_paths)
    audio = install_audio(app)
    admin = install_panel(app)

    def refusing(item_id: str, **flags: bool) -> Item:
        raise FULL

    monkeypatch.setattr(catalog, "set_flags", refusing)
    try:
        yield app, audio, admin, item
    finally:
        app.visit.home()
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        app.close()


def listed(qtbot, admin: Any) -> list[tuple[str, bool]]:
    health = admin.health
    with qtbot.waitSignal(health.changed, timeout=30_000,
                          check_params_cb=lambda *_: health.busy == ""):
        health.refresh()
    return [(row["id"], row["inMemory"]) for row in health.brokenItems]


def test_a_recording_the_reader_shut_in_memory_is_skipped_by_listen_and_the_loudspeaker(
        qtbot, station, decodes: list[str]) -> None:  # noqa: F811
    app, audio, admin, item = station
    app.visit.read(item.id, 0)
    assert app.reader.mode == "video"
    app.reader.mediaFailed("the decoder rejects the file")  # what its QML player reports
    assert item.id in app.broken_in_memory
    assert not app.catalog.get(item.id).broken  # nothing written
    app.visit.home()

    with qtbot.waitSignal(audio.listen.finished, timeout=5_000):
        audio.listen.playItem(item.id)  # «Nghe»: the card's line at once
    assert audio.listen.error == LINE

    started: list[str] = []
    audio.broadcast.started.connect(started.append)
    with qtbot.waitSignal(audio.broadcast.ended, timeout=5_000):
        audio.broadcast.playNow(item.id)  # the loudspeaker: not on air
    assert started == [] and not audio.broadcast.active
    assert decodes == []  # neither ran ffmpeg on the file

    assert listed(qtbot, admin) == [(item.id, True)]
    assert admin.health.brokenCount == 1

    with qtbot.waitSignal(admin.health.changed, timeout=30_000,
                          check_params_cb=lambda *_: admin.health.busy == ""):
        admin.health.retry(item.id)  # «Thử lại»: writes nothing, so it works here
    assert admin.health.message == f"«{item.title}» sẽ được mở lại cho khách tiếp theo."
    assert item.id not in app.broken_in_memory
    assert admin.health.brokenItems == []


def test_a_recording_listen_shut_in_memory_is_not_opened_by_the_reader(
        qtbot, station, decodes: list[str]) -> None:  # noqa: F811
    app, audio, admin, item = station
    with qtbot.waitSignal(audio.listen.finished, timeout=20_000):
        audio.listen.playItem(item.id)
    assert audio.listen.error == LINE and len(decodes) == 1
    assert item.id in app.broken_in_memory

    app.visit.read(item.id, 0)
    assert app.reader.mode == "broken"  # its card, without the player trying the file

    started: list[str] = []
    audio.broadcast.started.connect(started.append)
    with qtbot.waitSignal(audio.broadcast.ended, timeout=5_000):
        audio.broadcast.playNow(item.id)
    assert started == [] and len(decodes) == 1
    assert listed(qtbot, admin) == [(item.id, True)]
