// Thống kê: totals, bars per day and top lists, searches that found nothing, a range, CSV to USB.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../qml/components"

Item {
    id: screen
    objectName: "statsScreen"
    readonly property QtObject stats: admin.stats
    readonly property string unit: stats.periodUnit  // one bar: a day, a week or a month

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.gap * 0.6

        SectionTitle { text: qsTr("Thống kê") }
        Flow {
            Layout.fillWidth: true
            spacing: theme.gap * 0.5
            Repeater {
                model: [ { key: "7", label: qsTr("7 ngày") }, { key: "30", label: qsTr("30 ngày") },
                         { key: "month", label: qsTr("Tháng này") }, { key: "all", label: qsTr("Tất cả") } ]
                KButton {
                    objectName: "range_" + modelData.key
                    text: modelData.label
                    checked: screen.stats.rangeName === modelData.key
                    onClicked: screen.stats.setRange(modelData.key)
                }
            }
            KButton {
                objectName: "exportCsv"
                text: qsTr("Xuất CSV ra USB")
                primary: true
                enabled: !screen.stats.busy
                onClicked: screen.stats.exportToStick()
            }
        }
        // the export runs off the interface thread: the panel answers while it writes
        ProgressBar {
            objectName: "exportProgress"
            Layout.fillWidth: true
            visible: screen.stats.busy
            indeterminate: true
        }
        // counting switched off (admin.stats_enabled): said before any figure, so the
        // zeros below are not read as "nobody came"
        Rectangle {
            objectName: "countingBox"
            Layout.fillWidth: true
            visible: screen.stats.countingText !== ""
            implicitHeight: countingText.implicitHeight + theme.gap
            radius: theme.radius
            color: theme.surface
            border.color: theme.warm
            border.width: 3 * theme.u
            PanelText {
                id: countingText
                objectName: "countingText"
                anchors.fill: parent
                anchors.margins: theme.gap * 0.5
                verticalAlignment: Text.AlignVCenter
                text: screen.stats.countingText
                color: theme.warm
                font.weight: Font.Bold
            }
        }
        PanelText {
            objectName: "rangeLabel"
            text: screen.stats.rangeLabel
            color: theme.muted
        }
        PanelText {
            objectName: "statsMessage"
            Layout.fillWidth: true
            visible: text !== ""
            color: screen.stats.problem ? theme.warm : theme.accent
            text: screen.stats.message
        }

        Flow {
            id: totals
            Layout.fillWidth: true
            spacing: theme.gap
            // every box as wide as the widest one needs, so they stand in even columns
            // (a long label, «Tìm không thấy», made its box alone wider than the rest)
            readonly property real boxWidth: {
                var widest = 220 * theme.u
                for (var i = 0; i < totalBoxes.count; i++) {
                    var box = totalBoxes.itemAt(i)
                    if (box) widest = Math.max(widest, box.needs)
                }
                return widest
            }
            Repeater {
                id: totalBoxes
                model: [ { key: "view", label: qsTr("Lượt xem") }, { key: "page", label: qsTr("Trang đã đọc") },
                         { key: "audio", label: qsTr("Lượt nghe") }, { key: "qr", label: qsTr("Mã QR đã hiện") },
                         { key: "search_all", label: qsTr("Lượt tìm") },
                         { key: "search_none", label: qsTr("Tìm không thấy") } ]
                // grows with its figure and label (large text, English): never drawn over
                Rectangle {
                    objectName: "totalBox_" + modelData.key
                    readonly property real needs: totalColumn.implicitWidth + theme.gap
                    width: totals.boxWidth
                    height: Math.max(110 * theme.u, totalColumn.implicitHeight + theme.gap * 0.5)
                    radius: theme.radius
                    color: theme.surface; border.color: theme.line; border.width: theme.lineWidth
                    Column {
                        id: totalColumn
                        anchors.centerIn: parent
                        PanelText {
                            objectName: "total_" + modelData.key
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: screen.stats.totals[modelData.key] || 0
                            font.pixelSize: theme.fontTitle; font.weight: Font.Bold
                        }
                        PanelText {
                            objectName: "totalLabel_" + modelData.key
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: modelData.label; font.pixelSize: theme.fontSmall; color: theme.muted
                        }
                    }
                }
            }
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: availableWidth
            Column {
                width: parent.width
                spacing: theme.gap
                Bars { objectName: "viewsPerDay"; width: parent.width
                       title: screen.unit === "month" ? qsTr("Lượt xem mỗi tháng")
                            : screen.unit === "week" ? qsTr("Lượt xem mỗi tuần (từ thứ Hai)")
                            : qsTr("Lượt xem mỗi ngày")
                       series: screen.stats.viewsPerDay }
                Bars { objectName: "topItems"; width: parent.width; title: qsTr("Được xem nhiều nhất")
                       series: screen.stats.topItems; horizontal: true }
                Bars { objectName: "topCollections"; width: parent.width; title: qsTr("Theo bộ sưu tập")
                       series: screen.stats.topCollections; horizontal: true; barColor: theme.focus }
                Bars { objectName: "audioPerDay"; width: parent.width
                       title: screen.unit === "month" ? qsTr("Lượt nghe mỗi tháng")
                            : screen.unit === "week" ? qsTr("Lượt nghe mỗi tuần (từ thứ Hai)")
                            : qsTr("Lượt nghe mỗi ngày")
                       series: screen.stats.audioPerDay; barColor: theme.warm }
                Bars { objectName: "qrPerDay"; width: parent.width
                       title: screen.unit === "month" ? qsTr("Mã QR đã hiện mỗi tháng")
                            : screen.unit === "week" ? qsTr("Mã QR đã hiện mỗi tuần (từ thứ Hai)")
                            : qsTr("Mã QR đã hiện mỗi ngày")
                       series: screen.stats.qrPerDay; barColor: theme.focus }
                Bars { objectName: "zeroSearches"; width: parent.width
                       title: qsTr("Tìm mà không thấy (từ khoá đã bỏ dấu)")
                       series: screen.stats.zeroSearches; horizontal: true; barColor: theme.warm }
            }
        }
    }
}
