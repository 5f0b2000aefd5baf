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
    readonly property bool shortened: text !== fullText.replace(/\s+/g, " ").trim()

    textFormat: styled ? Text.StyledText : Text.PlainText
    // Several lines: at spaces, and inside a word only when one word alone is wider than
    // the line (a file name as a title, "Hướng_dẫn_sử_dụng…"), which would otherwise run
    // over the card beside it.
    wrapMode: maxLines > 1 ? Text.WrapAtWordBoundaryOrAnywhere : Text.NoWrap
    maximumLineCount: maxLines
    elide: Text.ElideRight

    // Set imperatively (not a binding): fitting lays out candidates, which a binding
    // would take as a dependency of itself.
    onFullTextChanged: refit()
    onWidthChanged: refit()
    onFontChanged: refit()
    onMaxLinesChanged: refit()
    onStyledChanged: refit()
    Component.onCompleted: refit()

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
        var whole = label.fullText.replace(/\s+/g, " ").trim()
        probe.font = label.font
        probe.width = label.width
        probe.lineHeight = label.lineHeight
        probe.wrapMode = label.wrapMode
        probe.textFormat = label.textFormat
        if (label.width <= 0 || whole === "" || fits(whole)) { label.text = whole; return }
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
}
