"""`Notice`: an import warning that is its English line and carries the Vietnamese one."""

from __future__ import annotations

import copy
import json
import pickle
import re

from library.repository import notices
from library.repository.importer import ImportResult


def test_a_notice_is_its_english_line_everywhere_the_lines_went_before() -> None:
    warning = notices.item_elsewhere("a1", "kho-huyen")
    assert warning == "item a1 already exists from kho-huyen; skipped"
    assert isinstance(warning, str) and str(warning) == warning
    assert re.match(r"^item (\S+) already exists", warning)  # what the panel's table matched
    assert "; ".join([warning, notices.ahead(7, 5)]).startswith("item a1")
    result = ImportResult("vn.a", "imported", warnings=[warning])
    assert json.loads(json.dumps(result.to_json()))["warnings"] == [str(warning)]


def test_a_notice_carries_its_vietnamese_line_and_code_through_copies() -> None:
    warning = notices.ahead(7, 5)
    assert warning.message_vi == "Trạm đang có phiên bản 7, mới hơn máy chủ (phiên bản 5)."
    assert warning.code == notices.AHEAD
    assert warning.text("vi") == warning.message_vi and warning.text("en") == str(warning)
    for again in (pickle.loads(pickle.dumps(warning)), copy.deepcopy(warning)):
        assert (again, again.message_vi, again.code) == (warning, warning.message_vi,
                                                        notices.AHEAD)


def test_dates_in_vietnamese_lines_are_written_day_first() -> None:
    assert notices.day_vi("2025-02-01T00:00:00Z") == "1/2/2025"
    assert notices.expired_on_server("2025-12-31T23:00:00Z").message_vi.startswith(
        "Mục lục trên máy chủ đã hết hạn từ 31/12/2025:")
    assert notices.clock("2027-03-04T05:06:07Z", "2026-03-04T05:06:07Z").message_vi == (
        "Giờ của trạm (4/3/2027) khác giờ máy chủ (4/3/2026): hãy đặt lại ngày giờ.")
