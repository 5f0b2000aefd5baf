// Search: the field, results that update as you type, the on-screen keyboard.
import QtQuick
import "../components"

Screen {
    id: screen
    property bool keyboardShown: true
    onActiveChanged: if (active) { keyboardShown = true; field.forceActiveFocus() }

    Rectangle {
        id: fieldBox
        objectName: "searchField"
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: theme.margin }
        height: theme.target * 1.2
        radius: height / 2
        color: theme.surface
        border.width: field.activeFocus ? 3 : theme.lineWidth
        border.color: field.activeFocus ? theme.accent : theme.line
        Icon {
            id: searchIcon
            anchors { left: parent.left; leftMargin: theme.gap * 1.2; verticalCenter: parent.verticalCenter }
            name: "search"; size: 44 * theme.u * theme.ts; color: theme.accent
        }
        TextInput {
            id: field
            objectName: "searchInput"
            anchors { left: searchIcon.right; right: clearButton.left; margins: theme.gap * 0.8
                      verticalCenter: parent.verticalCenter }
            font.family: theme.family
            font.pixelSize: theme.fontLarge * 1.1
            color: theme.ink
            clip: true
            selectByMouse: false
            persistentSelection: false
            inputMethodHints: Qt.ImhNoPredictiveText
            text: search.text
            // the word an input method is still composing is searched too (not in `text` yet)
            onTextEdited: search.setTypedComposing(text, preeditText, cursorPosition)
            onPreeditTextChanged: search.setComposing(preeditText, cursorPosition)
            Keys.onReturnPressed: { search.commit(); screen.keyboardShown = false }
            Connections {
                target: search
                function onTextChanged() { if (field.text !== search.text) field.text = search.text }
                // also what an input method is still composing (not in `text` yet)
                function onCleared() { field.clear() }
            }
            WordText {
                objectName: "searchHint"
                anchors.verticalCenter: parent.verticalCenter
                // not under a word an input method is composing (shown, not yet text)
                visible: field.text === "" && field.preeditText === ""
                fullText: qsTr("Gõ tên sách, chủ đề… (không dấu cũng được)")
                font: field.font
                color: theme.muted
                width: parent.width
            }
        }
        KButton {
            id: clearButton
            objectName: "clearSearch"
            anchors { right: parent.right; rightMargin: theme.gap * 0.4; verticalCenter: parent.verticalCenter }
            flat: true
            icon: "close"
            visible: search.text !== ""
            width: visible ? implicitWidth : 0
            onClicked: search.clear()
        }
    }

    WordText {
        id: status
        objectName: "searchStatus"
        anchors { left: parent.left; right: results.right; top: fieldBox.bottom
                  leftMargin: theme.margin + theme.gap; topMargin: theme.gap * 0.6 }
        fullText: search.searched === "" ? qsTr("Kết quả sẽ hiện ngay khi bạn gõ.")
            : search.moreResults ? qsTr("Hơn %1 kết quả cho “%2”").arg(search.resultCount).arg(search.text)
            : search.resultCount > 0 ? qsTr("%n kết quả cho “%1”", "", search.resultCount).arg(search.text)
            : qsTr("Không tìm thấy kết quả cho “%1”").arg(search.text)
        font.family: theme.family
        font.pixelSize: theme.fontBody
        color: theme.muted
    }

    ListView {
        id: results
        objectName: "searchResults"
        anchors { left: parent.left; top: status.bottom
                  right: theme.portrait || !screen.keyboardShown ? parent.right : keyboardBox.left
                  // The keyboard button gets a strip of its own under the list: over the
                  // list it hid the words of the last card in view.
                  bottom: showKeyboard.visible ? showKeyboard.top
                          : theme.portrait ? keyboardBox.top : parent.bottom
                  leftMargin: theme.margin; rightMargin: theme.portrait || !screen.keyboardShown ? theme.margin : theme.gap
                  topMargin: theme.gap * 0.6; bottomMargin: theme.gap }
        clip: true
        spacing: theme.gap * 0.6
        model: search.resultsModel
        // Each keystroke updates the cards in place (the model changes rows, it does not
        // remove and insert them all) and a card that leaves is kept for the next one:
        // building cards and laying out their text was most of a keystroke's time.
        reuseItems: true
        Connections {
            target: search.resultsModel
            // A new list starts at its first result, wherever the last one was scrolled to.
            function onRestarted() { if (!results.atYBeginning) results.positionViewAtBeginning() }
        }
        boundsBehavior: Flickable.StopAtBounds
        visible: !search.nothingFound
        onMovementStarted: screen.keyboardShown = false
        delegate: Rectangle {
            // A card kept for reuse keeps its last index: it answers to no result's name.
            property bool pooled: false
            ListView.onPooled: pooled = true
            ListView.onReused: pooled = false
            objectName: pooled ? "" : "result_" + index
            width: results.width
            height: Math.max(thumbBox.height + theme.gap * 0.8, resultText.height + theme.gap * 1.2)
            radius: theme.radius * 0.7
            color: theme.surface
            border.width: theme.lineWidth
            border.color: theme.line
            // One thumbnail size for every result, however long its text: the cards line up.
            Rectangle {
                id: thumbBox
                objectName: "resultThumb"
                anchors { left: parent.left; leftMargin: theme.gap * 0.6; verticalCenter: parent.verticalCenter }
                width: 90 * theme.u * Math.sqrt(theme.ts)
                height: width * 4 / 3
                radius: theme.radius * 0.3
                color: theme.surface2
                Image {
                    id: thumb
                    anchors.fill: parent
                    source: model.cover
                    sourceSize.width: Math.ceil(width)
                    fillMode: Image.PreserveAspectCrop
                    asynchronous: true
                }
                Icon {
                    anchors.centerIn: parent
                    visible: model.cover === "" || thumb.status === Image.Error
                    name: model.kind || "book"
                    size: parent.width * 0.5
                    color: theme.muted
                }
            }
            Column {
                id: resultText
                anchors { left: thumbBox.right; right: parent.right; verticalCenter: parent.verticalCenter
                          leftMargin: theme.gap * 0.8; rightMargin: theme.gap }
                spacing: 4 * theme.u
                WordText {
                    objectName: "resultTitle"
                    width: parent.width
                    fullText: model.title
                    maxLines: 2
                    font.family: theme.family
                    font.pixelSize: theme.fontBody * 1.05
                    font.weight: Font.Bold
                    color: theme.ink
                }
                Text {
                    width: parent.width
                    text: model.kindName + (model.page > 0 ? " · " + qsTr("trang %1").arg(model.page) : "")
                    font.family: theme.family
                    font.pixelSize: theme.fontSmall
                    font.weight: Font.DemiBold
                    color: theme.accent
                }
                WordText {
                    objectName: "resultSnippet"
                    width: parent.width
                    // The hits' colour comes from the theme (contrast, high-contrast mode).
                    // A card kept for reuse has no result behind it (its snippet undefined)
                    // and is worked out again too when the contrast changes.
                    fullText: (model.snippet || "").replace(/<font color="[^"]*">/g, '<font color="' + theme.hit + '">')
                    styled: true
                    maxLines: 2
                    font.family: theme.family
                    font.pixelSize: theme.fontSmall
                    color: theme.muted
                }
            }
            MouseArea { anchors.fill: parent; onClicked: visit.openHit(index) }
        }
    }

    Flickable {
        id: nothing
        objectName: "noResults"
        visible: search.nothingFound
        anchors.fill: results
        contentHeight: nothingColumn.height
        clip: true
        // Nothing visible in the whole library, where "see the whole library" would only lead
        // to an empty list.
        readonly property bool libraryEmpty: collections.libraryEmpty
        Column {
            id: nothingColumn
            width: parent.width
            spacing: theme.gap * 0.8
            // What to try next, in a few plain words, and a way out that always finds something.
            Rectangle {
                objectName: "noResultsHint"
                width: parent.width
                height: hintColumn.height + 2 * theme.gap
                radius: theme.radius * 0.7
                color: theme.surface
                border.width: theme.lineWidth
                border.color: theme.line
                Column {
                    id: hintColumn
                    x: theme.gap
                    y: theme.gap
                    width: parent.width - 2 * theme.gap
                    spacing: theme.gap * 0.5
                    Text {
                        visible: !nothing.libraryEmpty
                        width: parent.width
                        text: qsTr("Bạn thử thế này nhé:")
                        font.family: theme.family
                        font.pixelSize: theme.fontBody
                        font.weight: Font.Bold
                        color: theme.ink
                        wrapMode: Text.WordWrap
                    }
                    Repeater {
                        model: nothing.libraryEmpty
                               ? [qsTr("Thư viện hiện chưa có mục nào. Mời bạn quay lại sau.")]
                               : [qsTr("Gõ ít chữ hơn, chỉ một hai từ chính."),
                                  qsTr("Xem lại chính tả; gõ không dấu cũng được."),
                                  qsTr("Hoặc xem toàn bộ thư viện theo bộ sưu tập.")]
                        Text {
                            objectName: "noResultsLine"
                            width: hintColumn.width
                            text: "•  " + modelData
                            font.family: theme.family
                            font.pixelSize: theme.fontBody
                            color: theme.ink
                            wrapMode: Text.WordWrap
                        }
                    }
                    KButton {
                        objectName: "browseAll"
                        visible: !nothing.libraryEmpty
                        primary: true
                        icon: "book"
                        text: qsTr("Xem toàn bộ thư viện")
                        fontSize: theme.fontLarge
                        height: theme.target * 1.15
                        onClicked: visit.openCollection("new")  // i18n: collection key
                    }
                }
            }
            Text {
                visible: search.suggestions.length > 0
                text: qsTr("Có phải bạn muốn tìm:")
                font.family: theme.family
                font.pixelSize: theme.fontBody
                font.weight: Font.Bold
                color: theme.ink
            }
            Flow {
                width: parent.width
                spacing: theme.gap * 0.5
                Repeater {
                    model: search.suggestions
                    KButton {
                        objectName: "suggestion_" + index
                        text: modelData
                        onClicked: search.suggest(modelData)
                    }
                }
            }
            Shelf {
                objectName: "popularShelf"
                width: parent.width
                title: qsTr("Nhiều người đọc")
                model: search.popularModel
            }
        }
    }

    KButton {
        id: showKeyboard
        objectName: "showKeyboard"
        anchors { right: parent.right; bottom: parent.bottom; margins: theme.margin }
        visible: !screen.keyboardShown
        primary: true
        once: true  // a double tap must not land its second tap on the search key put in its place
        text: qsTr("Bàn phím")
        onClicked: screen.keyboardShown = true
        z: 2
    }

    Item {
        id: keyboardBox
        objectName: "keyboardBox"
        // Portrait: docked under the results. Landscape: beside them, so results stay tall.
        // Placed by x/y bindings alone (no anchors switched on and off): a rotation then
        // recomputes the whole geometry, where an anchor set to `undefined` left the old
        // width behind.
        x: theme.portrait ? 0 : parent.width - width
        y: parent.height - height
        width: theme.portrait ? parent.width : (screen.keyboardShown ? parent.width * 0.54 : 0)
        height: theme.portrait ? (screen.keyboardShown ? keyboard.implicitHeight + theme.margin : 0)
                               : keyboard.implicitHeight + theme.margin
        visible: screen.keyboardShown
        clip: true
        OnScreenKeyboard {
            id: keyboard
            objectName: "keyboard"
            width: theme.portrait ? Math.min(parent.width - 2 * theme.margin, 1500 * theme.u)
                                  : parent.width - theme.margin
            x: theme.portrait ? (parent.width - width) / 2 : 0
            y: 0
            onSubmitted: screen.keyboardShown = false
        }
    }
}
