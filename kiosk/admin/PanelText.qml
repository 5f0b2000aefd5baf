// Body text in the panel's style.
import QtQuick

Text {
    font.family: theme.family
    font.pixelSize: theme.fontBody
    color: theme.ink
    wrapMode: Text.WordWrap
}
