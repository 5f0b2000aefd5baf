import re
import unicodedata

import pytest

from library.vietnamese import (
    base_letters,
    compose,
    fold,
    has_marks,
    marks_insensitive,
    syllables,
    typed_variants,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("chuyển đổi số", "chuyen doi so"),
        ("ĐẢNG VIÊN", "dang vien"),
        ("Đà Lạt", "da lat"),
        ("đường dương", "duong duong"),
        ("Ưu tiên Ơn", "uu tien on"),
        ("NGƯỜI", "nguoi"),
        ("Quỹ hỗ trợ", "quy ho tro"),
        ("ﬁle ﬂow", "file flow"),  # ligatures (NFKC)
        ("Ｈà Ｎội", "ha noi"),  # full-width letters
        ("Việt Nam 2026", "viet nam 2026"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize("form", ["NFD", "NFC", "NFKD"])
def test_fold_is_the_same_for_every_normal_form(form: str) -> None:
    text = "Chuyển Đổi Số ở Đắk Lắk"
    assert fold(unicodedata.normalize(form, text)) == "chuyen doi so o dak lak"


def test_fold_is_idempotent() -> None:
    text = "Sổ tay Đảng viên — Phòng chống thiên tai"
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    ("folded", "text", "found"),
    [
        ("da lat", "Về Đà Lạt", "Đà Lạt"),
        ("dang vien", "ĐẢNG VIÊN gương mẫu", "ĐẢNG VIÊN"),
        ("duong", "con đường mới", "đường"),
        ("nguoi", "Người dân", "Người"),
        ("cafe", "Café sách", "Café"),
    ],
)
def test_marks_insensitive_finds_the_text_as_written(folded: str, text: str, found: str) -> None:
    match = re.search(marks_insensitive(folded), text)
    assert match is not None and match.group() == found


def test_marks_insensitive_keeps_other_letters_apart() -> None:
    assert re.search(marks_insensitive("dang"), "đăng ký") is not None
    assert re.search(marks_insensitive("dang"), "bang") is None
    assert re.search(marks_insensitive("a.b"), "axb") is None  # punctuation stays literal


def test_base_letters_keep_every_position() -> None:
    text = "ĐẢNG viên, Đà_Lạt 2ß x² ƠƯ"
    assert base_letters(text) == "dang vien, da_lat 2ß x² ou"
    assert len(base_letters(text)) == len(text)


@pytest.mark.parametrize("folded", ["dang", "vien", "da", "lat", "ou", "2", "x", "ß", "_lat"])
def test_a_plain_regex_on_base_letters_finds_what_marks_insensitive_finds(folded: str) -> None:
    text = "ĐẢNG viên, Đà_Lạt 2ß x² ƠƯ đăng DANG bang Dạng"
    spans = [m.span() for m in re.finditer(marks_insensitive(folded), text)]
    assert spans == [m.span() for m in re.finditer(re.escape(folded), base_letters(text))]

def test_syllables_and_marks() -> None:
    assert syllables("đảng viên, chuyển-đổi số!") == ["đảng", "viên", "chuyển", "đổi", "số"]
    assert has_marks("đường")
    assert has_marks("Đ")
    assert not has_marks("duong")
    assert not has_marks("DUONG")


@pytest.mark.parametrize(
    ("keys", "text"),
    [
        ("chuyeenr ddooir soos", "chuyển đổi số"),
        ("ddangr vieen", "đảng viên"),
        ("DDAANGR", "ĐẨNG"),
        ("Ddaf Latj", "Đà Lạt"),
        ("nguwowif", "người"),
        ("truwowngf", "trường"),
        ("hoaf", "hòa"),
        ("gias", "giá"),
        ("quoocs", "quốc"),
        ("Vieetj Nam", "Việt Nam"),
        ("thuyr", "thủy"),
        ("aa", "â"),
        ("aaa", "aa"),
        ("ass", "as"),
        ("tieengs", "tiếng"),
        ("dd", "đ"),
        ("khoong", "không"),
        ("muwa", "mưa"),
        ("w", "ư"),
        ("123", "123"),
        ("Hà Nội", "Hà Nội"),  # already composed text passes through
    ],
)
def test_telex(keys: str, text: str) -> None:
    assert compose(keys, "telex") == text


@pytest.mark.parametrize(
    ("keys", "text"),
    [
        ("d9a3ng", "đảng"),
        ("chuye6n3 d9o6i3 so61", "chuyển đổi số"),
        ("nguo7i2", "người"),
        ("Vie65t Nam", "Việt Nam"),
        ("a8n", "ăn"),
        ("D9A2", "ĐÀ"),
        ("ho1a0", "hoa"),
    ],
)
def test_vni(keys: str, text: str) -> None:
    assert compose(keys, "vni") == text


@pytest.mark.parametrize(
    ("keys", "scheme", "text"),
    [
        ("thuowr", "telex", "thuở"),
        ("thuorw", "telex", "thuở"),  # the tone before the horn
        ("Thuowr", "telex", "Thuở"),
        ("THUOWR", "telex", "THUỞ"),
        ("huow", "telex", "huơ"),
        ("thuow", "telex", "thuơ"),
        ("khuow", "telex", "khuơ"),
        ("quowr", "telex", "quở"),  # the u of qu is no vowel to horn
        ("quow", "telex", "quơ"),
        ("thuo73", "vni", "thuở"),
        ("huo7", "vni", "huơ"),
        ("quo73", "vni", "quở"),
        # a final after «ươ» keeps both horns
        ("nguwowif", "telex", "người"),
        ("nguoiwf", "telex", "người"),
        ("dduwowngf", "telex", "đường"),
        ("thuwowng", "telex", "thương"),
        ("thuowng", "telex", "thương"),
        ("huowu", "telex", "hươu"),
        ("ruowuj", "telex", "rượu"),
        ("nguo7i2", "vni", "người"),
        ("thuo7ng", "vni", "thương"),
    ],
)
def test_uo_with_a_horn_ends_a_syllable_as_uo_with_one(keys: str, scheme: str,
                                                       text: str) -> None:
    """«ươ» never ends a syllable (ương, ước, ười, ươu): where it would, the keys mean «uơ»
    (`thuowr` → «thuở», as Unikey types it), and the u of qu never takes a horn."""
    assert compose(keys, scheme) == text


def test_uo_typed_so_far_takes_both_horns_once_a_final_comes() -> None:
    """The field composes the keys whole at each keystroke: `thuow` shows «thuơ», and
    the «ng» that follows makes it «thương»."""
    shown = [compose("thuowng"[:end], "telex") for end in range(5, 8)]
    assert shown == ["thuơ", "thươn", "thương"]  # «lươn»: n is a final too
    assert [compose("thuo7ng"[:end], "vni") for end in range(5, 8)] == shown


def test_compose_rejects_unknown_scheme() -> None:
    with pytest.raises(ValueError, match="scheme"):
        compose("abc", "viqr")


def test_typed_variants_keep_the_raw_text_for_foreign_words() -> None:
    variants = typed_variants("wifi")
    assert "wifi" in variants
    assert variants[0] != "wifi"  # Telex mangles it, which is why raw is kept
    assert typed_variants("chuyeenr")[0] == "chuyển"


def test_a_run_of_keys_longer_than_any_syllable_is_left_as_typed() -> None:
    """A key held down on the screen's keyboard is no word to compose (and composing
    thousands of keys at each keystroke took seconds); the words around it still are."""
    for held in ("w" * 2000, "aw" * 13, "ow" * 1000):
        assert compose(f"ddangr {held} vieen", "telex") == f"đảng {held} viên"
    assert compose(f"d9a3ng {'a8' * 13}", "vni") == f"đảng {'a8' * 13}"
    assert compose("aw" * 12, "telex") == "ă" * 12  # a syllable's keys and more: composed
    assert compose("nghieengf", "telex") == "nghiềng"
