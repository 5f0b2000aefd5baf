"""The files a province really has (`tests/province_files.py`): each opened, drawn and
read as the station does — fax and JBIG2 scans, JPEG 2000, CMYK, rotated and fold-out
pages, forms, attachments, phone photos and clips of every age."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from library.catalog import Catalog
from library.documents import DocumentEngine, RenderedPage, media
from library.errors import DocumentError
from library.paths import font_files
from tests import province_files as pf


def pixel(page: RenderedPage, x: int, y: int) -> tuple[int, int, int]:
    at = y * page.stride + x * 3
    return tuple(bytes(page.data[at:at + 3]))  # type: ignore[return-value]


def png_pixel(png: bytes, fx: float, fy: float) -> tuple[int, ...]:
    """The colour at a fraction (fx, fy) of a PNG's width and height."""
    picture = pymupdf.Pixmap(png)
    return picture.pixel(int(picture.width * fx), int(picture.height * fy))[:3]


def dark(colour: tuple[int, ...]) -> bool:
    return max(colour) < 40


# ---- PDFs ------------------------------------------------------------------------------


def test_rotated_pages_are_shown_turned_with_their_text(engine: DocumentEngine,
                                                        tmp_path: Path) -> None:
    path = pf.rotated_pdf(tmp_path)
    info = engine.info(path).result()
    assert list(info.page_sizes) == [(595, 842), (842, 595), (595, 842), (842, 595)]
    for number, turn in enumerate((0, 90, 180, 270), 1):
        page = engine.render(path, number, 800, 800).result()
        assert (page.width > page.height) == (turn in (90, 270))
        assert engine.text(path, number).result() == [f"Trang xoay {turn} độ — đọc thẳng"]
        # the line is drawn near the top of the page as shown: it reads upright
        inked = [y for y in range(page.height // 4) for x in range(0, page.width, 4)
                 if dark(pixel(page, x, y))]
        assert inked, f"page {number}: no text in its top quarter"


def test_a_fold_out_and_a_landscape_page_fill_the_screen_in_either_orientation(
        engine: DocumentEngine, tmp_path: Path) -> None:
    path = pf.mixed_sizes_pdf(tmp_path)
    assert engine.info(path).result().page_count == 4
    for box in ((1920, 1080), (1080, 1920)):
        sizes = [engine.render(path, n, *box).result() for n in (1, 2, 3)]
        for page in sizes:  # fitted: one side fills the box, neither overflows
            assert page.width <= box[0] and page.height <= box[1]
            assert box[0] - page.width <= 1 or box[1] - page.height <= 1
        assert sizes[1].width > sizes[1].height and sizes[2].width > sizes[2].height


@pytest.mark.parametrize("builder", [pf.fax_pdf, pf.jbig2_pdf])
def test_bilevel_scans_are_drawn(engine: DocumentEngine, tmp_path: Path, builder) -> None:
    """CCITT G4 and JBIG2, as scanners compress government letters: black text on white,
    no text layer."""
    path = builder(tmp_path)
    page = engine.render(path, 1, 800, 1100).result()
    assert page.width == 800 and abs(page.height - 1100) <= 1
    assert pixel(page, 400, 600) == (255, 255, 255)  # the paper is white …
    assert dark(pixel(page, 20, 600))  # … the frame around it black …
    assert any(dark(pixel(page, x, 110)) for x in range(40, 400))  # … and so is the text
    assert engine.info(path).result().scanned


def test_jpeg_2000_and_cmyk_pictures_are_drawn_in_their_colours(engine: DocumentEngine,
                                                               tmp_path: Path) -> None:
    jpx = engine.render(pf.jpx_pdf(tmp_path), 1, 640, 480).result()
    assert pixel(jpx, 330, 100)[0] > 200 and pixel(jpx, 330, 100)[2] < 60  # a yellow bar
    cmyk = engine.render(pf.cmyk_pdf(tmp_path), 1, 400, 400).result()
    cyan, magenta, yellow, black = (pixel(cmyk, x, 200) for x in (50, 150, 250, 350))
    assert cyan[0] < 60 < 200 < min(cyan[1:])
    assert magenta[1] < 60 < 200 < min(magenta[0], magenta[2])
    assert yellow[2] < 60 < 200 < min(yellow[:2])
    assert dark(black)


def test_form_fields_and_annotations_are_drawn_as_a_viewer_shows_them(
        engine: DocumentEngine, tmp_path: Path) -> None:
    path = pf.form_pdf(tmp_path)
    page = engine.render(path, 1, 595, 842).result()
    assert pixel(page, 240, 75) == pytest.approx((255, 255, 0), abs=40)  # the highlight
    assert pixel(page, 530, 350) == pytest.approx((255, 255, 153), abs=40)  # the stamp box
    assert "ĐÃ DUYỆT" in engine.text(path, 1).result()[0]


def _ticked_form(folder: Path) -> Path:
    """The form (`form_pdf`: its check box ticked, ZapfDingbats' «3» drawn in it), with a
    line of choices ticked in ZapfDingbats and a list bulleted in Symbol, as Word makes."""
    path = pf.form_pdf(folder)
    doc = pymupdf.open(path)
    page = doc[0]
    page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
    page.insert_text((60, 230), "4", fontname="zadb", fontsize=14)  # ✔
    page.insert_text((80, 230), "Đồng ý nhận bản tin số 3", fontname="vn", fontsize=14)
    page.insert_text((60, 260), "\xb7", fontname="symb", fontsize=14)  # •
    page.insert_text((80, 260), "Nộp trước ngày 15", fontname="vn", fontsize=14)
    doc.saveIncr()
    return path


def test_a_ticked_box_is_drawn_but_neither_indexed_nor_read_aloud(
        engine: DocumentEngine, tmp_path: Path) -> None:
    """A ticked check box is ZapfDingbats' «3»: «Nghe» read a digit, search indexed it."""
    path = _ticked_form(tmp_path)
    text = engine.extract(path).pages[0]
    assert sorted(text.split()) == sorted([
        "Tờ", "khai", "đăng", "ký", "ĐÃ", "DUYỆT", "Nguyen", "Van", "An",
        "Đồng", "ý", "nhận", "bản", "tin", "số", "3", "Nộp", "trước", "ngày", "15"])
    assert engine.text(path, 1).result()[0] == text
    words = [w.text for w in engine.words(path, 1).result().words]
    assert words == text.split()  # read aloud and highlighted as the page's text
    page = engine.render(path, 1, 595, 842).result()
    assert any(dark(pixel(page, x, y)) for x in range(62, 78) for y in range(172, 188))
    assert any(dark(pixel(page, x, y)) for x in range(60, 74) for y in range(218, 232))


def test_a_filled_in_form_is_titled_by_its_heading_not_by_a_field(engine: DocumentEngine,
                                                                   tmp_path: Path) -> None:
    """The name typed into the form (its box made the letters the largest on the page)
    became the item's title: a person's name over the reader, on a public screen."""
    found = engine.extract(pf.form_pdf(tmp_path))
    assert found.title == "Tờ khai đăng ký"


def test_a_heading_a_reviewer_ringed_or_struck_through_is_still_the_title(
        engine: DocumentEngine, tmp_path: Path) -> None:
    """A box, a circle or a freehand ring drawn over the heading shows no text of its own:
    the heading under it is the page's, and was passed over for the next line."""
    path = pf.form_pdf(tmp_path)
    doc = pymupdf.open(path)
    page = doc[0]
    for widget in list(page.widgets()):
        page.delete_widget(widget)  # the form's fields aside: only the marks over the heading
    for annot in (page.add_rect_annot(pymupdf.Rect(50, 60, 280, 100)),
                  page.add_circle_annot(pymupdf.Rect(55, 65, 275, 98)),
                  page.add_ink_annot([[(56, 92), (150, 99), (270, 92)]])):
        annot.update()
    doc.saveIncr()
    doc.close()
    assert engine.extract(path).title == "Tờ khai đăng ký"


@pytest.mark.parametrize("placeholder", ["Microsoft Word - HD_sinh_hoat_chi_bo_2024.docx",
                                         "Untitled", "Document1", "bao cao.doc",
                                         "PowerPoint Presentation", "Bản trình bày PowerPoint",
                                         "Tài liệu1", "Untitled-1"])
def test_a_word_file_printed_to_pdf_is_titled_by_its_heading(
        engine: DocumentEngine, tmp_path: Path, placeholder: str) -> None:
    """The printer driver's "Microsoft Word - ….docx" was the book's name on its card."""
    path = pf.word_export_pdf(tmp_path)
    doc = pymupdf.open(path)
    doc.set_metadata({**doc.metadata, "title": placeholder})
    doc.saveIncr()
    doc.close()
    assert engine.extract(path).title == "Hướng dẫn sinh hoạt chi bộ"
    assert engine.info(path).result().title is None


@pytest.mark.parametrize("title", ["Tài liệu Microsoft Word - hướng dẫn", "Tài liệu",
                                   "Tài liệu 1: Lịch sử Đảng bộ tỉnh", "Bản trình bày của xã",
                                   "Documents of the 13th Congress", "Presentations 2024",
                                   "Nghị quyết 12.2024"])
def test_a_title_of_its_own_is_kept(engine: DocumentEngine, tmp_path: Path,
                                    title: str) -> None:
    """Titles that merely start like a program's placeholder, or end like a number."""
    path = pf.word_export_pdf(tmp_path)
    doc = pymupdf.open(path)
    doc.set_metadata({**doc.metadata, "title": title})
    doc.saveIncr()
    doc.close()
    assert engine.extract(path).title == title


def _book_with_outline(folder: Path, first_entry: str) -> Path:
    """A book with no metadata title, its name on its first page, its outline opening on
    `first_entry`."""
    doc = pymupdf.open()
    for number in range(3):
        page = doc.new_page(width=pf.A4[0], height=pf.A4[1])
        page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
        heading = "Sổ tay đảng viên" if number == 0 else f"Chương {number}"
        page.insert_text((60, 90), heading, fontname="vn", fontsize=22)
        page.insert_text((60, 130), "Nội dung của trang.", fontname="vn", fontsize=11)
    doc.set_toc([[1, first_entry, 1], [1, "Chương 1. Lịch sử", 2], [1, "Chương 2", 3]])
    doc.set_metadata({"title": ""})
    path = folder / "so-tay.pdf"
    doc.save(path)
    return path


@pytest.mark.parametrize("label", ["Lời nói đầu", "Phần 1", "Mục lục", "Chương 1",
                                   "LỜI GIỚI THIỆU", "Chương I:", "Phần thứ nhất", "Contents",
                                   "Preface", "Chapter 1"])
def test_a_book_is_not_named_by_a_generic_outline_entry(
        engine: DocumentEngine, tmp_path: Path, label: str) -> None:
    """«Lời nói đầu» or «Chương 1» on a card says nothing of which book it is: the title
    comes from the next source, the first page's heading."""
    assert engine.extract(_book_with_outline(tmp_path, label)).title == "Sổ tay đảng viên"


@pytest.mark.parametrize("entry", ["Sổ tay đảng viên 2024", "Chương trình hành động",
                                   "Phần mềm nguồn mở"])
def test_an_outline_entry_naming_the_book_still_titles_it(
        engine: DocumentEngine, tmp_path: Path, entry: str) -> None:
    assert engine.extract(_book_with_outline(tmp_path, entry)).title == entry


def test_a_partly_scanned_pdf_keeps_the_text_of_its_one_typed_page(
        engine: DocumentEngine, tmp_path: Path) -> None:
    found = engine.extract(pf.partly_scanned_pdf(tmp_path))
    assert [bool(text.strip()) for text in found.pages] == [False, False, True, False, False,
                                                            False]
    assert not found.scanned  # it can be searched (its typed page) and shows every page


def test_an_attached_file_is_neither_read_nor_offered(catalog: Catalog, tmp_path: Path) -> None:
    path = pf.pdfa_with_attachment(tmp_path)
    added = catalog.add_file(path).item
    assert catalog.get(added.id).title == "Báo cáo có tệp đính kèm"
    stored = [p for p in catalog.objects.root.rglob("*") if p.is_file()]
    assert len(stored) == 2  # the PDF and its cover; nothing taken out of it
    assert not any(b"secret spreadsheet" in p.read_bytes() or b"MZ not a program"
                   in p.read_bytes() for p in stored if p.stat().st_size < 100_000)


# ---- pictures ----------------------------------------------------------------------------


def test_a_phone_photo_is_shown_upright(engine: DocumentEngine, tmp_path: Path) -> None:
    path = pf.phone_photo(tmp_path)
    page = engine.render(path, 1, 480, 640).result()
    assert (page.width, page.height) == (480, 640)
    assert pixel(page, 240, 20)[0] > 200 and max(pixel(page, 240, 20)[1:]) < 60  # red on top
    assert pixel(page, 240, 400) == pytest.approx((255, 255, 255), abs=10)


def test_pictures_a_province_has_are_drawn(engine: DocumentEngine, tmp_path: Path) -> None:
    transparent = engine.render(pf.png_transparent(tmp_path), 1, 400, 300).result()
    assert pixel(transparent, 20, 20) == (255, 255, 255)  # transparency on white
    assert dark(pixel(transparent, 200, 150))
    deep = engine.render(pf.png16(tmp_path), 1, 400, 300).result()
    assert (deep.width, deep.height) == (400, 300) and not dark(pixel(deep, 200, 50))
    cmyk = engine.render(pf.cmyk_jpeg(tmp_path), 1, 400, 100).result()
    assert pixel(cmyk, 50, 50)[0] < 60 < 200 < min(pixel(cmyk, 50, 50)[1:])  # cyan, not black
    assert dark(pixel(cmyk, 350, 50))


DARK_GREY = (0x33, 0x33, 0x33)


@pytest.mark.parametrize("builder", [pf.white_logo_png, pf.white_logo_webp])
def test_a_white_logo_on_transparency_is_drawn_on_dark_grey(
        engine: DocumentEngine, tmp_path: Path, builder) -> None:
    """A white logo made for a coloured banner was drawn on white: a blank page and a
    blank card. It stands on dark grey, its page, its cover and its first page as the
    attract loop draws it (a render at the screen's size) alike."""
    path = builder(tmp_path)
    for box in ((400, 300), (1080, 1920)):
        page = engine.render(path, 1, *box).result()
        scale = page.width / 400
        assert pixel(page, 5, 5) == DARK_GREY  # the transparency
        assert pixel(page, int(200 * scale), int(120 * scale)) == (255, 255, 255)  # the logo
    cover = engine.extract(path).cover_png
    assert cover and png_pixel(cover, 0.02, 0.02) == DARK_GREY
    assert png_pixel(cover, 0.5, 0.4) == (255, 255, 255)


def test_a_light_logo_is_on_dark_grey_also_when_not_drawn_into_shared_slots(
        tmp_path: Path) -> None:
    """A page larger than the caller's slots (or a worker without them) is drawn into a
    buffer of its own: it stands on the same grey."""
    from library.documents import reader

    doc = reader.open_document(pf.white_logo_png(tmp_path))
    try:
        header, pixels, _keep = reader.render(doc, 1, 400, 300, 1.0)
    finally:
        doc.close()
    page = RenderedPage(page=1, width=header["width"], height=header["height"],
                        stride=header["stride"], format="RGB888", data=bytes(pixels))
    assert pixel(page, 5, 5) == DARK_GREY and pixel(page, 200, 120) == (255, 255, 255)


def test_a_tall_light_poster_on_transparency_is_banded_on_dark_grey(
        engine: DocumentEngine, tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=1500)
    for top in range(40, 1500, 200):
        page.draw_rect(pymupdf.Rect(60, top, 240, top + 100), color=None, fill=(1, 1, 1))
    path = tmp_path / "ap-phich-trang.png"
    path.write_bytes(page.get_pixmap(alpha=True).tobytes("png"))
    for band in (0, 1):
        drawn = engine.render_band(path, 1, 600, band).result()
        assert pixel(drawn, 5, 5) == DARK_GREY
    first = engine.render_band(path, 1, 600, 0).result()
    assert pixel(first, 300, 180) == (255, 255, 255)  # the first white block (y 40–140)


def test_pages_drawn_after_a_light_logo_are_white_again(engine: DocumentEngine,
                                                        tmp_path: Path) -> None:
    """A page on dark grey leaves its slots grey: the pages drawn there next are on white
    (the worker knows those bytes are no longer white and clears them)."""
    logo = pf.white_logo_png(tmp_path)
    dark_logo = pf.png_transparent(tmp_path)
    for width in range(400, 560, 16):  # new sizes: new slots taken, old ones reused
        assert pixel(engine.render(logo, 1, width, 300).result(), 2, 2) == DARK_GREY
        after = engine.render(dark_logo, 1, width, 300).result()
        assert pixel(after, 2, 2) == (255, 255, 255)


def test_an_animated_gif_shows_its_first_frame(engine: DocumentEngine, tmp_path: Path) -> None:
    """MuPDF drew every frame over the one before and showed the last (blue): a still
    animation is its first frame (red) everywhere else, the cover too."""
    path = pf.animated_gif(tmp_path)
    gif = engine.render(path, 1, 320, 240).result()
    assert (gif.width, gif.height) == (320, 240)
    assert pixel(gif, 160, 120)[0] > 200 and pixel(gif, 160, 120)[2] < 60
    cover = engine.extract(path).cover_png
    assert cover and png_pixel(cover, 0.5, 0.5)[0] > 200
    still = engine.render(pf.still_gif(tmp_path), 1, 64, 48).result()
    assert pixel(still, 32, 24)[1] > 100 and pixel(still, 32, 24)[0] < 60


def test_an_animated_webp_is_refused_as_animated(engine: DocumentEngine, tmp_path: Path) -> None:
    """ffmpeg 5.1 decodes no animated WebP: the refusal says that, not "not readable"."""
    path = pf.animated_webp(tmp_path)
    try:
        info = engine.info(path).result()
    except DocumentError as exc:
        assert "an animated WebP" in str(exc) and "not readable" not in str(exc)
        assert "WebP động" in exc.message_vi
    else:  # an ffmpeg that decodes animated WebP shows it: never a silent nothing
        assert info.page_count == 1
        assert engine.render(path, 1, 64, 64).result().width > 0


def test_a_heic_photo_is_refused_by_name_in_one_line(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"^IMG_0001\.heic: not a supported document"):
        catalog.add_file(pf.heic_photo(tmp_path))


# ---- clips -------------------------------------------------------------------------------


def test_a_clip_that_opens_on_black_gets_a_poster_from_further_in(tmp_path: Path) -> None:
    """A tenth of a 10 s clip is still in its 3 s of black: the card was black."""
    info = media.probe(pf.black_start_clip(tmp_path))
    assert info.poster_png is not None
    assert not dark(png_pixel(info.poster_png, 0.5, 0.3))
    assert (pymupdf.Pixmap(info.poster_png).width, pymupdf.Pixmap(info.poster_png).height) \
        == (320, 240)


def test_a_clip_dark_throughout_keeps_a_poster(tmp_path: Path) -> None:
    path = pf.clip(tmp_path, "dem.mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                   source="color=c=black:size=320x240:rate=10", seconds=4, audio=False)
    info = media.probe(path)
    assert info.poster_png and dark(png_pixel(info.poster_png, 0.5, 0.5))


def _black(width: int = 32, height: int = 24) -> RenderedPage:
    return RenderedPage(page=1, width=width, height=height, stride=width * 3,
                        format="RGB888", data=bytes(width * height * 3))


def test_a_look_further_in_that_takes_too_long_keeps_the_first_frame(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The first frame was black and ffmpeg ran out of time seeking to 30 %: the clip is
    still added, with the frame it had, not refused as "took too long to read"."""
    looked: list[float] = []

    def frame(path: Path, at: float, until: float) -> RenderedPage | None:
        looked.append(at)
        if len(looked) > 1:
            raise DocumentError(f"{path.name}: the media file took too long to read")
        return _black()

    monkeypatch.setattr(media, "_frame", frame)
    poster = media._poster(tmp_path / "tin.mp4", 10.0, media.look_deadline())
    assert poster is not None and dark(png_pixel(poster, 0.5, 0.5))
    assert looked == [1.0, 3.0]


def test_a_clip_whose_first_look_takes_too_long_is_still_refused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def frame(path: Path, at: float, until: float) -> RenderedPage | None:
        raise DocumentError(f"{path.name}: the media file took too long to read")

    monkeypatch.setattr(media, "_frame", frame)
    with pytest.raises(DocumentError, match="took too long"):
        media._poster(tmp_path / "tin.mp4", 10.0, media.look_deadline())


@pytest.mark.parametrize(("name", "encode", "kind", "media_type"), [
    ("h264.mp4", ("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"), "video",
     "video/mp4"),
    ("clip.webm", ("-c:v", "libvpx", "-c:a", "libvorbis"), "video", "video/webm"),
    ("quay.mov", ("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"), "video",
     "video/quicktime"),
    ("cu.3gp", ("-c:v", "h263", "-s", "352x288", "-c:a", "aac", "-ar", "8000", "-ac", "1"),
     "video", "video/3gpp"),
    ("cu.avi", ("-c:v", "mpeg4", "-c:a", "libmp3lame"), "video", "video/x-msvideo"),
])
def test_clips_of_every_age_are_added_with_length_and_poster(
        catalog: Catalog, tmp_path: Path, name: str, encode: tuple[str, ...], kind: str,
        media_type: str) -> None:
    """A phone's `.mov` and an older phone's `.3gp`, an `.avi` from a camera: the kiosk's
    player plays them all, but `add` refused them as "not a supported document"."""
    item = catalog.add_file(pf.clip(tmp_path, name, *encode)).item
    assert (item.kind, item.media_type) == (kind, media_type)
    assert item.duration_s == pytest.approx(3.0, abs=0.3) and item.cover_sha256


@pytest.mark.parametrize(("name", "encode", "media_type"), [
    ("ban-tin.mp3", ("-c:a", "libmp3lame"), "audio/mpeg"),
    ("ghi-am.m4a", ("-c:a", "aac"), "audio/mp4"),
])
def test_recordings_are_added_with_their_length(catalog: Catalog, tmp_path: Path, name: str,
                                                encode: tuple[str, ...], media_type: str) -> None:
    """A phone's voice recording is an `.m4a`: refused before, though the player plays it."""
    item = catalog.add_file(pf.audio(tmp_path, name, *encode)).item
    assert (item.kind, item.media_type) == ("audio", media_type)
    assert item.duration_s == pytest.approx(3.0, abs=0.3)


@pytest.mark.parametrize(("name", "encode"), [
    ("ban-tin-co-anh.mp3", ("-c:a", "libmp3lame")),
    ("ghi-am-co-anh.m4a", ("-c:a", "aac")),
])
def test_a_recording_with_cover_art_has_it_as_its_cover(catalog: Catalog, tmp_path: Path,
                                                        name: str, encode: tuple[str, ...]
                                                        ) -> None:
    """The picture an MP3 (ID3 APIC) or an M4A carries is its card's cover; the card showed
    the generic one, since a frame a tenth in was looked for and the picture is one frame
    at the start. It is no picture that plays: no width, no height."""
    path = pf.recording_with_art(tmp_path, name, *encode)
    found = media.probe(path)
    assert found.poster_png and (found.width, found.height) == (None, None)
    assert found.duration_s == pytest.approx(3.0, abs=0.3)
    item = catalog.add_file(path).item
    assert item.kind == "audio" and item.cover_sha256
    cover = catalog.objects.path(item.cover_sha256).read_bytes()
    red = png_pixel(cover, 0.1, 0.1)
    assert red[0] > 200 and max(red[1:]) < 60
    assert png_pixel(cover, 0.5, 0.5) == pytest.approx((255, 255, 255), abs=20)


def test_a_recording_without_art_keeps_the_generic_card(catalog: Catalog,
                                                       tmp_path: Path) -> None:
    item = catalog.add_file(pf.audio(tmp_path, "khong-anh.mp3", "-c:a", "libmp3lame")).item
    assert item.kind == "audio" and item.cover_sha256 is None


def test_a_web_page_saved_as_mp4_is_refused_in_one_line(catalog: Catalog,
                                                        tmp_path: Path) -> None:
    """The line names the file once: ffprobe's reason began with the file's whole path."""
    with pytest.raises(DocumentError) as refused:
        catalog.add_file(pf.fake_mp4(tmp_path))
    assert str(refused.value) == ("video-loi.mp4: not a playable media file (Invalid data "
                                  "found when processing input)")
    assert catalog.items() == []
