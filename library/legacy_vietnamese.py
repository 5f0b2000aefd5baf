"""Text typed in the old 8-bit Vietnamese font encodings, read back as Unicode.

Many provincial documents were typed in Word with the fonts of the 1990s: `.VnTime`,
`.VnArial` (TCVN3, also called ABC) or `VNI-Times` (VNI-Windows), and later printed to PDF.
The PDF draws right, since the font carries the glyphs, but the text MuPDF reads is the
font's code points as Windows Latin-1 letters: TCVN3 gives «Céng hoµ x· héi», VNI gives
«Coäng hoøa xaõ hoäi». Indexed as it is, a visitor searching «Cộng hòa» finds nothing and
«Nghe» reads noise. `readable` tells such text and converts it; everything else is left
exactly as it is.

Where the tables come from:
- TCVN3: the VN3 set of TCVN 5712:1993 (the `.Vn` fonts): the seven capitals Ă Â Ê Ô Ơ Ư Đ
  at 0xA1–0xA7, the lower-case letters at 0xA8–0xAE and 0xB5–0xFE, as Unikey's and
  vietunicode's TCVN3 charts give them. VN3 has no capitals with a tone (VN1 and VN2 of
  the standard give them codes, the `.Vn` fonts have no glyphs there, and those codes are
  Latin-1 letters left as they are; the seven capitals VN3 has stay capitals wherever they
  stand, `¢m nh¹c` → `Âm nhạc`): a heading is set in
  a capitals font (`.VnTimeH`, `.VnArialH`) that draws the lower-case codes as capitals, and
  text in such a font comes out in capitals (`font_says`). Where the font's name says
  nothing, the text gives no sign of it, so a word is made capitals when its other letters
  are (`CéNG` → `CỘNG`), and a whole line when all its letters are (`X·` → `XÃ` in a heading
  line); a capitals-font word typed in lower case then stays lower case (its search and its
  reading are the same). MuPDF reads the code 0xAD (ư) as a hyphen, the name WinAnsi gives
  it: a hyphen inside a word is ư when that spells a syllable (`n-íc` → `nước`) and stays a
  hyphen when it joins two words (`M¸c-Lªnin` → `Mác-Lênin`).
- VNI-Windows: the VNI table as Unikey converts it: a vowel followed by a mark character
  (ù sắc, ø huyền, û hỏi, õ ngã, ï nặng; â circumflex, ê breve, á à å ã ä circumflex with a
  tone, é è ú ü ë breve with a tone, each with its capital for capitals), and single
  characters for ơ (ô), ư (ö), đ (ñ), ì, í, ỉ (æ), ĩ (ó), ị (ò), ỵ (î).

How text is told: first by the name of the font it is drawn in, word by word
(`readable_lines`, `font_says`): `.VnTime` and the other `.Vn…` fonts are TCVN3 (the `…H`
ones capitals), `VNI-…` fonts VNI, any other named font (Arial, Times New Roman) is Unicode
and kept as it is — «Không có» in Arial on a `.VnTime` page looks, as text, just like TCVN3
codes. Only the text of fonts whose name says nothing (`F1`, `T1_0`, `Unnamed`, a Helvetica
put in the font's place) is told by the text itself (`detect`): only lines with no letter
beyond Latin-1 can be either encoding (MuPDF gives nothing else for those fonts, and real
Vietnamese almost always has one of ă đ ơ ư ạ ả ấ …). In them, the words the conversion
would change are counted as Vietnamese syllables (`vietnamese.is_syllable`) before and
after: text is converted only when conversion clearly wins — at least `MIN_GAIN` more
syllables, most changed words reading as syllables after, and enough of the words changed.
«Café», «Noël», «Müller», «façade», code and numbers read no better converted, so they stay.
A document whose first pages are in an old encoding (their fonts' names, or their text)
lends it to its short pages and its metadata (`likely`): a title «Th«ng b¸o» is two words,
too few to tell on their own.

A text file (a bulletin's `.txt`) is read by `readable_text_file`: UTF-8 or UTF-16 as such,
with lines of old codes saved as look-alikes converted; other bytes as an old encoding,
Windows-1258 (Vietnamese Windows' «ANSI» code page) among them, only when the text clearly
reads as one (`detect`), else refused as text that is not UTF-8.

Mixed pages (a Unicode heading over a TCVN3 body, two fonts in one document) are converted
line by line: a line with a Unicode-only letter, or one that reads as fewer syllables
converted, stays as it is; so is an old font's text on a page where that font gives
Vietnamese letters beyond Latin-1 (its file maps it to Unicode).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from .vietnamese import TONE_MARKS, is_syllable

TCVN3 = "TCVN3"
VNI = "VNI"
#: Vietnamese Windows' own code page (Notepad's «ANSI» there): letters with their tone
#: as a mark after them. A font never reads so, a text file may be saved so.
WINDOWS_1258 = "Windows-1258"
#: What the text a PDF's fonts give may be in: the old fonts' encodings.
ENCODINGS = (TCVN3, VNI)
#: What a text file (a bulletin's `.txt`) may be in besides Unicode.
TEXT_FILE_ENCODINGS = (TCVN3, VNI, WINDOWS_1258)

#: TCVN3 (VN3) code, as the Latin-1 letter MuPDF reads it → the Vietnamese letter.
TCVN3_LETTERS: dict[str, str] = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
}

#: VNI-Windows letters written as one character.
VNI_LETTERS: dict[str, str] = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "ì": "ì", "Ì": "Ì", "í": "í", "Í": "Í", "æ": "ỉ", "Æ": "Ỉ",
    "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_SAC, _HUYEN, _HOI, _NGA, _NANG = (TONE_MARKS[n] for n in (1, 2, 3, 4, 5))
#: VNI mark characters (lower case; the capital is the same mark over a capital) →
#: (shape mark, tone mark) they put on the vowel before them.
VNI_MARKS: dict[str, tuple[str, str]] = {
    "ù": ("", _SAC), "ø": ("", _HUYEN), "û": ("", _HOI), "õ": ("", _NGA), "ï": ("", _NANG),
    "â": (_CIRCUMFLEX, ""), "á": (_CIRCUMFLEX, _SAC), "à": (_CIRCUMFLEX, _HUYEN),
    "å": (_CIRCUMFLEX, _HOI), "ã": (_CIRCUMFLEX, _NGA), "ä": (_CIRCUMFLEX, _NANG),
    "ê": (_BREVE, ""), "é": (_BREVE, _SAC), "è": (_BREVE, _HUYEN),
    "ú": (_BREVE, _HOI), "ü": (_BREVE, _NGA), "ë": (_BREVE, _NANG),
}


def _vni_sequences() -> dict[str, str]:
    """Every VNI spelling of a letter: a vowel and its mark, or one character."""
    sequences = dict(VNI_LETTERS)
    bases = {c: c for c in "aeiouyAEIOUY"} | {c: VNI_LETTERS[c] for c in "ôÔöÖ"}
    for (code, letter), (mark, (shape, tone)) in product(bases.items(), VNI_MARKS.items()):
        plain = unicodedata.normalize("NFD", letter.lower())[0]
        if (shape == _CIRCUMFLEX and plain not in "aeo") or (shape == _BREVE and plain != "a") \
                or (shape and letter.lower() in "ơư"):
            continue
        converted = unicodedata.normalize("NFC", letter + shape + tone)
        for written in {mark, mark.upper()}:
            sequences[code + written] = converted
    return sequences


VNI_SEQUENCES = _vni_sequences()
_VNI_PATTERN = re.compile("|".join(map(re.escape, sorted(VNI_SEQUENCES, key=len,
                                                         reverse=True))))
_TCVN3_TABLE = str.maketrans(TCVN3_LETTERS)

#: At least this many more words read as syllables converted than as they are.
MIN_GAIN = 3
#: ... and at least this share of the changed words reads as syllables converted ...
MIN_READ_SHARE = 0.6
#: ... and at least this share of the block's words is changed by the conversion.
MIN_CHANGED_SHARE = 0.2

#: A letter beyond Latin-1 (ă đ ơ ư ạ …, or another script): the line is Unicode already.
#: General punctuation (U+2000–U+2BFF: curly quotes, dashes, bullets) may stand in old text.
_UNICODE_LETTER = re.compile("[\u0100-\u1fff\u2c00-\ufaff]")
#: A Vietnamese letter beyond Latin-1: ă đ ĩ ũ ơ ư and the letters with a tone (ạ … ỹ).
_VIETNAMESE_LETTER = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")
_HIGH = re.compile("[\xa1-\xff]")
_TOKEN = re.compile(r"\S+")
_CORE = re.compile(r"\W*(\w+)\W*")
_WORDLIKE = re.compile(r"\w")
_LETTER = re.compile(r"[^\W\d_]")
#: Punctuation around a word, which does not make it another word.
_PUNCTUATION = ".,;:!?()[]{}\"'«»“”‘’…"
#: A word cut at hyphens into at most this many pieces is tried every way (2⁴ spellings).
_MAX_HYPHENS = 4


def _reads(token: str) -> bool:
    """Whether a word (with the punctuation around it) is one Vietnamese syllable."""
    core = _CORE.fullmatch(token)
    return core is not None and is_syllable(core.group(1))


def _tcvn3_letters(token: str) -> str:
    return token.translate(_TCVN3_TABLE)


def _vni_letters(token: str) -> str:
    return _VNI_PATTERN.sub(lambda m: VNI_SEQUENCES[m.group()], token)


_vni_word = lru_cache(maxsize=1 << 16)(_vni_letters)

#: Bytes 0x80–0x9F as Windows-1252 names them (curly quotes, dashes, «Š»), as MuPDF and
#: Notepad show an old font's codes; the five it leaves undefined stay C1 controls.
_WINDOWS_LATIN = {code: bytes([code]).decode("cp1252", "ignore") or chr(code)
                  for code in range(0x80, 0xA0)}
_WINDOWS_LATIN_BYTES = {ord(letter): chr(code) for code, letter in _WINDOWS_LATIN.items()}


def windows_latin(raw: bytes) -> str:
    """Bytes as the Latin-1 look-alikes an old encoding's codes are shown as (Windows-1252,
    its undefined bytes as Latin-1): every byte one character, so nothing is lost."""
    return raw.decode("latin-1").translate(_WINDOWS_LATIN)


@lru_cache(maxsize=1 << 16)
def _windows_1258_letters(token: str) -> str:
    """A word of Latin-1 look-alikes (`windows_latin`) read as the Windows-1258 bytes it
    is: «Viêòt» → «Việt»; a word with a letter no byte writes is left as it is."""
    try:
        raw = token.translate(_WINDOWS_LATIN_BYTES).encode("latin-1")
    except UnicodeEncodeError:
        return token
    return unicodedata.normalize("NFC", raw.decode("cp1258", "replace"))


def _tcvn3_spelled(token: str) -> str:
    """A TCVN3 word's letters and its hyphens that are ư (`_hyphens_as_u`), not its case."""
    converted = _tcvn3_letters(token)
    if "-" in converted and any(c.isalpha() for c in converted):
        converted = _hyphens_as_u(converted)
    return converted


#: Per encoding: (the word with its letters converted, the word as converted is read).
_LETTERS_OF: dict[str, Callable[[str], str]] = {
    TCVN3: _tcvn3_letters, VNI: _vni_letters, WINDOWS_1258: _windows_1258_letters}
_SPELLED_OF: dict[str, Callable[[str], str]] = {
    TCVN3: _tcvn3_spelled, VNI: _vni_letters, WINDOWS_1258: _windows_1258_letters}


@lru_cache(maxsize=1 << 16)
def _word_score(token: str, encoding: str) -> tuple[int, int, int]:
    """(1 when the conversion changes the word's letters, whether it reads as a syllable as
    it is, and converted), 0s for a word it leaves alone (a hyphen alone changes nothing:
    English and code keep theirs). Remembered: a page repeats its words, and a language has
    a few thousand syllables."""
    if _LETTERS_OF[encoding](token) == token or not _WORDLIKE.search(token):
        return 0, 0, 0  # unchanged, or a sign standing alone («½», «¶»: no word as it is)
    return 1, int(_reads(token)), int(_reads(_SPELLED_OF[encoding](token)))


@dataclass
class _Tally:
    """Words of a text, and of those the conversion changes: how many read as syllables
    as they are (`before`) and converted (`after`)."""

    words: int = 0
    changed: int = 0
    before: int = 0
    after: int = 0

    def add(self, tokens: list[str], encoding: str) -> None:
        """Count `tokens` (a line's words, or a text's different words); a number («2024»,
        «0912.345.678») is no word of any language, which no conversion changes: counted,
        a bulletin's table of figures outnumbered its words, each figure being another."""
        for token in tokens:
            changed, before, after = _word_score(token, encoding)
            self.words += bool(changed) or _LETTER.search(token) is not None
            self.changed += changed
            self.before += before
            self.after += after

    def wins(self, min_gain: int) -> bool:
        gain = self.after - self.before
        return (gain >= min_gain and self.after >= MIN_READ_SHARE * self.changed
                and self.changed >= MIN_CHANGED_SHARE * self.words)


def _old_lines(text: str) -> list[str]:
    """The lines of `text` that may be in an old encoding (no letter beyond Latin-1)."""
    return [line for line in text.splitlines() if not _UNICODE_LETTER.search(line)]


def detect(text: str, *, likely: str | Callable[[], str | None] | None = None,
           encodings: tuple[str, ...] = ENCODINGS) -> str | None:
    """The old encoding `text` is in (one of `encodings`: `TCVN3`, `VNI`, for a text file
    `WINDOWS_1258` too), or None for text to keep as it is.

    `likely`: the encoding of the document the text comes from (its first pages), which
    a short text only has to agree with: converted, it reads as more syllables. It may be
    a function, asked only for such a short text (reading the first pages costs).
    """
    if not _HIGH.search(text):
        return None
    # each word once: a word said again («où où, où.») is no more evidence than said once
    words = list({token.strip(_PUNCTUATION): token for line in _old_lines(text)
                  for token in _TOKEN.findall(line)}.values())
    tallies = {}
    for encoding in encodings:
        tallies[encoding] = tally = _Tally()
        tally.add(words, encoding)
    gains = sorted(((t.after - t.before, e) for e, t in tallies.items()), reverse=True)
    strong = [e for _gain, e in gains if tallies[e].wins(MIN_GAIN)]
    if strong:
        return strong[0]
    if not any(tallies[e].wins(1) for e in encodings):
        return None
    told = likely() if callable(likely) else likely
    return told if told in tallies and tallies[told].wins(1) else None


@lru_cache(maxsize=1 << 16)
def _tcvn3_word(token: str, capitals: bool) -> str:
    """One TCVN3 word in Unicode: its letters, its hyphens that are ư, its capitals."""
    converted = _tcvn3_spelled(token)
    ascii_letters = [c for c in token if c.isascii() and c.isalpha()]
    if capitals or (len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters)):
        converted = converted.upper()
    return converted


def _hyphens_as_u(word: str) -> str:
    """`n-ớc` → `nước`, `Mác-Lênin` and `2020-2025` stay: each hyphen is ư or a hyphen,
    whichever puts more letters into syllables (a hyphen on a tie)."""
    pieces = word.split("-")
    if len(pieces) > _MAX_HYPHENS + 1:
        return word
    best, best_score = word, _syllable_letters(word)
    for joins in product(("ư", "-"), repeat=len(pieces) - 1):
        spelled = pieces[0] + "".join(j + p for j, p in zip(joins, pieces[1:], strict=True))
        score = _syllable_letters(spelled)
        if score > best_score:
            best, best_score = spelled, score
    return best


def _syllable_letters(word: str) -> int:
    """How many letters of `word` stand in its hyphen-separated pieces that are syllables."""
    return sum(len(part) for part in word.split("-") if part and _reads(part))


def _line_in_capitals(line: str) -> bool:
    """A TCVN3 line typed in a capitals font: every Latin letter a capital, two or more."""
    return not _SMALL_LATIN.search(line) and len(_CAPITAL_LATIN.findall(line, 0)) >= 2


_SMALL_LATIN = re.compile("[a-z]")
_CAPITAL_LATIN = re.compile("[A-Z]")


def convert_line_words(tokens: list[str], encoding: str) -> list[str]:
    """The words of one printed line in Unicode, or as they are when the line reads better
    so (it has a Unicode-only letter, or fewer of its words read as syllables converted).

    One word for one: the page's word boxes (`documents.reader.words`) keep their places.
    """
    line = " ".join(tokens)
    if _UNICODE_LETTER.search(line):
        return tokens
    tally = _Tally()
    tally.add(tokens, encoding)
    if tally.after < tally.before:
        return tokens
    if encoding == VNI:
        return [_vni_word(token) for token in tokens]
    if encoding == WINDOWS_1258:
        return [_windows_1258_letters(token) for token in tokens]
    capitals = _line_in_capitals(line)
    return [_tcvn3_word(token, capitals) for token in tokens]


def to_unicode(text: str, encoding: str) -> str:
    """`text` from an old `encoding`, line by line in Unicode (`convert_line_words`);
    spaces and line breaks stay as they are."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        tokens = _TOKEN.findall(line)
        if not tokens:
            continue
        converted = convert_line_words(tokens, encoding)
        if converted is not tokens:
            lines[number] = _TOKEN.sub(_in_turn(converted), line)
    return "\n".join(lines)


def _in_turn(words: list[str]) -> Callable[[re.Match[str]], str]:
    """A `re.sub` replacement giving `words` one after the other."""
    given = iter(words)
    return lambda _match: next(given)


# -- what a font's name tells ----------------------------------------------------
#: `font_says`: a font of today (Arial, Times New Roman, Noto Sans): its text is Unicode.
AS_IS = "as it is"
#: `font_says`: a TCVN3 capitals font (`.VnTimeH`), which draws every code as a capital.
TCVN3_CAPITALS = "TCVN3 capitals"
_OLD_FONTS = {TCVN3: TCVN3, TCVN3_CAPITALS: TCVN3, VNI: VNI}

_SUBSET_PREFIX = re.compile(r"[A-Z]{6}\+")
#: A face's style after its family (`.VnTimeH,Bold`, `VNI-Times-Italic`, `.VnArialBold`).
_STYLE_SUFFIX = re.compile(r"([-,_ ]?(bold|italic|oblique|regular|ital|semibold|medium))+$",
                           re.IGNORECASE)
#: The VNI-Windows fonts: `VNI-Times`, `VNI-Helve`, `VNI-Aptima`, `VNI-Helve-Condense`.
_VNI_FONT = re.compile(r"vni[-_ ]", re.IGNORECASE)
#: The TCVN3 (ABC) fonts: `.VnTime`, `.VnTimeH`, `.VnArial NarrowH`, `.VnCentury
#: Schoolbook`, `.VnAvant` (some programs drop the dot: `VnTime`).
_TCVN3_FONT = re.compile(r"\.[vV][nN]|Vn[A-Z]")
#: Names that say nothing of a font: a PDF's own resource names (`F1`, `T1_0`, `TT2`,
#: `C0_0`, `R12`), MuPDF's `Unnamed-T3`, and the standard fonts a reader puts in place of
#: one the file does not carry (Helvetica, Times, Courier and their Nimbus clones).
_UNTOLD_FONT = re.compile(r"|unnamed.*|type ?3.*|[a-z]{0,3}[-_]?[0-9]+([-_.][0-9]+)*"
                          r"|helvetica|helv|times(-?roman)?|courier|tiro|cour"
                          r"|nimbus ?(sans|roman|mono).*", re.IGNORECASE)


@lru_cache(maxsize=1024)
def font_says(name: str) -> str | None:
    """What the name of the font a text is drawn in says of that text: `TCVN3`,
    `TCVN3_CAPITALS`, `VNI`, `AS_IS` (a named font of today), or None (the name says
    nothing: `F1`, `Unnamed`, a Helvetica put in place of the font).

    Why first: the text alone cannot tell a Unicode «Không có» from TCVN3 codes that look
    the same, nor a `.VnTimeH` capitals line from small letters; the font's name can.
    A subset's «ABCDEF+» and a style's «,Bold» are not part of the family.
    """
    family = _STYLE_SUFFIX.sub("", _SUBSET_PREFIX.sub("", name.strip(), count=1))
    if _VNI_FONT.match(family):
        return VNI
    if _TCVN3_FONT.match(family):
        return TCVN3_CAPITALS if family.endswith("H") else TCVN3
    return None if _UNTOLD_FONT.fullmatch(family) else AS_IS


def readable_lines(lines: list[list[tuple[str, str]]], *,
                   likely: str | Callable[[], str | None] | None = None) -> list[list[str]]:
    """The printed lines of a page, each a list of (word, the name of the font it is drawn
    in), as their words in Unicode: one word for one, so word boxes keep their places.

    Each word as its font tells (`font_says`): a TCVN3 or VNI font's words are converted
    (a capitals font's in capitals), a named font of today's are kept; only the words of
    fonts whose name says nothing are told by their text (`detect` over those words of the
    page, `likely` as there, then `convert_line_words`). An old font whose text on the
    page has a Vietnamese letter beyond Latin-1 (ă đ ơ ư ạ ả …) is mapped to Unicode in
    the file already, and kept (a stray «ƒ» or «Š», Word's codes 0x80–0x9F, is no sign).
    """
    says = {font: font_says(font) for line in lines for _word, font in line}
    mapped = {font for font, said in says.items() if said in _OLD_FONTS}
    if mapped:
        mapped = {font for line in lines for word, font in line
                  if font in mapped and _VIETNAMESE_LETTER.search(word)}
    untold = None
    if None in says.values():
        text = "\n".join(" ".join(word for word, font in line if says[font] is None)
                          for line in lines)
        untold = detect(text, likely=likely)
    return [_readable_line(line, says, mapped, untold) for line in lines]


def _readable_line(line: list[tuple[str, str]], says: dict[str, str | None],
                   mapped: set[str], untold: str | None) -> list[str]:
    """One printed line of `readable_lines`."""
    words = [word for word, _font in line]
    groups: dict[str | None, list[int]] = {}
    for i, (_word, font) in enumerate(line):
        said = AS_IS if font in mapped else says[font]
        groups.setdefault(_OLD_FONTS.get(said, said), []).append(i)
    for encoding, places in groups.items():
        tokens = [words[i] for i in places]
        if encoding is None:
            converted = tokens if untold is None else convert_line_words(tokens, untold)
        elif encoding == AS_IS:
            continue
        else:
            converted = _told_words(tokens, [says[line[i][1]] for i in places], encoding)
        for i, word in zip(places, converted, strict=True):
            words[i] = word
    return words


def _told_words(tokens: list[str], says: list[str | None], encoding: str) -> list[str]:
    """A line's words drawn in fonts of an old `encoding`, converted, unless they read as
    fewer syllables so (a font that was given a Unicode map, of Latin-1 letters only)."""
    tally = _Tally()
    tally.add(tokens, encoding)
    if tally.after < tally.before:
        return tokens
    if encoding == VNI:
        return [_vni_word(token) for token in tokens]
    return [_tcvn3_word(token, said == TCVN3_CAPITALS) for token, said in zip(tokens, says,
                                                                                strict=True)]


def readable(text: str, *, likely: str | None = None,
             encodings: tuple[str, ...] = ENCODINGS) -> tuple[str, str | None]:
    """(`text` as Unicode, the old encoding it was in or None when it is kept as it is)."""
    encoding = detect(text, likely=likely, encodings=encodings)
    return (text, None) if encoding is None else (to_unicode(text, encoding), encoding)


#: What NFKC makes of the Latin-1 look-alikes of old codes, where it can be told back:
#: «µ» (TCVN3 à) a Greek «μ», «¸» (á) a space and a cedilla, «½» (ẵ) «1⁄2». (It makes
#: «¹» (ạ) and «ª» (ê) a plain «1» and «a», which no text can tell back.)
_AFTER_NFKC = {unicodedata.normalize("NFKC", chr(code)): chr(code) for code in range(0xA1, 0x100)
               if not unicodedata.normalize("NFKC", chr(code)).isascii()}
_AFTER_NFKC_PATTERN = re.compile("|".join(map(re.escape, _AFTER_NFKC)))


def before_nfkc(text: str) -> str:
    """`text` with what NFKC made of old codes' look-alikes given back (`_AFTER_NFKC`).

    Why: the catalog keeps its text NFKC, so what an earlier version stored of an old-coded
    title («Th«ng b ̧o») no longer reads as TCVN3 until its «¸» is back."""
    return _AFTER_NFKC_PATTERN.sub(lambda m: _AFTER_NFKC[m.group()], text)


def readable_text_file(raw: bytes) -> tuple[str, str | None]:
    """A text file's bytes (a bulletin's `.txt`) as Unicode text, and the old encoding
    they were typed in (`TEXT_FILE_ENCODINGS`), or None when they were Unicode.

    UTF-8 or UTF-16 (`files.decode_text`) is read as such, and its lines that the text
    tells are old codes saved as Unicode look-alikes («Céng hoµ», pasted from a `.VnTime`
    document) converted, as a PDF's are; any other text is kept as it is. Other bytes are
    an old encoding's when their text clearly says so (`detect`: «Céng hoµ x· héi» as
    TCVN3, «Coäng hoøa» as VNI, «Viêòt» as Windows-1258); else `UnicodeDecodeError`, as
    for any text that is not UTF-8: a French Latin-1 text reads as no encoding's.
    """
    from .files import decode_text  # the one reading of a text file's Unicode

    try:
        text = decode_text(raw)
    except UnicodeDecodeError:
        old = windows_latin(raw)
        encoding = detect(old, encodings=TEXT_FILE_ENCODINGS)
        if encoding is None:
            raise
        return to_unicode(old, encoding), encoding
    return readable(text, encodings=TEXT_FILE_ENCODINGS)
