"""QR codes read back with zbarimg: PNG, SVG, long text, Wi-Fi; level and quiet zone."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from library.qr import (
    ELLIPSIS,
    MAX_VERSION,
    QUIET_ZONE,
    make_qr,
    shorten,
    wifi_password_problem,
    wifi_payload,
)
from tests.unit.handoff.zbar import decode

PAYLOADS = [
    "http://10.42.0.1:8765/i/demo-chuyen-doi-so",
    "https://thuvien.example.vn/tai-lieu/so-tay-dang-vien-dien-tu-2026.pdf?ban=2",
    "Bản tin sáng\n\nGiá lúa tăng nhẹ; trời nắng, không mưa. Đường Đà Lạt thông suốt.",
    "12345678901234567890",
    "x",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_png_decodes_to_payload(tmp_path: Path, payload: str) -> None:
    code = make_qr(payload)
    assert not code.shortened and code.payload == payload
    image = tmp_path / "code.png"
    image.write_bytes(code.png(scale=4))
    assert decode(image) == payload


def test_svg_decodes_after_rendering(tmp_path: Path) -> None:
    payload = "http://10.42.0.1:8765/i/so-tay-dang-vien"
    svg = make_qr(payload).svg()
    assert svg.startswith("<?xml") and 'shape-rendering="crispEdges"' in svg
    doc = pymupdf.open(stream=svg.encode(), filetype="svg")
    image = tmp_path / "svg.png"
    doc[0].get_pixmap(matrix=pymupdf.Matrix(4, 4)).save(image)
    assert decode(image) == payload


def test_matrix_has_quiet_zone_and_rows() -> None:
    code = make_qr("http://10.42.0.1:8765/i/x")
    assert code.size == 17 + 4 * code.version + 2 * QUIET_ZONE
    assert all(len(row) == code.size for row in code.matrix)
    for band in (code.matrix[:QUIET_ZONE], code.matrix[-QUIET_ZONE:]):
        assert not any(any(row) for row in band)
    assert not any(any(row[:QUIET_ZONE]) or any(row[-QUIET_ZONE:]) for row in code.matrix)
    assert code.rows[QUIET_ZONE][QUIET_ZONE:QUIET_ZONE + 7] == "1111111"  # finder pattern
    assert set("".join(code.rows)) == {"0", "1"}


def test_level_follows_payload_length() -> None:
    assert make_qr("http://10.42.0.1/i/a").level == "H"  # short: the most redundancy
    link = make_qr("http://10.42.0.1:8765/i/demo-chuyen-doi-so")
    assert link.level in {"Q", "H"} and link.version <= 5  # never much bigger than needed
    long = make_qr("Đ" * 700)
    assert long.level == "L"
    assert long.version <= MAX_VERSION


def test_too_long_is_shortened_with_a_note(tmp_path: Path) -> None:
    text = "Bản tin về giá nông sản trong tuần. " * 200
    code = make_qr(text)
    assert code.shortened and code.original_length == len(text)
    assert code.payload.endswith(ELLIPSIS)
    assert text.startswith(code.payload[:-1].rstrip())
    assert "rút gọn" in code.note_vi and "shortened" in code.note_en
    assert code.version == MAX_VERSION
    image = tmp_path / "long.png"
    image.write_bytes(code.png(scale=3))
    assert decode(image) == code.payload


def test_nothing_is_refused() -> None:
    assert make_qr("").payload == " "
    assert make_qr("\x00\x01 nhị phân").payload == "\x00\x01 nhị phân"
    assert make_qr("a" * 100_000, max_version=5).shortened
    assert make_qr("tên\udc80tệp").payload == "tên?tệp"  # a lone surrogate


def test_shorten_ends_on_a_word() -> None:
    result = shorten("một hai ba bốn năm sáu", lambda s: len(s) <= 12)
    assert result == "một hai ba" + ELLIPSIS


@pytest.mark.parametrize(("ssid", "password", "expected"), [
    ("Café sách", "matkhau123", "WIFI:T:WPA;S:Café sách;P:matkhau123;;"),
    ('a;b,c:d"e\\f', 'p;w"d', 'WIFI:T:WPA;S:a\\;b\\,c\\:d\\"e\\\\f;P:p\\;w\\"d;;'),
    ("Mở", "", "WIFI:T:nopass;S:Mở;;"),
])
def test_wifi_payload_escaping(tmp_path: Path, ssid: str, password: str,
                               expected: str) -> None:
    payload = wifi_payload(ssid, password)
    assert payload == expected
    image = tmp_path / "wifi.png"
    image.write_bytes(make_qr(payload).png())
    assert decode(image) == expected


def test_wifi_needs_a_name() -> None:
    with pytest.raises(ValueError):
        wifi_payload("", "x")


@pytest.mark.parametrize(("password", "fine"), [
    ("doc-sach-2026", True),
    ("a" * 63, True),
    ("mậtkhẩu", True),  # 7 letters, 11 bytes: an access point takes it
    ("ơ" * 40, False),  # 40 letters, 80 bytes: no access point takes it
    ("😀" * 16, False),  # 64 bytes, not hex
    ("é" * 32, False),
    ("short", False),
])
def test_wifi_password_length_is_counted_in_bytes(password: str, fine: bool) -> None:
    """WPA's 8–63 is in UTF-8 bytes: hostapd, NetworkManager and phones count so."""
    problem = wifi_password_problem(password)
    assert (problem is None) is fine
    if not fine:
        assert "8 to 63" in problem
        if len(password.encode()) != len(password):
            assert f"{len(password.encode())} bytes" in problem


def test_fast_mask_choice_matches_qrcode() -> None:
    """`best_mask` must pick exactly the mask qrcode's own slow search picks."""
    import random
    import string

    import qrcode

    from library.qr_mask import best_mask

    rng = random.Random(8)
    alphabet = string.ascii_letters + string.digits + " :/.-ăđươ"
    for length in [1, 7, 20, 36, 44, 80, 150, 300, 700, 1100] * 5:
        text = "".join(rng.choice(alphabet) for _ in range(length))
        level = rng.choice([0, 1, 2, 3])
        reference = qrcode.QRCode(error_correction=level)
        reference.add_data(text)
        version = reference.best_fit()
        fast = qrcode.QRCode(version=version, error_correction=level)
        fast.add_data(text)
        assert best_mask(fast) == reference.best_mask_pattern(), (length, level, version)


def _parse_wifi(payload: str) -> dict[str, str]:
    """A reader of `WIFI:` codes as phones implement it (backslash escapes)."""
    assert payload.startswith("WIFI:") and payload.endswith(";;")
    fields, key, value, escaped = {}, "", "", False
    body = payload[5:-1]
    reading_key = True
    for char in body:
        if escaped:
            value += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif reading_key and char == ":":
            reading_key = False
        elif reading_key:
            key += char
        elif char == ";":
            fields[key], key, value, reading_key = value, "", "", True
        else:
            value += char
    return fields



@settings(max_examples=60, deadline=None)
@given(st.text(max_size=4000))
def test_any_text_encodes(text: str) -> None:
    code = make_qr(text)
    if code.shortened:
        assert code.payload.endswith(ELLIPSIS)
        assert text.startswith(code.payload[:-1].rstrip(" ,.;:-–")) or code.payload == ELLIPSIS
    else:
        assert code.payload == (text or " ")
    assert code.version <= MAX_VERSION


@settings(max_examples=80, deadline=None)
@given(st.text(min_size=1, max_size=32), st.text(max_size=63))
def test_wifi_escaping_round_trips(ssid: str, password: str) -> None:
    fields = _parse_wifi(wifi_payload(ssid, password))
    assert fields["S"] == ssid
    assert fields.get("P", "") == password
    assert fields["T"] == ("WPA" if password else "nopass")
