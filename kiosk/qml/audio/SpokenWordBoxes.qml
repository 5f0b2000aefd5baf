// Boxes over the page image around the words being spoken (reader page read-aloud).
// Put it over the page image with `anchors.fill: pageImage`; for an Image with
// PreserveAspectFit also bind paintedWidth/paintedHeight to the image's (the page is
// centred inside). Boxes come as 0..1 of the page from `player.wordBoxes`. Drawn by
// components/SpokenWordMarks.qml, as on a tall poster: the same boxes on both.
import QtQuick
import "../components"

SpokenWordMarks {
    objectName: "spokenWordBoxes"
    markName: "spokenWordBox"
}
