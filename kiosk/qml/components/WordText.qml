// Text that, when it does not fit, is shortened at a word boundary and ends with "…"; a
// title's distinguishing end («(kỳ 2)», «số 14») stays after the "…" (see `tailOf`).
// Vietnamese writes one syllable per word: Qt's own elide cuts inside a syllable ("bán hàn…"),
// which reads as a different word. Set `fullText`, a width and `maxLines` (1: one line;
// more: wraps at spaces). The plain elide stays as a backstop for a single over-long word.
// Needs a width from outside (anchors or `width`): the shortening depends on it.
import QtQuick

Text {
    id: label
    property string fullText: ""
    property int maxLines: 1
    // StyledText (a search snippet's highlights): its tags stay with the word they mark.
    property bool styled: false
    // Lines of about one length (a title centred under a poster): the same number of lines,
    // laid out narrower, so the last one is not a lone word («…bão» / «lũ»). The item keeps
    // its width; the text is drawn inside it with padding.
    property bool balanced: false
    readonly property bool shortened: text !== fullText.replace(/\s+/g, " ").trim()

    textFormat: styled ? Text.StyledText : Text.PlainText
    // Several lines: at spaces, and inside a word only when one word alone is wider than
    // the line (a file name as a title, "Hướng_dẫn_sử_dụng…"), which would otherwise run
    // over the card beside it.
    wrapMode: maxLines > 1 ? Text.WrapAtWordBoundaryOrAnywhere : Text.NoWrap
    maximumLineCount: maxLines
    elide: Text.ElideRight

    // Set imperatively (not a binding): fitting lays out candidates, which a binding
    // would take as a dependency of itself. Fitted once when complete, not as each of its
    // properties is set (the font part by part, the text, the line limit, the width): every
    // row of a long list makes one as it scrolls into view (the panel's shelf: 7 fits a
    // row, one now).
    onFullTextChanged: refit()
    onWidthChanged: refit()
    onFontChanged: refit()
    onMaxLinesChanged: refit()
    onStyledChanged: refit()
    onBalancedChanged: refit()
    Component.onCompleted: {
        made.complete = true
        refit()
    }

    QtObject {
        id: made
        property bool complete: false
    }

    // Lays out candidates off screen with the same font and width.
    Text {
        id: probe
        visible: false
        textFormat: Text.PlainText
    }

    function fits(candidate) {
        probe.text = candidate
        return label.maxLines > 1 ? probe.lineCount <= label.maxLines
                                  : probe.implicitWidth <= label.width + 0.5
    }

    // The longest run of whole words (plus "…") that fits.
    function refit() {
        if (!made.complete) return
        var whole = label.fullText.replace(/\s+/g, " ").trim()
        probe.font = label.font
        probe.width = label.width
        probe.lineHeight = label.lineHeight
        probe.wrapMode = label.wrapMode
        probe.textFormat = label.textFormat
        label.leftPadding = 0
        label.rightPadding = 0
        if (label.width <= 0 || whole === "" || fits(whole)) {
            label.text = whole
            if (label.balanced && label.maxLines > 1) balance()
            return
        }
        // Words with any tags inside or around them (a tag may hold a space: <font color=…>).
        var words = whole.match(/(?:<[^>]*>|[^\s<])+/g) || [whole]
        var head = words.length - tailOf(words)
        var end = head < words.length ? " " + words.slice(head).join(" ") : ""
        if (end !== "" && !fits(words[0] + "…" + end)) {  // no room for it: cut as any title
            head = words.length
            end = ""
        }
        var low = 1, high = head - 1, best = words[0] + "…" + end
        while (low <= high) {
            var mid = Math.floor((low + high) / 2)
            var candidate = words.slice(0, mid).join(" ").replace(/[\s,;:·\-–—(]+$/, "")
                            + "…" + end
            if (fits(candidate)) { best = candidate; low = mid + 1 } else high = mid - 1
        }
        label.text = best
    }

    // How many words at the end tell this title from its neighbours, kept when it is
    // shortened: a closing bracket of up to four words («(kỳ 2)»), else a number and the
    // word before it that says what it numbers («số 14», «tập 3»). Issues of one bulletin
    // differ only there: cut at the end, a list showed the same «Bản tin nông nghiệp…» on
    // every row. 0: none, for styled text (whose tags the cut must not split) and for a
    // list of titles («A (kỳ 1) · B (kỳ 2)», a schedule slot's): its end is the last
    // title's, and «A… (kỳ 2)» would name an issue A is not.
    function tailOf(words) {
        var count = words.length
        if (label.styled || count < 3 || words.indexOf("·") >= 0) return 0
        var last = words[count - 1]
        if (/\)$/.test(last)) {
            for (var i = count - 1; i >= Math.max(1, count - 4); --i)
                if (words[i].charAt(0) === "(") return count - i
            return 0
        }
        // words that name a number in a title, matched, never shown: issue, number,
        // volume, part, lesson, day («ngày 12/3»), week, month, year, quarter. A number
        // alone is part of a name as often as not («Café sách 4.0»): it is cut as any word.
        var numbered = /^(kỳ|số|tập|phần|bài|ngày|tuần|tháng|năm|quý|no\.?|vol\.?|part)$/i
        if (count <= 3 || !/\d/.test(last) || !numbered.test(words[count - 2])) return 0
        // «số» after «đổi» is "digital" («chuyển đổi số 2025»), not "number": the number
        // is kept with the whole phrase, which still tells «… 2025» from «… 2026»
        if (/^số$/i.test(words[count - 2]) && /^đổi$/i.test(words[count - 3]))
            return count > 5 && /^chuyển$/i.test(words[count - 4]) ? 4 : 0
        return 2
    }

    // The narrowest width that keeps the whole text in as many lines as the full width takes.
    function balance() {
        probe.text = label.text
        var lines = probe.lineCount
        if (lines < 2) return
        var low = label.width / lines, high = label.width
        while (high - low > 1) {
            var mid = (low + high) / 2
            probe.width = mid
            if (probe.lineCount <= lines) high = mid; else low = mid
        }
        probe.width = label.width
        var spare = label.width - Math.ceil(high)
        if (label.horizontalAlignment === Text.AlignHCenter) {
            label.leftPadding = spare / 2
            label.rightPadding = spare / 2
        } else {
            label.rightPadding = spare
        }
    }
}
