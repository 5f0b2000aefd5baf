"""A station whose catalog cannot be opened shows «tạm ngừng phục vụ», tries the catalog
again, and starts anew once it opens (`kiosk.out_of_service`), instead of a black
screen the service restarts every two seconds."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.run_command import OUT_OF_SERVICE_SHOWN
from library.catalog import Catalog
from library.errors import LibraryError
from library.paths import DataPaths
from library.station_disk import open_station_catalog

from .kiosk_process import kiosk_process

pytestmark = pytest.mark.ui

TITLE = "Trạm đọc sách tạm ngừng phục vụ"
ASK = "Vui lòng báo thủ thư hoặc kỹ thuật viên."


def garbage_station(root: Path) -> DataPaths:
    """A data folder whose `catalog.db` is bytes that are no database."""
    paths = DataPaths(root).ensure()
    paths.catalog_db.write_bytes(b"not a catalog at all \x00\xff" * 400)
    return paths


def open_error(paths: DataPaths) -> LibraryError:
    with pytest.raises(LibraryError) as failed:
        open_station_catalog(paths)
    return failed.value


def texts(screen) -> dict[str, str]:
    return {name: str(screen.find(name).property("text"))
            for name in ("outOfServiceTitle", "outOfServiceAsk", "outOfServiceReason",
                         "outOfServiceTried")}


@pytest.fixture
def screen_of(qapp) -> Iterator:
    """Builds an `OutOfService` window; closed at the end of the test."""
    from kiosk.out_of_service import OutOfService

    made: list[OutOfService] = []

    def make(paths: DataPaths, **options) -> OutOfService:
        screen = OutOfService(open_error(paths),
                              lambda: open_station_catalog(paths).close(), **options)
        made.append(screen)
        return screen

    yield make
    for screen in made:
        screen.close()


def test_a_garbage_catalog_shows_the_out_of_service_words_and_the_reason(
        screen_of, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="kiosk.out_of_service")
    paths = garbage_station(tmp_path / "data")
    screen = screen_of(paths, retry_s=0.05)
    screen.show(fullscreen=False, size=(1920, 1080))
    shown = texts(screen)
    assert shown["outOfServiceTitle"] == TITLE
    assert shown["outOfServiceAsk"] == ASK
    # the damage's own Vietnamese, with what to do (the English line goes to the log)
    assert ("Tệp cơ sở dữ liệu của thư viện (catalog.db) bị hỏng: chép lại tệp từ bản sao lưu"
            in shown["outOfServiceReason"])
    assert "Lần thử mở thư viện gần nhất: " in shown["outOfServiceTried"]
    assert screen.window.isVisible()

    assert screen.check() is False  # still garbage: tried again, said once in the log
    assert screen.check() is False
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "catalog database is damaged" in errors[0]
    assert not screen.opened


def test_the_reason_given_in_vietnamese_is_shown_in_vietnamese() -> None:
    from kiosk.out_of_service import reason_line
    from library.errors import CatalogError, StorageError

    assert reason_line(StorageError("cannot read", message_vi="Không đọc được thư mục.")) \
        == "Không đọc được thư mục."
    assert reason_line(CatalogError("catalog.db is damaged")) == "catalog.db is damaged"


def test_once_the_catalog_opens_the_window_ends_for_the_restart(screen_of,
                                                                tmp_path: Path) -> None:
    paths = garbage_station(tmp_path / "data")
    screen = screen_of(paths, retry_s=0.05)
    screen.show(fullscreen=False, size=(800, 600))
    paths.catalog_db.rename(paths.root / "catalog.db.damaged")  # a fresh one is made
    assert screen.check() is True
    assert screen.opened
    with Catalog(paths.catalog_db) as catalog:
        assert len(catalog) == 0


def test_the_window_follows_the_stations_language(screen_of, tmp_path: Path) -> None:
    from library.config import Config

    paths = garbage_station(tmp_path / "data")
    paths.config_file.write_text('[station]\nlanguage = "en"\n', encoding="utf-8")
    screen = screen_of(paths, config=Config.load(paths.config_file))
    assert texts(screen)["outOfServiceTitle"] == "This reading station is out of service"


def run_until_restarted(monkeypatch: pytest.MonkeyPatch, root: Path,
                        on_show: Callable[[], None] = lambda: None) -> list[dict[str, str]]:
    """`cafesach run` on `root`, retrying every 0.05 s, until the catalog opens and the
    run command asks for the kiosk's restart in place (recorded, not done). `on_show`
    runs as the screen first shows (the technician's repair). The screen's texts at
    each show are returned; the run's exit status 0 and the one restart are asserted."""
    from kiosk import out_of_service
    from kiosk.main import main

    monkeypatch.setattr(out_of_service, "RETRY_S", 0.05)
    monkeypatch.setattr("kiosk.run_command._quit_on_sigterm", lambda screen: None)
    restarts: list[bool] = []
    monkeypatch.setattr("kiosk.restart.restart_in_place",
                        lambda **options: restarts.append(True) or 0)
    seen: list[dict[str, str]] = []
    show = out_of_service.OutOfService.show

    def shown(screen, **options) -> None:
        seen.append(texts(screen))
        on_show()
        show(screen, **options)

    monkeypatch.setattr(out_of_service.OutOfService, "show", shown)
    with pytest.raises(SystemExit) as ended:
        main(["--data", str(root), "run", "--windowed", "--size", "800x600"])
    assert ended.value.code == 0 and restarts == [True]
    return seen


def test_run_shows_it_then_restarts_into_the_kiosk_once_the_catalog_opens(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cafesach run` on a garbage catalog: the window comes (not an exit), the reason in
    `logs/kiosk.log`; a good catalog put back, the next try ends it and the run command
    starts the kiosk again in place."""
    paths = garbage_station(tmp_path / "data")
    seen = run_until_restarted(  # the technician moves the damaged file aside
        monkeypatch, paths.root,
        lambda: paths.catalog_db.rename(paths.root / "catalog.db.damaged"))
    assert seen and seen[0]["outOfServiceTitle"] == TITLE
    log = (paths.logs / "kiosk.log").read_text(encoding="utf-8")
    assert " ERROR kiosk.out_of_service: the catalog cannot be opened: catalog database " \
           "is damaged" in log
    from library.report import recent_errors  # the librarian's «Lỗi gần đây», the report

    assert any("the catalog cannot be opened" in line for line in recent_errors(paths))


def test_a_config_that_cannot_be_read_is_out_of_service_until_it_is_mended(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A technician's typing mistake in `config.toml` ended every start with one line in
    the journal, the screen black; now the screen names the file and the mistake, and
    the station comes back once the file reads again."""
    paths = DataPaths(tmp_path / "data").ensure()
    Catalog.open(paths).close()
    paths.config_file.write_text('[station]\nlanguage = "vi\n', encoding="utf-8")
    seen = run_until_restarted(  # the technician mends the file
        monkeypatch, paths.root,
        lambda: paths.config_file.write_text('[station]\nlanguage = "vi"\n',
                                             encoding="utf-8"))
    assert seen[0]["outOfServiceTitle"] == TITLE
    assert f"cannot read {paths.config_file}: Illegal character" in seen[0]["outOfServiceReason"]
    # the line under it says what was tried: the settings, not the library
    assert seen[0]["outOfServiceTried"].startswith("Lần thử đọc cài đặt của trạm gần nhất: ")
    log = (paths.logs / "kiosk.log").read_text(encoding="utf-8")
    assert " ERROR kiosk.out_of_service: the station's settings cannot be read: " in log
    assert "; the settings and the catalog are tried again every " in capsys.readouterr().err


def test_the_terminal_keeps_its_one_line_and_exit_status(tmp_path: Path, capsys) -> None:
    from kiosk.main import main

    paths = garbage_station(tmp_path / "data")
    assert main(["--data", str(paths.root), "run", "--terminal"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("cafesach: error: catalog database is damaged")


def test_sigterm_ends_the_out_of_service_screen_cleanly(tmp_path: Path) -> None:
    paths = garbage_station(tmp_path / "data")
    with kiosk_process(paths.root) as kiosk:
        # the reason, then the screen is up: the event loop runs
        said = kiosk.read_until_line(OUT_OF_SERVICE_SHOWN, "its out-of-service screen")
        assert any("catalog database is damaged" in line for line in said)
        kiosk.stop()


def test_a_stop_asked_before_the_loop_runs_is_not_lost(screen_of, tmp_path: Path) -> None:
    """A SIGTERM right as the window showed, before the event loop ran: Qt drops a quit
    with no loop running, and the station would never stop."""
    screen = screen_of(garbage_station(tmp_path / "data"))
    screen.show(fullscreen=False, size=(800, 600))
    screen.quit()
    assert screen.exec() == 0 and not screen.opened


RESTART_DRIVER = r"""
import sys
from pathlib import Path

from kiosk import out_of_service

out_of_service.RETRY_S = 0.2
show = out_of_service.OutOfService.show

def shown_then_repaired(screen, **options):
    db = Path(sys.argv[1]) / "catalog.db"
    db.rename(db.with_name("catalog.db.damaged"))  # the technician; a fresh one is made
    show(screen, **options)

out_of_service.OutOfService.show = shown_then_repaired
from kiosk.main import main
sys.exit(main(["--data", sys.argv[1], "run", "--windowed", "--size", "800x600"]))
"""


def test_the_station_comes_back_as_the_normal_kiosk_in_the_same_process(
        tmp_path: Path) -> None:
    """A real run: the out-of-service screen, the catalog put right, the next try starts
    the kiosk again in place (the same process id, as cage needs) and its home screen
    shows; SIGTERM then ends it as usual."""
    paths = garbage_station(tmp_path / "data")
    with kiosk_process(paths.root, RESTART_DRIVER) as kiosk:
        said = kiosk.read_until_line("cafesach: home screen shown", "it came back")
        assert any(line.startswith(OUT_OF_SERVICE_SHOWN) for line in said)
        kiosk.stop()
    with Catalog(paths.catalog_db) as catalog:  # the new kiosk's first start: the demo
        assert len(catalog) > 0


def test_a_data_folder_that_cannot_be_opened_at_all_is_out_of_service_too(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder itself refused (another user's, mode 700: the kiosk cannot even open it
    to hold it) shows the screen as well, and each try takes the folder first; another
    kiosk holding the folder is still refused in one line (test_run_command)."""
    from library import locks
    from library.errors import StorageError

    paths = DataPaths(tmp_path / "data").ensure()
    real_lock = locks.folder_lock
    refusals = [StorageError(f"cannot lock {paths.root}: Permission denied",
                             message_vi="Không mở được thư mục để khoá.")]

    def folder_lock(folder, **options):  # as `os.open` on a folder of mode 700 refuses
        if refusals:
            raise refusals.pop()
        return real_lock(folder, **options)

    monkeypatch.setattr(locks, "folder_lock", folder_lock)

    def unreadable(path):  # its config.toml cannot be read either: Vietnamese, no exit
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("library.config.Config.load", unreadable)
    seen = run_until_restarted(monkeypatch, paths.root)
    assert refusals == [] and seen[0]["outOfServiceTitle"] == TITLE
    assert "Không mở được thư mục để khoá." in seen[0]["outOfServiceReason"]


def test_the_window_keeps_the_stations_contrast_and_text_size(screen_of, tmp_path: Path) -> None:
    from PySide6.QtGui import QFont

    from library.config import Config

    paths = garbage_station(tmp_path / "data")
    paths.config_file.write_text("[station]\nhigh_contrast = true\nlarge_text = true\n",
                                 encoding="utf-8")
    plain = screen_of(paths)
    bold = screen_of(paths, config=Config.load(paths.config_file))
    assert bold.window.property("color").name() == "#000000"
    assert plain.window.property("color").name() != "#000000"
    assert ask_size(bold) > ask_size(plain)
    # the station's unhinted font (`kiosk.app.text_font`): «đã» not drawn «đā»
    ask_font = bold.find("outOfServiceAsk").property("font")
    assert ask_font.hintingPreference() == QFont.HintingPreference.PreferNoHinting


def ask_size(screen) -> int:
    return screen.find("outOfServiceAsk").property("font").pixelSize()


def test_a_folder_of_documents_for_the_data_folder_is_out_of_service_and_left_alone(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CAFESACH_DATA set to the librarian's documents: the screen says what the folder
    is, and the kiosk puts nothing of a station's there (no `logs/kiosk.log` among the
    documents) while it is refused; the documents moved out, the station starts."""
    root = tmp_path / "tài liệu"
    root.mkdir()
    document = root / "Sổ tay đảng viên.pdf"
    document.write_bytes(b"%PDF-1.7\n")
    found: list[list[str]] = []

    def moved_out() -> None:  # the technician's repair, as the screen shows
        found.append(sorted(p.name for p in root.iterdir()))
        document.rename(tmp_path / document.name)

    seen = run_until_restarted(monkeypatch, root, moved_out)
    assert seen[0]["outOfServiceTitle"] == TITLE
    assert "Thư mục này chứa tài liệu" in seen[0]["outOfServiceReason"]
    assert found == [[document.name]]
