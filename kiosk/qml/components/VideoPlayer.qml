// Video with large controls (QtMultimedia); loaded only when a video is open.
// While a scheduled bulletin is on air (`broadcast`, when the audio part is installed) the
// video is held: paused, its controls off with the reason shown, and it carries on afterwards
// if it was playing (a visitor's pause stays a pause).
// A file the decoder cannot read (ResourceError, FormatError, or media found invalid) is told
// to `reader.mediaFailed` once, which flags the item for the librarian like a broken document.
// A stall or any other error (no audio device, access) is the station's trouble, not the file's.
import QtQuick
import QtQuick.Controls.Basic
import QtMultimedia
import "clock.js" as Clock

Rectangle {
    id: player
    color: "#000000"
    readonly property real level: volume.effective  // the station's volume (context property)
    readonly property var onAir: typeof broadcast !== "undefined" ? broadcast : null
    readonly property bool held: !!onAir && onAir.active
    readonly property bool playing: media.playbackState === MediaPlayer.PlayingState
    readonly property bool failed: media.error !== MediaPlayer.NoError
                                   || media.mediaStatus === MediaPlayer.InvalidMedia
    property bool resumeAfterHold: false
    property bool reported: false  // this file's failure has been told to the reader

    function report(error, reason) {
        if (player.reported) return
        if (error !== MediaPlayer.ResourceError && error !== MediaPlayer.FormatError) return
        player.reported = true
        reader.mediaFailed(reason)
    }

    function hold() {
        if (player.playing) { player.resumeAfterHold = true; media.pause() }
    }
    function toggle() {
        if (player.held) return
        if (player.playing) media.pause(); else media.play()
    }
    onHeldChanged: {
        if (held) hold()
        else if (resumeAfterHold) { resumeAfterHold = false; media.play() }
    }

    MediaPlayer {
        id: media
        source: reader.mediaUrl
        videoOutput: output
        audioOutput: AudioOutput { volume: player.level }
        Component.onCompleted: { if (player.held) player.resumeAfterHold = true; else media.play() }
        onSourceChanged: player.reported = false
        onErrorOccurred: function(error, errorString) { player.report(error, errorString) }
        onMediaStatusChanged: if (mediaStatus === MediaPlayer.InvalidMedia)
                                  player.report(MediaPlayer.FormatError, "invalid media")
    }
    Connections { target: volume; function onStopAll() { player.resumeAfterHold = false; media.stop() } }
    // Emitted just before a bulletin goes on air (before `active` turns true).
    Connections { target: player.onAir; ignoreUnknownSignals: true; function onPauseOthers() { player.hold() } }

    VideoOutput { id: output; anchors.fill: parent; anchors.bottomMargin: bar.height }
    // A double tap pauses (or plays) once: the second tap is taken, not a second toggle.
    MouseArea { anchors.fill: output; enabled: !player.held && !player.failed
                onClicked: player.toggle(); onDoubleClicked: {} }

    // A recording (an audio item) has no picture: its kind's icon, not an empty black box
    // that looks like a video that failed to start.
    Icon {
        objectName: "videoSoundOnly"
        visible: !player.failed && media.mediaStatus !== MediaPlayer.NoMedia
                 && media.mediaStatus !== MediaPlayer.LoadingMedia && !media.hasVideo
        anchors.centerIn: output
        name: reader.kind === "audio" ? "audio" : "headphones"
        size: Math.min(output.width, output.height) * 0.35
        color: "#d8d2c4"
    }

    // A file the decoder cannot read: said in words, with the way back, instead of a black
    // screen and a play button that does nothing.
    Rectangle {
        objectName: "videoFailed"
        visible: player.failed
        anchors.centerIn: output
        width: Math.min(output.width - 2 * theme.margin, 900 * theme.u)
        height: failedColumn.height + 2 * theme.margin
        radius: theme.radius
        color: theme.surface
        border.width: theme.lineWidth
        border.color: theme.line
        Column {
            id: failedColumn
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: theme.margin }
            spacing: theme.gap
            Icon { name: "sad"; size: 110 * theme.u; color: theme.warm; anchors.horizontalCenter: parent.horizontalCenter }
            Text {
                objectName: "videoFailedText"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Video này tạm thời chưa phát được. Mời bạn chọn mục khác.")
                font.family: theme.family
                font.pixelSize: theme.fontLarge
                color: theme.ink
                wrapMode: Text.WordWrap
            }
            KButton {
                objectName: "videoFailedBack"
                anchors.horizontalCenter: parent.horizontalCenter
                primary: true
                // A clip is not a document: the same words as the card above ("mục khác").
                text: qsTr("Chọn mục khác")
                onClicked: visit.back()
            }
        }
    }

    Rectangle {
        objectName: "videoHeld"
        visible: player.held
        anchors.centerIn: output
        width: heldText.implicitWidth + theme.gap * 2
        height: heldText.implicitHeight + theme.gap
        radius: height / 2
        color: theme.bar
        Text {
            id: heldText
            anchors.centerIn: parent
            text: qsTr("Đang phát bản tin…")
            font.family: theme.family
            font.pixelSize: theme.fontLarge
            font.weight: Font.DemiBold
            color: theme.ink
        }
    }

    Rectangle {
        id: bar
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: theme.target + 2 * theme.gap
        color: theme.bar
        Row {
            anchors { fill: parent; margins: theme.gap; leftMargin: theme.margin; rightMargin: theme.margin }
            spacing: theme.gap
            KButton {
                id: playButton
                objectName: "videoPlay"
                icon: player.playing ? "pause" : "play"
                primary: true
                once: true  // a double tap must not pause and play again
                enabled: !player.held && !player.failed
                onClicked: player.toggle()
            }
            // Drawn like the reader's page slider (the style's own grey bar vanished on the
            // high-contrast black, and its small knob was hard to find).
            Slider {
                id: seek
                objectName: "videoSeek"
                width: parent.width - playButton.width - parent.spacing
                       - (timeText.visible ? timeText.implicitWidth + parent.spacing : 0)
                height: theme.target
                from: 0
                to: Math.max(1, media.duration)
                value: media.position
                enabled: !player.held && !player.failed
                onMoved: media.position = value
                background: Rectangle {
                    objectName: "videoSeekTrack"
                    x: seek.leftPadding
                    y: seek.topPadding + seek.availableHeight / 2 - height / 2
                    width: seek.availableWidth
                    height: 10 * theme.u
                    radius: height / 2
                    color: theme.track
                    border.width: theme.highContrast ? theme.lineWidth : 0
                    border.color: theme.line
                    Rectangle { objectName: "videoSeekPlayed"
                                width: seek.visualPosition * parent.width; height: parent.height
                                radius: height / 2; color: theme.accent }
                }
                handle: Rectangle {
                    objectName: "videoSeekHandle"
                    x: seek.leftPadding + seek.visualPosition * (seek.availableWidth - width)
                    y: seek.topPadding + seek.availableHeight / 2 - height / 2
                    width: theme.target * 0.7
                    height: width
                    radius: width / 2
                    color: theme.surface
                    border.width: 4
                    border.color: theme.accent
                    opacity: seek.enabled ? 1 : theme.disabledOpacity
                }
            }
            // "0:12 / 3:05", as «Nghe» shows it: how far the clip is and how long it runs
            // (the total once the file says it; a live length is not known).
            Text {
                id: timeText
                objectName: "videoTime"
                readonly property bool known: media.duration > 0
                anchors.verticalCenter: parent.verticalCenter
                visible: known && !player.failed
                text: known ? Clock.clock(media.position / 1000) + " / " + Clock.clock(media.duration / 1000)
                            : ""
                font.family: theme.family
                font.pixelSize: theme.fontBody
                font.weight: Font.DemiBold
                font.features: { "tnum": 1 }  // the digits keep their width as they tick
                color: theme.ink
            }
        }
    }
}
