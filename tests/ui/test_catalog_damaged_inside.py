"""A catalog damaged inside (it opens; a page of it is broken): the kiosk that meets the
damage starts again, finds it by the check it then asks for, and shows the station out
of service with what to do, instead of dying at the same query at every start."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.catalog_check import MARK_NAME, mark_for_check
from tests.ui.test_out_of_service import TITLE, run_until_restarted, texts
from tests.unit.test_catalog_check import (
    book_station,
    damage_inside,
    damage_search_index,
    found,
    station_with_items,
)

pytestmark = pytest.mark.ui

DAMAGED_VI = "Tệp cơ sở dữ liệu của thư viện (catalog.db) bị hỏng: chép lại tệp từ bản sao lưu"


def test_the_damage_met_restarts_then_out_of_service_then_a_new_catalog_is_normal(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = station_with_items(tmp_path / "data")
    damage_inside(paths.catalog_db)
    # 1: the kiosk meets the broken page as it builds the home screen: the mark, a restart
    seen = run_until_restarted(monkeypatch, paths.root)
    assert seen == []  # not out of service yet: the check is the next start's
    assert (paths.root / MARK_NAME).exists()
    # 2: the next start checks, finds the damage and says so with what to do; the
    # technician renames the damaged file, the next try opens a new library and starts
    checking = checks_seen(monkeypatch)
    seen = run_until_restarted(
        monkeypatch, paths.root,
        lambda: paths.catalog_db.rename(paths.root / "catalog.db.damaged"))
    assert [shown["outOfServiceTitle"] for shown in checking] == [CHECKING]  # then …
    assert seen and seen[0]["outOfServiceTitle"] == TITLE
    assert DAMAGED_VI in seen[0]["outOfServiceReason"]
    assert not (paths.root / MARK_NAME).exists()  # back to the normal, unchecked start
    log = (paths.logs / "kiosk.log").read_text(encoding="utf-8")
    assert "the catalog is damaged inside" in log


CHECKING = "Trạm đang kiểm tra thư viện"


def checks_seen(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """The check window's texts, each time one shows (`CatalogCheck.show`)."""
    from kiosk import out_of_service

    seen: list[dict[str, str]] = []
    show = out_of_service.CatalogCheck.show

    def shown(screen, **options) -> None:
        seen.append(texts(screen) | {"reasonShown": screen.find("outOfServiceReason")
                                     .property("visible")})
        show(screen, **options)

    monkeypatch.setattr(out_of_service.CatalogCheck, "show", shown)
    return seen


def run_to_the_kiosk(monkeypatch: pytest.MonkeyPatch, root: Path) -> list[bool]:
    """`cafesach run --windowed` on `root` until it would start the kiosk; whether the
    catalog had just been checked, for each start of it (none: the run ended before)."""
    from kiosk.main import main

    starts: list[bool] = []
    monkeypatch.setattr("kiosk.run_command._start_watching_damage",
                        lambda station, *, checked, **options: starts.append(checked) or 0)
    with pytest.raises(SystemExit) as ended:
        main(["--data", str(root), "run", "--windowed", "--size", "800x600"])
    assert ended.value.code == 0
    return starts


def test_a_damaged_search_index_is_made_again_behind_a_window_that_says_so(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The marked start's check, which makes a damaged search index again (up to a
    minute on a big library), runs behind the station's window saying so — not a dark
    screen — and the kiosk then starts on a catalog that searches."""
    monkeypatch.setattr("kiosk.run_command._quit_on_sigterm", lambda screen: None)
    paths = book_station(tmp_path / "data")
    damage_search_index(paths.catalog_db)
    assert mark_for_check(paths)
    checking = checks_seen(monkeypatch)
    assert run_to_the_kiosk(monkeypatch, paths.root) == [True]
    assert len(checking) == 1
    assert checking[0]["outOfServiceTitle"] == CHECKING
    assert checking[0]["outOfServiceAsk"] == ("Xin chờ một lát: trạm tự mở lại khi kiểm tra "
                                              "xong.")
    assert "Đã kiểm tra 0 giây. Đừng tắt máy." in checking[0]["outOfServiceTried"]
    assert checking[0]["reasonShown"] is False  # no out-of-service reason: nothing is wrong
    assert not (paths.root / MARK_NAME).exists()
    with Catalog.open(paths) as catalog:
        assert [hit for hit, _ in found(catalog, "đảng viên")][:1] == ["sach-0"]
    # the next start has no mark: no window, no check
    assert run_to_the_kiosk(monkeypatch, paths.root) == [False]
    assert len(checking) == 1


def test_a_stop_during_the_check_ends_the_run_without_the_kiosk(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM (`systemctl stop`, a reboot) while the catalog is checked: the window
    ends, the run exits 0 and no kiosk starts; the mark stays for the next start."""
    import threading

    from PySide6.QtCore import QTimer

    from kiosk import run_command
    from library import catalog_check

    paths = station_with_items(tmp_path / "data")
    assert mark_for_check(paths)
    release = threading.Event()
    monkeypatch.setattr(catalog_check, "check_marked", lambda catalog, paths: release.wait(30))
    monkeypatch.setattr(run_command, "_STOP_ASKED", [])

    def sigterm_soon(screen) -> None:  # what the SIGTERM handler does, once it is running
        QTimer.singleShot(50, lambda: (run_command._STOP_ASKED.append(True), screen.quit()))

    monkeypatch.setattr(run_command, "_quit_on_sigterm", sigterm_soon)
    try:
        assert run_to_the_kiosk(monkeypatch, paths.root) == []
    finally:
        release.set()  # the check's thread, left behind as at a real stop
    assert (paths.root / MARK_NAME).exists()


def test_a_stop_after_the_check_is_not_swallowed_by_its_window(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SIGTERM that comes once the check's window has ended (the kiosk being made)
    reaches the handler from before the window, as it did before the check had one:
    the ended window's handler only quit a window already gone, and the kiosk it left
    started went on showing after `systemctl stop`."""
    import signal

    from kiosk import run_command
    from kiosk.main import main

    paths = station_with_items(tmp_path / "data")
    assert mark_for_check(paths)
    monkeypatch.setattr(run_command, "_STOP_ASKED", [])
    stops: list[int] = []
    kiosk_starts: list[bool] = []

    def stopped(signum: int, frame: object) -> None:
        stops.append(signum)

    def kiosk_start(station, *, checked, **options) -> int:
        kiosk_starts.append(checked)
        signal.raise_signal(signal.SIGTERM)  # `systemctl stop` while the kiosk is made
        return 0

    monkeypatch.setattr(run_command, "_start_watching_damage", kiosk_start)
    before = signal.signal(signal.SIGTERM, stopped)
    try:
        with pytest.raises(SystemExit) as ended:
            main(["--data", str(paths.root), "run", "--windowed", "--size", "800x600"])
        assert signal.getsignal(signal.SIGTERM) is stopped  # put back once the window ended
    finally:
        signal.signal(signal.SIGTERM, before)
    assert ended.value.code == 0
    assert kiosk_starts == [True]
    assert stops == [signal.SIGTERM]  # not taken by the ended window
    assert run_command._STOP_ASKED == []


def test_the_check_windows_error_reaches_the_caller(qapp) -> None:
    """What the check raises on its thread is raised again by `outcome` on the caller's:
    the run command turns a damaged catalog into the out-of-service window."""
    from kiosk.out_of_service import CatalogCheck
    from library.errors import CatalogError

    def damaged() -> bool:
        raise CatalogError("catalog database is damaged")

    screen = CatalogCheck(damaged)
    try:
        screen.show(fullscreen=False, size=(800, 600))
        screen.exec()
        assert screen.done
        with pytest.raises(CatalogError, match="damaged"):
            screen.outcome()
    finally:
        screen.close()


def test_a_start_with_no_mark_does_not_check(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The normal start's cost is unchanged: `quick_check` runs only with the mark."""
    from kiosk.main import main
    from library import catalog_check

    paths = station_with_items(tmp_path / "data")
    checked: list[bool] = []
    real = catalog_check.check_marked

    def spy(catalog, paths):
        result = real(catalog, paths)
        checked.append(result)
        return result

    monkeypatch.setattr(catalog_check, "check_marked", spy)
    monkeypatch.setattr("builtins.input", lambda prompt="": "")
    assert main(["--data", str(paths.root), "run", "--terminal"]) == 0
    assert checked == [False]


def raise_in_slot(qapp, error: BaseException) -> None:
    from PySide6.QtCore import QTimer

    def slot() -> None:
        raise error

    QTimer.singleShot(0, slot)
    for _ in range(5):
        qapp.processEvents()


@pytest.mark.qt_no_exception_capture  # the kiosk's own hook is what is tested
@pytest.mark.parametrize("how", ["slot", "task log"])
def test_damage_met_while_running_ends_the_kiosk_for_the_restart(qapp, how: str) -> None:
    """An error raised in a slot (Qt hands it to `sys.excepthook` and goes on) or logged
    with its traceback (a background task's) is told; only damage stops the kiosk."""
    from kiosk.run_command import _errors_told
    from library.catalog_check import is_damage

    stops: list[bool] = []
    told: list[BaseException] = []

    def damaged(error: BaseException) -> bool:
        told.append(error)
        return is_damage(error)

    def meet(error: BaseException) -> None:
        if how == "slot":
            raise_in_slot(qapp, error)
        else:
            logging.getLogger("kiosk.tasks").error("background task failed", exc_info=error)

    with _errors_told(damaged, lambda: stops.append(True)):
        meet(sqlite3.OperationalError("database is locked"))
        assert stops == []
        meet(sqlite3.DatabaseError("database disk image is malformed"))
        meet(sqlite3.DatabaseError("database disk image is malformed"))
    assert stops == [True]  # once
    assert len(told) == 2
