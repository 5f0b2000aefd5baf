// The panel's on-screen keyboard for a server address, a Wi-Fi name or password, the station's
// name and the recovery code. By default typed exactly as written: no Vietnamese typing modes
// (a Telex rule would turn "ww" or "dd" in a password into other letters), capitals with ⇧
// as on a phone (one tap: the next character only; a double tap or a long press: every
// character until ⇧ is tapped again, the key then underlined), and the symbols addresses
// and passwords use (: / . - _ @ …) one tap away. A name people read (the station's name)
// gives a `composer`: then a «Kiểu gõ» switch shows (Telex, VNI, none, as on the visitors'
// keyboard) and the caller shows the composer's text. The keys are the
// visitors' keyboard's own (OnScreenKeyboard.Key), so both look and feel the same.
// Properties: target (anything with typeKey(text), backspace(), clear(), commit()),
// composer (null, or the TypedText whose nextScheme() the switch calls), letterCase ("any", or
// "upper" for the recovery code: no ⇧, no symbols), doneLabel.
// Signal: done() after commit().
import QtQuick
import "../qml/components"

Rectangle {
    id: keyboard
    property var target: null
    property var composer: null
    property string letterCase: "any"
    property string doneLabel: qsTr("Xong")
    // ⇧: "off", "once" (the next character only) or "lock" (caps lock, until tapped again)
    property string shiftMode: "off"
    readonly property bool shifted: shiftMode !== "off"
    // a second tap on ⇧ within this time locks it (a phone's double tap)
    property int doubleTapMs: 500
    property bool symbols: false
    signal done()

    function tapShift() {
        if (shiftMode === "once" && shiftTaps.running) shiftMode = "lock"
        else shiftMode = shiftMode === "off" ? "once" : "off"
        shiftTaps.restart()
    }
    Timer { id: shiftTaps; interval: keyboard.doubleTapMs }
    // a keyboard shown again (another field) starts in small letters
    onVisibleChanged: if (!visible) shiftMode = "off"

    color: theme.highContrast ? "#000000" : "#e3ddd0"
    radius: theme.radius
    border.width: theme.lineWidth
    border.color: theme.line
    implicitHeight: column.implicitHeight + 2 * pad

    readonly property bool full: letterCase === "any"
    // Ten keys a row, each at least a fingertip wide (`keyFloor`: 48 px, or 9 mm where pixels
    // are finer). Where the room is short of that with the usual gaps (the panel's column in
    // portrait, 768 px wide), the gaps and the edge narrow first, to no less than a third of
    // their size, so the keys keep their width; only past that would the keys narrow too.
    readonly property real keyFloor: Math.max(48, 9 * theme.mm)
    readonly property real roomyPad: theme.gap * 0.5
    readonly property real roomyGap: theme.gap * 0.3
    readonly property real gapFit: Math.max(1 / 3, Math.min(
        1, (width - 10 * keyFloor) / (2 * roomyPad + 9 * roomyGap)))
    readonly property real pad: roomyPad * gapFit
    readonly property real keyGap: roomyGap * gapFit
    readonly property real keyWidth: (width - 2 * pad - 9 * keyGap) / 10
    // tall enough for the «Kiểu gõ» switch's two lines (its caption over the mode), also in
    // large text, where they ran over the key's top edge
    readonly property real captionKeyHeight: full && composer !== null
                                             ? (theme.fontSmall + theme.fontBody) * 1.5 : 0
    readonly property real keyHeight: Math.max(theme.target, captionKeyHeight,
                                               Math.min(keyWidth * 0.8, 88 * theme.u))

    readonly property var letterRows: [
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
        ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
        ["a", "s", "d", "f", "g", "h", "j", "k", "l", "-"],
        ["z", "x", "c", "v", "b", "n", "m"]
    ]
    readonly property var symbolRows: [
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
        [":", "/", ".", "_", "@", "#", "?", "&", "=", "%"],
        ["!", "$", "*", "+", "(", ")", "~", ";", ",", "'"],
        ["\"", "<", ">", "[", "]", "\\", "|"]
    ]
    readonly property var rows: symbols ? symbolRows : letterRows

    function shown(key) {
        return key.length === 1 && (keyboard.shifted || keyboard.letterCase === "upper")
               ? key.toUpperCase() : key
    }
    function type(key) {
        if (keyboard.target) keyboard.target.typeKey(keyboard.shown(key))
        if (keyboard.shiftMode === "once") keyboard.shiftMode = "off"
    }

    Column {
        id: column
        anchors { fill: parent; margins: keyboard.pad }
        spacing: keyboard.roomyGap  // rows keep their gap: only the width is short

        Repeater {
            model: 3
            Row {
                spacing: keyboard.keyGap
                property int rowIndex: index
                Repeater {
                    model: keyboard.rows[parent.rowIndex]
                    OnScreenKeyboard.Key {
                        objectName: "pkey_" + modelData
                        width: keyboard.keyWidth
                        height: keyboard.keyHeight
                        label: keyboard.shown(modelData)
                        onPressed: keyboard.type(modelData)
                    }
                }
            }
        }
        Row {
            spacing: keyboard.keyGap
            OnScreenKeyboard.Key {
                objectName: "pkey_shift"
                visible: keyboard.full && !keyboard.symbols
                special: true
                strong: keyboard.shifted
                width: keyboard.keyWidth * 1.5 + keyboard.keyGap * 0.5
                height: keyboard.keyHeight
                label: "⇧"  // i18n: a key
                // its own area: a long press locks as a double tap does
                MouseArea {
                    objectName: "shiftArea"
                    anchors.fill: parent
                    pressAndHoldInterval: 600
                    onPressed: keyboard.tapShift()
                    onPressAndHold: keyboard.shiftMode = "lock"
                }
                // caps lock: underlined, as on a phone (not only a colour)
                Rectangle {
                    objectName: "shiftLockMark"
                    visible: keyboard.shiftMode === "lock"
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.bottom: parent.bottom
                    anchors.bottomMargin: parent.height * 0.14
                    width: parent.width * 0.4
                    height: Math.max(3, 5 * theme.u)
                    radius: height / 2
                    color: theme.accentInk
                }
            }
            OnScreenKeyboard.Key {
                // keeps the row in place when there is no ⇧ (the recovery code)
                visible: !keyboard.full || keyboard.symbols
                opacity: 0
                width: keyboard.keyWidth * 1.5 + keyboard.keyGap * 0.5
                height: keyboard.keyHeight
            }
            Repeater {
                model: keyboard.rows[3]
                OnScreenKeyboard.Key {
                    objectName: "pkey_" + modelData
                    width: keyboard.keyWidth
                    height: keyboard.keyHeight
                    label: keyboard.shown(modelData)
                    onPressed: keyboard.type(modelData)
                }
            }
            OnScreenKeyboard.Key {
                objectName: "pkey_backspace"
                special: true
                icon: "backspace"
                width: keyboard.keyWidth * 1.5 + keyboard.keyGap * 0.5
                height: keyboard.keyHeight
                onPressed: if (keyboard.target) keyboard.target.backspace()
            }
        }
        Row {
            spacing: keyboard.keyGap
            OnScreenKeyboard.Key {
                objectName: "pkey_symbols"
                special: true
                visible: keyboard.full
                width: keyboard.keyWidth * 1.5 + keyboard.keyGap * 0.5
                height: keyboard.keyHeight
                label: keyboard.symbols ? "abc" : "?#/"  // i18n: key labels
                onPressed: keyboard.symbols = !keyboard.symbols
            }
            OnScreenKeyboard.Key {
                // only where marks belong (a name): a literal field has no switch at all
                objectName: "pkey_scheme"
                special: true
                visible: keyboard.full && keyboard.composer !== null
                width: keyboard.keyWidth * 1.5 + keyboard.keyGap * 0.5
                height: keyboard.keyHeight
                caption: qsTr("Kiểu gõ")
                label: keyboard.composer ? keyboard.composer.schemeLabel : ""
                onPressed: keyboard.composer.nextScheme()
            }
            OnScreenKeyboard.Key {
                objectName: "pkey_clear"
                special: true
                width: keyboard.full ? keyboard.keyWidth * 1.5 + keyboard.keyGap * 0.5
                                     : keyboard.keyWidth * 3 + keyboard.keyGap * 2
                height: keyboard.keyHeight
                label: qsTr("Xoá hết")
                onPressed: if (keyboard.target) keyboard.target.clear()
            }
            OnScreenKeyboard.Key {
                objectName: "pkey_space"
                special: true
                width: keyboard.composer !== null && keyboard.full
                       ? keyboard.keyWidth * 2.5 + keyboard.keyGap * 1.5
                       : keyboard.keyWidth * 4 + keyboard.keyGap * 3
                height: keyboard.keyHeight
                label: qsTr("dấu cách")
                onPressed: keyboard.type(" ")
            }
            OnScreenKeyboard.Key {
                objectName: "pkey_done"
                strong: true
                width: keyboard.keyWidth * 3 + keyboard.keyGap * 2
                height: keyboard.keyHeight
                label: keyboard.doneLabel
                onPressed: { if (keyboard.target) keyboard.target.commit(); keyboard.done() }
            }
        }
    }
}
