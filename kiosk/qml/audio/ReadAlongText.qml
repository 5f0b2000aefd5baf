// The text being read, with the spoken word highlighted; scrolls to keep that word in view.
import QtQuick

Flickable {
    id: flick
    property var player
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
        text: flick.player ? flick.player.highlightedHtml : ""
        color: theme.ink
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
            flick.contentY = Math.max(0, Math.min(body.height - flick.height, y))
        }
    }
}
