"""A catalog damaged inside (it opens; a page of it is broken): the kiosk that meets the
damage starts again, finds it by the check it then asks for, and shows the station out
of service with what to do, instead of dying at the same query at every start."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from library.catalog_check import MARK_NAME
from tests.ui.test_out_of_service import TITLE, run_until_restarted
from tests.unit.test_catalog_check import damage_inside, station_with_items

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
    seen = run_until_restarted(
        monkeypatch, paths.root,
        lambda: paths.catalog_db.rename(paths.root / "catalog.db.damaged"))
    assert seen and seen[0]["outOfServiceTitle"] == TITLE
    assert DAMAGED_VI in seen[0]["outOfServiceReason"]
    assert not (paths.root / MARK_NAME).exists()  # back to the normal, unchecked start
    log = (paths.logs / "kiosk.log").read_text(encoding="utf-8")
    assert "the catalog is damaged inside" in log


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
