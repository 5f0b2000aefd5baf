// A large touch button: icon and/or label, a visible focus ring, a press animation.
// `once`: a double tap counts as one tap. For buttons whose second tap would undo or
// overshoot the first (back twice, a toggle flipped back): a visitor who double-taps
// out of habit gets what one tap gives. Other buttons take every tap (a keypad's "11").
// `maxWidth`: a long label is cut with "…" rather than pushing the button off the screen.
import QtQuick

Rectangle {
    id: button
    property string text: ""
    property string icon: ""
    property bool primary: false
    property bool checked: false
    property bool flat: false
    property color tint: theme.accent
    property real fontSize: theme.fontBody
    property bool once: false
    property real maxWidth: Infinity
    signal clicked()

    implicitHeight: theme.target
    implicitWidth: Math.min(maxWidth, Math.max(theme.target, row.implicitWidth + (text ? 2 * theme.gap : 0)))
    radius: height / 2
    color: primary || checked ? tint
         : flat ? "transparent" : theme.surface
    border.width: activeFocus ? 4 : (flat ? 0 : theme.lineWidth)
    border.color: activeFocus ? theme.focus : (primary || checked ? tint : theme.line)
    opacity: enabled ? 1 : theme.disabledOpacity
    scale: area.pressed ? 0.95 : 1
    activeFocusOnTab: true
    Behavior on scale { NumberAnimation { duration: 90 } }
    Behavior on color { ColorAnimation { duration: 140 } }

    Keys.onReturnPressed: clicked()
    Keys.onSpacePressed: clicked()

    Row {
        id: row
        anchors.centerIn: parent
        spacing: theme.gap * 0.5
        Icon {
            visible: button.icon !== ""
            name: button.icon
            size: Math.min(button.height * 0.5, 44 * theme.u * theme.ts)
            color: button.primary || button.checked ? theme.accentInk : theme.ink
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            visible: button.text !== ""
            width: Math.min(implicitWidth, button.maxWidth - 2 * theme.gap
                            - (button.icon !== "" ? button.height * 0.5 + row.spacing : 0))
            elide: Text.ElideRight
            text: button.text
            font.family: theme.family
            font.pixelSize: button.fontSize
            font.weight: Font.DemiBold
            color: button.primary || button.checked ? theme.accentInk : theme.ink
            anchors.verticalCenter: parent.verticalCenter
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: button.clicked()
        // Connected, so the second tap of a double tap is not also a click; passed on
        // as one unless `once`.
        onDoubleClicked: if (!button.once) button.clicked()
    }
}
