// A tall page (a scroll poster) fitted to the reader's width: the visitor flicks down it.
// The reader draws it in bands as they come near the view and lets far ones go; this column
// shows each band at its place (a pale block until drawn). While a pinch changes the zoom the
// bands are scaled, until they are drawn again sharp at the new zoom. A scroll bar says how
// much is left, and at the top a button pointing down tells (and shows) that it goes on below.
// A clear sideways swipe turns the page, as on a whole page; a mostly-downward drag scrolls.
// A band that could not be drawn says so where it lies, with a large "Thử lại". While the
// page is read aloud, the spoken word is marked on the poster and kept in view.
import QtQuick
import QtQuick.Controls.Basic
import "follow.js" as Follow

Item {
    id: tallPage

    Flickable {
        id: strip
        objectName: "stripFlick"
        anchors.fill: parent
        clip: true
        // While a sideways swipe turns the page the poster does not scroll under the finger too.
        interactive: !stripTouch.sideways
        boundsBehavior: Flickable.StopAtBounds
        // Bands side by side at a fraction of a pixel may leave a thin line between them.
        pixelAligned: true
        // Drawn zoom → shown zoom (1 except while a new zoom waits for its bands).
        readonly property real ratio: reader.stripZoom > 0 ? reader.zoom / reader.stripZoom : 1
        contentWidth: Math.max(width, reader.stripWidth * ratio)
        contentHeight: Math.max(height, reader.stripHeight * ratio)
        property real shownZoom: 1
        property string shownPage: ""
        property string shownHits: ""  // the search whose hit was brought into view
        // The "Nghe" player (`listenPlayer`, there when the station can speak) while it reads
        // this very page: its `wordBoxes` (0..1 of the page) are the word being spoken.
        readonly property var player: typeof listenPlayer !== "undefined" ? listenPlayer : null
        readonly property bool reading: reader.tall && Follow.readsPage(player, reader)
        // The part of the column (its own units: rows and pixels at `stripZoom`) on screen.
        readonly property real shownLeft: (contentX - column.x) / ratio
        readonly property real shownTop: contentY / ratio
        readonly property real shownRight: shownLeft + width / ratio
        readonly property real shownBottom: shownTop + height / ratio

        function report() {
            if (visible && reader.tall && ratio > 0)
                reader.setStripView(contentY / ratio, (contentY + height) / ratio)
        }
        onContentYChanged: report()
        onHeightChanged: report()
        onVisibleChanged: report()

        Connections {
            target: reader
            // Another page or document starts at its top; the same page keeps the visitor's place.
            function onStripChanged() {
                var here = reader.itemId + "/" + reader.page
                if (here !== strip.shownPage) {
                    strip.shownPage = here
                    strip.contentX = 0
                    strip.contentY = 0
                } else if (reader.stripPlace >= 0) {  // another width: the same place on it
                    strip.contentY = Math.max(0, Math.min(reader.stripPlace * strip.ratio,
                                                          strip.contentHeight - strip.height))
                }
                strip.returnToBounds()
                strip.report()
            }
            // A search inside the document: its first hit on this page comes into view, once
            // (a turned screen or a page seen again keeps the visitor's own place).
            function onHitsChanged() {
                var boxes = reader.highlights
                var key = reader.itemId + "/" + reader.page + "/" + reader.hitQuery
                if (!reader.tall || boxes.length === 0 || key === strip.shownHits) return
                strip.shownHits = key
                var tall = reader.stripHeight * strip.ratio
                for (var i = 0; i < boxes.length; ++i) {
                    var y = boxes[i].y * tall
                    if (y >= strip.contentY && y + boxes[i].h * tall <= strip.contentY + strip.height)
                        return  // one is in view already
                }
                var first = boxes[0].y * tall - strip.height / 3
                strip.contentY = Math.max(0, Math.min(first, strip.contentHeight - strip.height))
            }
            // Zooming keeps the middle of the view where it was on the poster.
            function onZoomChanged() {
                var factor = reader.zoom / strip.shownZoom
                strip.shownZoom = reader.zoom
                if (!reader.tall || Math.abs(factor - 1) < 1e-3) return
                var cx = (strip.contentX + strip.width / 2) * factor - strip.width / 2
                var cy = (strip.contentY + strip.height / 2) * factor - strip.height / 2
                strip.contentX = Math.max(0, Math.min(cx, strip.contentWidth - strip.width))
                strip.contentY = Math.max(0, Math.min(cy, strip.contentHeight - strip.height))
            }
        }

        // Read aloud: the spoken word stays in view. Off screen (the voice went on below, or
        // the visitor scrolled away) the poster brings it to the upper third, and sideways
        // into view when zoomed in; never while a finger or a flick moves the poster.
        Connections {
            target: strip.reading ? strip.player : null
            function onWordChanged() { strip.followWord() }
        }
        function followWord() {
            var boxes = reading ? player.wordBoxes : []
            if (!visible || boxes.length === 0) return
            var box = boxes[0]
            var rows = reader.stripHeight * ratio, columns = reader.stripWidth * ratio
            Follow.follow(strip, column.x + box.x * columns, box.y * rows,
                          column.x + (box.x + box.w) * columns, (box.y + box.h) * rows)
        }

        Item {
            id: column
            objectName: "stripColumn"
            width: reader.stripWidth
            height: reader.stripHeight
            // A capped, narrower strip: centred. A sideways swipe moves it with the finger.
            x: Math.max(0, (strip.width - width * strip.ratio) / 2) + stripTouch.offset
            scale: strip.ratio
            transformOrigin: Item.TopLeft

            // The bands drawn before the last zoom or turn of the screen, scaled to the new
            // layout, under the new bands until those in view are drawn (no blank poster).
            Item {
                objectName: "stripOld"
                scale: reader.oldScale
                transformOrigin: Item.TopLeft
                Repeater {
                    id: oldBands
                    model: reader.oldBands
                    Image {
                        y: model.top
                        height: model.rows
                        source: model.source
                        cache: false
                        smooth: true
                    }
                }
            }

            Repeater {
                model: reader.bands
                Rectangle {
                    id: band
                    objectName: "band_" + index
                    y: model.top
                    width: column.width
                    height: model.rows
                    color: model.source !== "" ? "#ffffff"
                         : oldBands.count > 0 && !model.failed ? "transparent" : theme.surface2
                    Image {
                        objectName: "bandImage_" + index
                        anchors.fill: parent
                        source: model.source
                        cache: false
                        smooth: Math.abs(strip.ratio - 1) > 1e-3
                    }
                }
            }

            HitMarks { anchors.fill: parent }

            // The word being spoken, boxed as on a whole page (the same component): drawn at
            // `stripZoom` and scaled with the column, its margins and frame kept on screen.
            SpokenWordMarks {
                objectName: "spokenMarks"
                anchors.fill: parent
                visible: strip.reading
                player: strip.reading ? strip.player : null
                shownScale: strip.ratio
                markName: "spokenMark"
                numbered: true
            }

            ZoomPinch { id: pinch }

            // The same swipe as on a whole page (ReaderScreen's pageTouch): past 12 px sideways
            // the poster follows the finger, past 90 px the page turns (left: next). It is a
            // swipe only when the drag goes at least twice as far sideways as down, before the
            // strip takes it as a scroll; from then on the strip does not scroll, so a diagonal
            // drag either scrolls or turns, never both. Zoomed in, a drag pans (no turn, as on
            // a zoomed page), and a one-page poster has nothing to turn to: its drags scroll.
            // Distances are taken on screen: this area moves and scales with the poster.
            MouseArea {
                id: stripTouch
                objectName: "stripTouch"
                anchors.fill: parent
                property point start
                property bool sideways: false
                property real offset: 0
                readonly property real threshold: 90 * theme.u
                readonly property bool turns: reader.zoom <= 1.001 && reader.pageCount > 1
                                              && !pinch.active

                function stop() { sideways = false; offset = 0 }
                onPressed: function(m) { start = mapToItem(tallPage, m.x, m.y); stop() }
                onPositionChanged: function(m) {
                    if (!turns) { stop(); return }
                    var at = mapToItem(tallPage, m.x, m.y)
                    var dx = at.x - start.x, dy = at.y - start.y
                    if (!sideways && Math.abs(dx) > 12 * theme.u && Math.abs(dx) > 2 * Math.abs(dy))
                        sideways = true
                    if (sideways) offset = dx
                }
                onReleased: function(m) {
                    var dx = mapToItem(tallPage, m.x, m.y).x - start.x
                    var turn = sideways && turns && Math.abs(dx) > threshold
                    stop()
                    if (turn) { if (dx < 0) reader.next(); else reader.previous() }
                }
                onCanceled: stop()
                onDoubleClicked: reader.toggleZoom()
            }

            // Over the touch area (so "Thử lại" takes its tap): where bands could not be drawn
            // (each asked twice), a short line and a large "Thử lại", once for each stretch of
            // such bands, in the middle of its part on screen, at the screen's own size
            // whatever the zoom. (When nothing of the page shows, the reader's calm line says
            // it for the whole page instead.)
            Repeater {
                model: reader.pageError === "" ? reader.bands.failedSpans : []
                Item {
                    id: failedSpan
                    readonly property var span: modelData
                    y: span.top
                    width: column.width
                    height: span.rows
                    Column {
                        objectName: "stripFailed_" + index
                        spacing: theme.gap * 0.6
                        scale: 1 / strip.ratio
                        readonly property real shownTop: Math.max(0, strip.shownTop - failedSpan.y)
                        readonly property real shownBottom: Math.min(
                            failedSpan.height, strip.shownBottom - failedSpan.y)
                        readonly property real middleX: (Math.max(0, strip.shownLeft) + Math.min(
                            failedSpan.width, strip.shownRight)) / 2
                        readonly property real halfH: height / strip.ratio / 2
                        x: middleX - width / 2
                        y: Math.max(halfH, Math.min((shownTop + shownBottom) / 2,
                                                    failedSpan.height - halfH)) - height / 2
                        Icon {
                            name: "sad"; size: 90 * theme.u; color: theme.warm
                            anchors.horizontalCenter: parent.horizontalCenter
                        }
                        Text {
                            objectName: "stripFailedText_" + index
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: qsTr("Không vẽ được phần này")
                            font.family: theme.family
                            font.pixelSize: theme.fontLarge
                            color: theme.ink
                        }
                        RetryButton {
                            objectName: "stripRetry_" + index
                            anchors.horizontalCenter: parent.horizontalCenter
                        }
                    }
                }
            }
        }

        ScrollIndicator.vertical: ScrollIndicator {
            objectName: "stripScroll"
            active: true
            contentItem: Rectangle {
                implicitWidth: 12 * theme.u
                radius: width / 2
                color: theme.highContrast ? "#ffd400" : "#99303848"
            }
        }

        NumberAnimation { id: pageDown; target: strip; property: "contentY"; duration: 350
                          easing.type: Easing.OutCubic }
    }

    // A round button with a chevron turned to point down (no words: it reads in any language).
    KButton {
        objectName: "stripMore"
        primary: true
        icon: "next"
        rotation: 90
        visible: strip.contentY < strip.height * 0.25 && strip.contentHeight > strip.height * 1.5
                 && reader.pageError === ""
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom
                  bottomMargin: theme.gap }
        onClicked: {
            pageDown.to = Math.min(strip.contentY + strip.height * 0.8,
                                   strip.contentHeight - strip.height)
            pageDown.restart()
        }
    }
}
