"""One tree of expected failures.

Everything derived from `LibraryError` is the environment's or the user's
fault (a bad file, a full disk, no network) and is shown to people as one
plain line; anything else escaping the core is a bug and is logged loudly.
Each error carries a Vietnamese message for visitors and librarians and an
English one for logs and technicians.
"""

from __future__ import annotations


class LibraryError(Exception):
    """Base of every expected failure in the core."""

    #: Short Vietnamese text for people at the station.
    message_vi: str = "Đã có lỗi xảy ra."

    def __init__(self, message: str = "", *, message_vi: str | None = None) -> None:
        super().__init__(message or self.__class__.__doc__ or self.__class__.__name__)
        if message_vi is not None:
            self.message_vi = message_vi

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class NotFound(LibraryError):
    """The item, file or object does not exist."""

    message_vi = "Không tìm thấy."


class InvalidInput(LibraryError):
    """An argument or value given by the user is not acceptable."""

    message_vi = "Dữ liệu không hợp lệ."


class CatalogError(LibraryError):
    """The catalog database cannot be opened or written."""

    message_vi = "Không ghi được vào thư viện."


class ConfigError(LibraryError):
    """The configuration file is unreadable or holds a bad value."""

    message_vi = "Tệp cấu hình không hợp lệ."


class DocumentError(LibraryError):
    """A document cannot be opened, rendered or read."""

    message_vi = "Không mở được tài liệu này."


class StorageError(LibraryError):
    """The object store cannot read or write a file (disk full, permissions)."""

    message_vi = "Không đọc/ghi được dữ liệu trên đĩa."


class PackError(LibraryError):
    """A content pack or repository is malformed or fails verification."""

    message_vi = "Gói nội dung không hợp lệ."


class UntrustedKey(PackError):
    """The index is signed, but by no key this station trusts yet: the one failure whose
    remedy is to trust the publisher's key, which the CLI and the panel each say their
    own way (`cafesach trust add`, Cài đặt → «Thêm khoá từ USB»)."""


class SyncError(LibraryError):
    """Synchronising with the provincial server failed."""

    message_vi = "Không đồng bộ được với máy chủ."


class SpeechError(LibraryError):
    """Text-to-speech is unavailable or failed."""

    message_vi = "Không đọc được văn bản thành tiếng."


class UndecodableAudio(SpeechError):
    """A recording is on disk but cannot be decoded (cut short, damaged, not audio).

    Its own class because the file is at fault, not the station: the kiosk marks
    the item broken, as it does a document that cannot open. A missing file or a
    missing ffmpeg stays a plain `SpeechError` and flags nothing."""

    message_vi = "Tệp âm thanh bị hỏng."


class HandoffError(LibraryError):
    """The local handoff server or a QR code cannot be produced."""

    message_vi = "Không tạo được liên kết cho điện thoại."


class AdminError(LibraryError):
    """A librarian action (PIN, settings) was refused."""

    message_vi = "Thao tác quản trị bị từ chối."
