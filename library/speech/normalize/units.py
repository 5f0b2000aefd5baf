"""Measures said after an amount ("5 km", "45%") and what an amount is "per" ("đ/kg").

A slash after an amount is "per", read "một" ("một ki lô gam"), "trên" after a dose's
unit ("mi li gam trên lít") and "trên giây" for a speed or a flow.
"""

from __future__ import annotations

import re

#: Units said after an amount ("5 km", "45%"); the number pattern takes exactly these.
UNITS = {"%": "phần trăm", "km": "ki lô mét", "kg": "ki lô gam", "ha": "héc ta",
         "m": "mét", "cm": "xen ti mét", "mm": "mi li mét", "°C": "độ xê", "℃": "độ xê",
         "°": "độ", "m2": "mét vuông", "m²": "mét vuông", "km2": "ki lô mét vuông",
         "km²": "ki lô mét vuông", "m3": "mét khối", "m³": "mét khối", "đ": "đồng",
         "VNĐ": "đồng", "đồng": "đồng", "tấn": "tấn",
         # "35oC": the degree sign typed as a letter o, as many office documents have it
         "oC": "độ xê", "‰": "phần nghìn", "hPa": "héc tô pascan",
         # doses and concentrations ("0,25 mg/l khí thở", "55 µg/m3", "0,5 ml/kg")
         "mg": "mi li gam", "ml": "mi li lít", "µg": "micrô gam", "μg": "micrô gam"}


#: Units of a dose or a concentration: their "per" is "trên" ("mi li gam trên lít",
#: "micrô gam trên mét khối"), as a doctor or an air-quality bulletin says it.
_CONCENTRATION = {"mg", "ml", "µg", "μg"}

#: Units after a slash that say "per" whatever word stands before ("cây/m2", "con/m2",
#: "USD/m2"), so the "2" of "m2" never reaches the voice.
AREA_VOLUME = ("m2", "m²", "m3", "m³", "km2", "km²")

#: What an amount can be "per" ("đ/kg"), as it is read after "một": a measure of
#: `UNITS`, "l", "h" and "s", or a word said as it is written.
_PER = {**{unit: UNITS[unit] for unit in ("kg", "km", "tấn", "ha", "m", *AREA_VOLUME)},
        "l": "lít", "h": "giờ", "s": "giây",
        **{word: word for word in ("tạ", "yến", "lít", "giờ", "ngày", "tuần", "tháng", "năm",
                                   "người", "hộ", "con", "quả", "cái", "bao", "suất", "lượt",
                                   "buổi", "sào", "chỉ", "lượng", "xã", "lô", "nền", "căn",
                                   "chai", "hộp", "gói", "vé", "lần", "chuyến", "suất ăn",
                                   # what a market stall prices by ("10k/bó", "80k/ký")
                                   "bó", "ký", "kí", "trái", "chục", "thùng", "bì", "khay",
                                   "nải", "buồng", "đôi", "bộ", "chiếc", "phòng", "tô", "ly")}}


#: A speed or a flow is said "trên giây" ("15 m/s", "1.200 m³/s": "mét khối trên giây", as
#: the weather and the reservoirs' bulletins say it), not "một giây".
_PER_SAID = {"s": "trên giây"}


def said_per(unit: str, *, after: str = "") -> str:
    """What "/unit" after an amount (and its unit `after`) is said: "một ki lô gam",
    "trên giây", and after a dose's unit "trên": "mg/l" is "mi li gam trên lít"."""
    if after in _CONCENTRATION:
        return "trên " + _PER[unit]
    return _PER_SAID.get(unit) or "một " + _PER[unit]


PER_ALT = "|".join(sorted(map(re.escape, _PER), key=len, reverse=True))

UNIT_ALT = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))

#: A unit of `UNITS` straight after an amount, maybe after a space ("5 km", "45%"): what
#: makes "1-2", "20-11" or "1.200/1.500" a measure when it follows them.
UNIT_NEXT = rf"\s?(?:{UNIT_ALT})(?!\w)"

#: Words that an amount's "per" may follow ("triệu đồng/tháng", "lần/tuần", "đồng/người/tháng").
PER_AFTER = re.compile(
    r"(?:(?<!\w)(?:đồng|đ|VNĐ|nghìn|ngàn|triệu|tr\.|tỷ|lần|người|lượt|tấn|suất|hộ|con|tiêu chí"
    # a measure already "per" something: "đồng/ha/năm", "lít/km/ngày", "người/km2/năm"
    r"|ha|kg|km|km2|km²|m2|m²|m3|m³|lít)"
    # the market's millions and thousands: "20tr/m2", "500k/tháng", "5tr./tháng", "1tr5/chục"
    r"|(?<=\d)(?:tr\.?|tr\d{1,3}|k)|(?<=\d )tr\.?)$")


#: ... or an amount and its unit ("25.000đ/1 kg", "3 m/1 người").
UNIT_BEFORE = re.compile(rf"\d\s?(?:{UNIT_ALT})$")
