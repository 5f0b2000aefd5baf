// The boxes around the word being spoken, drawn one way wherever a page is read aloud: over
// a whole page (audio/SpokenWordBoxes.qml, laid over the reader's page image) and on a tall
// poster's strip (TallPage.qml). It lives with the components, not in audio/: the poster is
// part of every kiosk, while the audio part (and its folder) is installed only when present.
// Boxes come as 0..1 of the page from `player.wordBoxes`; each is a little larger than the
// word (3 px each side, 2 px above and below) and its frame 2 px, on screen.
// Properties: player (the "Nghe" player, `listenPlayer` when the station has one, or null),
// paintedWidth/paintedHeight (the page as drawn, centred in this item: an Image with
// PreserveAspectFit), shownScale (how much this item is scaled on screen, so the margins and
// the frame stay the same on screen), markName and numbered (each box's objectName:
// markName, or markName + "_" + its index).
import QtQuick

Item {
    id: marks
    property var player: typeof listenPlayer !== "undefined" ? listenPlayer : null
    property real paintedWidth: width
    property real paintedHeight: height
    property real shownScale: 1
    property string markName: "spokenWordBox"
    property bool numbered: false
    readonly property real offsetX: (width - paintedWidth) / 2
    readonly property real offsetY: (height - paintedHeight) / 2
    // The model is a count and each box is looked up by index: a list of maps as a model
    // would turn its keys (x, y, w, h) into roles that shadow the delegate's own x and y.
    // (The id is not "layer": that name is every Item's own `layer` property.)
    readonly property var boxes: marks.player ? marks.player.wordBoxes : []
    Repeater {
        model: marks.boxes.length
        Rectangle {
            readonly property var box: marks.boxes[index] || ({ "x": 0, "y": 0, "w": 0, "h": 0 })
            objectName: marks.numbered ? marks.markName + "_" + index : marks.markName
            x: marks.offsetX + box.x * marks.paintedWidth - 3 / marks.shownScale
            y: marks.offsetY + box.y * marks.paintedHeight - 2 / marks.shownScale
            width: box.w * marks.paintedWidth + 6 / marks.shownScale
            height: box.h * marks.paintedHeight + 4 / marks.shownScale
            radius: 4
            color: "#66ffd54f"
            border.color: "#e0a800"
            border.width: 2 / marks.shownScale
        }
    }
}
