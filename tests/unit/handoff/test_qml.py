"""The kiosk's handoff slot component, rendered offscreen and read back with zbarimg."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from library.catalog import Catalog
from library.config import Config

from .conftest import Station
from .zbar import assert_holds_exactly, decode

pytestmark = pytest.mark.ui

COMPONENTS = Path(__file__).resolve().parents[3] / "kiosk" / "qml" / "components"

WRAPPER = """
import QtQuick
import "{components}" as C
import "{handoff}" as H
Rectangle {{
    id: window
    width: {width}; height: {height}; color: "#f3efe6"
    C.Theme {{ id: theme; window: window; family: "Noto Sans" }}
    Loader {{
        id: slot
        objectName: "slot"
        x: 40; y: 40; width: window.width - 80
        source: "{handoff}/Handoff.qml"
        onLoaded: {{ item.item = {{ "itemId": "{item_id}" }}; item.compact = {compact} }}
    }}
}}
"""


def _render(qtbot, tmp_path: Path, model, item_id: str, *, width: int = 1000,
            height: int = 700, compact: bool = False) -> tuple[Path, object]:
    from PySide6.QtQuick import QQuickView

    from kiosk.handoff import QML_DIR

    qml = tmp_path / "wrapper.qml"
    qml.write_text(WRAPPER.format(components=COMPONENTS.as_uri(), handoff=QML_DIR.as_uri(),
                                  width=width, height=height, item_id=item_id,
                                  compact="true" if compact else "false"), encoding="utf-8")
    view = QQuickView()
    view.rootContext().setContextProperty("handoff", model)
    view.setSource(QUrl.fromLocalFile(str(qml)))
    assert view.status() == QQuickView.Status.Ready, view.errors()
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(200)  # one frame for the scene graph
    image = view.grabWindow()
    path = tmp_path / f"slot-{item_id}-{width}.png"
    assert image.save(str(path))
    return path, view


def _dispose(view) -> None:
    """Close and really delete the view, so no stale bindings outlive the test's model."""
    view.close()
    view.setSource(QUrl())
    view.deleteLater()


@pytest.fixture
def model(station: Station, qapp):
    from kiosk.handoff import HandoffModel

    config = Config.load(station.paths.config_file)
    config.set("wifi", "address", "10.42.0.1")
    config.set("wifi", "ssid", "Café sách xã An Bình")
    config.set("wifi", "password", "doc;sach")
    catalog = Catalog(station.paths.catalog_db)
    shown: list[str] = []

    class Sink:
        def qr_shown(self, item_id: str) -> None:
            shown.append(item_id)

    handoff = HandoffModel(catalog, config, stats=Sink())  # type: ignore[arg-type]
    handoff.shown = shown  # type: ignore[attr-defined]
    yield handoff
    catalog.close()


def test_slot_shows_item_and_wifi_codes(qtbot, tmp_path: Path, model) -> None:
    path, view = _render(qtbot, tmp_path, model, "clip")
    assert_holds_exactly(path, ["http://10.42.0.1:8765/i/clip",
                                "WIFI:T:WPA;S:Café sách xã An Bình;P:doc\\;sach;;"])
    from PySide6.QtQuick import QQuickItem

    hint = view.rootObject().findChild(QQuickItem, "handoffHint")  # type: ignore[union-attr]
    assert hint.property("text") == "Quét mã bằng camera điện thoại"
    note = view.rootObject().findChild(QQuickItem, "handoffNote")  # type: ignore[union-attr]
    assert note.property("visible") is False  # nothing fell back
    assert model.shown == ["clip"]
    _dispose(view)


def test_small_and_compact_still_decode(qtbot, tmp_path: Path, model) -> None:
    path, view = _render(qtbot, tmp_path, model, "ban-tin", width=420, height=900,
                         compact=True)
    # A bulletin with no file: the code holds its text, no Wi-Fi code is needed.
    text = decode(path)
    assert text.startswith("Bản tin sáng")
    _dispose(view)


def test_unknown_item_shows_nothing(model) -> None:
    assert model.code("khong-co") == {}
    code = model.code("clip")
    assert code["kind"] == "handoff_url" and code["rows"][0].startswith("0000")


def test_detail_screen_screenshot_decodes(qtbot, tmp_path: Path, station: Station,
                                          qapp) -> None:
    """The whole kiosk, the slot filled by `install`, on the detail screen of an item."""
    from kiosk.app import KioskApp
    from kiosk.handoff import install

    config = Config.load(station.paths.config_file)
    config.set("wifi", "address", "10.42.0.1")
    config.set("wifi", "ssid", "Café sách")
    config.set("wifi", "password", "doc;sach")
    catalog = Catalog.open(station.paths)
    app = KioskApp(catalog, config=config, paths=station.paths)
    try:
        model = install(app, serve=False)
        assert not model.serving
        app.show(fullscreen=False, size=(1920, 1080))
        qtbot.waitExposed(app.window)
        app.visit.openItem("clip")
        qtbot.wait(600)  # the screen transition
        shot = tmp_path / "detail.png"
        assert app.window.grabWindow().save(str(shot))
        assert_holds_exactly(shot, ["http://10.42.0.1:8765/i/clip",
                                    "WIFI:T:WPA;S:Café sách;P:doc\\;sach;;"])
    finally:
        app.close()
        catalog.close()


def test_offline_station_says_so_on_screen(qtbot, tmp_path: Path, station: Station,
                                           qapp) -> None:
    """No network interface at all: the code holds the summary and the screen says why."""
    from PySide6.QtQuick import QQuickItem

    from kiosk.handoff import HandoffModel
    from library.handoff.links import NOTE_OFFLINE_VI, item_text

    config = Config.load(station.paths.config_file)
    config.set("wifi", "address", "")
    config.set("wifi", "interface", "")
    catalog = Catalog(station.paths.catalog_db)
    try:
        model = HandoffModel(catalog, config, interfaces=lambda: {}, route=lambda: None)
        path, view = _render(qtbot, tmp_path, model, "so-tay")
        assert decode(path) == item_text(catalog.get("so-tay"))
        note = view.rootObject().findChild(QQuickItem, "handoffNote")  # type: ignore[union-attr]
        assert note.property("visible") is True
        assert note.property("text") == NOTE_OFFLINE_VI
        _dispose(view)
    finally:
        catalog.close()


def test_hidden_network_code_on_screen_says_so(qtbot, tmp_path: Path, model) -> None:
    """Android looks for a network that hides its name only when the code says `H:true`."""
    model._config.set("wifi", "hidden", True)
    try:
        path, view = _render(qtbot, tmp_path, model, "clip")
    finally:
        model._config.set("wifi", "hidden", False)
    assert_holds_exactly(path, ["http://10.42.0.1:8765/i/clip",
                                "WIFI:T:WPA;S:Café sách xã An Bình;P:doc\\;sach;H:true;;"])
    _dispose(view)


PUBLIC_URL = "https://thư-viện.example.vn/tài liệu/sổ tay đảng viên.pdf"
PUBLIC_URI = ("https://xn--th-vin-4zb3960d.example.vn/t%C3%A0i%20li%E1%BB%87u/"
              "s%E1%BB%95%20tay%20%C4%91%E1%BA%A3ng%20vi%C3%AAn.pdf")


@pytest.mark.parametrize(("host", "address", "prefer_public", "web_code"), [
    # wifi.address as typed, with a port
    ("0.0.0.0", "10.42.0.1:8080", False, "http://10.42.0.1:8765/i/co-web"),
    # bound to one address: codes name it
    ("10.42.0.7", "10.42.0.1", False, "http://10.42.0.7:8765/i/co-web"),
    # no phone reaches the server: the public URL, else the text
    ("127.0.0.1", "10.42.0.1", False, PUBLIC_URI),
    ("0.0.0.0", "http://10.42.0.1/", True, PUBLIC_URI),
])
def test_kiosk_codes_hold_what_cafesach_qr_prints(qapp, tmp_path: Path, make_pdf, capsys,
                                                  host: str, address: str,
                                                  prefer_public: bool, web_code: str) -> None:
    """One choice of link for an item's code, on the screen and from the command line."""
    from kiosk.handoff import HandoffModel
    from kiosk.main import main
    from library.paths import DataPaths

    paths = DataPaths(tmp_path / "data").ensure()
    config = Config.load(paths.config_file)
    config.set("handoff", "host", host)
    config.set("handoff", "prefer_public_url", prefer_public)
    config.set("wifi", "address", address)
    config.save()
    with Catalog.open(paths) as catalog:
        web = catalog.add_file(make_pdf("web.pdf", ["Trang một."]), item_id="co-web").item
        catalog.update(web.id, public_url=PUBLIC_URL)
        catalog.add_file(make_pdf("local.pdf", ["Trang hai."]), item_id="chi-o-tram",
                         summary="Chỉ có ở trạm.")
    capsys.readouterr()
    catalog = Catalog(paths.catalog_db)
    try:
        model = HandoffModel(catalog, Config.load(paths.config_file),
                             interfaces=lambda: {}, route=lambda: None)
        for item_id in ("co-web", "chi-o-tram"):
            assert main(["--data", str(paths.root), "qr", item_id, "--url-only"]) == 0
            printed = capsys.readouterr().out.rstrip("\n")
            assert model.code(item_id)["payload"] == printed, (host, item_id)
            if item_id == "co-web":
                assert printed == web_code
            else:
                assert printed.startswith("http://") == (host != "127.0.0.1")  # else its text
    finally:
        catalog.close()


def test_no_wifi_code_for_a_password_no_phone_can_use(model) -> None:
    model._config.set("wifi", "password", "short")
    assert model.wifiCode() == {}
    model._config.set("wifi", "password", "doc;sach")
    assert model.wifiCode()["payload"].startswith("WIFI:T:WPA;")


def test_no_wifi_code_for_a_name_no_network_can_have(model) -> None:
    model._config.set("wifi", "ssid", "Café sách 4.0 xã An Bình Đông Thượng")  # 45 bytes
    try:
        assert model.wifiCode() == {}
    finally:
        model._config.set("wifi", "ssid", "Café sách xã An Bình")
    assert model.wifiCode()["ssid"] == "Café sách xã An Bình"


def test_kiosk_goes_on_when_a_handoff_setting_is_refused(station: Station, qapp,
                                                         tmp_path: Path) -> None:
    """`handoff.stall_s = 0` is refused: the kiosk logs it and serves nothing, never crashes."""
    from kiosk.handoff import HandoffModel

    config = Config.load(tmp_path / "config.toml")
    config.set("handoff", "stall_s", 0.0)
    config.set("handoff", "host", "127.0.0.1")
    catalog = Catalog(station.paths.catalog_db)
    handoff = HandoffModel(catalog, config, paths=station.paths)
    try:
        assert handoff.start_server() is False
        assert handoff.serving is False
    finally:
        handoff.stop_server()
        catalog.close()
