// Volume in reach on every screen: tap to mute, − and + beside it.
import QtQuick

Row {
    spacing: theme.gap * 0.3
    KButton {
        objectName: "volumeDown"
        text: "−"
        fontSize: theme.fontLarge
        onClicked: volume.step(-10)
    }
    KButton {
        objectName: "muteButton"
        icon: volume.muted || volume.level === 0 ? "mute" : "volume"
        text: volume.muted ? "" : volume.level + "%"
        fontSize: theme.fontSmall
        checked: volume.muted
        once: true  // a double tap must not mute and unmute again
        onClicked: volume.toggleMute()
    }
    KButton {
        objectName: "volumeUp"
        text: "+"
        fontSize: theme.fontLarge
        onClicked: volume.step(10)
    }
}
