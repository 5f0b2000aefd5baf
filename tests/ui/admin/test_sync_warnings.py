"""Nạp nội dung: what the syncs warned of is listed under the repository's status line."""

from __future__ import annotations

import pytest

from library.catalog import Item
from library.repository import status
from library.repository.notices import Notice

from .harness import Panel, as_read

pytestmark = pytest.mark.ui

LAST = "2026-03-10T02:00:00Z"
EARLIER = "2026-03-01T02:00:00Z"


def follow(panel: Panel, *warned: status.Warned, state: str = "ok") -> None:
    """A station that follows one repository (an item of it is here) whose syncs warned
    of `warned`."""
    with panel.catalog.atomic():
        status.save(panel.catalog, status.RepositoryState(
            id="kho-tinh", title="Kho sách của tỉnh", version=3, last_sync=LAST, status=state,
            message="server unreachable" if state == "error" else ""))
        status.save_warnings(panel.catalog, "kho-tinh", list(warned))
        panel.catalog.put(Item(id="tin-1", title="Tin 1", kind="bulletin", source="kho-tinh"),
                          ["Bản tin."])


def shown(panel: Panel) -> list[tuple[str, str]]:
    panel.unlock()
    panel.admin.showScreen("content")
    panel.pump(50)
    lines = [(item.objectName(), as_read(item.property("text")))
             for item in panel.find_all("syncStatus") + panel.find_all("syncWarning")]
    return sorted(lines, key=lambda line: panel.admin.content.syncStatus.index(line[1]))


MISFIT = Notice("3 items were published as 'video', a kind this station does not know",
                "3 mục được xuất bản là «video», loại trạm chưa biết: xếp vào Tài liệu.",
                "kind-misfit")
ELSEWHERE = Notice("item so-tay is also in another library; kept from that one",
                   "Mục so-tay cũng có ở thư viện khác; giữ bản của thư viện ấy.",
                   "item-elsewhere")


def test_warnings_are_listed_under_the_status_line(panel: Panel) -> None:
    follow(panel, status.Warned(MISFIT, LAST), status.Warned(ELSEWHERE, EARLIER))
    assert shown(panel) == [
        ("syncStatus", "Kho sách của tỉnh: Đồng bộ lần cuối 09:00 10/03/2026 (phiên bản 3)"),
        ("syncWarning", MISFIT.message_vi),  # the last sync's, as they are
        ("syncWarning", "Cảnh báo từ lần đồng bộ 09:00 01/03/2026:"),  # the CLI's words
        ("syncWarning", ELSEWHERE.message_vi),
    ]
    rows = panel.admin.content.syncLines
    assert [row["indent"] for row in rows] == [0, 1, 1, 2]
    assert all(row["warning"] for row in rows[1:])
    warning = panel.find("syncWarning")
    assert warning.property("color") != panel.find("syncStatus").property("color")


def test_after_a_failed_sync_every_warning_is_dated(panel: Panel) -> None:
    follow(panel, status.Warned(MISFIT, LAST), state="error")
    lines = [text for _, text in shown(panel)]
    assert lines[0].startswith("Kho sách của tỉnh: Đồng bộ lỗi")
    assert lines[1:] == ["Cảnh báo từ lần đồng bộ 09:00 10/03/2026:", MISFIT.message_vi]


def test_no_warnings_no_lines(panel: Panel) -> None:
    follow(panel)
    assert [name for name, _ in shown(panel)] == ["syncStatus"]


def test_a_repository_left_behind_is_not_listed(panel: Panel) -> None:
    """An address synced from once (typed wrong, or a server since replaced), not
    configured and with nothing of it in the catalog, is not a sync line for ever."""
    follow(panel)
    with panel.catalog.atomic():
        status.save(panel.catalog, status.RepositoryState(
            id="https://sai.example/kho", title="", url="https://sai.example/kho", version=0,
            status="error", message="404 Not Found", last_sync=EARLIER))
    texts = [text for _name, text in shown(panel)]
    assert texts == ["Kho sách của tỉnh: Đồng bộ lần cuối 09:00 10/03/2026 (phiên bản 3)"]
