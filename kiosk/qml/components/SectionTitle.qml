import QtQuick

Text {
    font.family: theme.family
    font.pixelSize: theme.fontLarge
    font.weight: Font.Bold
    color: theme.ink
}
