"""Vietnamese text: folding for search, syllables, Telex and VNI typing.

Visitors type without marks (`chuyen doi so`, `dang vien`, `Da Lat`), in
capitals (`ĐẢNG`), or through the on-screen keyboard's Telex/VNI composition.
Search folds the text it indexes and the text it is asked for with the same
function, `fold`: NFKC, lower case, every tone and vowel mark removed, and
`đ`/`Đ` made `d` — which SQLite's `remove_diacritics` does not do.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

# Combining marks of the tones, in the order of Telex s f r x j / VNI 1-5.
TONE_MARKS = {1: "\u0301", 2: "\u0300", 3: "\u0309", 4: "\u0303", 5: "\u0323"}
_ALL_TONE_MARKS = set(TONE_MARKS.values())
_VOWELS = set("aăâeêioôơuưy")
_SYLLABLE = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one (already lower-cased) character; may return '' for a lone mark."""
    if ch == "đ":
        return "d"
    if ord(ch) < 0x80:
        return ch
    decomposed = unicodedata.normalize("NFD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    if kept == "đ":
        return "d"
    return kept


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on demand so folding stays a C-speed loop."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold text for search: `"ĐẢNG viên Đà Lạt"` → `"dang vien da lat"`.

    Idempotent, and the same at index and query time.
    """
    return unicodedata.normalize("NFKC", text).lower().translate(_TABLE)


def syllables(text: str) -> list[str]:
    """The word-like runs of a text (Vietnamese syllables, numbers, foreign words)."""
    return _SYLLABLE.findall(text)


@lru_cache(maxsize=1)
def _variant_classes() -> dict[str, str]:
    """For each plain letter, a regex class of every letter that folds to it."""
    groups: dict[str, set[str]] = {}
    for cp in (*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250),
               *range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = fold(ch)
        if len(base) == 1 and base.isascii() and base.isalpha():
            groups.setdefault(base, set()).add(ch)
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in groups.items()}


def marks_insensitive(folded: str) -> str:
    """A regex matching `folded` text as written, with any marks and case.

    `"dang"` matches `Đảng`, `đăng`, `DANG`… in the original text directly, so
    search can find and highlight hits without folding whole pages again.
    """
    classes = _variant_classes()
    return "".join(classes.get(c, re.escape(c)) for c in folded)


@lru_cache(maxsize=1)
def _base_table() -> dict[int, str]:
    return {ord(ch): base for base, chars in _variant_classes().items() for ch in chars[1:-1]}


def base_letters(text: str) -> str:
    """`text` with every letter written as the plain letter `marks_insensitive` reads
    it as, one character for one: `"Đảng viên, ĐÀ"` → `"dang vien, da"`.

    Positions stay, so a plain regex (`"(?<!\\w)dang"`) found in the result
    is the match of the `marks_insensitive` regex in `text` at the same place;
    a plain regex compiles in ~20 µs, one of mark-insensitive classes in ~0.5 ms,
    and search as-you-type meets a new syllable prefix at every keystroke.
    Other characters (digits, punctuation, letters that fold to more than one)
    stay as they are.
    """
    return text.translate(_base_table())


def syllable_pairs(folded: str) -> str:
    """Adjacent syllables joined as one token each: `"dang vien moi"` → `"dang_vien vien_moi"`.

    Most Vietnamese words are two syllables, so indexing the pairs lets search
    find syllables standing together with one index lookup instead of
    checking the position lists of every document that holds them all.
    """
    words = _SYLLABLE.findall(folded.replace("_", " "))
    return " ".join(f"{a}_{b}" for a, b in itertools.pairwise(words))


def has_marks(text: str) -> bool:
    """True when folding would change the text beyond case (the user typed marks)."""
    normal = unicodedata.normalize("NFKC", text).lower()
    return fold(normal) != normal


@lru_cache(maxsize=65536)
def spelling(word: str) -> tuple[str, str]:
    """A syllable's letters, with the marks that make letters of their own (â ă ê ô ơ ư
    đ), and its tone apart: `"Hoà"` and `"hòa"` → `("hoa", "\u0300")`.

    Why: a syllable has one tone, and where it stands is a matter of style (the old
    `hòa`, which Telex composes, and the new `hoà` of many documents and phones), so
    two spellings of one word must compare equal when search asks whether a text
    holds the word with the marks the visitor typed.
    """
    letters: list[str] = []
    tone = ""
    for c in unicodedata.normalize("NFD", word.lower()):
        if c in _ALL_TONE_MARKS:
            tone = tone or c
        elif unicodedata.combining(c) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + c)
        else:
            letters.append(c)
    return "".join(letters), tone


def same_marks(typed: str, word: str, *, unfinished: bool = False) -> bool:
    """Whether `word` of a text is the syllable `typed`, marks and all, wherever its tone
    stands (`hòa` is `hoà`; `đang` is not `đảng`).

    `unfinished`: the visitor is still typing `typed`, and Telex and VNI put a tone or a
    vowel's shape (`ee` → ê, `w` → ư) after the letters: so far `đang` (keys `ddang`,
    with `r` for `đảng` yet to come) and `chuyên` are on the way to `đảng` and
    `chuyển`. Then `word` may be longer, a vowel typed plain may have any shape and a
    syllable typed without a tone any tone; a tone, a shaped vowel or `đ` already
    typed must be there.
    """
    letters, tone = spelling(typed)
    word_letters, word_tone = spelling(word)
    if not unfinished:
        return (letters, tone) == (word_letters, word_tone)
    if (tone and tone != word_tone) or len(word_letters) < len(letters):
        return False
    return all(a == b or (a in "aeiouy" and fold(b) == a)
               for a, b in zip(letters, word_letters, strict=False))


@lru_cache(maxsize=1024)
def same_marks_re(typed: str, *, unfinished: bool = False) -> re.Pattern[str]:
    """A regex over lower-cased NFC text finding the words `same_marks(typed, word,
    unfinished=…)` accepts, where they start: the syllable with its tone on any vowel
    (`hòa`, `hoà`) as a whole word; or, `unfinished`, its letters so far (a vowel typed
    plain as any of its shapes, any vowel with any tone, the tone typed somewhere in
    the word) and the rest of the word.

    Why: search asks this of the title and the matching page of every candidate at
    each keystroke with marks; one compiled pattern runs at C speed, where comparing
    each occurrence of the plain letters in Python cost about a millisecond a
    keystroke.
    """
    letters, tone = spelling(typed)
    if not unfinished:
        spelled = {letters} if not tone else {
            unicodedata.normalize("NFC", letters[:i] + c + tone + letters[i + 1:])
            for i, c in enumerate(letters) if c in _VOWELS}
        words = "|".join(_at_word_start(re.escape(w[0]), re.escape(w[1:]))
                         for w in sorted(spelled, key=len, reverse=True) if w)
        return re.compile(r"(?:" + words + r")(?!\w)")
    classes = _variant_classes()
    parts = []
    for c in letters:
        if c in "aeiouy":
            parts.append(classes[c])
        elif c in _VOWELS:
            parts.append("[" + c + "".join(unicodedata.normalize("NFC", c + t)
                                         for t in TONE_MARKS.values()) + "]")
        else:
            parts.append(re.escape(c))
    if not parts:
        return re.compile(r"(?!)")
    rest = "".join(parts[1:]) + r"\w*"
    if tone:  # somewhere in the word: the letter just read, or one still ahead
        toned = "[" + "".join(unicodedata.normalize("NFC", v + tone) for v in sorted(_VOWELS)) + "]"
        rest = r"(?:(?<=" + toned + r")|(?=\w*?" + toned + "))" + rest
    return re.compile(_at_word_start(parts[0], rest))


def _at_word_start(first: str, rest: str) -> str:
    r"""`first` (one letter or a class of letters) and `rest` at the start of a word: the
    letter leads the pattern, so `re` jumps from candidate to candidate (a look-behind
    in front makes it try every position, ten times slower on a page)."""
    return first + r"(?<!\w\w)" + rest


# -- typing: Telex and VNI ----------------------------------------------------
_TELEX_TONES = {"s": 1, "f": 2, "r": 3, "x": 4, "j": 5}
_VNI_TONES = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
_BREVE = {"a": "ă"}
_HORN = {"o": "ơ", "u": "ư"}
_PLAIN = {"â": "a", "ê": "e", "ô": "o", "ă": "a", "ơ": "o", "ư": "u", "đ": "d"}


def _with_case(template: str, letter: str) -> str:
    return letter.upper() if template.isupper() else letter


def _vowel_cluster(letters: list[str]) -> list[int]:
    """Indexes of the syllable's main vowels (qu-, gi- count as consonants)."""
    low = [c.lower() for c in letters]
    indexes = [i for i, c in enumerate(low) if c in _VOWELS]
    if len(indexes) > 1:
        first = indexes[0]
        if (first == 1 and low[0] == "q" and low[1] == "u") or (
            first == 1 and low[0] == "g" and low[1] == "i"
        ):
            indexes = indexes[1:]
    # keep only the first contiguous run
    run = indexes[:1]
    for i in indexes[1:]:
        if i == run[-1] + 1:
            run.append(i)
        else:
            break
    return run


def _tone_position(letters: list[str]) -> int | None:
    """Where the tone mark goes, by the usual (old-style) Vietnamese rules."""
    cluster = _vowel_cluster(letters)
    if not cluster:
        return None
    low = [letters[i].lower() for i in cluster]
    for i, c in zip(cluster, low, strict=True):
        if c == "ơ":
            return i
    marked = [i for i, c in zip(cluster, low, strict=True) if c in "ăâêôư"]
    if marked:
        return marked[-1]
    if len(cluster) == 1:
        return cluster[0]
    ends_in_consonant = cluster[-1] < len(letters) - 1
    if ends_in_consonant:
        return cluster[-1]
    if len(cluster) >= 3:
        return cluster[1]
    return cluster[0]


def _apply_tone(letters: list[str], tone: int) -> str:
    if tone:
        position = _tone_position(letters)
        if position is not None:
            letters = list(letters)
            letters[position] = unicodedata.normalize(
                "NFC", letters[position] + TONE_MARKS[tone]
            )
    return "".join(letters)


def _compose_word(word: str, scheme: str) -> str:
    letters: list[str] = []
    tone = 0
    tones = _TELEX_TONES if scheme == "telex" else _VNI_TONES
    for key in word:
        low = key.lower()
        has_vowel = any(c.lower() in _VOWELS for c in letters)
        # tone keys
        if low in tones and has_vowel:
            wanted = tones[low]
            if tone == wanted:  # typed twice: undo and keep the letter
                tone = 0
                letters.append(key)
            else:
                tone = wanted
            continue
        if ((scheme == "telex" and low == "z") or (scheme == "vni" and low == "0")) and tone:
            tone = 0
            continue
        if _modify(letters, key, scheme):
            continue
        letters.append(key)
    return _apply_tone(_open_uo(letters), tone)


def _open_uo(letters: list[str]) -> list[str]:
    """`letters` with a last «ươ» written «uơ», as Unikey writes it.

    Why: Telex w and VNI 7 put the horn on both of «uo», since «ươ» is what a final makes
    of it (`thuowng` → «thương»); but «ươ» never ends a syllable (ương, ước, ười, ươu), so
    `thuowr` composed «thưở», a word no text writes, and «thuở» was never found. The keys
    are composed whole at every keystroke, so `thuow` reads «thuơ» and becomes «thương»
    once the «ng» comes.
    """
    if len(letters) >= 2 and [c.lower() for c in letters[-2:]] == ["ư", "ơ"]:
        return [*letters[:-2], _with_case(letters[-2], "u"), letters[-1]]
    return letters


def _last_vowel(letters: list[str]) -> int | None:
    for i in range(len(letters) - 1, -1, -1):
        if letters[i].lower() in _VOWELS:
            return i
    return None


def _modify(letters: list[str], key: str, scheme: str) -> bool:
    """Apply a shape key (aa, aw, dd / a6, a8, d9…) in place; True if consumed."""
    low = key.lower()
    if scheme == "telex":
        if low == "d" and letters and letters[-1].lower() == "d" and len(letters) == 1:
            letters[-1] = _with_case(letters[-1], "đ")
            return True
        if low == "d" and letters and letters[-1].lower() == "đ" and len(letters) == 1:
            letters[-1] = _with_case(letters[-1], "d")
            letters.append(key)
            return True
        if low in _CIRCUMFLEX:
            i = _last_vowel(letters)
            if i is not None and letters[i].lower() == low and i >= len(letters) - 3:
                letters[i] = _with_case(letters[i], _CIRCUMFLEX[low])
                return True
            if i is not None and letters[i].lower() == _CIRCUMFLEX[low]:
                letters[i] = _with_case(letters[i], low)
                letters.append(key)
                return True
            return False
        if low == "w":
            return _horn(letters, key, literal_if_none=True)
        return False
    # VNI
    if low == "9":
        if letters and letters[0].lower() == "d":
            letters[0] = _with_case(letters[0], "đ")
            return True
        return False
    if low == "6":
        for i in range(len(letters) - 1, -1, -1):
            if letters[i].lower() in _CIRCUMFLEX:
                letters[i] = _with_case(letters[i], _CIRCUMFLEX[letters[i].lower()])
                return True
        return False
    if low == "8":
        for i in range(len(letters) - 1, -1, -1):
            if letters[i].lower() in _BREVE:
                letters[i] = _with_case(letters[i], _BREVE[letters[i].lower()])
                return True
        return False
    if low == "7":
        return _horn(letters, key, literal_if_none=False)
    return False


def _horn(letters: list[str], key: str, *, literal_if_none: bool) -> bool:
    """Telex w / VNI 7: ươ for uo, else horn or breve on the last fitting vowel."""
    low = [c.lower() for c in letters]
    glide = 1 if low[:2] == ["q", "u"] else -1  # the u of qu takes no horn: `quowr` is «quở»
    for i in range(len(low) - 1):
        if i != glide and low[i] == "u" and low[i + 1] == "o":
            letters[i] = _with_case(letters[i], "ư")
            letters[i + 1] = _with_case(letters[i + 1], "ơ")
            return True
    for i in range(len(low) - 1, -1, -1):
        c = low[i]
        if c in _HORN:
            letters[i] = _with_case(letters[i], _HORN[c])
            return True
        if c == "a" and key.lower() == "w":
            letters[i] = _with_case(letters[i], "ă")
            return True
        if c in ("ơ", "ư", "ă") and key.lower() == "w":  # ww: undo
            letters[i] = _with_case(letters[i], _PLAIN[c])
            letters.append(key)
            return True
    if literal_if_none and not any(c in _VOWELS for c in low):
        letters.append(_with_case(key, "ư"))
        return True
    return False


#: The most keys a word is composed from: a syllable takes a dozen at most (`nghieengf`,
#: with a tone typed twice to undo it); a longer run (a key held down, a sentence typed
#: without spaces) is no syllable, and composing it costs the square of its length —
#: 2,000 keys took a third of a second at every keystroke after them.
MAX_WORD_KEYS = 24
_WORD_OR_GAP = re.compile(r"[A-Za-z0-9ĂÂÊÔƠƯĐăâêôơưđ]+|[^A-Za-z0-9ĂÂÊÔƠƯĐăâêôơưđ]+")


def compose(text: str, scheme: str = "telex") -> str:
    """Turn Telex (`"chuyeenr ddooir soos"`) or VNI (`"d9a3ng"`) keys into Vietnamese.

    Each word is composed on its own; spaces and punctuation stay as typed.
    Foreign words can be mangled (`wifi` → `ưifi`): search the raw text too.
    """
    if scheme not in ("telex", "vni"):
        raise ValueError(f"unknown typing scheme {scheme!r}")
    parts = _WORD_OR_GAP.findall(unicodedata.normalize("NFC", text))
    out = []
    for part in parts:
        if part[0].isalnum() and len(part) <= MAX_WORD_KEYS:
            out.append(_compose_word(part, scheme))
        else:
            out.append(part)
    return "".join(out)


def typed_variants(raw: str) -> list[str]:
    """What a keyboard's raw keys may mean: Telex, VNI and the raw text, distinct."""
    variants: list[str] = []
    for candidate in (compose(raw, "telex"), compose(raw, "vni"), raw):
        if candidate not in variants:
            variants.append(candidate)
    return variants


#: Abbreviations of public life that notices, bulletins and visitors write either way
#: (`UBND xã`, «Ủy ban nhân dân xã»), folded as search compares them. Only ones with one
#: meaning on a commune's notice board: `tp` is «thành phố», never anything else there.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "mttq": "mat tran to quoc",
    "tp": "thanh pho", "tphcm": "thanh pho ho chi minh", "hcm": "ho chi minh",
    "tw": "trung uong", "nq": "nghi quyet", "cccd": "can cuoc cong dan",
    "bhyt": "bao hiem y te", "bhxh": "bao hiem xa hoi", "htx": "hop tac xa",
    "cds": "chuyen doi so", "cntt": "cong nghe thong tin", "atgt": "an toan giao thong",
    "dvc": "dich vu cong", "gplx": "giay phep lai xe", "pccc": "phong chay chua chay",
    "thpt": "trung hoc pho thong", "thcs": "trung hoc co so", "sdt": "so dien thoai",
}
#: Written-out phrases to abbreviate, shortest first: «thành phố Hồ Chí Minh» becomes
#: `tp hcm`, as texts mostly write it («TP. HCM»), not `tphcm`.
_WRITTEN_OUT = sorted(((tuple(long.split()), short) for short, long in ABBREVIATIONS.items()),
                      key=lambda pair: len(pair[0]))


def abbreviation_readings(text: str) -> list[str]:
    """`text` folded, with its abbreviations written out (`UBND xã` → `uy ban nhan dan
    xa`), and with what it writes out abbreviated (`uy ban nhan dan xa` → `ubnd xa`):
    those readings that differ from it, for search to try beside it.

    Why: a visitor types `ubnd` or `htx` where the bulletin writes «Ủy ban nhân dân»
    or «hợp tác xã», and the other way round; search matches words, not meanings.
    """
    words = syllables(fold(text))
    longer = [part for word in words for part in ABBREVIATIONS.get(word, word).split()]
    shorter: list[str] = []
    i = 0
    while i < len(words):
        for long, short in _WRITTEN_OUT:
            if tuple(words[i:i + len(long)]) == long:
                shorter.append(short)
                i += len(long)
                break
        else:
            shorter.append(words[i])
            i += 1
    readings: list[str] = []
    for reading in (longer, shorter):
        joined = " ".join(reading)
        if reading != words and joined not in readings:
            readings.append(joined)
    return readings


# -- syllables: what a Vietnamese syllable may be --------------------------------
#: First consonants, longest first (`qu` and `gi` as `_vowel_cluster` counts them).
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
           *"bcdđghklmnprstvx", "")
#: Every rhyme a syllable may end in (vowels with their glide, then a last consonant),
#: without its tone: the rhymes of the Vietnamese spelling (Đoàn Thiện Thuật, «Ngữ âm tiếng
#: Việt»), written as they are spelled after each first consonant (`qu` + `yên`).
_RHYMES = frozenset("""
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oong ooc ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oe oec oem oen oeo oet
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
uân uâng uât uây uăc uăm uăn uăng uăt ue uen ueo uet uê uêch uênh uơ
uy uya uych uyn uynh uyp uyt uyu uyên uyêt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y ych ynh yt yêm yên yêng yêt yêu
""".split())
#: The vowels a rhyme may start with that the spelling calls front (i, e, ê, y): before
#: them /k/ is written k, /ɣ/ gh and /ŋ/ ngh (`kê`, `ghi`, `nghe`), before the others c, g,
#: ng (`ca`, `gà`, `ngô`); `gi` is a first consonant of its own (`gì`, `giếng`).
_FRONT = "ieêy"
#: First consonant → the first letters its rhyme may have (`kỳ`, but never `ghy`) …
_FRONT_ONLY = {"k": _FRONT, "gh": "ieê", "ngh": "ieê"}
#: … or may not have: «ci», «ge», «ngê» are no syllables (`ki`, `ghe`, `nghê` are).
_NOT_BEFORE_FRONT = {"c", "g", "ng"}
#: Rhymes that open with the glide /w/ (o before a, ă, e; u before â, ă, e, ê, ơ, y).
#: After /k/ the spelling writes that glide as qu (`qua`, `quy`, `quân`), so «coa»,
#: «cuy», «cuân» are no syllables (`cua`, `cuộc`, `cúi` are: their u is no glide).
_GLIDED = ("oa", "oă", "oe", "uâ", "uă", "ue", "uê", "uơ", "uy")
#: The u of qu is that glide already: no rhyme after it opens with o, u or ư («quu»,
#: «quoa»; `quốc`'s ô is allowed).
_NOT_AFTER_QU = ("o", "u", "ư")
#: Rhymes with y before a last consonant, spelled so only after qu (`quých`, `quỳnh`,
#: `quýt`); after any other first consonant the spelling writes i (`kịch`, `tính`).
_ONLY_AFTER_QU = frozenset({"ych", "ynh", "yt"})
#: A syllable ending in one of these takes only the sắc or nặng tone (`tốt`, `học`).
_STOPS = ("c", "ch", "p", "t")
#: The marks that shape a letter (â ă ê ô ơ ư), as NFD writes them.
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}
_LETTERS = frozenset("abcdđeghiklmnopqrstuvxyăâêôơư")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether `word` (one word, any case, NFC or NFD) is spelled as a Vietnamese syllable:
    a first consonant as the spelling writes it before its rhyme (`_fits_onset`: k, gh,
    ngh before i, e, ê — k also before y —, c, g, ng before the other vowels, qu and
    never c before a glide), a rhyme of the spelling, at
    most one tone, on the vowel that carries it (old `hòa` or new `hoà` placement), and
    only sắc or nặng before c, ch, p, t.

    Why: text read from an old font encoding (`library.legacy_vietnamese`) is told from
    real text by how many of its words read as syllables before and after conversion;
    «Céng hoµ» has one, «Cộng hoà» two. Foreign words and names are not syllables, which
    is what that comparison needs (they weigh alike on both sides).
    """
    letters: list[str] = []
    tone, tone_at = "", -1
    for c in unicodedata.normalize("NFD", word.lower()):
        if c in _ALL_TONE_MARKS:
            if tone or not letters:
                return False
            tone, tone_at = c, len(letters) - 1
        elif c in _SHAPE_MARKS:
            if not letters:
                return False
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + c)
        else:
            letters.append(c)
    if not letters or not _LETTERS.issuperset(letters):
        return False
    for onset, rhyme in _splits("".join(letters), _ONSETS):
        if rhyme not in _RHYMES or not _fits_onset(onset, rhyme):
            continue
        if rhyme.endswith(_STOPS) and tone not in (TONE_MARKS[1], TONE_MARKS[5]):
            return False
        return not tone or tone_at in _tone_places(letters)
    return False


def _splits(letters: str, onsets: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each (first consonant, rest) `letters` may be read as, with `onsets` longest first:
    gi also with the rest read with an i, since gi and a rhyme in i…, iê… share one i
    (`gì`, `gìn`, `giếng`)."""
    for onset in onsets:
        if letters.startswith(onset):
            rest = letters[len(onset):]
            yield onset, rest
            if onset == "gi":
                yield onset, "i" + rest


def _fits_onset(onset: str, rhyme: str) -> bool:
    """Whether the spelling writes `onset` before `rhyme`: k, gh, ngh only before a front
    vowel, c, g, ng never (`_FRONT_ONLY`, `_NOT_BEFORE_FRONT`); c never before a glide,
    which /k/ writes as qu (`_GLIDED`); qu never before o, u, ư (`_NOT_AFTER_QU`), and
    y before a last consonant only after qu (`_ONLY_AFTER_QU`).

    The one rule of first consonants: `is_syllable`, `begins_syllable` and
    `plain_syllable` all ask it.
    """
    if onset == "qu":
        return not rhyme.startswith(_NOT_AFTER_QU)
    if rhyme in _ONLY_AFTER_QU:
        return False
    if onset in _FRONT_ONLY:
        return rhyme[0] in _FRONT_ONLY[onset]
    if onset == "c" and rhyme.startswith(_GLIDED):
        return False
    return onset not in _NOT_BEFORE_FRONT or rhyme[0] not in _FRONT


def _beginnings(rhymes: Iterable[str]) -> frozenset[str]:
    """Every beginning of each of `rhymes`, the empty one and the whole rhyme included."""
    return frozenset(rhyme[:n] for rhyme in rhymes for n in range(len(rhyme) + 1))


@cache
def _rhyme_starts(onset: str) -> frozenset[str]:
    """Every beginning of a rhyme the spelling writes after `onset`."""
    return _beginnings(rhyme for rhyme in _RHYMES if _fits_onset(onset, rhyme))


@lru_cache(maxsize=16384)
def begins_syllable(word: str) -> bool:
    """Whether `word`, tone aside, is a Vietnamese syllable or the beginning of one:
    `chuyê` (on its way to `chuyên`), `đ`, `q`, `nươc`; not `úb` or `ưifi`.

    Why: Telex and VNI read any keys, and the keys of a foreign word or an abbreviation
    (`usb`, `wifi`) come out as letters no Vietnamese word begins with (`úb`, `ưifi`),
    which search should not take for what the visitor meant. Names with a last `k`
    (`Đắk Lắk`) are no syllables of the spelling either, so this only says what a
    reading may be, not what it must be.
    """
    letters = spelling(word)[0]
    if not _LETTERS.issuperset(letters):
        return False
    if any(onset.startswith(letters) for onset in _ONSETS):
        return True  # a first consonant, perhaps not all typed yet
    return any(rhyme in _rhyme_starts(onset) for onset, rhyme in _splits(letters, _ONSETS))


@cache
def _plain_rhymes(plain_onset: str) -> tuple[frozenset[str], frozenset[str]]:
    """The rhymes without marks (`ien` for iên, iến…) the spelling writes after a first
    consonant that folds to `plain_onset` (`d` for d and đ), and every beginning of one:
    `cua` is one (cua), `coa` none (only the glide oa folds so, which c never takes)."""
    rhymes = frozenset(fold(rhyme) for rhyme in _RHYMES
                       if any(_fits_onset(onset, rhyme) for onset in _ONSETS
                              if fold(onset) == plain_onset))
    return rhymes, _beginnings(rhymes)


_PLAIN_ONSETS = tuple(dict.fromkeys(fold(onset) for onset in _ONSETS))


@lru_cache(maxsize=65536)
def plain_syllable(plain: str, *, begun: bool = False) -> bool:
    """Whether `plain`, folded letters (`fold`), spells a Vietnamese syllable written
    without its marks (`vien`, `thong`; not `vein`, `thogn`), or with `begun` the
    beginning of one (`thon`, `ngh`).

    Why: respelling a mistyped syllable tries the few hundred strings one letter away
    from it, and each asked of the search index costs ~50 µs; the few that can be
    Vietnamese at all are the ones worth asking.
    """
    if begun and any(onset.startswith(plain) for onset in _PLAIN_ONSETS):
        return True
    return any(rhyme in _plain_rhymes(onset)[1 if begun else 0]
               for onset, rhyme in _splits(plain, _PLAIN_ONSETS))


def _tone_places(letters: list[str]) -> tuple[int, ...]:
    """Where a tone may stand in a syllable: the old placement (`_tone_position`) and, for
    oa, oe, uy at a syllable's end, the new one on the second vowel (`hoà`, `thuý`)."""
    old = _tone_position(letters)
    cluster = _vowel_cluster(letters)
    if (len(cluster) == 2 and cluster[-1] == len(letters) - 1
            and "".join(letters[i] for i in cluster) in ("oa", "oe", "uy")):
        return (cluster[0], cluster[1])
    return () if old is None else (old,)


# -- dictionary order ---------------------------------------------------------
#: The letters in the order of a Vietnamese dictionary; f, j, w and z (names,
#: loanwords) stand where the Latin alphabet puts them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
#: The tone marks in dictionary order, after ngang (no mark): huyền, hỏi, ngã, sắc, nặng.
TONE_ORDER = tuple(TONE_MARKS[n] for n in (2, 3, 4, 1, 5))
#: The marks that make a letter of its own (ă â ê ô ơ ư), not a tone.
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
                 ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
_TONE_OF = {mark: n for n, mark in enumerate(TONE_ORDER, start=1)}
_LETTER_WEIGHT = {letter: chr(0x1000 + n) for n, letter in enumerate(ALPHABET)}
# ð/Ð: old keyboards and some fonts give Icelandic Ð for Đ; readers see the same letter
_LETTER_WEIGHT["ð"] = _LETTER_WEIGHT["đ"]

# The key's code points, each level's weights above the one mark that ends a level, so
# a title that is a beginning of another sorts first ("An" < "An toàn" < "Anh").
_END = "\x01"  # ends a level; ends a word's tones
_GAP = "\x02"  # spaces and punctuation between words: one gap, lower than any letter
_NUMBER = 0x100  # + how many digits; the digits follow: numbers by value, before letters
_OTHER = "\u1100"  # + the character: a letter outside the alphabet, after z
_MAX_DIGITS = 0xEFF  # a longer run of digits counts as several numbers
_LOWER, _UPPER = "\x21", "\x22"
_LAST = ("gap", "", False, 0)  # after the text: ends its last word or number


@lru_cache(maxsize=8192)
def _char_parts(ch: str) -> tuple[tuple[str, str, bool, int], ...]:
    """What one character is in the order: (kind, weight, upper, tone) for each of its
    compatibility-decomposed letters, digits and gaps ("ﬁ" is two letters, "ấ" one
    letter â with the sắc tone). kind: "letter", "digit", "gap", or "mark" for a mark
    with no letter before it in `ch` (its tone goes to the letter before, if any).

    A letter's marks in order: one that makes a letter of its own (ă â ê ô ơ ư)
    shapes it; of the others, the first tone counts (ü, ç in foreign names tell titles
    apart only at the last level).
    """
    parts: list[tuple[str, str, bool, int]] = []
    for c in unicodedata.normalize("NFKD", ch):
        if unicodedata.category(c)[0] == "M":
            if parts and parts[-1][0] == "letter":
                kind, letter, upper, tone = parts[-1]
                shaped = _LETTER_MARKS.get((letter, c))
                if shaped is not None:
                    letter = shaped
                elif not tone:
                    tone = _TONE_OF.get(c, 0)
                parts[-1] = (kind, letter, upper, tone)
            else:
                parts.append(("mark", "", False, _TONE_OF.get(c, 0)))
            continue
        low = c.lower()
        if len(low) != 1:
            low = c
        if unicodedata.decimal(c, None) is not None:
            parts.append(("digit", str(unicodedata.decimal(c)), False, 0))
        elif c.isalpha():
            parts.append(("letter", low, c != low, 0))
        else:
            parts.append(("gap", "", False, 0))
    return tuple((kind, _letter_weight(letter) if kind == "letter" else letter, upper, tone)
                 for kind, letter, upper, tone in parts)


def _letter_weight(letter: str) -> str:
    weight = _LETTER_WEIGHT.get(letter)
    if weight is None:  # outside the alphabet: after z, by the character (never a surrogate)
        weight = _OTHER + (letter if not 0xD800 <= ord(letter) <= 0xDFFF else "\ufffd")
    return weight


def _number(digits: str) -> list[str]:
    """A run of digits as weights that order it by value: its length, then its digits
    ("9" < "10" < "011" = "11" until the last level, which keeps the zero apart)."""
    digits = digits.lstrip("0") or "0"
    chunks = [digits[i:i + _MAX_DIGITS] for i in range(0, len(digits), _MAX_DIGITS)]
    return [chr(_NUMBER + len(chunk)) + chunk for chunk in chunks]


def sort_key(text: str) -> str:
    """The key that puts titles in Vietnamese dictionary order, as a plain string.

    Order: letters first, by the Vietnamese alphabet (a ă â b c d đ e ê g h i
    k l m n o ô ơ p q r s t u ư v x y; other Latin letters where the Latin
    alphabet has them, other scripts after z); then tones, word by word (ngang,
    huyền, hỏi, ngã, sắc, nặng: `ma < mà < mả < mã < má < mạ`; `hoà` and `hòa`,
    one word spelled two ways, are alike up to here); then case (lower first);
    then the text itself, so different titles never tie. Numbers come before
    letters and compare by value ("Số 9" < "Số 10"); spaces and punctuation
    between words are one gap that sorts before any letter ("An toàn" <
    "Anh"); punctuation and quotes before the first or after the last word
    count for nothing ("«Bác Hồ»" is with "Bác Hồ"). NFC and NFD forms of a
    text give the same key.

    Why a stored string and not a collation: a key kept in a column beside the
    title lets SQLite order and index the lists with its plain binary
    comparison, so every connection (the kiosk, the CLI, `sqlite3` on a copy)
    orders alike, and none has to register a Python collation first (a
    connection without it cannot even read an index built with it). Python
    compares `str` by code point and SQLite compares TEXT by UTF-8 bytes, which
    is the same order, so `sorted(titles, key=sort_key)` agrees with
    `ORDER BY title_key`. The key is not meant to be read; changing the order
    it gives means refilling the stored keys with a new migration.
    """
    nfc = unicodedata.normalize("NFC", text)
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    in_word = False
    toneless = False  # the last letter has no tone yet: a lone mark after it may give one
    digits = ""
    for kind, weight, upper, tone in [*(p for ch in nfc for p in _char_parts(ch)), _LAST]:
        if kind == "mark":
            if toneless and tone:
                tones.append(chr(0x21 + tone))
                toneless = False
            continue
        letter = kind == "letter"
        if in_word and not letter:  # a word's tones end where its letters do
            tones.append(_END)
        in_word = letter
        toneless = letter and not tone
        if kind == "digit":
            digits += weight
            continue
        if digits:
            primary.extend(_number(digits))
            digits = ""
        if kind == "gap":
            if primary and primary[-1] != _GAP:
                primary.append(_GAP)
            continue
        primary.append(weight)
        cases.append(_UPPER if upper else _LOWER)
        if tone:
            tones.append(chr(0x21 + tone))
    if primary and primary[-1] == _GAP:
        primary.pop()
    return "".join(primary) + _END + "".join(tones) + _END + "".join(cases) + _END + nfc
