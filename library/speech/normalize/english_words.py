"""Everyday English words of the bulletins, written as a Vietnamese voice must say them.

Read by Vietnamese spelling rules, "Facebook" would come out letter-ish nonsense. The
keys are the ways the words are written in a sentence; inside a web or e-mail address
(`addresses.read_address`) they are looked up in lower case.
"""

from __future__ import annotations

#: English words bulletins use every day, as they are said (case-sensitive keys).
ENGLISH_WORDS: dict[str, str] = {
    "Wi-Fi": "wai phai",
    "WiFi": "wai phai",
    "wifi": "wai phai",
    "Facebook": "phây búc",
    "YouTube": "diu túp",
    "Youtube": "diu túp",
    "Zalo": "da lô",
    "Internet": "in tơ nét",
    "internet": "in tơ nét",
    "online": "on lai",
    "email": "i meo",
    "Email": "i meo",
    "website": "oép sai",
    "COVID-19": "cô vít mười chín",
    "Covid-19": "cô vít mười chín",
    "COVID": "cô vít",
    "Covid": "cô vít",
    "smartphone": "xmát phôn",
    "QR": "kiu a",  # "mã QR": said the English way, as everyone says it
}
