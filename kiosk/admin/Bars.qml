// A plain bar chart: `series` is a list of {label, value}; vertical (per day, week or month) or
// horizontal (top N).
// Properties: title, series, horizontal, barColor. Child objectName "bar" per bar (tests count them).
import QtQuick
import "../qml/components"

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

    // The dates under the bars and the figures over them are in the theme's smallest text
    // size, as every other label: read standing at the screen, not leaning into it.
    // per day (or week, month): every bar fits the width, whatever the count; the labels
    // under them are thinned so they never run together, counted from the most recent bar,
    // which always keeps its label; the first and last labels stay inside the chart.
    readonly property string longestLabel: {
        var longest = ""
        for (var i = 0; i < series.length; i++)
            if (String(series[i].label).length > longest.length) longest = String(series[i].label)
        return longest
    }
    TextMetrics { id: labelMetrics; font.family: theme.family; font.pixelSize: theme.fontSmall
                  text: chart.longestLabel }
    TextMetrics { id: valueMetrics; font.family: theme.family; font.pixelSize: theme.fontSmall
                  text: String(Math.round(chart.maxValue)) }
    Item {
        id: columns
        objectName: "columns"
        visible: !chart.horizontal && chart.series.length > 0
        width: chart.width
        height: chart.chartHeight
        readonly property int count: chart.horizontal ? 0 : chart.series.length
        readonly property real slot: count > 0 ? width / count : width
        readonly property real barWidth: Math.max(1, Math.min(64 * theme.u, slot * 0.75))
        readonly property real labelHeight: labelMetrics.height + 4
        readonly property real valueHeight: valueMetrics.height + 2
        // every `labelStep`-th label, so that two are never closer than one label's width
        readonly property int labelStep: Math.max(1, Math.ceil((labelMetrics.width * 1.3 + 8) / slot))
        readonly property int valueStep: Math.max(1, Math.ceil((valueMetrics.width * 1.2 + 4) / slot))
        Repeater {
            model: chart.horizontal ? [] : chart.series
            Item {
                id: column
                objectName: "bar"
                property int value: modelData.value
                readonly property int fromEnd: columns.count - 1 - index
                readonly property real centre: columns.slot * (index + 0.5)
                x: 0
                width: columns.width
                height: columns.height
                Rectangle {
                    id: barRect
                    x: column.centre - width / 2
                    width: columns.barWidth
                    height: chart.maxValue > 0
                            ? (columns.height - columns.labelHeight - columns.valueHeight) * column.value / chart.maxValue
                            : 0
                    anchors.bottom: parent.bottom
                    anchors.bottomMargin: columns.labelHeight
                    radius: Math.min(4, width / 2)
                    color: chart.barColor
                }
                Text {
                    objectName: "barValue"
                    visible: column.fromEnd % columns.valueStep === 0
                    x: Math.max(0, Math.min(columns.width - width, column.centre - width / 2))
                    y: barRect.y - height - 2
                    text: column.value
                    font: valueMetrics.font
                    color: theme.ink
                }
                Text {
                    objectName: "barLabel"
                    visible: column.fromEnd % columns.labelStep === 0
                    x: Math.max(0, Math.min(columns.width - width, column.centre - width / 2))
                    anchors.bottom: parent.bottom
                    text: modelData.label
                    font: labelMetrics.font
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
            // a title on up to two lines: the librarian tells «Bản tin … ngày 12/3» from
            // «… ngày 13/3» by its end, which one line cut off
            // cut at a whole syllable, never «bán hàn…»
            WordText {
                objectName: "barTitle"
                width: chart.width * 0.4
                maxLines: 2
                fullText: modelData.label
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
