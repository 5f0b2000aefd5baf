// Keeping the spoken word in view, for a page read aloud (zoomed-in page, tall poster): one
// rule, so the whole page and the poster follow the voice alike.
.pragma library

// Whether `player` (the "Nghe" player, or null) is reading the page `reader` shows now.
function readsPage(player, reader) {
    return !!player && reader.itemId !== "" && player.readingItem === reader.itemId
           && player.readingPage === reader.page
}

// Scrolls the Flickable `view` so the word's box (x0, y0)–(x1, y1), in the view's content
// coordinates, is seen. Above the view or below 80 % of its height (the voice went on
// below, or the visitor scrolled away), the word comes to a third of the way down: the
// visitor sees it with the lines that follow. Sideways out of view, likewise to a third
// of the width. Always within the content; never while a finger or a flick moves the
// view (the visitor's own scrolling wins).
function follow(view, x0, y0, x1, y1) {
    if (view.dragging || view.flicking)
        return
    if (y0 < view.contentY || y1 > view.contentY + view.height * 0.8)
        view.contentY = Math.max(0, Math.min(y0 - view.height / 3, view.contentHeight - view.height))
    if (x0 < view.contentX || x1 > view.contentX + view.width)
        view.contentX = Math.max(0, Math.min(x0 - view.width / 3, view.contentWidth - view.width))
}
