"""«Áp phích QR ra USB»: the QR posters librarians print, written onto the chosen stick.

Three choices, one tap each: every visible item (six to a page), one
collection (six to a page), or the items on the home shelf (one big poster
each). The poster is made in a child process (`library.poster_child`):
MuPDF never loads in the kiosk's own process, so a damaged cover cannot take
the visitors' screen down; the wait for it runs on a worker thread
(`kiosk.tasks.Tasks`), never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, Qt, Signal, Slot

from library.catalog import Catalog
from library.errors import LibraryError
from library.paths import DataPaths
from library.usb import Stick

from ..language import error_text, failure_text


def poster_name(folder: Path, day: str) -> Path:
    """`ap-phich-<day>.pdf` in `folder`, or `-2`, `-3`… after it when that one is there:
    a second poster made the same day must not replace the first on the stick."""
    target = folder / f"ap-phich-{day}.pdf"
    number = 1
    while target.exists() or target.is_symlink():
        number += 1
        target = folder / f"ap-phich-{day}-{number}.pdf"
    return target


def _which(stick: Stick | None) -> tuple[Any, ...] | None:
    """The stick a line speaks of: `Stick.place`, not its identity, whose free space the
    poster just written changed (the line must stay while that same stick is in)."""
    return None if stick is None else stick.place


class PosterController(QObject):
    changed = Signal()
    _progressed = Signal(int, int)  # from the worker thread; shown on the GUI thread

    def __init__(self, paths: DataPaths, catalog: Catalog, tasks: Any, *,
                 stick: Callable[[], Stick | None], today: Callable[[], str],
                 parent: QObject | None = None) -> None:
        """`stick()` is the stick chosen on the «Nạp nội dung» screen; `today()` the
        station's day (YYYY-MM-DD), which names the file."""
        super().__init__(parent)
        self._paths, self._catalog, self._tasks = paths, catalog, tasks
        self._stick, self._today = stick, today
        self._choices: list[dict[str, Any]] = []
        self._busy = False
        self._progress = 0.0
        self._message = ""
        self._notes = ""
        self._problem = False
        #: the message speaks of the stick chosen then (`_which`, or None for
        #: «Hãy cắm USB»): it goes when another is chosen or that one is pulled out
        self._said_of: tuple[Any, ...] | None = None
        self._about_stick = False
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    # -- properties -------------------------------------------------------------
    def _p_choices(self) -> list[dict[str, Any]]:
        return list(self._choices)

    #: ``{key, label, count}``: «Tất cả», «Kệ trang chủ», then each collection with items.
    choices = Property("QVariantList", _p_choices, notify=changed)

    def _p_hint(self) -> str:
        return QCoreApplication.translate(
            "Posters", "Tất cả và từng bộ sưu tập: 6 mục mỗi trang. Kệ trang chủ: mỗi mục "
            "một trang, mã lớn. Tệp PDF được ghi vào USB đang chọn ở trên.")

    #: How each choice is laid out, said under the choices.
    hint = Property(str, _p_hint, constant=True)

    def _p_busy(self) -> bool:
        return self._busy

    busy = Property(bool, _p_busy, notify=changed)

    def _p_progress(self) -> float:
        return self._progress

    progress = Property(float, _p_progress, notify=changed)

    def _p_message(self) -> str:
        return self._message

    #: Where the poster went and how many pages, or the one-line reason it was not written.
    message = Property(str, _p_message, notify=changed)

    def _p_notes(self) -> str:
        return self._notes

    #: What the poster left out and why (e.g. the Wi-Fi code), from `PosterResult.notes`.
    notes = Property(str, _p_notes, notify=changed)

    def _p_problem(self) -> bool:
        return self._problem

    problem = Property(bool, _p_problem, notify=changed)

    # -- actions ------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Count what each choice would print (visible items only)."""
        from ..models.collections import tile_name

        try:
            counts = self._catalog.kind_counts()
            featured = self._catalog.count(featured=True)
        except LibraryError as exc:
            self._choices, self._message, self._problem = [], error_text(exc), True
            self._about_stick = False  # the catalog's fault: no stick takes it away
            self.changed.emit()
            return
        self._choices = [
            {"key": "all", "count": sum(counts.values()),
             "label": QCoreApplication.translate("Posters", "Tất cả")},
            {"key": "featured", "count": featured,
             "label": QCoreApplication.translate("Posters", "Kệ trang chủ")},
            *({"key": f"kind:{kind}", "label": tile_name(kind), "count": n}
              for kind, n in sorted(counts.items()) if n > 0),
        ]
        self.changed.emit()

    def _say(self, message: str, *, problem: bool, stick: Stick | None = None) -> None:
        """A line about the stick chosen now (`stick`; None: no stick chosen)."""
        self._message, self._notes, self._problem = message, "", problem
        self._said_of, self._about_stick = _which(stick), True
        self.changed.emit()

    @Slot()
    def stickChanged(self) -> None:
        """The chosen stick changed (pulled out, another chosen, another in its place): what
        was said of the old one goes with it, as every line about a stick on the
        «Nạp nội dung» screen does. A poster being written keeps its line: its outcome
        (written, or why not) replaces it."""
        if self._busy or not self._about_stick:
            return
        stick = self._stick()
        if _which(stick) == self._said_of:
            return  # the same stick chosen again
        self._message, self._notes, self._problem = "", "", False
        self._said_of, self._about_stick = None, False
        self.changed.emit()

    @Slot(str)
    def make(self, key: str) -> None:
        """Write the poster `key` asks for (``all``, ``featured``, ``kind:<kind>``)."""
        from library.poster_child import PosterChoice, poster_in_child

        if self._busy:
            return
        stick = self._stick()
        # a stick pulled out since it was listed: never write (and make) its folder on the
        # station's own disk and call that "on the USB"
        if stick is None or not stick.path.is_dir():
            self._say(QCoreApplication.translate(
                "Posters", "Hãy cắm USB và chọn nó ở trên để ghi áp phích."), problem=False)
            return
        if stick.read_only:  # said at once, not after every code is drawn
            self._say(QCoreApplication.translate(
                "Posters", "USB «%1» chỉ cho đọc: hãy gạt khoá ghi hoặc dùng USB khác.").replace(
                "%1", stick.label or stick.path.name), problem=True, stick=stick)
            return
        if key == "featured":
            choice = PosterChoice(featured=True)
        elif key.startswith("kind:"):
            choice = PosterChoice(kind=key[5:], grid=True)
        else:
            choice = PosterChoice(grid=True)
        target = poster_name(stick.path, self._today())
        self._busy, self._progress = True, 0.0
        self._say("", problem=False, stick=stick)
        paths = self._paths

        def work() -> Any:
            return poster_in_child(paths, choice, target,
                                   progress=lambda d, t: self._progressed.emit(d, t))

        def done(written: Any) -> None:
            self._busy = False
            count = int(written.pages)
            pages = QCoreApplication.translate("Posters", "%n trang", None, count)
            self._message = QCoreApplication.translate(
                "Posters", "Đã ghi áp phích ra USB: %1 (%2).").replace(
                "%1", f"{stick.path.name}/{written.path.name}").replace("%2", pages)
            self._notes = "\n".join(written.notes)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self._busy, self._problem, self._notes = False, True, ""
            self._message = failure_text(error, "poster")
            self.changed.emit()

        self._tasks.run(work, done, failed, long=True)

    def _show_progress(self, done: int, total: int) -> None:
        self._progress = done / total if total else 0.0
        self.changed.emit()
