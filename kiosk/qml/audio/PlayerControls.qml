// Play/pause, −10 s, +10 s, speed and stop for a ListenPlayer (`player`), with a progress bar.
// While the player is held (a scheduled bulletin on air) the buttons that would make sound are
// off and the play button says why; stop stays, so the visitor can still give up.
import QtQuick
import "../components"
import "../components/clock.js" as Clock

Column {
    id: controls
    property var player
    readonly property bool ready: !!player  // at shutdown the player goes first
    readonly property bool held: ready && player.held
    // The width the controls may take (0: as wide as one row of them). Narrower, the
    // buttons wrap onto a second row: in the read-along panel of a portrait screen in
    // large text, stop ran past the panel's edge.
    property real room: 0
    spacing: theme.gap * 0.4

    // Whole seconds gone by (a clock counting up does not run ahead), as every clock reads.
    function clock(ms) {
        return Clock.clock(Math.floor(Math.max(0, ms) / 1000))
    }

    Flow {
        id: buttons
        spacing: theme.gap * 0.5
        readonly property real oneRow: back.implicitWidth + toggle.implicitWidth + forward.implicitWidth
                                       + speed.implicitWidth + stop.implicitWidth + 4 * spacing
        width: controls.room > 0 ? Math.min(controls.room, oneRow) : oneRow
        KButton {
            id: back
            objectName: "listenBack"
            enabled: !controls.held
            text: qsTr("−10 giây")
            onClicked: controls.player.back()
        }
        KButton {
            id: toggle
            objectName: "listenToggle"
            once: true  // a double tap must not pause and go on again
            // Held: off, saying why at full strength (plain, not faded like ±10 s).
            primary: !controls.held
            enabled: !controls.held
            opacity: 1
            icon: controls.held ? "bulletin" : controls.ready && controls.player.playing ? "pause" : "play"
            text: !controls.ready ? "" : controls.held ? qsTr("Đang phát bản tin…")
                : controls.player.state === "loading" ? qsTr("Đang chuẩn bị…")
                : controls.player.playing ? qsTr("Tạm dừng") : qsTr("Nghe tiếp")
            onClicked: controls.player.toggle()
        }
        KButton {
            id: forward
            objectName: "listenForward"
            enabled: !controls.held
            text: qsTr("+10 giây")
            onClicked: controls.player.forward()
        }
        KButton {
            id: speed
            objectName: "listenSpeed"
            text: controls.ready ? controls.player.speed.toLocaleString(Qt.locale(qsTr("vi_VN", "locale for numbers")), "f", 2)
                                   .replace(/0$/, "") + "×" : ""
            onClicked: controls.player.nextSpeed()
        }
        KButton {
            id: stop
            objectName: "listenStop"
            icon: "close"
            onClicked: controls.player.stop()
        }
    }
    Rectangle {
        objectName: "listenProgress"
        width: buttons.width
        height: 10 * theme.u
        radius: height / 2
        color: theme.surface2
        Rectangle {
            width: controls.ready && controls.player.durationMs > 0
                   ? parent.width * Math.min(1, controls.player.positionMs / controls.player.durationMs) : 0
            height: parent.height
            radius: parent.radius
            color: theme.accent
        }
    }
    Text {
        objectName: "listenClock"
        text: controls.ready ? controls.clock(controls.player.positionMs) + " / "
                               + controls.clock(controls.player.durationMs) : ""
        color: theme.muted
        font.pixelSize: theme.fontSmall
        font.family: theme.family
    }
}
