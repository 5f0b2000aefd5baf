// Boxes over the page image around the words being spoken (reader page read-aloud).
// Put it over the page image with `anchors.fill: pageImage`; for an Image with
// PreserveAspectFit also bind paintedWidth/paintedHeight to the image's (the page is
// centred inside). Boxes come as 0..1 of the page from `player.wordBoxes`.
import QtQuick

Item {
    id: wordLayer
    property var player: listenPlayer
    property real paintedWidth: width
    property real paintedHeight: height
    readonly property real offsetX: (width - paintedWidth) / 2
    readonly property real offsetY: (height - paintedHeight) / 2
    objectName: "spokenWordBoxes"
    // The model is a count and each box is looked up by index: a list of maps as a model
    // would turn its keys (x, y, w, h) into roles that shadow the delegate's own x and y.
    // (The id is not "layer": that name is every Item's own `layer` property.)
    readonly property var boxes: wordLayer.player ? wordLayer.player.wordBoxes : []
    Repeater {
        model: wordLayer.boxes.length
        Rectangle {
            readonly property var box: wordLayer.boxes[index] || ({ "x": 0, "y": 0, "w": 0, "h": 0 })
            objectName: "spokenWordBox"
            x: wordLayer.offsetX + box.x * wordLayer.paintedWidth - 3
            y: wordLayer.offsetY + box.y * wordLayer.paintedHeight - 2
            width: box.w * wordLayer.paintedWidth + 6
            height: box.h * wordLayer.paintedHeight + 4
            radius: 4
            color: "#66ffd54f"
            border.color: "#e0a800"
            border.width: 2
        }
    }
}
