"""Text in the old Vietnamese font encodings (TCVN3, VNI) read as Unicode; other text kept."""

from __future__ import annotations

import unicodedata
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from library.legacy_vietnamese import (
    AS_IS,
    TCVN3,
    TCVN3_CAPITALS,
    TCVN3_LETTERS,
    TEXT_FILE_ENCODINGS,
    VNI,
    convert_line_words,
    detect,
    font_says,
    readable,
    readable_lines,
    to_unicode,
)
from library.vietnamese import TONE_MARKS, begins_syllable, fold, is_syllable, plain_syllable
from tests.legacy_fonts import to_tcvn3, to_vni

#: Every Vietnamese vowel with every tone (ngang first), and đ.
_VOWELS = "aăâeêioôơuưy"
LETTERS = [unicodedata.normalize("NFC", v + tone) for v in _VOWELS
           for tone in ("", *TONE_MARKS.values())] + ["đ"]

SENTENCE = ("Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, UBND tỉnh thông báo "
            "về việc tổ chức Ngày hội đọc sách năm 2024 tại Thư viện tỉnh. Mọi người dân "
            "đều được mời tham dự; chương trình gồm trưng bày, giới thiệu sách mới và nói "
            "chuyện chuyên đề về tư tưởng Hồ Chí Minh.")


def _as_mupdf_reads(tcvn3: str) -> str:
    """TCVN3 codes as MuPDF reads them from a PDF: the code 0xAD (ư) as a hyphen."""
    return tcvn3.replace("\xad", "-")


def test_every_lower_case_letter_with_every_tone_comes_back_from_tcvn3() -> None:
    line = " ".join(LETTERS)
    assert to_unicode(to_tcvn3(line), TCVN3) == line
    # read from a PDF, ư is a hyphen: one standing alone is a dash ("Độc lập - Tự do")
    in_words = line.replace(" ư ", " ưu ")
    assert to_unicode(_as_mupdf_reads(to_tcvn3(in_words)), TCVN3) == in_words


def test_tcvn3_capitals_come_back_from_their_codes_and_from_a_capitals_font() -> None:
    """VN3 has codes for Ă Â Ê Ô Ơ Ư Đ only; a heading's other capitals are set in a
    capitals font (`.VnTimeH`) over the small letters' codes: a line whose Latin letters
    are all capitals is capitals, and so is such a word in a line of small letters."""
    own = [c for c in TCVN3_LETTERS.values() if c.isupper()]
    assert sorted(own) == sorted("ĂÂÊÔƠƯĐ")
    line = " ".join(c.upper() for c in LETTERS)
    heading = "ĐỀ MỤC: " + line
    assert to_unicode(to_tcvn3(heading), TCVN3) == heading
    assert to_tcvn3("CỘNG") == "CéNG"
    assert to_unicode("CéNG HOµ X· HéI", TCVN3) == "CỘNG HOÀ XÃ HỘI"
    assert to_unicode("Ngµy héi CHñ NGHÜA", TCVN3) == "Ngày hội CHỦ NGHĨA"
    assert to_unicode("Hµ Néi", TCVN3) == "Hà Nội"  # one capital: the first letter only


@pytest.mark.parametrize("sentence", ["Ăn uống đủ chất.", "Âm nhạc dân gian.", "Êm đềm quá.",
                                      "Ông bà ta nói.", "Ơn nghĩa sinh thành.",
                                      "Ưu tiên người già.", "Đà Nẵng mùa hè."])
def test_tcvn3s_own_capitals_stay_capitals_at_a_sentences_start(sentence: str) -> None:
    """TCVN 5712's VN3 (the `.Vn` fonts' set: 67 small letters, 7 capitals, no capital
    with a tone; VN1 and VN2 have those, the fonts do not): its capitals Ă Â Ê Ô Ơ Ư Đ
    have codes of their own, and a sentence beginning with one keeps it a capital."""
    assert sum(c.islower() for c in TCVN3_LETTERS.values()) == 67
    assert sorted(c for c in TCVN3_LETTERS.values() if c.isupper()) == sorted("ĂÂÊÔƠƯĐ")
    old = to_tcvn3(sentence)
    assert old[0] in "¡¢£¤¥¦§"
    assert to_unicode(old, TCVN3) == sentence
    assert readable(f"{old} {to_tcvn3(SENTENCE)}") == (f"{sentence} {SENTENCE}", TCVN3)


def test_every_letter_with_every_tone_comes_back_from_vni_in_both_cases() -> None:
    for line in (" ".join(LETTERS), " ".join(c.upper() for c in LETTERS)):
        assert to_unicode(to_vni(line), VNI) == line


_VIETNAMESE_WORDS = [w.strip(".,;") for w in SENTENCE.lower().split()
                     if w.strip(".,;").isalpha()] + ["nước", "chưa", "tư", "tưởng", "ưu", "đường"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_VIETNAMESE_WORDS), min_size=1, max_size=40),
       st.sampled_from([" ", "\n", ", "]))
def test_vietnamese_comes_back_from_either_encoding(words: list[str], gap: str) -> None:
    """Any run of Vietnamese words, encoded and read back (TCVN3 as MuPDF reads it)."""
    text = gap.join(words)
    assert to_unicode(_as_mupdf_reads(to_tcvn3(text)), TCVN3) == text
    assert to_unicode(to_vni(text), VNI) == text


@pytest.mark.parametrize(("old", "encoding"), [
    (_as_mupdf_reads(to_tcvn3(SENTENCE)), TCVN3),
    (to_vni(SENTENCE), VNI),
])
def test_a_page_in_an_old_encoding_is_told_and_read_as_unicode(old: str, encoding: str) -> None:
    assert readable(old) == (SENTENCE, encoding)


@pytest.mark.parametrize(("old", "unicode"), [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("n-íc ta ch-a giµu, t- t-ëng chñ nghÜa M¸c-Lªnin, n¨m 2020-2025",
     "nước ta chưa giàu, tư tưởng chủ nghĩa Mác-Lênin, năm 2020-2025"),
])
def test_the_examples_of_each_encoding(old: str, unicode: str) -> None:
    assert readable(old)[0] == unicode


def test_a_mixed_page_converts_only_its_old_lines() -> None:
    """A Unicode heading over a TCVN3 body (two fonts in one document): line by line."""
    heading = "Cộng hòa xã hội chủ nghĩa Việt Nam"
    also_unicode = "Thông báo"  # only Latin-1 letters, but it reads worse converted
    page = "\n".join([heading, also_unicode, _as_mupdf_reads(to_tcvn3(SENTENCE))])
    assert readable(page) == ("\n".join([heading, also_unicode, SENTENCE]), TCVN3)


def test_a_short_text_converts_only_in_a_document_of_that_encoding() -> None:
    """A title of two words is too little to tell on its own; the document's pages tell."""
    assert readable("Th«ng b¸o") == ("Th«ng b¸o", None)
    assert readable("Th«ng b¸o", likely=TCVN3) == ("Thông báo", TCVN3)
    assert readable("Café Noël", likely=TCVN3) == ("Café Noël", None)


def test_the_words_of_a_line_convert_one_for_one() -> None:
    words = "Céng hoµ x· héi".split()
    assert convert_line_words(words, TCVN3) == ["Cộng", "hoà", "xã", "hội"]
    kept = "Cộng hòa xã".split()
    assert convert_line_words(kept, TCVN3) is kept


@pytest.mark.parametrize("text", [
    SENTENCE,
    "Café, Noël, Müller, façade, crème brûlée, à la carte, déjà vu, naïve, Zürich, São Paulo",
    "Il est dû plus tôt; où est le hôtel? Très bien, merci. L'été à Nîmes.",
    "Die Größe der Straße in München: schön, über, für, Mädchen, Äpfel, Öl.",
    "Ñandú, año, niño, mañana, corazón, está, también, jamás.",
    "def f(x):\n    return x - 1  # 100% ±2 °C, 3½ µs, © 2024 ® ™ §4 ¶2",
    "Thông báo về việc họp\nNgày 15 tháng 3 năm 2024\nĐịa điểm: Hội trường A",
    "ISBN 978-604-0-12345-6 · 12 · 2024 — «Tủ sách» ¡Hola! ¿Qué?",
])
def test_unicode_english_french_german_and_code_stay_as_they_are(text: str) -> None:
    assert readable(text) == (text, None)
    assert readable(text, encodings=TEXT_FILE_ENCODINGS) == (text, None)  # a `.txt`'s


_UNICODE_WORDS = (
    SENTENCE.split()
    + "Café Noël Müller façade crème brûlée déjà été où dû tôt hôtel naïve Zürich "
      "São Paulo Ñandú niño Größe Straße über schön Äpfel Öl".split()
    + "The quick brown fox jumps over the lazy dog; a cat, the sea, and we go".split()
    + "def return x-1 2020-2025 100% 3.14 µs °C ±2 © § ¶ ½ 0x1F e-mail".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_UNICODE_WORDS), min_size=1, max_size=60),
       st.lists(st.sampled_from([" ", " ", " ", "\n", ", ", ". "]), min_size=60, max_size=60))
def test_real_text_is_never_converted(words: list[str], gaps: list[str]) -> None:
    """Any run of Unicode Vietnamese, French, German, English words, numbers and code."""
    text = "".join(w + g for w, g in zip(words, gaps, strict=False)).strip()
    assert readable(text) == (text, None)
    assert readable(text, encodings=TEXT_FILE_ENCODINGS) == (text, None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=300))
def test_plain_ascii_is_never_converted(text: str) -> None:
    assert readable(text) == (text, None)
    assert readable(text, likely=TCVN3) == (text, None)


@pytest.mark.parametrize("word", ["Cộng", "hòa", "hoà", "nước", "quyết", "giữa", "gì", "khuya",
                                  "thuở", "nghiêng", "tốt", "học", "ĐẢNG", "ơi", "yêu",
                                  "qua", "quy", "quốc", "khoa", "cua", "cuộc", "cúi", "goá",
                                  "Quỳnh", "quýt"])
def test_syllables(word: str) -> None:
    assert is_syllable(word)
    assert is_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize("word", ["hoµ", "ViÖt", "Coäng", "hoøa", "xaõ", "tôt", "bỏo",
                                  "Müller", "Café", "kà", "ghà", "the1", "hóà", "ci", "cê",
                                  "céng", "ge", "gện", "ngê", "nghy", "ghy", "kơ", "ngi",
                                  "coa", "cuy", "cuân", "cuê", "quu", "quư", "quoa", "týnh"])
def test_not_syllables(word: str) -> None:
    """Each wrong by one rule: a letter, a rhyme, the tone of a stop (c, ch, p, t), the
    place of a tone, k and gh before a, two tones; c, g, ng before i, e, ê, y (the
    spelling writes k, gh, ngh there), gh and ngh before y; c before a glide (the spelling
    writes qu: `qua`, `quy`, `quân`, `quê`), qu before o, u, ư; y before a last consonant
    after any first consonant but qu (`tính`, `quýnh`)."""
    assert not is_syllable(word)


def _spelled_syllables() -> tuple[set[str], set[str]]:
    """(every first consonant and rhyme of the spelling put together as the spelling allows,
    every other pairing of them): k before i, e, ê, y; gh and ngh before i, e, ê; c, g and
    ng never before those; c never before a glide (o before a, ă, e; u before â, ă, e, ê,
    ơ, y: /k/ writes it qu); qu never before o, u, ư; ych, ynh, yt only after qu; gi and a
    rhyme in i… share the i (`gì`, `giếng`)."""
    from library.vietnamese import _ONSETS, _RHYMES  # the spelling's parts, not a copy

    glided = ("oa", "oă", "oe", "uâ", "uă", "ue", "uê", "uơ", "uy")
    allowed, others = set(), set()
    for onset, rhyme in product(_ONSETS, _RHYMES):
        front = rhyme[0] in "ieêy"
        fits = {"k": front, "gh": rhyme[0] in "ieê", "ngh": rhyme[0] in "ieê",
                "c": not front and not rhyme.startswith(glided),
                "qu": rhyme[0] not in "ouư"}.get(
            onset, not front or onset not in ("g", "ng"))
        if rhyme in ("ych", "ynh", "yt") and onset != "qu":
            fits = False
        if onset == "gi" and rhyme[0] == "i":
            allowed.add("gi" + rhyme[1:])
        (allowed if fits else others).add(onset + rhyme)
    return allowed, others - allowed


def test_every_syllable_of_the_spelling_and_no_other_pairing() -> None:
    """The whole list (first consonant × rhyme, some 4,300 spellings, each with a tone it
    may take), and every pairing the spelling writes otherwise («ci», «ge», «ngê», «ka»,
    «ghy»): the one is read as syllables, the other never."""
    allowed, others = _spelled_syllables()
    assert len(allowed) > 2500 and {"ki", "ghe", "nghê", "ky", "gin", "giêng"} <= allowed
    assert {"qua", "quy", "quân", "quê", "quơ", "quôc", "khoa", "cua", "cuôc",
            "goa", "ngoai", "nguyên", "quynh", "quyt"} <= allowed
    assert {"ci", "ce", "cê", "cy", "ge", "gê", "nge", "ngi", "ngê", "ka", "ghy", "ngha",
            "coa", "coe", "cuy", "cuân", "cuê", "cuơ", "quu", "quư", "quoa", "tynh",
            "kyt"} <= others
    tones = (TONE_MARKS[1], TONE_MARKS[5])  # the two every rhyme takes, stops too
    for word in allowed:
        assert is_syllable(word) or word.endswith(("c", "ch", "p", "t")), word
        assert any(is_syllable(unicodedata.normalize("NFC", word[:at + 1] + tone + word[at + 1:]))
                   for tone in tones for at in range(len(word))), word
    for word in others:
        assert not is_syllable(word), word
        for tone, at in product(TONE_MARKS.values(), range(len(word))):
            assert not is_syllable(word[:at + 1] + tone + word[at + 1:]), (word, tone, at)


def test_beginnings_and_plain_spellings_take_the_same_first_consonants() -> None:
    """`begins_syllable` and `plain_syllable` ask the rule `is_syllable` asks: every
    pairing of the spelling is a syllable's beginning and, without marks, a plain
    syllable; «coa», «cuy», «quu», «ci», «ka» are neither, unless another syllable
    begins so or folds so («cuơ» folds as `cuộc`'s «cuô»)."""
    allowed, others = _spelled_syllables()
    beginnings = {word[:n] for word in allowed for n in range(len(word) + 1)}
    plain_allowed = {fold(word) for word in allowed}
    for word in allowed:
        assert begins_syllable(word), word
        assert plain_syllable(fold(word)) and plain_syllable(fold(word), begun=True), word
    for word in others:
        assert begins_syllable(word) is (word in beginnings), word
        if fold(word) not in plain_allowed:
            assert not plain_syllable(fold(word)), word


FONT_NAMES = {
    ".VnTime": TCVN3, "ABCDEF+.VnTime": TCVN3, ".VnArial": TCVN3, "VnTime": TCVN3,
    ".VnCentury Schoolbook": TCVN3, ".VnAvant": TCVN3, ".VnTime,Bold": TCVN3,
    ".VnTime-BoldItalic": TCVN3, ".VnTimeH": TCVN3_CAPITALS, "QWERTY+.VnArialH": TCVN3_CAPITALS,
    ".VnTimeH,Bold": TCVN3_CAPITALS, ".VnArialNarrowH": TCVN3_CAPITALS,
    ".VnCentury SchoolbookH": TCVN3_CAPITALS, "VNI-Times": VNI, "VNI-Helve": VNI,
    "ABCDEF+VNI-Times-Bold": VNI, "VNI-Helve-Condense": VNI,
    "Arial": AS_IS, "ArialMT": AS_IS, "TimesNewRomanPSMT": AS_IS, "ABCDEF+Calibri": AS_IS,
    "NotoSans-Regular": AS_IS, "Vnexpress": AS_IS,
    "Helvetica": None, "Helvetica-Bold": None, "Times-Roman": None, "Courier": None,
    "Unnamed-T3": None, "T1_0": None, "F1": None, "TT2": None, "C0_0": None, "R12": None,
    "": None, "NimbusSans-Regular": None,
}


@pytest.mark.parametrize(("name", "says"), FONT_NAMES.items())
def test_what_a_fonts_name_says(name: str, says: str | None) -> None:
    assert font_says(name) == says


def _in(font: str, text: str) -> list[tuple[str, str]]:
    return [(word, font) for word in text.split()]


def test_each_word_is_read_as_its_font_tells() -> None:
    """A Unicode line in Arial on a .VnTime page stays («Không có» became «Khụng cú»), as
    on a VNI page («Khánh Hoà» became «Khánh Hồ»); a .VnTimeH line is capitals; a word in
    a font whose name says nothing is told by the text, `likely` helping."""
    lines = [_in(".VnTime", to_tcvn3(SENTENCE)), _in("ArialMT", "Không có gì là khó"),
             _in(".VnTimeH", to_tcvn3("Cộng hòa xã hội")),
             _in(".VnTime", to_tcvn3("Hà Nội")) + _in("Arial", "Cà Mau")]
    read = readable_lines(lines)
    assert " ".join(read[0]) == " ".join(SENTENCE.split())
    assert read[1:] == [["Không", "có", "gì", "là", "khó"], ["CỘNG", "HÒA", "XÃ", "HỘI"],
                        ["Hà", "Nội", "Cà", "Mau"]]
    vni = [_in("VNI-Times", to_vni(SENTENCE)), _in("Arial", "Khánh Hoà, Phú Yên")]
    assert readable_lines(vni)[1] == ["Khánh", "Hoà,", "Phú", "Yên"]
    assert readable_lines([_in("T1_0", to_tcvn3("Hà Nội"))]) == [["Hµ", "Néi"]]
    assert readable_lines([_in("T1_0", to_tcvn3("Hà Nội"))], likely=TCVN3) == [["Hà", "Nội"]]
    # a short old-font text needs nothing more than its font
    assert readable_lines([_in("VNI-Times", to_vni("Hà Nội"))]) == [["Hà", "Nội"]]


def test_an_old_font_mapped_to_unicode_in_the_file_stays() -> None:
    """A `.VnTime` whose PDF maps its codes to Unicode gives Vietnamese letters (ộ, ư): its
    words of Latin-1 letters only are Unicode too."""
    lines = [_in(".VnTime", "Cộng hòa xã hội"), _in(".VnTime", "Không có")]
    assert readable_lines(lines) == [["Cộng", "hòa", "xã", "hội"], ["Không", "có"]]
    # Word's codes 0x80–0x9F read as «ƒ», «Š» are no such sign
    tcvn3 = [_in(".VnTime", to_tcvn3("Hà Nội ƒ"))]
    assert readable_lines(tcvn3) == [["Hà", "Nội", "ƒ"]]


def test_detect_says_none_for_nothing() -> None:
    assert detect("") is None
    assert detect("   \n ") is None


def _latin1_syllables() -> list[str]:
    """Every Vietnamese syllable whose letters are all Latin-1 (`Cà`, `Mau`, `Tây`, `có`,
    `không`, `hoà`): Unicode text of only these is exactly what an old encoding looks like
    to MuPDF, so these are the words a false conversion would garble. Built from the
    spelling's first consonants and rhymes with every tone on every letter."""
    from library.vietnamese import _ONSETS, _RHYMES  # the spelling itself, not a copy

    found = set()
    for onset, rhyme, tone in product(_ONSETS, _RHYMES, ("", *TONE_MARKS.values())):
        spelled = onset + rhyme
        for at in range(len(spelled) if tone else 1):
            word = unicodedata.normalize("NFC", spelled[:at + 1] + tone + spelled[at + 1:])
            if max(map(ord, word)) < 0x100 and is_syllable(word):
                found.add(word)
    return sorted(found)


LATIN1_SYLLABLES = _latin1_syllables()
#: The everyday ones, as a province's pages use them (most pages are these).
COMMON_LATIN1 = ("không và có báo mã trên tên dòng thì ngày các là máy gói vào hình ký màn "
                 "gì dùng tài sách cài phát còn khác thêm mà cùng khách làm nào tìm viên lúc "
                 "này phiên hãy nên công tháng xã lên nguyên hàng nhà lý thành giây bên "
                 "phút âm trình màu chính giá nói quá dân toàn riêng hoà hòa khoá tây ninh "
                 "cà mau phú yên bình thái an giang kiên lào cai tân châu").split()
#: What stands among the words of a real page: numbers, units, signs, quotes, names.
AROUND = ["25°C", "±", "5 %", "© 2024", "«Cà Mau»", "«", "»", "·", "1ª", "2º", "¼", "½",
          "3½", "µm", "10 µs", "—", "2020-2025", "15/3/2024", "UBND", "TP.", "Ò", "ñ",
          "Café", "Noël", "Lênin", "micrô", "ô-tô", "ki-lô-mét", "Ê-đê"]


def _page(words: list[str], gaps: list[str], capitals: list[bool | None]) -> str:
    """`words` apart by `gaps`, each as it is, in capitals (True) or capitalised (None)."""
    return "".join((w.upper() if up else w.capitalize() if up is None else w) + g
                   for w, g, up in zip(words, gaps, capitals, strict=False)).strip()


@settings(max_examples=250, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(COMMON_LATIN1), st.sampled_from(LATIN1_SYLLABLES),
                          st.sampled_from(AROUND)), min_size=1, max_size=120),
       st.lists(st.sampled_from([" "] * 6 + ["\n", ", ", ". ", " | ", "\t"]),
                min_size=120, max_size=120),
       st.lists(st.sampled_from([False] * 8 + [True, None]), min_size=120, max_size=120))
def test_unicode_vietnamese_of_latin1_letters_is_never_converted(
        words: list[str], gaps: list[str], capitals: list[bool | None]) -> None:
    """«Cà Mau», «Tây Ninh», «Bé có», «KHÔNG» and a page, a table or a heading of such words
    among numbers and signs («25°C», «± 5 %», «© 2024», «µm»): no letter beyond Latin-1,
    like old text, and never converted — a false conversion garbles a correct document."""
    text = _page(words, gaps, capitals)
    assert readable(text) == (text, None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(COMMON_LATIN1), st.sampled_from(LATIN1_SYLLABLES)),
                min_size=1, max_size=12),
       st.lists(st.sampled_from([" ", " ", "\n", ", "]), min_size=12, max_size=12),
       st.lists(st.sampled_from([False] * 8 + [True, None]), min_size=12, max_size=12),
       st.sampled_from([TCVN3, VNI]))
def test_a_short_unicode_text_stays_in_a_document_of_an_old_encoding(
        words: list[str], gaps: list[str], capitals: list[bool | None], likely: str) -> None:
    """A Unicode title or short page of Latin-1 syllables in a TCVN3 or VNI document: it
    has to read as more syllables converted, and a syllable converted never reads as more."""
    text = _page(words, gaps, capitals)
    assert readable(text, likely=likely) == (text, None)
