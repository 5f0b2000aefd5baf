"""The warnings an import or sync gives, in English and in Vietnamese at once.

The English line is what the CLI prints, `--json` carries and the sync
status keeps; the librarian's panel shows `message_vi`, written here beside
the English words rather than recovered from them later by pattern matching
(which silently fell back to English whenever a wording changed).

A `Notice` *is* its English line (a `str`), so everything that handled the
plain lines — joining them, matching them, dumping them as JSON — goes on
doing exactly that.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..formats import KIND_NAMES_VI

#: `Notice.code` of each warning, for code that must tell them apart without
#: reading the words (e.g. the CLI says "ahead" once, in its result line).
AHEAD = "ahead"
EXPIRED_PACK = "expired-pack"
EXPIRED_ON_SERVER = "expired-on-server"
CLOCK = "clock"
ITEM_ELSEWHERE = "item-elsewhere"
FEED_ENTRY_SKIPPED = "feed-entry-skipped"
FEED_STOPPED = "feed-stopped"
FEED_PAGE_SKIPPED = "feed-page-skipped"
KIND_MISFIT = "kind-misfit"
EMPTIED = "emptied"
#: Not given by a sync: what `status.expiry` says of the index a station holds, as its
#: expiry comes near or passes while no sync or pack brings a fresh one.
EXPIRES_SOON = "expires-soon"
INDEX_EXPIRED = "index-expired"
#: The warnings about the library's content, true for as long as it stays as the sync
#: that warned left it (kept through a sync that finds nothing new, `status.Warned`);
#: the others are about one check (the clock, expiry) and each sync says them anew.
LASTING = frozenset({ITEM_ELSEWHERE, KIND_MISFIT, FEED_ENTRY_SKIPPED, FEED_PAGE_SKIPPED,
                     EMPTIED})


class Notice(str):
    """One warning: the English line (its `str`), `message_vi`, and a stable `code`."""

    message_vi: str
    code: str

    def __new__(cls, text: str, message_vi: str, code: str = "") -> Notice:
        notice = super().__new__(cls, text)
        notice.message_vi = message_vi
        notice.code = code
        return notice

    def __getnewargs__(self) -> tuple[Any, ...]:  # copy and pickle keep both lines
        return (str(self), self.message_vi, self.code)

    def text(self, language: str) -> str:
        """The line in `language` ("vi" or anything else for English)."""
        return self.message_vi if language == "vi" else str(self)


def day_vi(moment: str) -> str:
    """`2025-02-01T00:00:00Z` → `1/2/2025`, as dates are written for people here."""
    year, month, day = moment[:10].split("-")
    return f"{int(day)}/{int(month)}/{year}"


def ahead(installed: int, server: int) -> Notice:
    return Notice(f"this station is ahead of the server: it has version {installed}, "
                  f"the server {server}",
                  f"Trạm đang có phiên bản {installed}, mới hơn máy chủ (phiên bản {server}).",
                  AHEAD)


def expired_pack(expires: str) -> Notice:
    return Notice(f"the index expired on {expires}: imported from a stick without a fresh "
                  "signature (chưa xác minh)",
                  f"Gói đã hết hạn từ {day_vi(expires)}: vẫn nhập, nhưng nội dung chưa được "
                  "xác minh lại; hãy xin gói mới.", EXPIRED_PACK)


def expired_on_server(expires: str) -> Notice:
    return Notice(f"the server's index expired on {expires} and was not published again: the "
                  "content stays, unverified; ask the editor to publish again",
                  f"Mục lục trên máy chủ đã hết hạn từ {day_vi(expires)}: nội dung vẫn giữ, "
                  "chưa xác minh; hãy báo người biên tập của tỉnh.", EXPIRED_ON_SERVER)


#: The end of the two lines below: a station that syncs every hour already holds the
#: server's newest index, and a sync cannot help it; only the province publishing again
#: can. ("Mục lục", the index, as in the sync's own refusals; "danh mục" is the station's
#: catalog.)
_NOTHING_NEWER_EN = "if the sync finds nothing newer, ask the province's editor to publish again"
_NOTHING_NEWER_VI = "đồng bộ mà không có gì mới thì hãy báo người biên tập của tỉnh."


def expires_soon(day: date, days_left: int) -> Notice:
    """The index this station holds expires in `days_left` days (0: today), on `day` of
    the station's calendar: a sync or a new pack before then keeps it verified."""
    when_en = {0: "today", 1: "tomorrow"}.get(days_left, f"in {days_left} days")
    when_vi = {0: "hôm nay", 1: "ngày mai"}.get(days_left, f"còn {days_left} ngày")
    return Notice(f"the province's index this station holds expires {when_en}, on "
                  f"{day.isoformat()}: sync, or load a new pack from a USB stick, before then"
                  f"; {_NOTHING_NEWER_EN}",
                  f"Mục lục của tỉnh sẽ hết hạn ngày {_date_vi(day)} ({when_vi}); hãy đồng "
                  f"bộ hoặc nạp gói mới từ USB trước ngày ấy; {_NOTHING_NEWER_VI}",
                  EXPIRES_SOON)


def index_expired(day: date) -> Notice:
    """The index this station holds expired on `day` and nothing fresher came since: the
    library stays on show, but a sync over the network would refuse that index now."""
    return Notice(f"the province's index this station holds expired on {day.isoformat()}: "
                  "the library stays on show; sync, or load a new pack from a USB stick; "
                  f"{_NOTHING_NEWER_EN}",
                  f"Mục lục của tỉnh đã hết hạn ngày {_date_vi(day)}; hãy đồng bộ hoặc nạp "
                  f"gói mới từ USB; {_NOTHING_NEWER_VI}", INDEX_EXPIRED)


def _date_vi(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def clock(station_now: str, server_now: str) -> Notice:
    return Notice(f"this station's clock says {station_now} but the server's says "
                  f"{server_now}: set the date and time",
                  f"Giờ của trạm ({day_vi(station_now)}) khác giờ máy chủ "
                  f"({day_vi(server_now)}): hãy đặt lại ngày giờ.", CLOCK)


def item_elsewhere(item_id: str, source: str) -> Notice:
    return Notice(f"item {item_id} already exists from {source}; skipped",
                  f"Bỏ qua mục {item_id}: đã có từ nguồn {source}.", ITEM_ELSEWHERE)


def feed_entry_skipped(name: str, reason: str, reason_vi: str) -> Notice:
    return Notice(f"{name}: skipped ({reason})", f"Bỏ qua «{name}»: {reason_vi}",
                  FEED_ENTRY_SKIPPED)


def feed_page_skipped(url: str, reason: str, reason_vi: str) -> Notice:
    """A page of an OPDS feed (`next`, navigation) not fetched: the publications it
    lists are not imported (nor removed, if imported before from elsewhere)."""
    return Notice(f"feed page {url}: not fetched ({reason})",
                  f"Không tải trang danh mục {url}: {reason_vi}", FEED_PAGE_SKIPPED)


def feed_stopped(left: int, deadline_s: float, *, silence_s: float | None = None) -> Notice:
    """An OPDS import stopped at the sync's deadline (`sync.deadline_min`), or, with
    `silence_s`, by a server that sent nothing that long (`sync.silence_s`): what arrived
    is imported, `left` publications wait for the next import."""
    from .fetch import duration_text

    if silence_s is not None:
        why = f"the server sent nothing for {duration_text(silence_s, 'en')} (sync.silence_s)"
        why_vi = f"Máy chủ không trả lời trong {duration_text(silence_s, 'vi')}"
    else:
        why = f"the import took longer than {duration_text(deadline_s, 'en')} (sync.deadline_min)"
        why_vi = f"Việc nhập kéo dài quá {duration_text(deadline_s, 'vi')}"
    return Notice(f"{why} and stopped: {left} publications of the feed are not "
                  "fetched yet; the next import of this feed brings them",
                  f"{why_vi} nên đã dừng: còn "
                  f"{left} tài liệu của danh mục chưa tải; lần nhập sau sẽ tải tiếp.",
                  FEED_STOPPED)


def kind_misfit(item_id: str, media_type: str, kind: str, taken: str) -> Notice:
    """An entry published in a collection its format cannot go in (`formats.check_kind`),
    taken into `taken`, its format's own collection, instead."""
    return Notice(f"item {item_id} ({media_type}) cannot go in the {kind} collection; "
                  f"taken into {taken} instead (ask the editor to correct its kind)",
                  f"Mục {item_id} không xếp được vào «{KIND_NAMES_VI.get(kind, kind)}» "
                  f"(định dạng {media_type}); đã xếp vào «{KIND_NAMES_VI.get(taken, taken)}». "
                  "Hãy báo người biên tập của tỉnh.", KIND_MISFIT)


def emptied(repository: str, removed: int) -> Notice:
    """A signed index that lists no items took every item of its library away: the
    editor's signed word (publish asks for `--allow-empty`), but a librarian facing an
    empty kiosk must be able to see why."""
    return Notice(f"the index of {repository} lists no items: all {removed} of its items "
                  "were removed (the editor published it empty; if that was not meant, tell "
                  "the editor)",
                  f"Kho {repository} trên máy chủ không còn mục nào: đã gỡ cả {removed} mục "
                  "của kho. Nếu tỉnh không chủ ý xuất bản kho rỗng, hãy báo người biên tập "
                  "của tỉnh.", EMPTIED)
