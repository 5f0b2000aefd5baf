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
    // One line's pitch: the font's ascent and descent (Noto Sans's stacked capitals stay
    // within them) times the line height; the extra space of each line lies under it.
    readonly property real linePitch: lineMetrics.height * body.lineHeight
    function wholeLines(most) {
        return Math.max(linePitch, Math.floor(most / linePitch + 0.01) * linePitch)
    }
    FontMetrics { id: lineMetrics; font: body.font }

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
        font.pixelSize: theme.fontLarge
        font.family: theme.family
        lineHeight: 1.25
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
