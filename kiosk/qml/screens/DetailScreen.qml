// Item detail: cover, title, facts, summary, the read button and the handoff (QR) slot.
import QtQuick
import "../components"
import "../components/clock.js" as Clock

Screen {
    id: screen
    readonly property var item: visit.detail
    // Another item opens at its top (its cover and title), not where the last one was scrolled.
    readonly property string shownId: item && item.itemId !== undefined ? item.itemId : ""
    // A sound file (an audio item, or a bulletin filed as a recording): its content is there to
    // listen to, so it never says "no content", and its one action is the player's "Nghe".
    readonly property bool recorded: !!item && (item.kind === "audio"
        || (item.mediaType !== undefined && String(item.mediaType).indexOf("audio/") === 0))
    onShownIdChanged: { flick.cancelFlick(); flick.contentY = 0; scrollBeforeBand = -1 }
    // The bottom of the window the listen slot covers (its read-along panel), kept free.
    readonly property real listenCovers: listenSlot.item && listenSlot.item.coveredHeight !== undefined
                                         ? listenSlot.item.coveredHeight : 0
    // When the panel opens, the read button stays in view above it.
    onListenCoversChanged: if (listenCovers > 0) Qt.callLater(screen.keepActionsInView)
    function keepActionsInView() {
        var bottom = actions.mapToItem(layout, 0, actions.height).y + layout.y + theme.gap
        if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(bottom - flick.height, Math.max(0, flick.contentHeight - flick.height))
    }

    // While the bulletin banner shows, the screen is shorter and an open read-along panel may
    // scroll the read button into view; when the banner goes, the content goes back to where
    // it was before it came (unless the visitor moved it, or opened another item, meanwhile).
    property real scrollBeforeBand: -1
    onBandHeightChanged: {
        if (bandHeight > 0 && scrollBeforeBand < 0)
            scrollBeforeBand = flick.contentY
        else if (bandHeight === 0 && scrollBeforeBand >= 0)
            Qt.callLater(screen.scrollBack)
    }
    function scrollBack() {
        if (scrollBeforeBand < 0 || bandHeight > 0) return
        flick.contentY = Math.min(scrollBeforeBand, Math.max(0, flick.contentHeight - flick.height))
        scrollBeforeBand = -1
    }

    function actionLabel(kind) {
        if (kind === "infographic") return qsTr("Xem infographic")
        if (kind === "bulletin") return qsTr("Đọc bản tin")
        if (kind === "video") return qsTr("Xem video")
        if (kind === "audio") return qsTr("Nghe")
        return qsTr("Đọc ngay")
    }

    Flickable {
        id: flick
        objectName: "detailFlick"
        anchors { fill: parent; bottomMargin: screen.listenCovers }
        contentHeight: layout.height + 2 * theme.margin
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        onMovementStarted: screen.scrollBeforeBand = -1  // the visitor's own scroll stays

        Item {
            id: layout
            x: theme.margin
            y: theme.margin
            width: flick.width - 2 * theme.margin
            height: theme.portrait ? coverBox.height + theme.gap * 1.5 + info.height
                                   : Math.max(coverBox.height, info.height)

            Rectangle {
                id: coverBox
                objectName: "detailCover"
                width: theme.portrait ? Math.min(layout.width * 0.55, 520 * theme.u) : Math.min(layout.width * 0.3, 560 * theme.u)
                height: width * 4 / 3
                // A binding, not an anchor switched off with `undefined` (that kept the
                // centred x after a rotation back to landscape).
                x: theme.portrait ? (parent.width - width) / 2 : 0
                radius: theme.radius * 0.6
                color: theme.surface2
                border.width: theme.lineWidth
                border.color: theme.line
                Image {
                    id: coverImage
                    anchors.fill: parent
                    anchors.margins: theme.lineWidth
                    source: screen.item.cover || ""
                    sourceSize.width: 720
                    fillMode: Image.PreserveAspectFit
                    asynchronous: true
                }
                // No cover: the kind's icon, as on the browse cards.
                Icon {
                    objectName: "detailCoverIcon"
                    anchors.centerIn: parent
                    visible: !screen.item.cover || coverImage.status === Image.Error
                    name: screen.item.kind || "book"
                    size: parent.width * 0.35
                    color: theme.muted
                }
                MouseArea { anchors.fill: parent; onClicked: visit.read(screen.item.itemId, screen.item.startPage || 0) }
            }

            Column {
                id: info
                x: theme.portrait ? 0 : coverBox.width + theme.gap * 2
                y: theme.portrait ? coverBox.height + theme.gap * 1.5 : 0
                width: layout.width - x
                spacing: theme.gap * 0.8

                Rectangle {
                    radius: height / 2
                    color: theme.highContrast ? "#000000" : theme.surface2
                    border.width: theme.lineWidth
                    border.color: theme.line
                    height: kindText.implicitHeight + theme.gap * 0.5
                    width: kindText.implicitWidth + theme.gap * 1.2
                    Text {
                        id: kindText
                        anchors.centerIn: parent
                        text: screen.item.kindName || ""
                        font.family: theme.family
                        font.pixelSize: theme.fontSmall
                        font.weight: Font.Bold
                        color: theme.accent
                    }
                }
                Text {
                    objectName: "detailTitle"
                    width: parent.width
                    text: screen.item.title || ""
                    font.family: theme.family
                    font.pixelSize: theme.fontHero * 0.85
                    font.weight: Font.Bold
                    color: theme.ink
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                }
                Text {
                    width: parent.width
                    visible: text !== ""
                    text: screen.item.authors || ""
                    font.family: theme.family
                    font.pixelSize: theme.fontBody
                    color: theme.muted
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                }
                // Empty parts take no room (a bulletin with no text has no facts, summary or
                // tags: the column's spacing around them left a hole under the title).
                Flow {
                    objectName: "detailFacts"
                    width: parent.width
                    spacing: theme.gap
                    visible: facts.count > 0
                    Repeater {
                        id: facts
                        model: [
                            screen.item.pageCount > 0 && screen.item.kind !== "infographic" && screen.item.kind !== "bulletin"
                                ? qsTr("%n trang", "", screen.item.pageCount) : "",
                            // A clip says how long it runs (a recording says it beside its "Nghe").
                            screen.item.kind === "video" && screen.item.durationS > 0
                                ? qsTr("Thời lượng %1").arg(Clock.clock(screen.item.durationS)) : "",
                            screen.item.published ? qsTr("Ngày phát hành: %1").arg(screen.item.published) : "",
                            screen.item.publisher || ""
                        ].filter(function(x) { return x !== "" })
                        Text {
                            // A long publisher wraps within the column instead of running off it.
                            width: Math.min(implicitWidth, parent.width)
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            text: modelData
                            font.family: theme.family
                            font.pixelSize: theme.fontBody
                            font.weight: Font.DemiBold
                            color: theme.ink
                        }
                    }
                }
                Text {
                    objectName: "detailSummary"
                    width: parent.width
                    visible: text !== ""
                    text: screen.item.summary || ""
                    font.family: theme.family
                    font.pixelSize: theme.fontBody * 1.05
                    lineHeight: 1.25
                    color: theme.ink
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                }
                Flow {
                    width: parent.width
                    spacing: theme.gap * 0.5
                    visible: (screen.item.tags || []).length > 0
                    Repeater {
                        // the item's tags, changed in place from one item to the next
                        model: visit.detailTagsModel
                        KButton {
                            objectName: "detailTag"
                            text: "#" + model.tag
                            maxWidth: parent.width
                            fontSize: theme.fontSmall
                            // every collection's items with this tag, not only those of
                            // the collection the grid was last left on
                            onClicked: visit.openItemTag(model.tag)
                        }
                    }
                }
                Row {
                    id: actions
                    spacing: theme.gap
                    KButton {
                        objectName: "readButton"
                        // A recording's one action is the player's "Nghe" (it evens the loudness
                        // and counts the play): two "Nghe" side by side would leave the visitor
                        // guessing which one to press.
                        // A recorded bulletin with no words has nothing to read either.
                        visible: !(screen.recorded && (screen.item.kind === "audio" || screen.item.hasText === false)
                                   && listenSlot.item && listenSlot.item.visible)
                        primary: true
                        icon: screen.item.kind === "video" ? "play" : (screen.item.kind || "book")
                        text: screen.item.startPage > 0 ? qsTr("Đọc từ trang %1").arg(screen.item.startPage)
                                                        : screen.actionLabel(screen.item.kind)
                        fontSize: theme.fontLarge
                        // as tall as the «Nghe» beside it (a button a head taller than its
                        // neighbour read as a misaligned row); its colour marks it as the main one
                        height: theme.target
                        onClicked: visit.read(screen.item.itemId, screen.item.startPage || 0)
                    }
                    Loader {
                        id: listenSlot
                        objectName: "detailListenSlot"
                        // Slot: the audio player's "Nghe" button (item, compact).
                        active: slots.listen.toString() !== "" && screen.item.itemId !== undefined
                        source: slots.listen
                        anchors.verticalCenter: parent.verticalCenter
                        onLoaded: { item.item = Qt.binding(function() { return screen.item })
                                    if (item.compact !== undefined) item.compact = true }
                    }
                }
                RecordingNote {
                    // What a recording holds (and how long it plays), beside its "Nghe".
                    objectName: "detailRecording"
                    item: screen.item
                }
                Text {
                    // A bulletin with no text yet: said plainly (it has no "Nghe" either). A
                    // recorded one is not empty: it is the recording (above).
                    objectName: "detailEmpty"
                    width: parent.width
                    visible: screen.item.kind === "bulletin" && screen.item.hasText === false && !screen.recorded
                    text: qsTr("Bản tin chưa có nội dung")
                    font.family: theme.family
                    font.pixelSize: theme.fontBody
                    font.weight: Font.DemiBold
                    color: theme.muted
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                }
                Loader {
                    id: handoffSlot
                    objectName: "handoffSlot"
                    // Slot: the phone-handoff component (item, compact); default: QR of the public URL.
                    // the column's width: held to 1000 px at 1080 p, the hint beside the code
                    // broke a line early at 1366×768 with room to spare
                    width: parent.width
                    source: slots.handoff.toString() !== "" ? slots.handoff : "../components/PublicUrlQr.qml"
                    onLoaded: { item.item = Qt.binding(function() { return screen.item })
                                if (item.compact !== undefined) item.compact = Qt.binding(function() { return theme.portrait }) }
                }
            }
        }
    }
}
