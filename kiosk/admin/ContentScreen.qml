// Nạp nội dung: sticks, the packs on the chosen stick, QR posters onto it, import with
// progress/cancel, eject, sync.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../qml/components"
import "../qml/components/wrapping.js" as Wrapping

Item {
    id: screen
    objectName: "contentScreen"
    readonly property QtObject content: admin.content

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.gap

        SectionTitle { text: qsTr("Nạp nội dung từ USB") }

        // The sticks wrap onto more lines rather than run under «Tháo USB an toàn»: a second
        // stick must be seen, and a tap meant for it must never eject the one selected.
        // Narrow (portrait): the eject button goes on a line of its own under them.
        GridLayout {
            id: sticksRow
            Layout.fillWidth: true
            columns: screen.width > 1000 * theme.u ? 2 : 1
            columnSpacing: theme.gap
            rowSpacing: theme.gap * 0.5
            PanelText {
                Layout.fillWidth: true
                visible: screen.content.sticksModel.count === 0
                text: qsTr("Chưa thấy USB nào. Hãy cắm USB có gói nội dung (.zip).")
                color: theme.muted
            }
            Flow {
                id: stickList
                objectName: "stickList"
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // takes what the eject button leaves
                Layout.preferredHeight: childrenRect.height
                Layout.alignment: Qt.AlignTop
                visible: screen.content.sticksModel.count > 0
                spacing: theme.gap * 0.5
                clip: true
                Repeater {
                    model: screen.content.sticksModel
                    delegate: KButton {
                        objectName: "stick"
                        width: Math.min(implicitWidth, stickList.width)
                        maxWidth: stickList.width  // a long label ends in "…", not cut off
                        text: model.label + " · " + model.freeText
                        checked: screen.content.selectedStick === model.path
                        onClicked: screen.content.selectStick(model.path)
                    }
                }
            }
            KButton {
                objectName: "ejectButton"
                // at the row's end beside the sticks; under them, at the left edge the
                // sticks and «Áp phích QR ra USB» start from (not a zigzag down the page)
                Layout.alignment: Qt.AlignTop | (sticksRow.columns > 1 ? Qt.AlignRight : Qt.AlignLeft)
                text: qsTr("Tháo USB an toàn")
                enabled: screen.content.selectedStick !== "" && !screen.content.busy
                onClicked: screen.content.ejectSelected()
            }
        }
        PanelText {
            objectName: "stickMessage"
            Layout.fillWidth: true
            visible: text !== ""
            color: theme.muted
            text: screen.content.stickMessage
        }
        // QR posters for stalls and notice boards, onto the stick chosen above
        PosterBox {
            Layout.fillWidth: true
            visible: screen.content.selectedStick !== "" || admin.posters.message !== ""
        }

        ListView {
            id: packList
            objectName: "packList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: theme.gap * 0.5
            model: screen.content.packsModel
            delegate: Rectangle {
                width: packList.width
                height: packRow.implicitHeight + theme.gap
                radius: theme.radius
                color: theme.surface
                border.width: theme.lineWidth  // 3 px in high contrast, as the visitors' cards
                border.color: theme.line
                RowLayout {
                    id: packRow
                    anchors.fill: parent
                    anchors.margins: theme.gap * 0.5
                    Column {
                        Layout.fillWidth: true
                        PanelText { text: model.title; font.weight: Font.Bold; width: parent.width }
                        PanelText {
                            width: parent.width
                            font.pixelSize: theme.fontSmall
                            color: model.signature === "ok" && !model.expired ? theme.muted : theme.warm
                            text: (model.publisher ? model.publisher + " · " : "")
                                  + (model.version ? qsTr("phiên bản ") + model.version + " · " : "")
                                  + model.sizeText + " · " + model.signatureText
                        }
                    }
                    KButton {
                        objectName: "importButton"
                        text: qsTr("Nạp")
                        primary: true
                        enabled: model.importable && !screen.content.busy
                        onClicked: screen.content.importPack(model.path)
                    }
                }
            }
        }

        // progress and result
        RowLayout {
            Layout.fillWidth: true
            visible: screen.content.busy
            spacing: theme.gap
            ProgressBar {
                objectName: "importProgress"
                Layout.fillWidth: true
                from: 0; to: 1
                value: screen.content.progress
                indeterminate: screen.content.finishing  // verifying and saving: no percentage
            }
            KButton {
                objectName: "cancelImport"
                text: qsTr("Huỷ")
                onClicked: screen.content.cancel()
            }
        }
        PanelText {
            objectName: "progressText"
            Layout.fillWidth: true
            visible: screen.content.busy
            color: theme.muted
            text: screen.content.progressText
        }
        PanelText {
            objectName: "importResult"
            Layout.fillWidth: true
            visible: text !== ""
            text: Wrapping.keepNumbers(screen.content.resultText)
        }

        Rectangle { Layout.fillWidth: true; height: 1; color: theme.line }

        RowLayout {
            Layout.fillWidth: true
            spacing: theme.gap
            Column {
                Layout.fillWidth: true
                PanelText {
                    width: parent.width
                    text: screen.content.serverUrl ? qsTr("Máy chủ: ") + screen.content.serverUrl
                                                   : qsTr("Chưa cấu hình máy chủ (xem Cài đặt).")
                    font.pixelSize: theme.fontSmall
                    color: theme.muted
                }
                // each repository's status line, then what its syncs warned of, indented
                Repeater {
                    model: screen.content.syncLines
                    PanelText {
                        objectName: modelData.indent > 0 ? "syncWarning" : "syncStatus"
                        x: modelData.indent * theme.gap
                        width: parent.width - x
                        text: Wrapping.keepNumbers(modelData.text)
                        color: modelData.warning ? theme.warm : theme.ink
                        font.pixelSize: modelData.indent > 0 ? theme.fontSmall : theme.fontBody
                    }
                }
            }
            KButton {
                objectName: "syncNow"
                text: qsTr("Đồng bộ ngay")
                enabled: screen.content.serverUrl !== "" && !screen.content.busy
                onClicked: screen.content.syncNow()
            }
        }
    }
}
