// The text being read, with the spoken word highlighted; scrolls to keep that word in view.
// It shows and scrolls by whole lines: a line cut at the top edge lost its marks
// ("THÔNG BÁO" read "THONG BAO"), one cut at the bottom its dots below. A user that limits
// the height asks `wholeLines(most)` for the tallest run of whole lines within it.
// A document's text keeps the line breaks of its printed page; they are joined into
// paragraphs for reading here, so the lines fill the panel instead of a narrow column.
import QtQuick

Flickable {
    id: flick
    property var player
    property color color: theme.ink
    // The bulletin banner's short band (landscape) reads at body size: two lines of it
    // leave a visitor most of the page.
    property real fontSize: theme.fontLarge
    // One line's pitch and the last line's height, measured on the layout itself: Qt rounds
    // each line up to whole pixels before the line height applies, so the font's own metrics
    // fell short by up to a pixel a line, and twenty lines down the view cut its top line
    // through the marks. The extra space of each line lies under it (the last has none).
    readonly property real linePitch: twoLines.height - oneLine.height
    readonly property real lastLine: oneLine.height
    // Stacked marks («Ầ», «Ỗ», «Ễ») reach a pixel or two above the font's ascent, out of
    // their line's box: the text starts this far down, so a line at the top edge keeps them.
    readonly property real rise: Math.max(0, Math.ceil(-lineMetrics.tightBoundingRect("ẦỖỄẪẰẲ").y  // i18n: probe
                                                       - lineMetrics.ascent)) + 1
    // The height of `lines` whole lines, from the marks of the first to the descent of the last.
    function linesHeight(lines) {
        return rise + lastLine + (Math.max(1, lines) - 1) * linePitch
    }
    function wholeLines(most) {
        return linesHeight(Math.floor((most - rise - lastLine) / linePitch + 1.01))
    }
    FontMetrics { id: lineMetrics; font: body.font }
    // Laid out as the body is (a rich text without a width and wrapping keeps the extra
    // space under its last line too).
    component LineProbe: Text {
        visible: false
        width: Math.max(1, body.width)
        wrapMode: body.wrapMode
        textFormat: Text.RichText
        font: body.font
        lineHeight: body.lineHeight
    }
    LineProbe { id: oneLine; text: "Ầ" }  // i18n: probe, never shown
    LineProbe { id: twoLines; text: "Ầ<br/>Ầ" }  // i18n: probe, never shown

    // A line break inside a sentence (the next line starts with a small letter and the line
    // before does not end a sentence) becomes a space; other breaks stay (headings, list
    // items). Works on the player's rich text (`<br/>`, the highlight's `<span>`), so the
    // highlight stays where the player put it.
    function reflow(html) {
        return html.replace(/<br\/>((?:<span[^>]*>)?)([^<])/g, function(match, tag, next, offset, whole) {
            var before = whole.slice(Math.max(0, offset - 200), offset).replace(/(<[^>]*>)+$/, "")
            var last = before.charAt(before.length - 1)
            var small = next !== next.toUpperCase() && next === next.toLowerCase()
            if (!small || last === "" || ".!?:;…".indexOf(last) >= 0) return match
            return " " + tag + next
        })
    }
    objectName: "readAlongText"
    implicitHeight: body.implicitHeight
    contentWidth: width
    contentHeight: body.height
    clip: true
    flickableDirection: Flickable.VerticalFlick

    Text {
        id: body
        objectName: "readAlongBody"
        width: flick.width
        wrapMode: Text.WordWrap
        textFormat: Text.RichText
        text: flick.player ? flick.reflow(flick.player.highlightedHtml) : ""
        color: flick.color
        font.pixelSize: flick.fontSize
        font.family: theme.family
        lineHeight: 1.25
        topPadding: flick.rise
    }
    // Keep the spoken word on screen: scroll by its share of the text.
    Connections {
        target: flick.player
        function onWordChanged() {
            var p = flick.player
            if (!p || p.wordStart < 0 || p.text.length === 0 || body.height <= flick.height) return
            var y = body.height * p.wordStart / p.text.length - flick.height / 3
            y = Math.max(0, Math.min(body.height - flick.height, y))
            flick.contentY = Math.min(Math.round(y / flick.linePitch) * flick.linePitch,
                                      Math.max(0, body.height - flick.height))
        }
    }
}
