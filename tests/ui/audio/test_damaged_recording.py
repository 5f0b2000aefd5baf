"""A recorded bulletin whose file does not decode is flagged broken, as a document is.

Visitor's «Nghe» and the loudspeaker alike: the first failure flags the item (the
librarian finds it in «Tình trạng → các mục không mở được»), later ones say the same
line without running ffmpeg again, and «Thử lại» (clearing the flag) lets it try again.
A recording missing from disk is not flagged.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog, Item
from library.schedule import Schedule, Slot, save_schedule

from .harness import on_air_at_six

pytestmark = pytest.mark.ui

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LINE = "Tệp âm thanh bị hỏng."


def damaged_recording(catalog: Catalog, tmp_path: Path, item_id: str = "tin-thu") -> Item:
    """A real MP3 made by ffmpeg, its frames then overwritten with noise, in the object store."""
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is in APT_PACKAGES")
    good = tmp_path / "good.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=300:duration=2", str(good)], check=True)
    data = good.read_bytes()
    bad = tmp_path / "tin.mp3"
    bad.write_bytes(data[:200] + random.Random(23).randbytes(len(data) - 200))
    assert catalog.objects is not None
    sha, size = catalog.objects.add_file(bad)
    return catalog.put(Item(id=item_id, title="Bản tin thu sẵn", kind="bulletin",
                            media_type="audio/mpeg", sha256=sha, size=size,
                            filename="tin.mp3"))


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every decode the player asks for (the real one still runs)."""
    from library.speech import loudness

    calls: list[str] = []
    real = loudness.normalized_recording

    def counted(path: Path, *args: object, **kwargs: object) -> Path:
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loudness, "normalized_recording", counted)
    return calls


def test_a_visitors_listen_flags_a_damaged_recording_once(
        qtbot, make_player, catalog: Catalog, tmp_path: Path, decodes: list[str]) -> None:
    item = damaged_recording(catalog, tmp_path)
    player = make_player(None, catalog=catalog, recordings_dir=tmp_path / "cache")
    with qtbot.waitSignal(player.finished, timeout=20_000):
        player.playItem(item.id)
    assert player.state == "error" and player.error == LINE
    assert catalog.get(item.id).broken
    assert [i.id for i in catalog.broken_items()] == [item.id]  # on the health screen
    assert len(decodes) == 1

    with qtbot.waitSignal(player.finished, timeout=5_000):
        player.playItem(item.id)  # the next visitor: the same gentle line, no ffmpeg
    assert player.state == "error" and player.error == LINE
    assert len(decodes) == 1

    catalog.set_flags(item.id, broken=False)  # what «Thử lại» does
    with qtbot.waitSignal(player.finished, timeout=20_000):
        player.playItem(item.id)
    assert len(decodes) == 2 and player.error == LINE
    assert catalog.get(item.id).broken  # still damaged: flagged again


def test_a_recording_missing_from_disk_is_not_flagged(
        qtbot, make_player, catalog: Catalog, tmp_path: Path) -> None:
    """As documents: a file not on disk is the health check's «thiếu», not a broken item."""
    item = damaged_recording(catalog, tmp_path)
    catalog.object_path(item).unlink()
    player = make_player(None, catalog=catalog, recordings_dir=tmp_path / "cache")
    with qtbot.waitSignal(player.finished, timeout=20_000):
        player.playItem(item.id)
    assert player.state == "error" and player.error == "Không tìm thấy tệp âm thanh."
    assert not catalog.get(item.id).broken


def test_the_loudspeaker_flags_it_and_skips_it_at_the_next_slot(
        qtbot, make_player, catalog: Catalog, tmp_path: Path, decodes: list[str]) -> None:

    item = damaged_recording(catalog, tmp_path)
    save_schedule(catalog, Schedule((Slot("06:00", (item.id,)), Slot("06:30", (item.id,)))))
    on_air = make_player(None, catalog=catalog, recordings_dir=tmp_path / "cache",
                         stop_on_reset=False)
    controller, started, now = on_air_at_six(on_air, catalog)
    now[0] += timedelta(seconds=2)
    with qtbot.waitSignal(controller.ended, timeout=20_000):
        controller.check()
    assert started == [item.id] and on_air.error == LINE
    assert catalog.get(item.id).broken and len(decodes) == 1

    now[0] += timedelta(minutes=30)
    with qtbot.waitSignal(controller.ended, timeout=5_000):
        controller.check()
    assert started == [item.id]  # no banner for a bulletin that cannot play
    assert len(decodes) == 1 and not controller.active
    controller.stop()


def test_on_a_full_disk_it_is_remembered_in_memory_and_said_once(
        qtbot, make_player, catalog: Catalog, tmp_path: Path, decodes: list[str],
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The flag cannot be written (`library.station_disk`: the catalog read-only): the
    next visitor still gets the line at once, and the log says it once."""
    import logging

    from library.errors import StorageError

    item = damaged_recording(catalog, tmp_path)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise StorageError("the disk holding the data folder is full")

    monkeypatch.setattr(catalog, "set_flags", refused)
    player = make_player(None, catalog=catalog, recordings_dir=tmp_path / "cache")
    for _visitor in range(2):
        with qtbot.waitSignal(player.finished, timeout=20_000):
            player.playItem(item.id)
        assert player.state == "error" and player.error == LINE
    assert len(decodes) == 1  # the second visitor: no ffmpeg run
    said = [r.getMessage() for r in caplog.records
            if r.name == "kiosk.audio.player" and r.levelno >= logging.WARNING]
    assert len([line for line in said if "could not flag" in line]) == 1


def test_a_flag_a_busy_catalog_refused_is_tried_again_at_the_next_play(
        qtbot, make_player, catalog: Catalog, tmp_path: Path, decodes: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the disk but a passing refusal (an import holding the catalog): nothing is kept
    in memory, so the next play tries the file and flags it once the catalog is free."""
    from library.errors import CatalogError

    item = damaged_recording(catalog, tmp_path)
    set_flags = catalog.set_flags

    def busy(*_args: object, **_kwargs: object) -> None:
        raise CatalogError("the catalog is busy: another program kept it locked too long")

    monkeypatch.setattr(catalog, "set_flags", busy)
    player = make_player(None, catalog=catalog, recordings_dir=tmp_path / "cache")
    with qtbot.waitSignal(player.finished, timeout=20_000):
        player.playItem(item.id)
    assert player.error == LINE and not catalog.get(item.id).broken
    monkeypatch.setattr(catalog, "set_flags", set_flags)  # the import is over
    with qtbot.waitSignal(player.finished, timeout=20_000):
        player.playItem(item.id)
    assert player.error == LINE and len(decodes) == 2
    assert catalog.get(item.id).broken  # on the librarian's list, with its «Thử lại»
