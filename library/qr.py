"""QR codes: one payload in, a matrix (for the kiosk), PNG and SVG out.

Why this module picks the error-correction level itself: a short link read
off a glossy kiosk screen or a creased paper poster benefits from the
highest redundancy, while a long bulletin text only fits at all with the
lowest. So the level is the highest one that keeps the symbol at a size a
phone camera reads comfortably: at most `EC_GROWTH` versions larger than the
smallest symbol at the lowest level (L).

Why payloads are shortened and never refused: the visitor standing at the
kiosk must always get *a* code. Text that does not fit is cut at a word
boundary, ends with "…", and the result says so (`shortened`, `note_vi`)
so the screen or poster can tell people the code holds only the beginning.

The quiet zone (4 modules, as the standard asks) is part of every output,
including the raw matrix, so a renderer that simply paints the matrix on a
white background gets a scannable code.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import png
import qrcode
import qrcode.constants
import qrcode.exceptions

from .qr_mask import best_mask

#: Modules of white around the symbol (ISO/IEC 18004 asks for 4).
QUIET_ZONE = 4
#: How many versions (4 modules per side each) a higher error-correction level may
#: add over the smallest symbol: more redundancy, but modules stay large enough to
#: read from a screen or a small print.
EC_GROWTH = 2
#: Largest symbol ever produced (version 25 = 117×117 modules); longer text is cut.
MAX_VERSION = 25
ELLIPSIS = "…"

_LEVELS = (  # best protection first
    ("H", qrcode.constants.ERROR_CORRECT_H),
    ("Q", qrcode.constants.ERROR_CORRECT_Q),
    ("M", qrcode.constants.ERROR_CORRECT_M),
    ("L", qrcode.constants.ERROR_CORRECT_L),
)
_LEVEL_BY_NAME = dict(_LEVELS)

NOTE_SHORTENED_VI = "Nội dung quá dài cho mã QR nên đã được rút gọn."
NOTE_SHORTENED_EN = "The text was too long for a QR code and was shortened."


@dataclass(frozen=True)
class QrCode:
    """An encoded QR symbol and what it holds."""

    payload: str  #: exactly what a phone reads back (after any shortening)
    matrix: tuple[tuple[bool, ...], ...] = field(repr=False)  #: True = dark, quiet zone included
    version: int
    level: str  #: error-correction level: L, M, Q or H
    shortened: bool = False
    original_length: int = 0  #: characters of the payload as asked for

    @property
    def size(self) -> int:
        """Modules per side, quiet zone included."""
        return len(self.matrix)

    @property
    def note_vi(self) -> str:
        return NOTE_SHORTENED_VI if self.shortened else ""

    @property
    def note_en(self) -> str:
        return NOTE_SHORTENED_EN if self.shortened else ""

    @cached_property
    def rows(self) -> list[str]:
        """The matrix as strings of '1' (dark) and '0', one per row (for QML and JSON)."""
        return ["".join("1" if dark else "0" for dark in row) for row in self.matrix]

    @cached_property
    def runs(self) -> tuple[tuple[int, int, int], ...]:
        """(x, y, length) of every horizontal run of dark modules (for vector output)."""
        out = []
        for y, row in enumerate(self.matrix):
            x, side = 0, len(row)
            while x < side:
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < side and row[x]:
                    x += 1
                out.append((start, y, x - start))
        return tuple(out)

    def png(self, *, scale: int = 8) -> bytes:
        """A 1-bit greyscale PNG, `scale` pixels per module (pypng: pure Python, small)."""
        if scale < 1:
            raise ValueError("scale must be at least 1")
        rows = []
        for row in self.matrix:
            pixels = [0 if dark else 1 for dark in row for _ in range(scale)]
            rows.extend([pixels] * scale)
        out = io.BytesIO()
        writer = png.Writer(self.size * scale, self.size * scale, greyscale=True, bitdepth=1)
        writer.write(out, rows)
        return out.getvalue()

    def svg(self, *, module_mm: float = 1.0) -> str:
        """A standalone SVG: one path, white background, crisp edges at any scale."""
        side = self.size
        parts = [f"M{x} {y}h{length}v1h{-length}z" for x, y, length in self.runs]
        mm = side * module_mm
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{mm:g}mm" height="{mm:g}mm" viewBox="0 0 {side} {side}" '
            'shape-rendering="crispEdges">'
            f'<rect width="{side}" height="{side}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(parts)}"/></svg>\n'
        )


def _build(payload: str, level: int, version: int | None = None) -> qrcode.QRCode:
    qr = qrcode.QRCode(version=version, error_correction=level, border=QUIET_ZONE)
    qr.add_data(payload)
    return qr


#: Bytes that fit a version-40 symbol at level L; anything longer cannot fit at all.
_MAX_BYTES = 2953


def _fit_version(payload: str, level: int) -> int | None:
    """The smallest version holding `payload` at `level`, or None past version 40."""
    if len(payload.encode("utf-8")) > _MAX_BYTES:
        return None
    qr = _build(payload, level)
    try:
        return qr.best_fit()
    # qrcode 8.2 reports "past version 40" as ValueError from its version setter.
    except (qrcode.exceptions.DataOverflowError, ValueError):
        return None


def _choose_level(payload: str, max_version: int) -> tuple[str, int] | None:
    """The highest level costing at most `EC_GROWTH` versions over level L; None if no fit."""
    smallest = _fit_version(payload, _LEVEL_BY_NAME["L"])
    if smallest is None or smallest > max_version:
        return None
    budget = min(max_version, smallest + EC_GROWTH)
    for name, level in _LEVELS:
        version = smallest if name == "L" else _fit_version(payload, level)
        if version is not None and version <= budget:
            return name, version
    return "L", smallest


def shorten(text: str, fits: Callable[[str], bool]) -> str:
    """The longest word-boundary prefix of `text` + "…" for which `fits(prefix)` holds."""
    low, high = 0, len(text)
    while low < high:  # binary search on the character count
        mid = (low + high + 1) // 2
        if fits(text[:mid].rstrip() + ELLIPSIS):
            low = mid
        else:
            high = mid - 1
    cut = text[:low]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:  # do not throw away much just to end on a word
        cut = cut[:space]
    return cut.rstrip(" ,.;:-–") + ELLIPSIS


def _encodable(payload: str) -> str:
    """`payload` as a code carries it: lone surrogates (from broken file names, say)
    cannot be UTF-8, so they become "?"."""
    return payload.encode("utf-8", "replace").decode("utf-8")


def fits_whole(payload: str, *, max_version: int = MAX_VERSION) -> bool:
    """Whether `make_qr` would encode `payload` whole (a link cut short opens nothing)."""
    version = _fit_version(_encodable(payload), qrcode.constants.ERROR_CORRECT_L)
    return version is not None and version <= max_version


def make_qr(payload: str, *, max_version: int = MAX_VERSION) -> QrCode:
    """Encode `payload`; too-long text is shortened (see module notes), never refused."""
    if not isinstance(payload, str):
        raise TypeError("payload must be str")
    if not 1 <= max_version <= 40:
        raise ValueError("max_version must be within 1..40")
    text = _encodable(payload) or " "
    shortened = False
    chosen = _choose_level(text, max_version)
    if chosen is None:
        low_l = qrcode.constants.ERROR_CORRECT_L

        def fits(candidate: str) -> bool:
            version = _fit_version(candidate, low_l)
            return version is not None and version <= max_version

        text = shorten(text, fits)
        shortened = True
        chosen = _choose_level(text, max_version)
        assert chosen is not None  # shorten() guarantees an L fit
    name, version = chosen
    qr = _build(text, _LEVEL_BY_NAME[name], version)
    qr.makeImpl(False, best_mask(qr))  # the mask qrcode would pick, found much faster
    matrix = tuple(tuple(bool(m) for m in row) for row in qr.get_matrix())
    return QrCode(payload=text, matrix=matrix, version=version, level=name,
                  shortened=shortened, original_length=len(payload))


# -- Wi-Fi --------------------------------------------------------------------
def _wifi_escape(value: str) -> str:
    r"""Escape `\ ; , : "` as the Wi-Fi QR convention (ZXing) asks."""
    for char in ("\\", ";", ",", ":", '"'):
        value = value.replace(char, "\\" + char)
    return value


_HEX = frozenset("0123456789abcdefABCDEF")


def wifi_password_problem(password: str) -> str | None:
    """Why `password` cannot be a WPA key, in one line; None when it can (or is empty).

    WPA takes a passphrase of 8 to 63 characters or a raw key of 64 hex
    digits. A code holding anything else joins no network, and the phone
    only says "could not connect": better to refuse it where it is made.
    The limit is in bytes, as the access point (hostapd, NetworkManager)
    and the phone count it in UTF-8: a Vietnamese letter with marks takes 2
    or 3, an emoji 4, so 40 such letters make no network, 7 of them may.
    """
    if not password:
        return None
    if len(password) == 64 and set(password) <= _HEX:
        return None
    size = len(password.encode("utf-8", "replace"))
    if not 8 <= size <= 63:
        if size == len(password):
            return (f"the Wi-Fi password has {size} characters; WPA needs 8 to 63 "
                    "(or 64 hex digits)")
        return (f"the Wi-Fi password is {size} bytes long ({len(password)} characters: "
                "a letter with marks takes 2 or 3 bytes, an emoji 4); WPA needs 8 to 63 bytes")
    if any(ord(char) < 32 or ord(char) == 127 for char in password):
        return "the Wi-Fi password contains a control character"
    return None


#: Longest network name Wi-Fi allows, in bytes (IEEE 802.11).
SSID_MAX_BYTES = 32


def wifi_ssid_problem(ssid: str) -> str | None:
    """Why no network can be named `ssid`, in one line; None when one can.

    Vietnamese names run long in UTF-8 ("Café sách xã An Bình Đông" is 31
    bytes): a name past 32 bytes cannot exist, so its code joins nothing.
    """
    size = len(ssid.encode("utf-8", "replace"))
    if size > SSID_MAX_BYTES:
        return f"the Wi-Fi name is {size} bytes; Wi-Fi allows at most {SSID_MAX_BYTES}"
    return None


def wifi_payload(ssid: str, password: str = "", *, security: str = "WPA",
                 hidden: bool = False) -> str:
    """`WIFI:T:WPA;S:…;P:…;;` — phones offer to join the network when they read it.

    An empty password means an open network (`T:nopass`). The password is
    not checked here (see `wifi_password_problem`, which callers showing the
    code to visitors use): the payload itself is only an encoding.
    """
    if not ssid:
        raise ValueError("a Wi-Fi QR needs the network name (wifi.ssid)")
    if not password:
        security = "nopass"
    parts = [f"T:{security}", f"S:{_wifi_escape(ssid)}"]
    if password:
        parts.append(f"P:{_wifi_escape(password)}")
    if hidden:
        parts.append("H:true")
    return "WIFI:" + ";".join(parts) + ";;"
