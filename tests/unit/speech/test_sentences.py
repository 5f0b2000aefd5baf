"""Sentence splitting keeps offsets and does not cut at abbreviations or number dots."""

from __future__ import annotations

from library.speech.sentences import MAX_SENTENCE, split_sentences


def test_sentences_with_offsets() -> None:
    text = "Xin chào bà con. Hôm nay trời đẹp!  Ai đi chợ?\n\nTin vắn"
    parts = split_sentences(text)
    assert [p.text for p in parts] == ["Xin chào bà con.", "Hôm nay trời đẹp!", "Ai đi chợ?",
                                      "Tin vắn"]
    for p in parts:
        assert text[p.start:p.end] == p.text
    assert [p.index for p in parts] == [0, 1, 2, 3]


def test_abbreviations_and_numbers_do_not_end_sentences() -> None:
    text = "UBND TP. Huế có 1.200.000 dân. GS. Nguyễn Văn A phát biểu."
    assert [p.text for p in split_sentences(text)] == [
        "UBND TP. Huế có 1.200.000 dân.", "GS. Nguyễn Văn A phát biểu."]


def test_long_sentence_is_cut_at_commas() -> None:
    text = ", ".join(["bà con nông dân trong xã"] * 40) + "."
    parts = split_sentences(text)
    assert len(parts) > 1
    assert all(len(p.text) <= MAX_SENTENCE for p in parts)
    assert "".join(text[p.start:p.end] for p in parts).replace(" ", "") == text.replace(" ", "")


def test_text_without_spaces_is_still_cut() -> None:
    text = "a" * 1000
    parts = split_sentences(text)
    assert sum(len(p.text) for p in parts) == 1000


def test_blank_and_symbol_only_pieces_are_dropped() -> None:
    assert split_sentences("   \n\n ... !!! ") == []
    assert [p.text for p in split_sentences("... Chào.")] == ["Chào."]


def test_a_long_sentence_is_not_cut_inside_a_number() -> None:
    text = ("Theo báo cáo của ủy ban nhân dân xã về tình hình sản xuất nông nghiệp trong năm "
            "qua thì sản lượng lúa của toàn xã đã đạt mức cao nhất từ trước đến nay với năng "
            "suất bình quân tăng 3,5 phần trăm so với năm trước và giá bán ổn định giúp bà con "
            "có thu nhập tốt hơn nhiều")
    parts = split_sentences(text)
    assert len(parts) == 2
    assert any("3,5" in p.text for p in parts)  # "ba phẩy năm", never "ba" … "năm"


def test_a_long_sentence_is_not_cut_between_a_number_and_its_words() -> None:
    from library.speech.normalize import normalize

    # no punctuation for 220 characters: the cut must not leave "2/9" without its "ngày"
    # (read alone it is a fraction, "hai trên chín") nor "2-1" without "tỷ số"
    for lead in range(150, 225):
        text = "a" * lead + " ngày 2/9 đội ta thắng với tỷ số 2-1 " + "bà con " * 30
        sentences = split_sentences(text)
        assert len(sentences) > 1
        said = " ".join(normalize(s.text).text for s in sentences)
        assert "trên" not in said and "ngày hai tháng chín" in said, lead
        for s in sentences[1:]:
            assert not s.text[0].isdigit() and not s.text.startswith("số 2"), lead
