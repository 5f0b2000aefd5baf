// The yellow boxes over the words a search inside the document found on the page shown
// (`reader.highlights`: boxes as fractions of the page). Sized and placed over the page as
// drawn, the same look on a normal page and on a tall poster's strip.
import QtQuick

Item {
    id: marks

    Repeater {
        model: reader.highlights
        Rectangle {
            objectName: "hitMark_" + index
            // A little larger than the word, so the box does not touch its letters.
            x: modelData.x * marks.width - 2
            y: modelData.y * marks.height - 2
            width: modelData.w * marks.width + 4
            height: modelData.h * marks.height + 4
            color: "#66ffd400"
            border.color: "#e0a800"
            radius: 3
        }
    }
}
