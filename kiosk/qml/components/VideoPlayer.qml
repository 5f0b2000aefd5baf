// Video with large controls (QtMultimedia); loaded only when a video is open.
import QtQuick
import QtQuick.Controls.Basic
import QtMultimedia

Rectangle {
    id: player
    color: "#000000"
    readonly property real level: volume.effective  // the station's volume (context property)

    MediaPlayer {
        id: media
        source: reader.mediaUrl
        videoOutput: output
        audioOutput: AudioOutput { volume: player.level }
        Component.onCompleted: media.play()
    }
    Connections { target: volume; function onStopAll() { media.stop() } }

    VideoOutput { id: output; anchors.fill: parent; anchors.bottomMargin: bar.height }
    MouseArea { anchors.fill: output; onClicked: media.playbackState === MediaPlayer.PlayingState ? media.pause() : media.play() }

    Rectangle {
        id: bar
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: theme.target + 2 * theme.gap
        color: theme.bar
        Row {
            anchors { fill: parent; margins: theme.gap }
            spacing: theme.gap
            KButton {
                id: playButton
                objectName: "videoPlay"
                icon: media.playbackState === MediaPlayer.PlayingState ? "pause" : "play"
                primary: true
                onClicked: media.playbackState === MediaPlayer.PlayingState ? media.pause() : media.play()
            }
            Slider {
                objectName: "videoSeek"
                width: parent.width - playButton.width - parent.spacing
                height: theme.target
                from: 0
                to: Math.max(1, media.duration)
                value: media.position
                onMoved: media.position = value
            }
        }
    }
}
