"""A page read aloud from its words keeps its blocks: a heading is a sentence of its own,
and every spoken word still boxes its own written word on the page."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future

import pytest

from library.documents import DocumentEngine, PageWords
from library.speech import Speech
from tests import blocks_pdf
from tests.blocks_pdf import COLUMNS, HEADED, HEADING, HYPHEN, WIDE

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def pdf_words(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, PageWords]]:
    """The words of the test PDF's pages, from a real document worker."""
    folder = tmp_path_factory.mktemp("read-along")
    pdf = blocks_pdf.build(folder / "ho-so.pdf")
    with DocumentEngine(cache_dir=folder / "cache", standby_worker=False) as engine:
        yield {n: engine.words(pdf, n).result(timeout=20)
               for n in (HEADED, COLUMNS, HYPHEN, WIDE)}


@pytest.mark.parametrize("number", [HEADED, COLUMNS, HYPHEN, WIDE])
def test_each_word_stands_where_the_layout_says(pdf_words: dict[int, PageWords],
                                                number: int) -> None:
    from kiosk.audio.player import PageLayout

    words = pdf_words[number].words
    text, layout = PageLayout.from_words(pdf_words[number])
    assert [text[a:b] for a, b in zip(layout.starts, layout.ends, strict=True)] == [
        w.text for w in words]
    assert text.count("\n\n") == len({w.block for w in words}) - 1
    assert "\n" not in text.replace("\n\n", "")  # a block's printed lines flow as one


def test_the_heading_is_read_as_a_sentence_of_its_own(pdf_words: dict[int, PageWords],
                                                      speech: Speech) -> None:
    from kiosk.audio.player import PageLayout

    text, layout = PageLayout.from_words(pdf_words[HEADED])
    heading, first, *_ = speech.prepare(text).sentences
    assert heading.text == HEADING
    assert first.text.startswith("Người dân cần")
    # the first sentence after the heading boxes the paragraph's first words on the page
    paragraph = [w for w in pdf_words[HEADED].words if w.block != pdf_words[HEADED].words[0].block]
    box = layout.boxes_for(first.start, first.start + len("Người"))
    assert box == [pytest.approx({"x": paragraph[0].x0 / 400, "y": paragraph[0].y0 / 600,
                                  "w": (paragraph[0].x1 - paragraph[0].x0) / 400,
                                  "h": (paragraph[0].y1 - paragraph[0].y0) / 600})]


def test_a_read_page_boxes_the_heading_and_the_paragraph_apart(
        qtbot, make_player, speech: Speech, pdf_words: dict[int, PageWords]) -> None:
    def words_source(item_id: str, page: int) -> Future[PageWords]:
        future: Future[PageWords] = Future()
        future.set_result(pdf_words[page])
        return future

    player = make_player(speech, words_source=words_source)
    boxes: dict[str, list[dict[str, float]]] = {}
    player.wordChanged.connect(lambda: boxes.setdefault(player.currentWord, player.wordBoxes))
    with qtbot.waitSignal(player.finished, timeout=60_000):
        player.playPage("ho-so", HEADED)
    assert player.text.startswith(HEADING + "\n\nNgười dân cần")
    heading_word, paragraph_word = boxes["sơ"][0], boxes["Người"][0]
    assert heading_word["y"] < paragraph_word["y"]  # each spoken word on its own line
