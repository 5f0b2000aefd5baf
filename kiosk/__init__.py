"""The touchscreen kiosk: QML screens over Python models that call `library`."""
