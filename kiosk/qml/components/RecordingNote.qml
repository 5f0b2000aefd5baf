// "Bản ghi âm · 1:35": what a recorded item (a recording, or a bulletin filed as a sound file)
// holds, said where a text item shows its words or "no content": it is there, to listen to.
// Interface: item (the detail map: kind, mediaType, durationS when the map carries it),
// fontSize. `recorded(item)` is the one test of "this item is a recording" for the screens.
import QtQuick
import "clock.js" as Clock

Row {
    id: note
    property var item: ({})
    property real fontSize: theme.fontBody
    readonly property real seconds: item && item.durationS !== undefined && item.durationS !== null
                                    ? Number(item.durationS) : 0

    function recorded(it) {
        return !!it && (it.kind === "audio"
                        || (it.mediaType !== undefined && String(it.mediaType).indexOf("audio/") === 0))
    }
    visible: recorded(item)
    spacing: theme.gap * 0.4
    Icon {
        name: "headphones"
        size: noteText.font.pixelSize * 1.2
        color: theme.muted
        anchors.verticalCenter: parent.verticalCenter
    }
    Text {
        id: noteText
        objectName: "recordingNoteText"
        text: qsTr("Bản ghi âm") + (note.seconds > 0 ? " · " + Clock.clock(note.seconds) : "")
        font.family: theme.family
        font.pixelSize: note.fontSize
        font.weight: Font.DemiBold
        color: theme.muted
        anchors.verticalCenter: parent.verticalCenter
    }
}
