// The station's own Vietnamese keyboard: letters, đ, digits, space, Telex/VNI switch.
// Keys only send characters to the search controller; composing marks is Python's job.
import QtQuick

Rectangle {
    id: keyboard
    // a TypedText: typeKey(), backspace(), clear(), commit(), nextScheme(), schemeLabel
    property var target: search
    signal submitted()

    color: theme.highContrast ? "#000000" : "#e3ddd0"
    radius: theme.radius
    border.width: theme.lineWidth
    border.color: theme.line
    implicitHeight: column.implicitHeight + 2 * pad

    readonly property real pad: theme.gap * 0.6
    readonly property real keyGap: theme.gap * 0.4
    readonly property real keyWidth: (width - 2 * pad - 9 * keyGap) / 10
    // Tall enough for the typing-mode key's two lines inside its border: in large text at
    // 1366×768 they ran over it, the mark of «Kiểu» drawn on the key's top edge.
    readonly property real keyHeight: Math.max(theme.target, Math.min(keyWidth * 0.85, 96 * theme.u * theme.ts),
                                               schemeKey.contentNeeds)

    readonly property var rows: [
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
        ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
        ["a", "s", "d", "f", "g", "h", "j", "k", "l", "đ"],  // i18n: keys, not text
        ["z", "x", "c", "v", "b", "n", "m"]
    ]

    component Key: Rectangle {
        id: key
        property string label: ""
        property string caption: ""     // a small line above the label (the typing-mode switch)
        property string icon: ""
        property bool special: false
        property bool strong: false
        // Acts when the finger lifts, a double tap counting once («Tìm»: it puts the
        // keyboard away, and a second tap would land on «Bàn phím», in its place). The
        // typing keys act as soon as they are pressed, each tap a character.
        property bool atRelease: false
        signal pressed()
        // the height its lines need inside the border, with a hair of room above and below
        readonly property real contentNeeds: lines.implicitHeight + 2 * border.width + theme.gap * 0.2
        width: keyboard.keyWidth
        height: keyboard.keyHeight
        radius: theme.radius * 0.5
        color: area.pressed ? theme.accent
             : strong ? theme.accent
             : special ? theme.surface2 : theme.surface
        border.width: theme.lineWidth
        border.color: theme.line
        Column {
            id: lines
            anchors.centerIn: parent
            visible: key.icon === ""
            Text {
                objectName: "keyCaption"
                visible: key.caption !== ""
                width: key.width - theme.gap * 0.5
                horizontalAlignment: Text.AlignHCenter
                text: key.caption
                font.family: theme.family
                font.pixelSize: theme.fontSmall  // the smallest size read at arm's length
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: 10
                color: area.pressed || key.strong ? theme.accentInk : theme.muted
            }
            Text {
                objectName: "keyLabel"
                // A long label shrinks to the key rather than running over its neighbours.
                width: key.width - theme.gap * 0.5
                horizontalAlignment: Text.AlignHCenter
                text: key.label
                font.family: theme.family
                font.pixelSize: key.special ? theme.fontBody : theme.fontLarge
                font.weight: Font.DemiBold
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: 10
                color: area.pressed || key.strong ? theme.accentInk : theme.ink
            }
        }
        Icon {
            anchors.centerIn: parent
            visible: key.icon !== ""
            name: key.icon
            size: Math.min(key.height * 0.5, 48 * theme.u)
            color: area.pressed || key.strong ? theme.accentInk : theme.ink
        }
        MouseArea {
            id: area
            anchors.fill: parent
            onPressed: if (!key.atRelease) key.pressed()
            onClicked: if (key.atRelease) key.pressed()
            onDoubleClicked: {}  // connected: the second tap of a double tap is no click
        }
    }

    Column {
        id: column
        anchors { fill: parent; margins: keyboard.pad }
        spacing: keyboard.keyGap

        Repeater {
            model: 3
            Row {
                spacing: keyboard.keyGap
                Repeater {
                    model: keyboard.rows[index]
                    Key {
                        objectName: "key_" + modelData
                        label: modelData
                        onPressed: keyboard.target.typeKey(modelData)
                    }
                }
            }
        }
        Row {
            spacing: keyboard.keyGap
            Key {
                id: schemeKey
                objectName: "key_scheme"
                special: true
                width: keyboard.keyWidth * 1.5 + keyboard.keyGap * 0.5
                // A switch that says what it is and the mode in use; a tap moves to the next.
                caption: qsTr("Kiểu gõ")
                label: keyboard.target.schemeLabel
                onPressed: keyboard.target.nextScheme()
            }
            Repeater {
                model: keyboard.rows[3]
                Key {
                    objectName: "key_" + modelData
                    label: modelData
                    onPressed: keyboard.target.typeKey(modelData)
                }
            }
            Key {
                objectName: "key_backspace"
                special: true
                icon: "backspace"
                width: keyboard.keyWidth * 1.5 + keyboard.keyGap * 0.5
                onPressed: keyboard.target.backspace()
            }
        }
        Row {
            spacing: keyboard.keyGap
            Key {
                objectName: "key_clear"
                special: true
                width: keyboard.keyWidth * 2 + keyboard.keyGap
                label: qsTr("Xoá hết")
                onPressed: keyboard.target.clear()
            }
            Key {
                objectName: "key_space"
                width: keyboard.keyWidth * 5 + keyboard.keyGap * 4
                label: qsTr("dấu cách")
                special: true
                onPressed: keyboard.target.typeKey(" ")
            }
            Key {
                objectName: "key_search"
                strong: true
                atRelease: true
                width: keyboard.keyWidth * 3 + keyboard.keyGap * 2
                icon: ""
                label: qsTr("Tìm")
                onPressed: { keyboard.target.commit(); keyboard.submitted() }
            }
        }
    }
}
