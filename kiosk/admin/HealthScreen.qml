// Tình trạng: free disk, catalog size, objects verified, last sync, voice, version, errors; report to USB.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../qml/components"
import "../qml/components/wrapping.js" as Wrapping

Item {
    id: screen
    objectName: "healthScreen"
    readonly property QtObject health: admin.health

    // The whole page scrolls: with every check failing (long sync errors, many flagged
    // items, twenty log lines) it is taller than a 1366×768 screen, and the last lines
    // («Lỗi gần đây») must still be reachable by finger.
    Flickable {
        id: page
        objectName: "healthPage"
        anchors.fill: parent
        clip: true
        contentWidth: width
        contentHeight: column.implicitHeight
        boundsBehavior: Flickable.StopAtBounds

        ColumnLayout {
            id: column
            width: page.width
            spacing: theme.gap * 0.6

            SectionTitle { text: qsTr("Tình trạng trạm") }

            Repeater {
                objectName: "facts"
                model: screen.health.facts
                RowLayout {
                    Layout.fillWidth: true
                    PanelText { objectName: "factLabel"; Layout.preferredWidth: 360 * theme.u; text: modelData.label; color: theme.muted }
                    PanelText { objectName: "fact"; Layout.fillWidth: true; text: Wrapping.keepNumbers(modelData.value)
                                color: modelData.warning === true ? theme.warm : theme.ink }
                }
            }

            // wraps rather than widen the page (English in large text, portrait)
            Flow {
                Layout.fillWidth: true
                spacing: theme.gap
                KButton {
                    objectName: "checkIntegrity"
                    text: qsTr("Kiểm tra toàn vẹn tệp")
                    enabled: screen.health.busy === ""
                    onClicked: screen.health.checkIntegrity()
                }
                KButton {
                    objectName: "writeReport"
                    text: qsTr("Ghi báo cáo ra USB")
                    primary: true
                    enabled: screen.health.busy === ""
                    onClicked: screen.health.writeReport()
                }
                KButton {
                    visible: screen.health.busy === "integrity"
                    text: qsTr("Dừng")
                    onClicked: screen.health.cancel()
                }
            }
            ProgressBar {
                Layout.fillWidth: true
                visible: screen.health.busy === "integrity"
                from: 0; to: 1
                value: screen.health.progress
            }
            PanelText {
                objectName: "healthMessage"
                Layout.fillWidth: true
                visible: text !== ""
                color: screen.health.problem ? theme.warm : theme.accent
                text: screen.health.message
            }

            // Items the kiosk flagged broken (they failed to open or play): each stays closed to
            // visitors until «Thử lại» clears its flag, so a passing fault is not for good. Those
            // whose flag the disk refused are kept shut in memory, listed first and marked so.
            SectionTitle { text: qsTr("Mục không mở được"); font.pixelSize: theme.fontBody }
            PanelText {
                objectName: "brokenSummary"
                Layout.fillWidth: true
                visible: text !== ""
                text: screen.health.brokenText
                color: screen.health.brokenCount > 0 ? theme.warm : theme.muted
            }
            ListView {
                id: brokenList
                objectName: "brokenList"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(contentHeight, screen.height * 0.5)
                visible: count > 0
                clip: true
                spacing: theme.gap * 0.4
                boundsBehavior: Flickable.StopAtBounds
                model: screen.health.brokenItems
                delegate: RowLayout {
                    objectName: "brokenRow"
                    width: ListView.view.width
                    spacing: theme.gap
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        WordText {  // cut at a whole syllable, never «bán hàn…»
                            objectName: "brokenTitle"
                            Layout.fillWidth: true
                            fullText: modelData.title
                            maxLines: 2
                            font.family: theme.family
                            font.pixelSize: theme.fontBody
                            color: theme.ink
                        }
                        // Shut in the kiosk's memory only: its flag could not be written (a full
                        // or read-only disk), so it is forgotten when the station restarts.
                        PanelText {
                            objectName: "brokenInMemory"
                            Layout.fillWidth: true
                            visible: modelData.inMemory === true
                            text: qsTr("chỉ trong bộ nhớ — chưa ghi được vào đĩa")
                            font.pixelSize: theme.fontSmall
                            color: theme.warm
                        }
                    }
                    PanelText {
                        objectName: "brokenKind"
                        text: modelData.kindName
                        color: theme.muted
                    }
                    KButton {
                        objectName: "retryBroken"
                        text: qsTr("Thử lại")
                        enabled: screen.health.busy === ""
                        onClicked: screen.health.retry(modelData.id)
                    }
                }
            }

            SectionTitle { text: qsTr("Lỗi gần đây"); font.pixelSize: theme.fontBody }
            PanelText {
                visible: screen.health.recentErrors.length === 0
                text: qsTr("Không có lỗi nào.")
                color: theme.muted
            }
            // at most twenty lines (library.report.recent_errors): listed in the page itself
            Repeater {
                model: screen.health.recentErrors
                PanelText {
                    objectName: "recentError"
                    Layout.fillWidth: true
                    text: modelData
                    font.pixelSize: theme.fontSmall
                    color: theme.muted
                }
            }
        }
    }
}
