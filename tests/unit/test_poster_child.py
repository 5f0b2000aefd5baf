"""The panel's QR poster, made in a child process: whole on disk, or one line and nothing."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from library import poster_child
from library.catalog import Catalog, Item
from library.config import Config
from library.errors import InvalidInput
from library.paths import DataPaths
from library.poster_child import (
    TEST_HOOK_ENV,
    PosterChoice,
    PosterStalled,
    poster_in_child,
    stall_limit,
)


@pytest.fixture
def station(data_paths: DataPaths, catalog: Catalog) -> DataPaths:
    for n in range(3):
        catalog.put(Item(id=f"tin-{n}", title=f"Bản tin số {n}", kind="bulletin",
                         summary="Giá lúa tăng nhẹ."))
    catalog.set_flags("tin-2", hidden=True)
    return data_paths


def test_the_poster_is_written_whole_with_its_progress(station: DataPaths,
                                                       tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    target = tmp_path / "usb" / "ap-phich.pdf"
    target.parent.mkdir()
    written = poster_in_child(station, PosterChoice(kind="bulletin"), target,
                              progress=lambda done, total: seen.append((done, total)))
    assert (written.path, written.items, written.pages) == (target, 2, 2)  # hidden left out
    assert pymupdf.open(target).page_count == 2
    assert seen == [(1, 2), (2, 2)]


def test_a_refusal_comes_back_as_it_is(station: DataPaths, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        poster_in_child(station, PosterChoice(ids=("tin-2",)), tmp_path / "a.pdf")
    assert caught.value.message_vi == "Mục đang ẩn không in lên áp phích được."
    with pytest.raises(InvalidInput) as caught:
        poster_in_child(station, PosterChoice(featured=True), tmp_path / "a.pdf")
    assert caught.value.message_vi == "Kệ trang chủ chưa có mục nào để in."
    assert not (tmp_path / "a.pdf").exists()


def test_a_folder_that_cannot_be_written_leaves_nothing(station: DataPaths,
                                                        tmp_path: Path) -> None:
    blocked = tmp_path / "usb"
    blocked.write_bytes(b"a file where the folder should be")
    with pytest.raises(InvalidInput) as caught:  # refused before the child draws anything
        poster_in_child(station, PosterChoice(grid=True), blocked / "ap-phich.pdf")
    assert "\n" not in caught.value.message_vi and "is a file, not a folder" in str(caught.value)
    assert blocked.read_bytes() == b"a file where the folder should be"


def test_a_hang_ends_the_child_and_leaves_nothing_on_the_stick(
        station: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_HOOK_ENV, "hang")  # MuPDF stuck on the first cover
    stick = tmp_path / "usb"
    stick.mkdir()
    with pytest.raises(PosterStalled) as caught:
        poster_in_child(station, PosterChoice(kind="bulletin"), stick / "ap-phich.pdf",
                        stall_s=1)
    assert caught.value.message_vi == "Việc in áp phích quá lâu, đã dừng."
    assert str(caught.value) == "the poster took too long and was stopped; nothing was written"
    assert list(stick.iterdir()) == []  # not even the part-file the child had begun


def test_the_stall_limit_follows_the_documents_timeout(station: DataPaths) -> None:
    assert stall_limit(station) == 30  # the default 10 s, times three
    config = Config.load(station.config_file)
    config.set("documents", "timeout_s", 25.0)
    config.save()
    assert stall_limit(station) == 75
    config.set("documents", "timeout_s", 2.0)
    config.save()
    assert stall_limit(station) == poster_child.MIN_STALL_S  # never under 30 s
    station.config_file.write_text("[documents\n", encoding="utf-8")  # broken: the default
    assert stall_limit(station) == 30


@pytest.mark.parametrize("state", ["full", "read-only"])
def test_a_poster_is_made_from_a_station_that_cannot_write(tmp_path: Path, state: str) -> None:
    """It only reads the catalog: on a full or read-only data disk (the station shown
    read-only, `library.station_disk`) the librarian still prints it to her stick."""
    from tests.fulldisk import station_disk

    stick = tmp_path / "usb"
    stick.mkdir()
    with station_disk(tmp_path / "disk", state) as paths:
        written = poster_in_child(paths, PosterChoice(ids=("demo-chuyen-doi-so",)),
                                  stick / "ap-phich.pdf")
    assert written.items == 1 and pymupdf.open(written.path).page_count == 1
