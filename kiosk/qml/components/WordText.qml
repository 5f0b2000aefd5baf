// Text that, when it does not fit, is shortened at a word boundary and ends with "…".
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
        var low = 1, high = words.length - 1, best = words[0] + "…"
        while (low <= high) {
            var mid = Math.floor((low + high) / 2)
            var candidate = words.slice(0, mid).join(" ").replace(/[\s,;:·\-–—(]+$/, "") + "…"
            if (fits(candidate)) { best = candidate; low = mid + 1 } else high = mid - 1
        }
        label.text = best
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
