"""Provincial bulletin text read as a radio announcer says it: sizes, per-one prices,
scales, speeds and flows, roads, the flu's subtype, titles and honours, pages, and the
highlighted stretch of each one is the written token it was said for."""

from __future__ import annotations

import pytest

from library.speech.sentences import split_sentences
from tests.unit.speech.spoken import lit, reads_as


@pytest.mark.parametrize(("text", "spoken"), [
    # a price "per one square metre": the "1" already says "một", the slash is silent
    ("giá đất 20 triệu/1m2", "giá đất hai mươi triệu một mét vuông"),
    ("giá 25.000đ/1 kg", "giá hai mươi lăm nghìn đồng một ki lô gam"),
    # a size: "x" (or "×") between amounts is "nhân", never the letter "ích"
    ("lô đất 5m x 20m", "lô đất năm mét nhân hai mươi mét"),
    ("lô đất 5 m x 20 m", "lô đất năm mét nhân hai mươi mét"),
    ("thửa 5x20m", "thửa năm nhân hai mươi mét"),
    ("thửa 5mx20m", "thửa năm mét nhân hai mươi mét"),
    ("bàn 3 × 4", "bàn ba nhân bốn"),
    ("doanh thu tăng x2", "doanh thu tăng nhân hai"),
    # a map's or a plan's scale is "một trên …", never a time, a month or a date
    ("bản đồ tỷ lệ 1:500", "bản đồ tỷ lệ một trên năm trăm"),
    ("tỉ lệ 1:50", "tỉ lệ một trên năm mươi"),
    ("tỷ lệ 1/2000", "tỷ lệ một trên hai nghìn"),
    ("quy hoạch 1/2000", "quy hoạch một trên hai nghìn"),
    ("quy hoạch chi tiết 1/500", "quy hoạch chi tiết một trên năm trăm"),
    ("bản đồ 1/10.000", "bản đồ một trên mười nghìn"),
    ("1/10.000", "một trên mười nghìn"),  # a dotted total can be no date
    ("tỷ lệ 1/2 số hộ", "tỷ lệ một phần hai số hộ"),  # a share stays a share
    ("lúc 17:30", "lúc mười bảy giờ ba mươi phút"),
    # a speed or a flow: "trên giây"; several "per" in a row each said
    ("gió giật 15 m/s", "gió giật mười lăm mét trên giây"),
    ("lưu lượng 500 m³/s", "lưu lượng năm trăm mét khối trên giây"),
    ("xả 1.200 m3/s.", "xả một nghìn hai trăm mét khối trên giây ."),
    ("tốc độ 60 km/h", "tốc độ sáu mươi ki lô mét một giờ"),
    ("hỗ trợ 50 triệu đồng/ha/năm", "hỗ trợ năm mươi triệu đồng một héc ta một năm"),
    ("0,5 ha/hộ/năm", "không phẩy năm héc ta một hộ một năm"),
    ("giá 1,5 tỷ/lô", "giá một phẩy năm tỷ một lô"),
    ("vé 50.000 đồng/vé", "vé năm mươi nghìn đồng một vé"),
    ("vải 30.000 đ/m", "vải ba mươi nghìn đồng một mét"),
    ("ngày/tháng/năm", "ngày/tháng/năm"),  # words with slashes stay as written
    # roads: "ĐT" is "đường tỉnh" before its number, "điện thoại" before a telephone
    ("tuyến ĐT.741 qua xã", "tuyến đường tỉnh bảy trăm bốn mươi mốt qua xã"),
    ("đường ĐT.741", "đường tỉnh bảy trăm bốn mươi mốt"),  # never "đường đường tỉnh"
    ("ĐT741", "đường tỉnh bảy trăm bốn mươi mốt"),
    ("QL.14", "quốc lộ mười bốn"),
    ("QL 1A", "quốc lộ một a"),
    ("tại Km 12+500", "tại ki lô mét mười hai cộng năm trăm"),
    ("ĐT 0912 345 678", "điện thoại không chín một hai ba bốn năm sáu bảy tám"),
    ("ĐT. 0271 3879 123", "điện thoại không hai bảy một ba tám bảy chín một hai ba"),
    ("ĐT/Zalo: 0912 345 678", "điện thoại / da lô : không chín một hai ba bốn năm sáu bảy tám"),
    ("TP. HCM và Tp.HCM", "thành phố Hồ Chí Minh và thành phố Hồ Chí Minh"),
    ("Tổ 5, KP.3, P.Tân Phú", "Tổ năm , khu phố ba , phường Tân Phú"),
    ("KP 3", "khu phố ba"),
    # weather, water, health and farming
    ("nhiệt độ 35-37oC", "nhiệt độ ba mươi lăm đến ba mươi bảy độ xê"),  # "o" typed for "°"
    ("nắng 38 oC", "nắng ba mươi tám độ xê"),
    ("mưa 50÷100 mm", "mưa năm mươi đến một trăm mi li mét"),
    ("mưa 50~100 mm", "mưa năm mươi đến một trăm mi li mét"),
    ("mưa 100-150mm/24h", "mưa một trăm đến một trăm năm mươi mi li mét trong hai mươi tư giờ"),
    ("mực nước 45,2 m, dưới BĐ1 0,8 m",
     "mực nước bốn mươi lăm phẩy hai mét , dưới báo động một không phẩy tám mét"),
    ("cúm gia cầm A/H5N1", "cúm gia cầm a hát năm en một"),
    ("lũ trên BĐ2 0,5m", "lũ trên báo động hai không phẩy năm mét"),
    ("độ mặn 4‰", "độ mặn bốn phần nghìn"),
    ("khí áp 1.005 hPa", "khí áp một nghìn không trăm linh năm héc tô pascan"),
    ("nồng độ cồn 0,25 mg/l khí thở",
     "nồng độ cồn không phẩy hai mươi lăm mi li gam trên lít khí thở"),
    ("vượt 50 mg/100 ml máu", "vượt năm mươi mi li gam trên một trăm mi li lít máu"),
    ("bụi PM2.5 ở mức 55 µg/m3",
     "bụi pê em hai chấm năm ở mức năm mươi lăm micrô gam trên mét khối"),
    ("liều 0,5 ml/kg", "liều không phẩy năm mi li lít trên ki lô gam"),
    ("đội tuyển vào vòng 1/8", "đội tuyển vào vòng một phần tám"),
    ("vòng 1/16", "vòng một phần mười sáu"),
    ("dịch Covid-19", "dịch cô vít mười chín"),
    ("bệnh LMLM, ASF", "bệnh lở mồm long móng , a ét ép"),
    ("ca mắc SXH", "ca mắc sốt xuất huyết"),
    ("phòng, chống HIV/AIDS", "phòng, chống hát i vê ết"),
    # people: titles, honours, comrades, the year of birth
    ("PGS.TS Trần Văn C", "phó giáo sư tiến sĩ Trần Văn C"),
    ("GS.TS Lê D", "giáo sư tiến sĩ Lê D"),
    ("GS.TSKH Phạm E", "giáo sư tiến sĩ khoa học Phạm E"),
    ("BS.CKII Trần Thị B", "bác sĩ chuyên khoa hai Trần Thị B"),
    ("BS. Lê C", "bác sĩ Lê C"),
    ("NSND, NSƯT, NGƯT, TTƯT",
     "nghệ sĩ nhân dân , nghệ sĩ ưu tú , nhà giáo ưu tú , thầy thuốc ưu tú"),
    ("Đ/c Nguyễn Văn A", "đồng chí Nguyễn Văn A"),
    ("ông A (SN 1980)", "ông A ( sinh năm một nghìn chín trăm tám mươi )"),
    # "ĐT" joined to a department's letters is "đào tạo", "đầu tư": no road, no telephone
    ("Sở GD-ĐT 12 huyện", "Sở GD-ĐT mười hai huyện"),
    ("Sở GD-ĐT: năm học mới", "Sở GD-ĐT: năm học mới"),
    # before any other number "SN" is a house's ("số nhà"), never a birth year
    ("trú tại SN 12 Trần Phú", "trú tại SN mười hai Trần Phú"),
    ("xe BKS 93A", "xe biển kiểm soát chín mươi ba a"),
    ("Chương trình MTQG", "Chương trình mục tiêu quốc gia"),
    ("Cổng DVC quốc gia", "Cổng dịch vụ công quốc gia"),
    ("quét mã QR để trả tiền", "quét mã kiu a để trả tiền"),
    ("giành 3 HCV, 2 HCB và 5 HCĐ",
     "giành ba huy chương vàng , hai huy chương bạc và năm huy chương đồng"),
    ("VĐV và HLV của Đại hội TDTT",
     "vận động viên và huấn luyện viên của Đại hội thể dục thể thao"),
    # a number plate: the province's number, the series spelled, the serial digit by digit
    ("xe BKS 93A-123.45", "xe biển kiểm soát chín mươi ba a, một hai ba bốn năm"),
    ("xe máy biển số 93H1-234.56.", "xe máy biển số chín mươi ba hát một, hai ba bốn năm sáu ."),
    ("biển kiểm soát 51A-1234", "biển kiểm soát năm mươi mốt a, một hai ba bốn"),
    ("Lô A1-05", "Lô a một - không năm"),  # a lot's code is no plate
    ("lớp 12A-2025", "lớp mười hai a - hai nghìn không trăm hai mươi lăm"),
    # the departments and phrases of a provincial bulletin, said in full
    ("Sở VH,TT&DL và Sở TT&TT", "Sở văn hóa, thể thao và du lịch và Sở thông tin và truyền thông"),
    ("Số vụ TNGT giảm", "Số vụ tai nạn giao thông giảm"),
    ("bảo đảm ATVSTP, công tác CCHC",
     "bảo đảm an toàn vệ sinh thực phẩm , công tác cải cách hành chính"),
    ("TAND tỉnh, VKSND tỉnh", "tòa án nhân dân tỉnh, viện kiểm sát nhân dân tỉnh"),
    ("sản phẩm OCOP 3 sao", "sản phẩm ô cốp ba sao"),
    ("KT-XH, QP-AN", "kinh tế xã hội , quốc phòng an ninh"),
    ("công tác GPMB, giải ngân vốn XDCB từ NSNN",
     "công tác giải phóng mặt bằng , giải ngân vốn xây dựng cơ bản từ ngân sách nhà nước"),
    ("cấp giấy chứng nhận QSDĐ", "cấp giấy chứng nhận quyền sử dụng đất"),
    ("BVĐK tỉnh và các TYT xã", "bệnh viện đa khoa tỉnh và các trạm y tế xã"),
    # after "thứ" a number is an ordinal: Wednesday and the fourth are "thứ tư", the
    # first "thứ nhất", a day of the week and a rank alike
    ("Thứ 4, ngày 25/11", "Thứ tư , ngày hai mươi lăm tháng mười một"),
    ("Thứ 2", "Thứ hai"),
    ("lần thứ 2", "lần thứ hai"),
    ("Đại hội lần thứ 4", "Đại hội lần thứ tư"),
    ("lần thứ 1", "lần thứ nhất"),
    ("lần thứ IV", "lần thứ tư"),
    ("lần thứ 14", "lần thứ mười bốn"),
    ("xếp thứ 4/63 tỉnh, thành", "xếp thứ tư trên sáu mươi ba tỉnh, thành"),
    ("mở cửa T2, T4, T6", "mở cửa thứ hai , thứ tư , thứ sáu"),
    ("thứ 7 và CN", "thứ bảy và chủ nhật"),
    ("làm việc sáng T7", "làm việc sáng thứ bảy"),
    ("mở cửa từ T2 đến T6", "mở cửa từ thứ hai đến thứ sáu"),
    ("phòng T6", "phòng tê sáu"),  # no day's word: a room's name
    ("T7, CN", "thứ bảy , chủ nhật"),
    ("T4-CN, thứ 4-CN", "thứ tư đến chủ nhật , thứ tư đến chủ nhật"),
    ("ngành CN chế biến", "ngành CN chế biến"),  # no day before it: left as written
    ("Phụ lục I và Phụ lục II", "Phụ lục một và Phụ lục hai"),
    ("Tập II, đợt III, khu vực IV", "Tập hai , đợt ba , khu vực bốn"),
    ("tập C", "tập C"),  # a letter there stays a letter
    # "tr." is a page before its number, millions after an amount
    ("xem tr. 15", "xem trang mười lăm"),
    ("tr. 12-15", "trang mười hai đến mười lăm"),
    ("lương 5 tr./tháng", "lương năm triệu một tháng"),
])
def test_provincial_bulletin_words(text: str, spoken: str) -> None:
    reads_as(text, spoken, [])


@pytest.mark.parametrize(("text", "word", "written"), [
    ("giá đất 20 triệu/1m2", "một mét vuông", "1m2"),
    ("lô đất 5m x 20m", "nhân", "x"),
    ("lô đất 5m x 20m", "hai mươi mét", "20m"),
    ("thửa 5x20m", "nhân", "x"),
    ("thửa 5x20m", "hai mươi mét", "20m"),
    ("bản đồ tỷ lệ 1:500", "một trên năm trăm", "1:500"),
    ("quy hoạch 1/2000", "một trên hai nghìn", "1/2000"),
    ("bản đồ 1/10.000", "mười nghìn", "1/10.000"),
    ("lưu lượng 500 m³/s", "trên giây", "500 m³/s"),
    ("hỗ trợ 50 triệu đồng/ha/năm", "một năm", "/năm"),
    ("tuyến ĐT.741 qua xã", "đường tỉnh", "ĐT.741"),
    ("đường ĐT.741", "tỉnh bảy trăm", "ĐT.741"),
    ("QL.14 sạt lở", "quốc lộ mười bốn", "QL.14"),
    ("tại Km 12+500", "ki lô mét", "Km"),
    ("mưa 50÷100 mm", "đến", "÷"),
    ("bụi PM2.5 tăng", "hai chấm năm", "PM2.5"),
    ("vượt 50 mg/100 ml máu", "trên", "/"),
    ("Thứ 4, ngày 25/11", "tư", "4"),
    ("T7, CN", "chủ nhật", "CN"),
    ("nắng 38 oC", "độ xê", "38 oC"),
    ("ĐT 0912 345 678", "điện thoại", "ĐT"),
    ("cúm gia cầm A/H5N1", "hát năm", "A/H5N1"),
    ("dịch Covid-19 giảm", "mười chín", "Covid-19"),
    ("PGS.TS Trần Văn C", "tiến sĩ", "PGS.TS"),
    ("Đ/c Nguyễn Văn A", "đồng chí", "Đ/c"),
    ("xe BKS 93A-123.45 đi", "chín mươi ba a, một hai ba bốn năm", "93A-123.45"),
    ("xem tr. 15", "trang", "tr. 15"),
    ("lương 5 tr./tháng", "triệu", "tr."),
])
def test_the_highlighted_word_is_the_written_token(text: str, word: str, written: str) -> None:
    assert lit(text, word) == written


@pytest.mark.parametrize(("text", "first"), [
    ("Đường ĐT. 741 sạt lở. Xe đi vòng.", "Đường ĐT. 741 sạt lở."),
    ("Sạt lở QL. 14 đoạn qua xã. Xe đi vòng.", "Sạt lở QL. 14 đoạn qua xã."),
    ("Liên hệ ĐT. 0271 3879 123. Xin cảm ơn.", "Liên hệ ĐT. 0271 3879 123."),
    ("Khám bệnh cùng BS. Lê C tại trạm. Xin cảm ơn.", "Khám bệnh cùng BS. Lê C tại trạm."),
    ("Tổ 5, KP. 3 họp. Xin cảm ơn.", "Tổ 5, KP. 3 họp."),
])
def test_a_sentence_is_not_cut_after_a_road_or_a_title(text: str, first: str) -> None:
    # cut at "ĐT.", the number would be read alone, without the word that says what it is
    assert split_sentences(text)[0].text == first
