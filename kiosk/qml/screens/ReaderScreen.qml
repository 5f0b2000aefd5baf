// Reader: the page full size; swipe or tap the edges to turn, double tap or pinch to zoom,
// slider with thumbnails, contents, search inside, back to where I was. A tall poster is
// fitted to the width and flicked down (TallPage). Bulletins read as large text, videos
// play with large controls, a broken document shows a calm card.
import QtQuick
import QtQuick.Controls.Basic
import "../components"
import "../components/follow.js" as Follow

Screen {
    id: screen
    readonly property bool paged: reader.mode === "pages" || reader.mode === "loading"
    property bool tocOpen: false
    property bool findOpen: false
    // Leaving the reader also empties the search field: the next document opens without
    // the last one's words over a "not found" it was never searched for.
    onActiveChanged: if (!active) { tocOpen = false; findOpen = false; findInput.clear() }

    // ---- title (portrait) -----------------------------------------------------------------
    // The top bar is too narrow in portrait to say what the document is: the title stands
    // here instead, the full width, up to two lines (a bulletin shows it in its text).
    WordText {
        id: wideTitle
        objectName: "readerTitleWide"
        readonly property bool shown: theme.portrait && reader.mode !== "text" && reader.mode !== "none"
        visible: shown
        anchors { left: parent.left; right: parent.right; top: parent.top
                  leftMargin: theme.margin; rightMargin: theme.margin; topMargin: theme.gap * 0.4 }
        fullText: reader.title
        maxLines: 2
        font.family: theme.family
        font.pixelSize: theme.fontLarge
        font.weight: Font.Bold
        color: theme.ink
        horizontalAlignment: Text.AlignHCenter
    }
    readonly property real titleSpace: wideTitle.shown ? wideTitle.height + theme.gap * 0.4 : 0

    // ---- pages -------------------------------------------------------------------------
    Item {
        id: pageArea
        objectName: "pageArea"
        visible: screen.paged
        // Sized as if the controls were always shown, so the page size does not change
        // (and pages are not drawn twice) when a document replaces a bulletin or a video.
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: parent.bottom
                  margins: theme.gap * 0.5; topMargin: theme.gap * 0.5 + screen.titleSpace
                  bottomMargin: controls.fullHeight + theme.gap * 0.5 }
        onWidthChanged: resizeTimer.restart()
        onHeightChanged: resizeTimer.restart()
        Component.onCompleted: resizeTimer.restart()
        // Pages are drawn for the area without the bulletin banner (`bandHeight`): while it
        // shows, the area is that much shorter and the page drawn for the whole area is shown
        // scaled to fit it, its top in sight. A bulletin on air then draws no page again (nor
        // the neighbours made ready for a turn), and neither does its end.
        readonly property real drawnHeight: height + screen.bandHeight
        Timer { id: resizeTimer; interval: 30
                onTriggered: reader.setViewport(pageArea.width, pageArea.drawnHeight) }

        Flickable {
            id: pageFlick
            objectName: "pageFlick"
            anchors.fill: parent
            visible: !reader.tall
            clip: true
            interactive: reader.zoom > 1.001
            contentWidth: Math.max(width, width * reader.zoom)
            // Zoomed in, the page keeps the size it is drawn at while the banner shows: the
            // view is shorter and lower, and what was at its top stays at its top.
            function zoomHeight(zoom) { return zoom > 1.001 ? pageArea.drawnHeight : height }
            contentHeight: Math.max(height, zoomHeight(reader.zoom) * reader.zoom)
            boundsBehavior: Flickable.StopAtBounds
            property real shownZoom: 1

            // Zooming (buttons, pinch) keeps the middle of the view where it was on the page,
            // as on a tall poster: a wide banner (8000×1080) fitted whole is a thin band in the
            // middle, and zoomed about the corner it would leave the screen; zoomed about the
            // middle it stays in view and the visitor pans along it. (A double tap then moves
            // the view to the point tapped.)
            Connections {
                target: reader
                function onZoomChanged() {
                    var factor = reader.zoom / pageFlick.shownZoom
                    pageFlick.shownZoom = reader.zoom
                    if (reader.tall || Math.abs(factor - 1) < 1e-3) return
                    var w = Math.max(pageFlick.width, pageFlick.width * reader.zoom)
                    var h = Math.max(pageFlick.height, pageFlick.zoomHeight(reader.zoom) * reader.zoom)
                    var cx = (pageFlick.contentX + pageFlick.width / 2) * factor - pageFlick.width / 2
                    var cy = (pageFlick.contentY + pageFlick.height / 2) * factor - pageFlick.height / 2
                    pageFlick.contentX = Math.max(0, Math.min(cx, w - pageFlick.width))
                    pageFlick.contentY = Math.max(0, Math.min(cy, h - pageFlick.height))
                }
            }

            // Read aloud on a zoomed-in page: the spoken word stays in view, as on a tall
            // poster (TallPage). When the voice reaches a word outside the view, the page
            // brings it to the upper third (and sideways into view); never while a finger
            // or a flick moves the page. At the page's own size everything is in view.
            readonly property var player: typeof listenPlayer !== "undefined" ? listenPlayer : null
            readonly property bool reading: !reader.tall && reader.imagePage === reader.page
                                            && Follow.readsPage(player, reader)
            Connections {
                target: pageFlick.reading ? pageFlick.player : null
                function onWordChanged() { pageFlick.followWord() }
            }
            function followWord() {
                var boxes = reading ? player.wordBoxes : []
                if (!visible || reader.zoom <= 1.001 || boxes.length === 0 || swipe.pressed)
                    return
                var box = boxes[0]
                var w = pageImage.paintedWidth, h = pageImage.paintedHeight
                var left = pageImage.x + (pageImage.width - w) / 2
                var top = pageImage.y + (pageImage.height - h) / 2
                Follow.follow(pageFlick, left + box.x * w, top + box.y * h,
                              left + (box.x + box.w) * w, top + (box.y + box.h) * h)
            }

            Item {
                id: pinch
                width: pageFlick.contentWidth
                height: pageFlick.contentHeight
                ZoomPinch {}

                Image {
                    id: pageImage
                    objectName: "pageImage"
                    width: Math.floor(pageArea.width * reader.zoom)
                    height: Math.floor(pageFlick.zoomHeight(reader.zoom) * reader.zoom)
                    x: swipe.offset
                    source: reader.pageImage
                    fillMode: Image.PreserveAspectFit
                    cache: false
                    smooth: reader.zoom > 1.001 || screen.bandHeight > 0  // scaled to fit
                    HitMarks {  // over the page as painted (centred in the image item)
                        x: (pageImage.width - width) / 2
                        y: (pageImage.height - height) / 2
                        width: pageImage.paintedWidth
                        height: pageImage.paintedHeight
                    }
                }

                MouseArea {
                    id: swipe
                    objectName: "pageTouch"
                    anchors.fill: parent
                    property real startX: 0
                    property real offset: 0
                    property bool dragging: false
                    readonly property real threshold: 90 * theme.u
                    onPressed: function(m) { startX = m.x; dragging = false; doubled = false }
                    onPositionChanged: function(m) {
                        if (reader.zoom > 1.001) return
                        var dx = m.x - startX
                        if (Math.abs(dx) > 12 * theme.u) dragging = true
                        if (dragging) offset = dx
                    }
                    // A tap near an edge turns the page at once, and a second quick tap
                    // there turns the next one: a visitor leafing through taps fast. So a
                    // double tap zooms only away from the edges (or out, anywhere, when
                    // zoomed in), and the release that ends it turns nothing.
                    property bool doubled: false
                    readonly property real edgeBand: 0.22
                    function atEdge(x) { return x < pageArea.width * edgeBand || x > pageArea.width * (1 - edgeBand) }
                    onReleased: function(m) {
                        var dx = m.x - startX
                        offset = 0
                        if (doubled) {
                            doubled = false
                        } else if (reader.zoom <= 1.001 && Math.abs(dx) > threshold) {
                            if (dx < 0) reader.next(); else reader.previous()
                        } else if (!dragging && reader.zoom <= 1.001 && atEdge(m.x)) {
                            if (m.x < pageArea.width * edgeBand) reader.previous(); else reader.next()
                        }
                        dragging = false
                    }
                    onDoubleClicked: function(m) {
                        if (reader.zoom <= 1.001 && atEdge(m.x))
                            return  // the second of two quick turns (its release turns)
                        doubled = true
                        var fx = m.x / width, fy = m.y / height
                        reader.toggleZoom()
                        // Within the page: past its end the view sprang back, and that
                        // moving view took the next tap (a double tap to zoom out did nothing).
                        pageFlick.contentX = Math.max(0, Math.min(fx * pageFlick.contentWidth - pageFlick.width / 2,
                                                                  pageFlick.contentWidth - pageFlick.width))
                        pageFlick.contentY = Math.max(0, Math.min(fy * pageFlick.contentHeight - pageFlick.height / 2,
                                                                  pageFlick.contentHeight - pageFlick.height))
                    }
                }
            }
        }

        TallPage {
            anchors.fill: parent
            visible: reader.tall && screen.paged
        }

        Column {
            anchors.centerIn: parent
            width: Math.min(parent.width - 2 * theme.target, 900 * theme.u)
            spacing: theme.gap
            visible: reader.mode === "loading" || (reader.pageImage === "" && screen.paged)
            Icon {
                visible: reader.pageError !== ""
                name: "sad"; size: 110 * theme.u; color: theme.warm
                anchors.horizontalCenter: parent.horizontalCenter
            }
            Text {
                objectName: "pageMessage"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: reader.pageError !== "" ? reader.pageError : qsTr("Đang mở trang…")
                font.family: theme.family
                font.pixelSize: theme.fontLarge
                color: reader.pageError !== "" ? theme.ink : theme.muted
            }
            // A poster none of which could be drawn: the visitor may ask for it again (the
            // document worker restarts after a fault; the next try may well draw it).
            RetryButton {
                objectName: "pageRetry"
                visible: reader.tall && reader.pageError !== ""
                anchors.horizontalCenter: parent.horizontalCenter
            }
        }

        // Edge hints: big arrows where a tap turns the page. Not while the contents or the
        // search panel is open: half an arrow stuck out from under it (portrait).
        Repeater {
            model: [{ name: "prevZone", icon: "back", left: true }, { name: "nextZone", icon: "next", left: false }]
            Rectangle {
                objectName: modelData.name
                visible: reader.zoom <= 1.001 && reader.mode === "pages" && !reader.tall
                         && !screen.findOpen && !screen.tocOpen
                         && (modelData.left ? reader.page > 1 : reader.page < reader.pageCount)
                anchors.verticalCenter: parent.verticalCenter
                x: modelData.left ? theme.gap * 0.5 : parent.width - width - theme.gap * 0.5
                width: theme.target
                height: theme.target * 1.4
                radius: theme.radius * 0.6
                color: theme.highContrast ? "#000000" : "#991f2430"
                border.width: theme.highContrast ? 2 : 0
                border.color: "#ffffff"
                Icon { anchors.centerIn: parent; name: modelData.icon; size: parent.width * 0.55; color: "#ffffff" }
                MouseArea { anchors.fill: parent; onClicked: modelData.left ? reader.previous() : reader.next() }
            }
        }
    }

    // ---- page controls ------------------------------------------------------------------
    Rectangle {
        id: controls
        objectName: "readerControls"
        visible: screen.paged
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        readonly property real fullHeight: controlsGrid.height + theme.gap * 1.2
        height: visible ? fullHeight : 0
        color: theme.bar
        Rectangle { width: parent.width; height: theme.lineWidth; color: theme.line }

        Item {
            id: controlsGrid
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                      leftMargin: theme.margin; rightMargin: theme.margin }
            // The player's controls ("Nghe" while reading this page) are wide: beside the
            // page tools while the page slider keeps a thumb's travel (300 units), else on a
            // row of their own (always when they would not fit beside the tools in portrait).
            readonly property real rowGap: theme.gap * 0.6
            readonly property bool listenShown: !!listenSlot.item && listenSlot.item.visible
                                                && listenSlot.width > 0
            readonly property real besideWidth: listenShown ? listenSlot.width + theme.gap * 0.5 : 0
            readonly property bool listenOwnRow: listenShown
                && (theme.portrait ? tools.width + besideWidth > width
                                   : width - tools.width - besideWidth - theme.gap - prevButton.width
                                     - nextButton.width - pageLabel.width - 3 * sliderRow.spacing
                                     < 300 * theme.u)
            readonly property real toolsHeight: listenOwnRow
                ? tools.height + rowGap + listenSlot.height
                : Math.max(tools.height, listenShown ? listenSlot.height : 0)
            height: theme.portrait ? sliderRow.height + rowGap + toolsHeight
                                   : listenOwnRow ? Math.max(sliderRow.height, tools.height) + rowGap + listenSlot.height
                                   : Math.max(sliderRow.height, toolsHeight)

            Row {
                id: sliderRow
                y: theme.portrait ? 0 : controlsGrid.listenOwnRow ? 0 : (controlsGrid.height - height) / 2
                width: theme.portrait ? controlsGrid.width
                       : controlsGrid.width - tools.width - theme.gap
                         - (controlsGrid.listenOwnRow ? 0 : controlsGrid.besideWidth)
                spacing: theme.gap * 0.6
                KButton { id: prevButton; objectName: "prevButton"; icon: "back"; enabled: reader.page > 1; onClicked: reader.previous() }
                Slider {
                    id: slider
                    objectName: "pageSlider"
                    width: sliderRow.width - prevButton.width - nextButton.width - pageLabel.width - 3 * sliderRow.spacing
                    height: theme.target
                    from: 1
                    to: Math.max(2, reader.pageCount)
                    stepSize: 1
                    snapMode: Slider.SnapAlways
                    enabled: reader.pageCount > 1
                    value: reader.page
                    onMoved: reader.requestThumb(Math.round(value))
                    onPressedChanged: if (!pressed && Math.round(value) !== reader.page) reader.jump(Math.round(value))
                    background: Rectangle {
                        x: slider.leftPadding
                        y: slider.topPadding + slider.availableHeight / 2 - height / 2
                        width: slider.availableWidth
                        height: 10 * theme.u
                        radius: height / 2
                        color: theme.track  // a control: ≥ 3:1 on the bar (surface2 was 1.19:1)
                        // High contrast: the track's far end would be black on black.
                        border.width: theme.highContrast ? theme.lineWidth : 0
                        border.color: theme.line
                        Rectangle { width: slider.visualPosition * parent.width; height: parent.height
                                    radius: height / 2; color: theme.accent }
                    }
                    handle: Rectangle {
                        x: slider.leftPadding + slider.visualPosition * (slider.availableWidth - width)
                        y: slider.topPadding + slider.availableHeight / 2 - height / 2
                        width: theme.target * 0.7
                        height: width
                        radius: width / 2
                        color: theme.surface
                        border.width: 4
                        border.color: theme.accent
                    }
                    Rectangle {
                        id: bubble
                        objectName: "thumbBubble"
                        visible: slider.pressed
                        x: slider.leftPadding + slider.visualPosition * (slider.availableWidth - width / 2) - width / 4
                        y: -height - theme.gap
                        width: 200 * theme.u
                        height: width * 1.45
                        radius: theme.radius * 0.5
                        color: theme.surface
                        border.width: 2
                        border.color: theme.accent
                        property string thumb: ""
                        Image { anchors.fill: parent; anchors.margins: 6; source: bubble.thumb; fillMode: Image.PreserveAspectFit }
                        Text {
                            anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom; bottomMargin: 8 }
                            text: qsTr("Trang %1").arg(Math.round(slider.value))
                            font.family: theme.family; font.pixelSize: theme.fontSmall; font.weight: Font.Bold
                            color: theme.ink
                        }
                        Connections {
                            target: reader
                            function onThumbReady(page, url) { if (page === Math.round(slider.value)) bubble.thumb = url }
                        }
                    }
                }
                Text {
                    id: pageLabel
                    objectName: "pageLabel"
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("Trang %1/%2").arg(reader.page).arg(reader.pageCount)
                    font.family: theme.family
                    font.pixelSize: theme.fontBody
                    font.weight: Font.DemiBold
                    color: theme.ink
                }
                KButton { id: nextButton; objectName: "nextButton"; icon: "next"; enabled: reader.page < reader.pageCount; onClicked: reader.next() }
            }

            Row {
                id: tools
                spacing: theme.gap * 0.5
                readonly property real besideWidth: controlsGrid.listenOwnRow ? 0 : controlsGrid.besideWidth
                x: theme.portrait ? (controlsGrid.width - width - besideWidth) / 2
                                  : controlsGrid.width - width - besideWidth
                y: theme.portrait ? sliderRow.height + controlsGrid.rowGap
                                    + (controlsGrid.listenOwnRow ? 0 : (controlsGrid.toolsHeight - height) / 2)
                   : controlsGrid.listenOwnRow ? (Math.max(sliderRow.height, height) - height) / 2
                   : (controlsGrid.height - height) / 2
                KButton { objectName: "returnButton"; icon: "return"; visible: reader.returnPage > 0
                          text: qsTr("Về trang %1").arg(reader.returnPage); onClicked: reader.returnBack() }
                // `once`: opens or closes its panel; a double tap must not close it again at once
                KButton { objectName: "tocButton"; icon: "toc"; visible: reader.toc.length > 0
                          once: true; checked: screen.tocOpen; onClicked: { screen.tocOpen = !screen.tocOpen; screen.findOpen = false } }
                KButton { objectName: "findButton"; icon: "search"; checked: screen.findOpen; once: true
                          onClicked: { screen.findOpen = !screen.findOpen; screen.tocOpen = false } }
                KButton { objectName: "zoomOut"; icon: "zoomout"; enabled: reader.zoom > 1.001; onClicked: reader.zoomStep(-1) }
                KButton { objectName: "zoomIn"; icon: "zoomin"; enabled: reader.zoom < 3.99; onClicked: reader.zoomStep(1) }
            }
            Loader {
                id: listenSlot
                objectName: "readerListenSlot"
                // Slot: the audio player's "Nghe" (item, page, compact) — read this page aloud.
                // Right of the tools, or (`listenOwnRow`) centred on a row under them.
                // Not on a document of page pictures alone: it could only say, page after
                // page, that there is nothing to read.
                active: slots.listen.toString() !== "" && reader.itemId !== "" && reader.hasText
                source: slots.listen
                x: controlsGrid.listenOwnRow ? Math.max(0, (controlsGrid.width - width) / 2)
                                             : tools.x + tools.width + theme.gap * 0.5
                y: controlsGrid.listenOwnRow ? controlsGrid.height - height
                                             : tools.y + (tools.height - height) / 2
                onLoaded: { item.item = Qt.binding(function() { return visit.detail })
                            if (item.page !== undefined) item.page = Qt.binding(function() { return reader.page })
                            if (item.compact !== undefined) item.compact = true }
            }
        }
    }

    // ---- contents -------------------------------------------------------------------------
    Rectangle {
        id: tocPanel
        objectName: "tocPanel"
        visible: screen.tocOpen
        // Below the portrait title, which it would otherwise cut in half.
        anchors { right: parent.right; top: parent.top; bottom: controls.top; margins: theme.gap
                  topMargin: theme.gap + screen.titleSpace }
        width: Math.min(parent.width - 2 * theme.gap, 640 * theme.u)
        radius: theme.radius
        color: theme.surface
        border.width: 2
        border.color: theme.line
        z: 3
        ListView {
            id: tocList
            anchors { fill: parent; margins: theme.gap }
            clip: true
            model: reader.toc
            header: SectionTitle { text: qsTr("Mục lục"); bottomPadding: theme.gap * 0.5 }
            delegate: Rectangle {
                objectName: "toc_" + index
                width: tocList.width
                height: Math.max(theme.target, tocText.height + theme.gap)
                color: modelData.page === reader.page ? theme.surface2 : "transparent"
                radius: theme.radius * 0.4
                // Indented by level, up to the sixth: a deeper outline (a broken export can
                // nest hundreds) would squeeze the title to nothing at the panel's edge.
                Text {
                    id: tocText
                    objectName: "tocTitle"
                    anchors { left: parent.left; right: pageNo.left; verticalCenter: parent.verticalCenter
                              leftMargin: theme.gap * (0.4 + 0.8 * Math.min(modelData.level - 1, 5))
                              rightMargin: theme.gap }
                    text: modelData.title
                    wrapMode: Text.WordWrap
                    font.family: theme.family
                    font.pixelSize: theme.fontBody
                    font.weight: modelData.level === 1 ? Font.DemiBold : Font.Normal
                    color: theme.ink
                }
                Text {
                    id: pageNo
                    anchors { right: parent.right; rightMargin: theme.gap * 0.4; verticalCenter: parent.verticalCenter }
                    text: modelData.page
                    font.family: theme.family
                    font.pixelSize: theme.fontBody
                    color: theme.muted
                }
                MouseArea { anchors.fill: parent; onClicked: { reader.jump(modelData.page); screen.tocOpen = false } }
            }
        }
    }

    // ---- search inside the document -------------------------------------------------------
    Rectangle {
        id: findPanel
        objectName: "findPanel"
        visible: screen.findOpen
        // On a low screen in large text the panel gives up its gap above the controls
        // before it slides under the top bar.
        anchors { horizontalCenter: parent.horizontalCenter; bottom: controls.top
                  bottomMargin: Math.max(0, Math.min(theme.gap, controls.y - height)) }
        width: Math.min(parent.width - 2 * theme.gap, 1300 * theme.u)
        height: findColumn.height + 2 * theme.gap
        radius: theme.radius
        color: theme.surface
        border.width: 2
        border.color: theme.line
        z: 3
        Column {
            id: findColumn
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: theme.gap }
            spacing: theme.gap * 0.6
            Row {
                spacing: theme.gap * 0.6
                width: parent.width
                Rectangle {
                    width: parent.width - findClose.width - parent.spacing
                    height: theme.target
                    radius: height / 2
                    border.width: 2
                    border.color: theme.accent
                    color: theme.surface
                    Text {
                        objectName: "findText"
                        anchors { left: parent.left; right: parent.right; leftMargin: theme.gap; verticalCenter: parent.verticalCenter }
                        text: findInput.text !== "" ? findInput.text : qsTr("Tìm trong tài liệu này…")
                        color: findInput.text !== "" ? theme.ink : theme.muted
                        font.family: theme.family
                        font.pixelSize: theme.fontLarge
                        elide: Text.ElideRight
                    }
                }
                KButton { id: findClose; icon: "close"; onClicked: { screen.findOpen = false; findInput.clear(); reader.clearFind() } }
            }
            Text {
                id: findStatus
                objectName: "findStatus"
                width: parent.width
                visible: findInput.text !== ""
                text: reader.hitPages.length > 0 ? qsTr("Có ở trang (chạm để xem):")
                      : reader.hasText ? qsTr("Không thấy trong tài liệu này.")
                      : qsTr("Tài liệu này chỉ có hình ảnh, không có chữ để tìm.")
                font.family: theme.family
                font.pixelSize: theme.fontBody
                font.weight: Font.DemiBold
                color: theme.accent
                wrapMode: Text.WordWrap
            }
            // Each page with a hit is a button that opens it; the page shown is marked.
            // Many hits scroll inside two rows, so the keyboard keeps its place — inside one
            // where two would push the search field up under the top bar (a low screen).
            Flickable {
                id: hitPagesView
                objectName: "findPages"
                // What the panel can give the hits between the controls and the screen's top.
                readonly property real room: controls.y - 4 * theme.gap - theme.target
                                             - findStatus.height - findKeyboard.height
                                             - 3 * findColumn.spacing
                width: parent.width
                visible: findInput.text !== "" && reader.hitPages.length > 0
                height: Math.min(hitFlow.height,
                                 room >= theme.target * 2 + hitFlow.spacing
                                 ? theme.target * 2 + hitFlow.spacing : theme.target)
                contentHeight: hitFlow.height
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                Flow {
                    id: hitFlow
                    width: hitPagesView.width
                    spacing: theme.gap * 0.4
                    Repeater {
                        model: reader.hitPages
                        KButton {
                            objectName: "findPage_" + modelData
                            text: modelData
                            fontSize: theme.fontLarge
                            width: Math.max(implicitWidth, theme.target * 1.2)
                            checked: modelData === reader.page
                            onClicked: { reader.jump(modelData); screen.findOpen = false }
                        }
                    }
                }
            }
            OnScreenKeyboard {
                id: findKeyboard
                objectName: "findKeyboard"
                width: parent.width
                target: findInput
                onSubmitted: screen.findOpen = false
            }
        }
    }

    // ---- text (bulletins) ---------------------------------------------------------------------
    Flickable {
        id: textView
        objectName: "textView"
        visible: reader.mode === "text"
        anchors.fill: parent
        contentHeight: textColumn.height + 2 * theme.margin
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        Column {
            id: textColumn
            width: Math.min(textView.width - 2 * theme.margin, 1200 * theme.u * theme.ts)
            x: (textView.width - width) / 2
            y: theme.margin
            spacing: theme.gap
            Text {
                width: parent.width
                text: reader.title
                font.family: theme.family
                font.pixelSize: theme.fontTitle
                font.weight: Font.Bold
                color: theme.ink
                wrapMode: Text.WordWrap
            }
            Loader {
                id: textListen
                objectName: "textListenSlot"
                // Slot: the audio player's "Nghe" for a bulletin (item, compact=false). The text
                // is shown once, below, so the slot shows its controls only (readAlong=false).
                active: slots.listen.toString() !== "" && reader.mode === "text"
                source: slots.listen
                onLoaded: { item.item = Qt.binding(function() { return visit.detail })
                            if (item.compact !== undefined) item.compact = false
                            if (item.readAlong !== undefined) item.readAlong = false }
            }
            RecordingNote {
                // A bulletin filed as a sound file: its content is the recording ("Nghe" above).
                id: textRecording
                objectName: "bulletinRecording"
                item: visit.detail && visit.detail.itemId === reader.itemId ? visit.detail : ({})
                fontSize: theme.fontLarge
            }
            Text {
                objectName: "bulletinEmpty"
                visible: reader.mode === "text" && reader.text.trim() === "" && !textRecording.visible
                width: parent.width
                text: qsTr("Bản tin chưa có nội dung")
                font.family: theme.family
                font.pixelSize: theme.fontLarge
                color: theme.muted
                wrapMode: Text.WordWrap
            }
            Text {
                id: bulletinText
                objectName: "bulletinText"
                // While this bulletin is read aloud its own text lights up word by word.
                readonly property var listen: textListen.item
                readonly property bool reading: !!listen && listen.mine === true
                                                && typeof listen.highlight === "function"
                visible: text !== ""
                width: parent.width
                textFormat: reading ? Text.RichText : Text.PlainText
                text: reading ? listen.highlight(reader.text) : reader.text
                font.family: theme.family
                font.pixelSize: theme.fontLarge
                lineHeight: 1.35
                color: theme.ink
                wrapMode: Text.WordWrap
            }
        }
        // Keep the spoken word on screen: when it leaves the view, scroll it to the upper third.
        Connections {
            target: bulletinText.reading ? bulletinText.listen.player : null
            function onWordChanged() {
                var p = bulletinText.listen.player
                if (!p || p.wordStart < 0 || p.text.length === 0) return
                var top = textColumn.y + bulletinText.y
                var y = top + bulletinText.height * p.wordStart / p.text.length
                if (y > textView.contentY + theme.fontLarge && y < textView.contentY + textView.height * 0.8)
                    return
                textView.contentY = Math.max(0, Math.min(textView.contentHeight - textView.height,
                                                         y - textView.height / 3))
            }
        }
    }

    // ---- video ----------------------------------------------------------------------------------
    Loader {
        id: videoView
        objectName: "videoView"
        anchors.fill: parent
        anchors.topMargin: screen.titleSpace
        active: reader.mode === "video"
        source: "../components/VideoPlayer.qml"
    }

    // ---- broken ---------------------------------------------------------------------------------
    Rectangle {
        id: brokenCard
        objectName: "brokenCard"
        visible: reader.mode === "broken"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * theme.margin, 900 * theme.u)
        height: brokenColumn.height + 2 * theme.margin
        radius: theme.radius
        color: theme.surface
        border.width: theme.lineWidth
        border.color: theme.line
        Column {
            id: brokenColumn
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: theme.margin }
            spacing: theme.gap
            Icon { name: "sad"; size: 110 * theme.u; color: theme.warm; anchors.horizontalCenter: parent.horizontalCenter }
            Text {
                objectName: "brokenText"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: reader.error
                font.family: theme.family
                font.pixelSize: theme.fontLarge
                color: theme.ink
                wrapMode: Text.WordWrap
            }
            KButton {
                objectName: "brokenBack"
                anchors.horizontalCenter: parent.horizontalCenter
                primary: true
                text: qsTr("Chọn tài liệu khác")
                onClicked: visit.back()
            }
        }
    }
}
