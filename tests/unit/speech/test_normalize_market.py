"""Where to look and what it costs: web addresses with a path said by their site, market
prices as Chợ 4.0 stalls write them, and rice varieties by their names."""

from __future__ import annotations

import pytest

from library.speech.normalize import RULES_VERSION, read_variety
from library.speech.sentences import split_sentences
from tests.unit.speech.spoken import lit, reads_as, said

HUE = "hue chấm giê o vê chấm vê en"


def test_the_reading_rules_version_moved_on() -> None:
    # audio cached under the old rules said "xem chi tiết tại nhé"
    assert RULES_VERSION >= 9


# -- web addresses with a path ------------------------------------------------------------
@pytest.mark.parametrize(("text", "spoken"), [
    ("Bà con xem chi tiết tại https://hue.gov.vn/tin nhé.",
     f"Bà con xem chi tiết tại {HUE} nhé."),
    ("Xem tại http://hue.gov.vn/tin-tuc/2026/lich-tiem.html.", f"Xem tại {HUE} ."),
    # a query with no path, or a fragment, is not said either
    ("Tra cứu tại https://hue.gov.vn?id=3 nhé", f"Tra cứu tại {HUE} nhé"),
    ("Mục hỏi đáp https://hue.gov.vn/#hoi-dap.", f"Mục hỏi đáp {HUE} ."),
    # without the scheme, bare or with "www." (a written "www." is said, as for a bare site)
    ("Xem tại hue.gov.vn/tin, rồi gọi tổng đài.", f"Xem tại {HUE} , rồi gọi tổng đài."),
    ("Nộp hồ sơ tại www.dichvucong.gov.vn/p/home/dvc-trang-chu.html.",
     "Nộp hồ sơ tại vê kép vê kép vê kép chấm dich vu cong chấm giê o vê chấm vê en ."),
    ("Mẫu đơn ở https://www.quangnam.gov.vn/mau-don?loai=2 nhé",
     "Mẫu đơn ở vê kép vê kép vê kép chấm quang nam chấm giê o vê chấm vê en nhé"),
    # the bare site reads as it did
    ("xem tại https://hue.gov.vn nhé", f"xem tại {HUE} nhé"),
])
def test_a_web_address_with_a_path_is_said_by_its_site(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert "https" not in said(text) and "tin" not in said(text).split()


@pytest.mark.parametrize(("text", "address", "after"), [
    ("Bà con xem chi tiết tại https://hue.gov.vn/tin nhé.", "https://hue.gov.vn/tin", "nhé"),
    ("Xem tại hue.gov.vn/tin, rồi gọi.", "hue.gov.vn/tin", "rồi"),
    ("Tra cứu tại https://hue.gov.vn?id=3 nhé", "https://hue.gov.vn?id=3", "nhé"),
])
def test_every_word_of_the_site_lights_the_address_as_written(text: str, address: str,
                                                             after: str) -> None:
    for word in HUE.split():
        assert lit(text, word) == address
    assert lit(text, after) == after


def test_a_sentence_is_not_cut_inside_an_address() -> None:
    text = "Bà con xem chi tiết tại https://hue.gov.vn/tin nhé. Xin cảm ơn."
    assert [s.text for s in split_sentences(text)] == [
        "Bà con xem chi tiết tại https://hue.gov.vn/tin nhé.", "Xin cảm ơn."]


# -- market prices --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "spoken", "lights"), [
    ("Bán đất giá 20tr/m2.", "Bán đất giá hai mươi triệu một mét vuông .",
     [("hai mươi", "20"), ("triệu", "tr"), ("một mét vuông", "/m2")]),
    ("Bán xe máy 8tr.", "Bán xe máy tám triệu .", [("tám", "8"), ("triệu", "tr")]),
    ("Giá 1,5tr một con.", "Giá một phẩy năm triệu một con.",
     [("một phẩy năm", "1,5"), ("triệu", "tr")]),
    ("Phòng trọ 500k/tháng", "Phòng trọ năm trăm nghìn một tháng",
     [("năm trăm", "500"), ("nghìn", "k"), ("một tháng", "/tháng")]),
    ("Áo 50k, quần 80k.", "Áo năm mươi nghìn , quần tám mươi nghìn .",
     [("năm mươi", "50"), ("nghìn", "k")]),
    ("Nhà 2 tỷ 5, bớt lộc.", "Nhà hai tỷ năm , bớt lộc.", [("năm", "5")]),
    ("Lương 3 triệu 2 một tháng", "Lương ba triệu hai một tháng", [("hai", "2")]),
    ("Cá lóc giá 35-40k/kg", "Cá lóc giá ba mươi lăm đến bốn mươi nghìn một ki lô gam",
     [("ba mươi lăm", "35"), ("đến", "-"), ("bốn mươi", "40"), ("nghìn", "k"),
      ("một ki lô gam", "/kg")]),
    ("Xe cũ 1tr5", "Xe cũ một triệu năm", [("một", "1"), ("triệu năm", "tr5")]),
    ("Thuê kho 8 tr/tháng", "Thuê kho tám triệu một tháng",
     [("triệu", "tr"), ("một tháng", "/tháng")]),
    ("Lương 5tr./tháng", "Lương năm triệu một tháng", [("triệu", "tr.")]),
    ("Cát 300k/m3, đất 12tr/m2",
     "Cát ba trăm nghìn một mét khối , đất mười hai triệu một mét vuông",
     [("một mét khối", "/m3"), ("một mét vuông", "/m2")]),
    ("Rau 10k/bó, cam 30k/ký", "Rau mười nghìn một bó , cam ba mươi nghìn một ký",
     [("một bó", "/bó"), ("một ký", "/ký")]),
    # "/m2", "/m3" after any word are square and cubic metres
    ("Mật độ 25 cây/m2", "Mật độ hai mươi lăm cây một mét vuông", [("một mét vuông", "/m2")]),
    ("Thả 100 con/m2", "Thả một trăm con một mét vuông", [("một mét vuông", "/m2")]),
    ("Giá 1.200 USD/m2", "Giá một nghìn hai trăm đô la Mỹ một mét vuông",
     [("một mét vuông", "/m2")]),
])
def test_market_prices_as_stalls_write_them(text: str, spoken: str,
                                            lights: list[tuple[str, str]]) -> None:
    reads_as(text, spoken, lights)


@pytest.mark.parametrize(("text", "spoken"), [
    # no amount right before them: codes, units and a screen keep their reading
    ("Phòng K12 tầng 2", "Phòng ca mười hai tầng hai"),
    ("tivi 4K giá 8tr", "tivi bốn ca giá tám triệu"),
    ("tivi 4k giá 8tr", "tivi bốn ca giá tám triệu"),
    ("cách 5 km, nặng 5kg", "cách năm ki lô mét , nặng năm ki lô gam"),
    ("đi 5km mất 10k", "đi năm ki lô mét mất mười nghìn"),
    ("Số 20 trường học", "Số hai mươi trường học"),
    ("Đợt 3 trẻ em được khám", "Đợt ba trẻ em được khám"),
    ("xem tr. 15", "xem trang mười lăm"),
    ("k thì thôi", "k thì thôi"),
    ("Mua 3 kg cà chua", "Mua ba ki lô gam cà chua"),
])
def test_tr_and_k_are_money_only_right_after_an_amount(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(("text", "sentences"), [
    ("Bán xe giá 8 tr. Liên hệ chị Lan.", ["Bán xe giá 8 tr.", "Liên hệ chị Lan."]),
    ("Bán xe giá 8tr. Liên hệ chị Lan.", ["Bán xe giá 8tr.", "Liên hệ chị Lan."]),
    # a page, and millions per month, go on
    ("Xem tr. 15 nhé. Hết.", ["Xem tr. 15 nhé.", "Hết."]),
    ("Lương 5 tr./tháng. Hết.", ["Lương 5 tr./tháng.", "Hết."]),
])
def test_a_price_in_millions_ends_its_sentence(text: str, sentences: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == sentences


# -- rice varieties -------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "spoken", "lights"), [
    ("Gieo sạ giống IR 50404.", "Gieo sạ giống i rờ năm không bốn không bốn .",
     [("i rờ", "IR 50404")]),
    ("Vụ này bà con gieo lúa OM 5451, ST25, ĐT8 và Q5.",
     "Vụ này bà con gieo lúa ô em năm bốn năm một , ét tê hai mươi lăm , đê tê tám và quy năm .",
     [("ô em", "OM 5451"), ("ét tê", "ST25"), ("đê tê tám", "ĐT8"), ("quy năm", "Q5")]),
    ("Gạo ST25 giá 35k/kg", "Gạo ét tê hai mươi lăm giá ba mươi lăm nghìn một ki lô gam",
     [("ét tê hai mươi lăm", "ST25"), ("nghìn", "k")]),
    ("Giống lúa thuần OM18 đạt 7 tấn/ha", "Giống lúa thuần ô em mười tám đạt bảy tấn một héc ta",
     [("ô em mười tám", "OM18")]),
    ("Dùng giống lúa OM 6976A hoặc IR 64",
     "Dùng giống lúa ô em sáu chín bảy sáu a hoặc i rờ sáu mươi tư",
     [("sáu chín bảy sáu", "OM 6976A"), ("i rờ", "IR 64")]),
])
def test_rice_varieties_are_read_by_their_names(text: str, spoken: str,
                                                lights: list[tuple[str, str]]) -> None:
    reads_as(text, spoken, lights)


@pytest.mark.parametrize(("text", "spoken"), [
    # without a word that says a variety follows, the same letters are what they were
    ("Sạt lở trên ĐT8 qua xã", "Sạt lở trên đường tỉnh tám qua xã"),
    ("Giống như 5451 hộ", "Giống như năm nghìn bốn trăm năm mươi mốt hộ"),
    ("Giao 100 kg giống cho 5 hộ", "Giao một trăm ki lô gam giống cho năm hộ"),
    ("lúa đạt 6,5 tấn/ha", "lúa đạt sáu phẩy năm tấn một héc ta"),
])
def test_variety_letters_need_the_word_before_them(text: str, spoken: str) -> None:
    assert said(text) == spoken


def test_read_variety() -> None:
    assert read_variety("IR", "50404") == "i rờ năm không bốn không bốn"
    assert read_variety("ST", "25") == "ét tê hai mươi lăm"
    assert read_variety("OM", "576", "A") == "ô em năm bảy sáu a"
