// The PIN prompt: a large keypad, first-time set-up, and the recovery route (code or USB key).
// Properties: controller (PinController). Signals: cancelled(). See docs/librarian.md.
import QtQuick
import QtQuick.Controls.Basic
import "../qml/components"

Rectangle {
    id: prompt
    property QtObject controller
    property string typed: ""
    signal cancelled()
    color: theme.bg

    readonly property string mode: controller ? controller.mode : "enter"
    // After wrong PINs the station makes the next try wait: the keypad is greyed out meanwhile
    // (the message counts down), so nothing typed is lost or refused.
    readonly property bool waiting: controller !== null && mode === "enter" && controller.waitSeconds > 0
    readonly property bool keypadMode: mode === "enter" || mode === "setup" || mode === "setupConfirm"
                                       || mode === "newPin" || mode === "newPinConfirm"

    function press(digit) { if (typed.length < 12) typed += digit }
    function submit() { var t = typed; typed = ""; controller.submit(t) }

    Connections {
        target: prompt.controller
        function onChanged() { prompt.typed = "" }
    }
    // The recovery code stays in its field after a wrong try, the cursor at its end, so one
    // mistyped character of 24 is corrected (a tap on it moves the cursor there; the keys
    // type and delete at the cursor), not all retyped. It goes when the prompt leaves the
    // recovery route (a right code, «Quay lại», the relock): nothing of it is kept after.
    onModeChanged: if (mode !== "recover") codeField.clear()
    function submitCode() {
        prompt.controller.submit(codeField.text)
        if (prompt.mode === "recover") {
            codeField.forceActiveFocus()
            codeField.cursorPosition = codeField.text.length
        }
    }

    Column {
        anchors.centerIn: parent
        spacing: theme.gap
        width: Math.min(parent.width - 2 * theme.margin, prompt.mode === "recover" ? 1200 * theme.u : 720 * theme.u)

        Text {
            objectName: "pinTitle"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            font.family: theme.family
            font.pixelSize: theme.fontTitle
            font.weight: Font.Bold
            color: theme.ink
            text: {
                switch (prompt.mode) {
                case "setup": return qsTr("Đặt mã PIN cho thủ thư")
                case "setupConfirm": return qsTr("Nhập lại mã PIN")
                case "showCode": return qsTr("Mã khôi phục")
                case "recover": return qsTr("Khôi phục mã PIN")
                case "newPin": return qsTr("Mã PIN mới")
                case "newPinConfirm": return qsTr("Nhập lại mã PIN mới")
                default: return qsTr("Nhập mã PIN")
                }
            }
        }

        Text {
            objectName: "pinMessage"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            visible: text !== ""
            font.family: theme.family
            font.pixelSize: theme.fontBody
            color: prompt.waiting || (prompt.controller && prompt.controller.problem)
                   ? theme.warm : theme.muted
            text: prompt.controller ? prompt.controller.message : ""
        }

        // dots for the digits typed
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: theme.gap * 0.6
            visible: prompt.keypadMode
            height: 40 * theme.u
            Repeater {
                model: Math.max(4, prompt.typed.length)
                Rectangle {
                    width: 32 * theme.u; height: width; radius: width / 2
                    color: index < prompt.typed.length ? theme.ink : "transparent"
                    border.color: theme.ink; border.width: 2
                }
            }
        }

        Grid {
            objectName: "keypad"
            anchors.horizontalCenter: parent.horizontalCenter
            visible: prompt.keypadMode
            columns: 3
            spacing: theme.gap * 0.6
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                KButton {
                    objectName: "key_" + modelData
                    width: theme.target * 1.6
                    height: theme.target * 1.1
                    radius: theme.radius
                    text: modelData
                    fontSize: theme.fontTitle
                    primary: modelData === "OK"
                    enabled: !prompt.waiting && (modelData !== "OK" || prompt.typed.length >= 4)
                    onClicked: {
                        if (modelData === "OK") prompt.submit()
                        else if (modelData === "⌫") prompt.typed = prompt.typed.slice(0, -1)
                        else prompt.press(modelData)
                    }
                }
            }
        }

        // the recovery code, shown once after the first set-up
        Text {
            objectName: "recoveryCode"
            visible: prompt.mode === "showCode"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            font.family: "monospace"
            font.pixelSize: theme.fontTitle
            font.weight: Font.Bold
            color: theme.ink
            text: prompt.controller ? prompt.controller.recoveryCode : ""
        }
        KButton {
            objectName: "codeNoted"
            visible: prompt.mode === "showCode"
            anchors.horizontalCenter: parent.horizontalCenter
            primary: true
            text: qsTr("Tôi đã chép lại mã")
            onClicked: prompt.controller.codeNoted()
        }

        // recovery: type the code, or use the key file on a stick
        TextField {
            id: codeField
            objectName: "codeField"
            visible: prompt.mode === "recover"
            width: parent.width
            height: theme.target
            font.family: theme.family
            font.pixelSize: theme.fontLarge
            placeholderText: "XXXX-XXXX-XXXX-XXXX-XXXX"
            // the code's shape is worth reading: the style's pale grey was 2.9:1 on the field,
            // which is white in both modes (so the light theme's muted, 5.8:1)
            placeholderTextColor: "#5d6675"
            inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText
        }
        // the station's own keys type the code (no physical keyboard needed): capitals and
        // digits only, no typing modes, «Xong» submits
        PanelKeyboard {
            objectName: "codeKeyboard"
            visible: prompt.mode === "recover"
            width: parent.width
            letterCase: "upper"
            target: QtObject {
                function typeKey(key) {
                    if (key !== " ") codeField.insert(codeField.cursorPosition, key.toUpperCase())
                }
                function backspace() {
                    var at = codeField.cursorPosition
                    if (at > 0) codeField.remove(at - 1, at)
                }
                function clear() { codeField.text = "" }
                function commit() { prompt.submitCode() }
            }
        }
        Row {
            visible: prompt.mode === "recover"
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: theme.gap
            KButton {
                objectName: "recoverSubmit"
                primary: true
                text: qsTr("Xác nhận")
                onClicked: prompt.submitCode()
            }
            KButton {
                objectName: "recoverStick"
                text: qsTr("Dùng USB khoá")
                onClicked: prompt.controller.recoverWithStick()
            }
            KButton {
                text: qsTr("Quay lại")
                onClicked: prompt.controller.cancelRecovery()
            }
        }

        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: theme.gap
            KButton {
                objectName: "forgotPin"
                visible: prompt.mode === "enter"
                flat: true
                text: qsTr("Quên mã PIN?")
                onClicked: prompt.controller.startRecovery()
            }
            KButton {
                objectName: "cancelPin"
                visible: prompt.mode !== "showCode"
                flat: true
                text: qsTr("Đóng")
                onClicked: prompt.cancelled()
            }
        }
    }
}
