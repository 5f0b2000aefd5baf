// A plain bar chart: `series` is a list of {label, value}; vertical (per day) or horizontal (top N).
// Properties: title, series, horizontal, barColor. Child objectName "bar" per bar (tests count them).
import QtQuick

Column {
    id: chart
    property string title: ""
    property var series: []
    property bool horizontal: false
    property color barColor: theme.accent
    property real chartHeight: 220 * theme.u
    readonly property real maxValue: {
        var m = 0
        for (var i = 0; i < series.length; i++) m = Math.max(m, series[i].value)
        return m
    }
    spacing: theme.gap * 0.4

    Text {
        text: chart.title
        font.family: theme.family
        font.pixelSize: theme.fontBody
        font.weight: Font.Bold
        color: theme.ink
    }
    Text {
        visible: chart.series.length === 0
        text: qsTr("Chưa có số liệu")
        font.family: theme.family
        font.pixelSize: theme.fontSmall
        color: theme.muted
    }

    // per day: columns side by side
    Row {
        visible: !chart.horizontal && chart.series.length > 0
        height: chart.chartHeight
        spacing: Math.max(2, 8 * theme.u)
        Repeater {
            model: chart.horizontal ? [] : chart.series
            Column {
                objectName: "bar"
                property int value: modelData.value
                width: Math.max(18 * theme.u, Math.min(64 * theme.u,
                       (chart.width - chart.series.length * 8 * theme.u) / Math.max(1, chart.series.length)))
                anchors.bottom: parent.bottom
                spacing: 2
                Text {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: modelData.value
                    font.family: theme.family
                    font.pixelSize: theme.fontSmall * 0.8
                    color: theme.ink
                }
                Rectangle {
                    width: parent.width
                    height: chart.maxValue > 0 ? (chart.chartHeight - 60 * theme.u) * modelData.value / chart.maxValue : 0
                    radius: 4
                    color: chart.barColor
                }
                Text {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: modelData.label
                    font.family: theme.family
                    font.pixelSize: theme.fontSmall * 0.75
                    color: theme.muted
                }
            }
        }
    }

    // top N: one bar a line
    Repeater {
        model: chart.horizontal ? chart.series : []
        Row {
            objectName: "bar"
            property int value: modelData.value
            spacing: theme.gap * 0.4
            Text {
                width: chart.width * 0.4
                elide: Text.ElideRight
                text: modelData.label
                font.family: theme.family
                font.pixelSize: theme.fontSmall
                color: theme.ink
                anchors.verticalCenter: parent.verticalCenter
            }
            Rectangle {
                width: chart.maxValue > 0 ? Math.max(4, chart.width * 0.45 * modelData.value / chart.maxValue) : 4
                height: 30 * theme.u
                radius: 4
                color: chart.barColor
                anchors.verticalCenter: parent.verticalCenter
            }
            Text {
                text: modelData.value
                font.family: theme.family
                font.pixelSize: theme.fontSmall
                color: theme.ink
                anchors.verticalCenter: parent.verticalCenter
            }
        }
    }
}
