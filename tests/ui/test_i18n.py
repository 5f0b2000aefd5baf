"""Every text the kiosk shows is translatable, and the English catalog is whole.

The QML scan keeps new screens from slipping: a Vietnamese literal outside
`qsTr`/`qsTranslate` fails here (keys and other data say `// i18n: why` on
their line). The .ts checks keep `cafesach_en.ts`, its `.qm` and ENGLISH in
step with the sources.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.catalog import Catalog, Item
from library.config import Config
from library.paths import DataPaths

from .english import english

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[2]
KIOSK = ROOT / "kiosk"
I18N = KIOSK / "i18n"
TS = I18N / "cafesach_en.ts"

WRAPPERS = (re.compile(r"\bqsTr(?:Id)?\s*\(\s*$"),
            re.compile(r"""\bqsTranslate\s*\(\s*(["'])[^"']*\1\s*,\s*$"""))
EXEMPT = "// i18n:"


def vietnamese(text: str) -> bool:
    """True when `text` holds a letter with a diacritic, or đ/Đ."""
    return any(ch in "đĐ" or (ch.isalpha() and unicodedata.normalize("NFD", ch) != ch)
               for ch in text)


def literals(source: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each string literal in QML/JavaScript, comments skipped."""
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "\"'`":
            start, i = i, i + 1
            while i < n and source[i] != ch:
                i += 2 if source[i] == "\\" else 1
            yield start, source[start + 1:i]
            i += 1
        else:
            i += 1


def bare_vietnamese(source: str) -> list[tuple[int, str]]:
    """(line, text) of Vietnamese literals not wrapped in qsTr/qsTranslate nor exempted."""
    found = []
    for offset, text in literals(source):
        if not vietnamese(text):
            continue
        before = source[:offset]
        line_start = before.rfind("\n") + 1
        line_end = source.find("\n", offset)
        line = source[line_start:None if line_end < 0 else line_end]
        if EXEMPT in line or any(w.search(before[-200:]) for w in WRAPPERS):
            continue
        found.append((before.count("\n") + 1, text))
    return found


def test_the_scan_catches_bare_text_and_passes_wrapped_text() -> None:
    qml = '''
        Text { text: "Đọc ngay" }
        Text { text: qsTr("Đọc ngay") + ' · ' + qsTr("%n trang", "", 3) }
        Text { text: qsTranslate("Reader", 'Trang %1').arg(2) }
        Text { text: cond ? qsTr("Bật") : "Tắt" }
        // text: "Chú thích không phải chữ trên màn hình"
        /* "cũng vậy" */
        property var keys: ["a", "đ"]  // i18n: keys, not text
        Text { text: `Xin chào ${name}` }
    '''
    assert bare_vietnamese(qml) == [(2, "Đọc ngay"), (5, "Tắt"), (9, "Xin chào ${name}")]
    assert vietnamese("Café") and vietnamese("đ") and not vietnamese("−10 s · 1.0× “x”")


def test_no_qml_shows_vietnamese_outside_qstr() -> None:
    files = sorted(KIOSK.rglob("*.qml"))
    assert len(files) > 30  # the visitor screens, audio, hand-off and the librarian panel
    bad = [f"{f.relative_to(ROOT)}:{line}: {text!r}"
           for f in files for line, text in bare_vietnamese(f.read_text(encoding="utf-8"))]
    assert not bad, "wrap these in qsTr():\n" + "\n".join(bad)


# -- the catalog ---------------------------------------------------------------------
def messages(ts: Path = TS) -> list[tuple[str, ET.Element]]:
    tree = ET.parse(ts)
    return [(context.findtext("name") or "", message)
            for context in tree.iter("context") for message in context.iter("message")]


def test_every_message_has_english_and_every_english_is_used() -> None:
    from kiosk.i18n.translate_en import ENGLISH

    found = messages()
    assert len(found) > 250
    for context, message in found:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        state = translation.get("type")  # unfinished, vanished, obsolete
        assert state is None, f"{context}: {source!r} is {state}"
        if message.get("numerus") == "yes":
            forms = [f.text for f in translation.iter("numerusform")]
            assert len(forms) == 2 and all(forms), f"{source!r}: {forms}"
        else:
            assert translation.text, f"{context}: {source!r} has no English"
    sources = {message.findtext("source") for _, message in found}
    pairs = {(context, message.findtext("source")) for context, message in found}
    unused = [key for key in ENGLISH if (key not in pairs if isinstance(key, tuple)
                                         else key not in sources)]
    assert not unused, f"ENGLISH has texts no source uses: {unused}"


def test_the_catalog_is_in_step_with_the_sources(tmp_path: Path) -> None:
    from kiosk.i18n.translate_en import lupdate

    copy = tmp_path / "cafesach_en.ts"
    shutil.copy(TS, copy)
    lupdate(copy)

    def texts(ts: Path) -> set[tuple[str, str]]:
        return {(c, m.findtext("source") or "") for c, m in messages(ts)}

    assert texts(copy) == texts(TS), "run: python kiosk/i18n/translate_en.py"


def test_the_compiled_catalog_translates_every_message(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    with english():
        for context, message in messages():
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if message.get("numerus") == "yes":
                one, many = (f.text or "" for f in translation.iter("numerusform"))
                assert QCoreApplication.translate(context, source, None, 1) == \
                    one.replace("%n", "1")
                assert QCoreApplication.translate(context, source, None, 7) == \
                    many.replace("%n", "7")
            else:
                assert QCoreApplication.translate(context, source) == translation.text, source
        from kiosk.language import current

        assert current() == "en"
    from kiosk.language import current

    assert current() == "vi"
    assert QCoreApplication.translate("Pin", "%n giây", None, 5) == "5 giây"


def test_core_lines_the_handoff_translates_are_the_cores_own() -> None:
    from kiosk.handoff.model import CORE_LINES

    assert len(CORE_LINES) == 6
    for core, copied in CORE_LINES.items():
        assert core == copied  # the core changed a line: copy it into CORE_LINES again


def test_core_errors_are_shown_in_english_when_the_kiosk_speaks_english(qapp) -> None:
    from kiosk.language import error_text
    from library.errors import NotFound

    error = NotFound("no item 'x'")
    assert error_text(error) == "Không tìm thấy."
    with english():
        assert error_text(error) == "no item 'x'"


# -- the hand-off card in English -----------------------------------------------------
HANDOFF = """
import QtQuick
import "{components}" as C
Rectangle {{
    id: window
    width: 1000; height: 600
    C.Theme {{ id: theme; window: window; family: fontFamily }}
    Loader {{
        x: 40; y: 40; width: window.width - 80
        source: "{handoff}/Handoff.qml"
        onLoaded: item.item = {{ "itemId": "tin-sang" }}
    }}
}}
"""


def test_handoff_card_speaks_english(qtbot, tmp_path: Path, data_paths: DataPaths,
                                     catalog: Catalog) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtQuick import QQuickItem, QQuickView

    from kiosk.app import find_item, register_fonts
    from kiosk.handoff import QML_DIR, HandoffModel

    catalog.put(Item(id="tin-sang", title="Tin buổi sáng", kind="bulletin",
                     body="Xã An Bình thông báo lịch tiêm phòng."))
    config = Config.load(data_paths.config_file)
    config.set("wifi", "ssid", "Café sách")
    model = HandoffModel(catalog, config, interfaces=lambda: {}, route=lambda: None)
    qml = tmp_path / "handoff.qml"
    qml.write_text(HANDOFF.format(components=(KIOSK / "qml" / "components").as_uri(),
                                  handoff=QML_DIR.as_uri()), encoding="utf-8")
    with english():
        view = QQuickView()
        view.rootContext().setContextProperty("handoff", model)
        view.rootContext().setContextProperty("fontFamily", register_fonts())
        view.setSource(QUrl.fromLocalFile(str(qml)))
        try:
            assert view.status() == QQuickView.Status.Ready, view.errors()
            root: QQuickItem = view.rootObject()  # type: ignore[assignment]
            assert find_item(root, "handoffHint").property("text") == \
                "Scan the code with your phone's camera"
            assert find_item(root, "handoffNote").property("text") == \
                "The QR code holds the bulletin's text."
            assert model.wifiCode()["hint"] == \
                "No internet? Scan this code to join the station's Wi-Fi"
        finally:
            view.close()
            view.setSource(QUrl())
            view.deleteLater()
    assert model.wifiCode()["hint"] == "Chưa có mạng? Quét mã này để vào Wi-Fi của trạm"
