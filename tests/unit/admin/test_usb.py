"""USB sticks from the mount table (recorded samples and a real mount), packs, eject."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from library.usb import (
    UNREADABLE_VI,
    PackFile,
    Stick,
    eject,
    find_packs,
    find_sticks,
    parse_mountinfo,
    unescape_mount_field,
)

from .mounts import tmpfs

SAMPLES = Path(__file__).parent / "samples"


def test_unescape() -> None:
    assert unescape_mount_field(r"/media/a\040b\011c\134d") == "/media/a b\tc\\d"


def test_parse_ubuntu_sample() -> None:
    mounts = parse_mountinfo((SAMPLES / "mountinfo-ubuntu-udisks.txt").read_text("latin-1"))
    assert len(mounts) == 13
    stick = next(m for m in mounts if m.mount_id == 811)
    assert stick.mount_point == "/media/thuthu/THU VIEN XA"
    assert stick.fstype == "vfat" and stick.source == "/dev/sdb1" and not stick.read_only
    root = next(m for m in mounts if m.mount_point == "/")
    assert root.fstype == "ext4" and root.source == "/dev/sda2"


def test_sticks_in_ubuntu_sample() -> None:
    sticks = find_sticks(mountinfo=SAMPLES / "mountinfo-ubuntu-udisks.txt")
    # /boot/efi is vfat too, but not removable media; snaps and gvfs are not sticks
    assert [s.path for s in sticks] == [Path("/media/thuthu/THU VIEN XA"),
                                        Path("/media/thuthu/BÁO CÁO")]
    assert sticks[1].label == "BÁO CÁO" and sticks[1].fstype == "exfat"


def test_sticks_in_fedora_sample() -> None:
    sticks = find_sticks(mountinfo=SAMPLES / "mountinfo-fedora-runmedia.txt")
    assert [(str(s.path), s.fstype, s.read_only) for s in sticks] == [
        ("/run/media/can bo/KINGSTON", "fuseblk", False),
        ("/run/media/can bo/tab\there", "iso9660", True),
    ]


def test_optional_fields_and_utf8_names() -> None:
    mounts = parse_mountinfo((SAMPLES / "mountinfo-optional-fields.txt").read_text("latin-1"))
    assert mounts[0].fstype == "ext3" and mounts[0].root == "/mnt1"
    assert mounts[2].mount_point == "/media/pi/Thư viện"
    sticks = find_sticks(mountinfo=SAMPLES / "mountinfo-optional-fields.txt")
    assert [s.label for s in sticks] == ["USB", "Thư viện"]


def test_a_stick_swapped_at_the_same_folder_is_another_stick(tmp_path: Path) -> None:
    """Same label, same mount point: the mount id and device number tell the sticks apart."""
    line = ("{id} 29 {dev} / /media/thuthu/USB rw,nosuid,nodev shared:400 - vfat {src} "
            "rw,uid=1000\n")
    table = tmp_path / "mountinfo"
    table.write_text(line.format(id=811, dev="8:17", src="/dev/sdb1"))
    first = find_sticks(mountinfo=table)
    table.write_text(line.format(id=812, dev="8:33", src="/dev/sdc1"))
    second = find_sticks(mountinfo=table)
    assert [s.path for s in first] == [s.path for s in second]
    assert (first[0].mount_id, first[0].major_minor) == (811, "8:17")
    assert first[0].identity != second[0].identity
    # the kernel may hand the freed mount id and device number to the next stick
    reused = Stick(first[0].path, "USB", "/dev/sdb1", "vfat", False, 16 << 30, 9 << 30,
                   mount_id=811, major_minor="8:17")
    assert reused.identity != first[0].identity
    assert find_sticks(mountinfo=table)[0].identity == second[0].identity  # no change, same


def test_missing_mount_table_means_no_sticks(tmp_path: Path) -> None:
    assert find_sticks(mountinfo=tmp_path / "nope") == []


def test_find_packs(tmp_path: Path) -> None:
    (tmp_path / "tinh-2026.cafesach").write_bytes(b"x" * 10)
    (tmp_path / "cafesach").mkdir()
    (tmp_path / "cafesach" / "ban-tin.zip").write_bytes(b"y" * 3)
    (tmp_path / "photo.jpg").write_bytes(b"z")
    (tmp_path / ".hidden.zip").write_bytes(b"z")
    (tmp_path / "deep" / "more").mkdir(parents=True)
    (tmp_path / "deep" / "more" / "far.zip").write_bytes(b"z")
    packs = find_packs(tmp_path)
    assert [(p.path.name, p.size) for p in packs] == [("ban-tin.zip", 3),
                                                      ("tinh-2026.cafesach", 10)]
    assert all(isinstance(p, PackFile) and p.title for p in packs)
    assert find_packs(tmp_path / "empty") == []


@pytest.fixture
def media_mount(tmp_path: Path) -> Iterator[Path]:
    """A real tmpfs mounted under a media root with a space in its name."""
    with tmpfs(tmp_path / "media" / "thu thu" / "USB SACH", "2m", what="real mount test") as point:
        yield point


def test_real_mount_is_found_and_ejected(media_mount: Path) -> None:
    (media_mount / "goi-moi.cafesach").write_bytes(b"pack")
    roots = [str(media_mount.parent.parent)]
    types = {"tmpfs", "vfat"}
    sticks = find_sticks(media_roots=roots, fstypes=types)
    assert [s.path for s in sticks] == [media_mount]
    stick = sticks[0]
    assert isinstance(stick, Stick) and stick.total_bytes == 2 * 1024 * 1024
    assert [p.path.name for p in find_packs(stick.path)] == ["goi-moi.cafesach"]
    assert eject(stick) in {"umount", "udisksctl"}
    assert find_sticks(media_roots=roots, fstypes=types) == []


def test_describe_real_packs(tmp_path: Path, data_paths, catalog, make_pdf) -> None:
    from library.usb import describe_pack

    from .packs import build_pack, trust

    pack, public = build_pack(tmp_path / "build", make_pdf("so-tay.pdf", ["Nông nghiệp"]))
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / pack.name).write_bytes(pack.read_bytes())
    (stick / "hong.zip").write_bytes(b"PK\x03\x04 not really")
    unknown = {p.path.name: p for p in find_packs(stick, catalog=catalog)}
    assert unknown["kho-tinh.zip"].signature == "unknown-key"
    assert unknown["kho-tinh.zip"].title == "Kho sách của tỉnh"
    assert unknown["kho-tinh.zip"].version == "1" and not unknown["kho-tinh.zip"].expired
    assert unknown["hong.zip"].signature == "bad"
    trust(data_paths.root, public)
    known = describe_pack(stick / "kho-tinh.zip", catalog=catalog)
    assert known.signature == "ok" and known.publisher == "Sở VHTTDL"


def test_a_pack_gone_with_its_stick_is_listed_as_unreadable_not_raised(tmp_path: Path) -> None:
    """The stick was listed, then pulled out before its packs were read."""
    from library.usb import describe_pack

    gone = describe_pack(tmp_path / "USB" / "kho-tinh.zip")
    assert gone.signature == "bad" and gone.size == 0 and gone.title == "kho-tinh"
    assert gone.details["error"] == UNREADABLE_VI  # a Vietnamese line, not an OS message
    assert gone.details["error_en"] == "No such file or directory"  # the row names the pack


def test_the_english_reason_does_not_name_the_pack_its_row_names(tmp_path: Path) -> None:
    from library.usb import describe_pack

    (tmp_path / "hong.zip").write_bytes(b"random bytes, no zip at all")
    broken = describe_pack(tmp_path / "hong.zip")
    assert broken.signature == "bad"
    assert broken.details["error_en"] == "not a content pack (the file is not a zip)"
    assert broken.to_json()["problem"] == broken.details["error_en"]


def test_packs_are_found_in_any_letter_case(tmp_path: Path) -> None:
    """A FAT stick written on Windows: KHO-TINH.ZIP in CAFESACH/, which `import` takes too."""
    (tmp_path / "KHO-TINH.ZIP").write_bytes(b"x")
    (tmp_path / "Cafesach").mkdir()
    (tmp_path / "Cafesach" / "Ban-Tin.CafeSach").write_bytes(b"y")
    (tmp_path / "Cafesach" / "ANH.JPG").write_bytes(b"z")
    (tmp_path / "ARCHIVE.ZIP").mkdir()  # a folder, whatever its name says
    assert [p.path.name for p in find_packs(tmp_path)] == ["Ban-Tin.CafeSach", "KHO-TINH.ZIP"]


def test_a_pack_changed_after_signing_says_so(tmp_path: Path, data_paths, catalog,
                                              make_pdf) -> None:
    """The librarian reads why the pack is refused, not only that it is."""
    import zipfile

    from library.usb import describe_pack

    from .packs import build_pack, trust

    pack, public = build_pack(tmp_path / "build", make_pdf("so-tay.pdf", ["Nông nghiệp"]))
    changed = tmp_path / "sua.zip"
    with zipfile.ZipFile(pack) as zin, zipfile.ZipFile(changed, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "index.json":
                data = data.replace("Kho sách".encode(), "Kho sửa".encode(), 1)
            zout.writestr(info, data)
    trust(data_paths.root, public)
    described = describe_pack(changed, catalog=catalog)
    assert described.signature == "bad" and described.title == "Kho sửa của tỉnh"
    assert described.details["error"] == "Mục lục đã bị sửa sau khi ký."
    assert "changed after signing" in described.details["error_en"]


def test_usb_command_says_why_a_pack_cannot_be_taken(tmp_path: Path, make_pdf, capsys, caplog,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from library import usb
    from library.cli import main

    from .packs import build_pack

    pack, _ = build_pack(tmp_path / "build", make_pdf("so-tay.pdf", ["Nông nghiệp"]))
    stick = tmp_path / "USB"
    stick.mkdir()
    whole = pack.read_bytes()
    (stick / "chep-do.zip").write_bytes(whole[: len(whole) // 2])
    monkeypatch.setattr(usb, "find_sticks", lambda: [Stick(stick, "USB", "/dev/sdz1", "vfat",
                                                          False, 8 << 30, 4 << 30)])
    data = str(tmp_path / "data")
    capsys.readouterr()
    assert main(["--data", data, "usb"]) == 0
    shown = capsys.readouterr()
    line = shown.out.splitlines()[1]
    assert line.startswith("    chep-do  ") and "[bad]  the pack is incomplete" in line
    # said once, in the listing: not again as a warning, which the command line's
    # last-resort logging would print bare on the terminal
    assert not [r for r in caplog.records if r.name == "cafesach.usb"
                and r.levelno >= logging.WARNING]
    assert main(["--data", data, "usb", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)[0]["packs"][0]
    assert listed["signature"] == "bad" and "incomplete" in listed["problem"]


def test_usb_command_says_a_stick_is_read_only(tmp_path: Path, capsys,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A write-protected stick cannot take a report or a CSV: the listing says so, not
    "0 MiB free" (or plenty free) as if a write could work."""
    from library import usb
    from library.cli import main

    locked, free = tmp_path / "USB Thư viện", tmp_path / "USB 2"
    locked.mkdir()
    free.mkdir()
    monkeypatch.setattr(usb, "find_sticks", lambda: [
        Stick(locked, "USB Thư viện", "/dev/sdz1", "vfat", True, 8 << 30, 4 << 30),
        Stick(free, "USB 2", "/dev/sdy1", "vfat", False, 8 << 30, 4 << 30)])
    capsys.readouterr()
    assert main(["--data", str(tmp_path / "data"), "usb"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{locked}  (vfat, read-only: nothing can be written to it)",
        f"{free}  (vfat, 4096 MiB free)"]


def test_a_stick_written_to_is_the_same_stick_with_other_contents() -> None:
    """`place` names the stick (a line about it stays); `identity` also its free space
    (its packs are read again)."""
    stick = Stick(Path("/media/thuthu/USB"), "USB", "/dev/sdb1", "vfat", False, 16 << 30,
                  9 << 30, mount_id=811, major_minor="8:17")
    written = replace(stick, free_bytes=stick.free_bytes - (3 << 20))
    assert written.place == stick.place and written.identity != stick.identity
    assert replace(stick, total_bytes=32 << 30).place != stick.place
