// Scrolling for the log viewer; rows have a fixed height so an index maps to an offset.
// Following keeps the view at the bottom only while the reader has not scrolled up to read something.
const slack = 40;

function watch(element) {
    if (!element._logViewerWatched) {
        element._logViewerWatched = true;
        element._logViewerPinned = true;
        element.addEventListener('scroll', () => {
            element._logViewerPinned = element.scrollTop + element.clientHeight >= element.scrollHeight - slack;
        }, { passive: true });
    }
}

export function scrollToBottom(element) {
    if (!element) {
        return;
    }

    watch(element);
    if (element._logViewerPinned) {
        element.scrollTop = element.scrollHeight;
    }
}

export function scrollToIndex(element, index, itemSize) {
    if (!element) {
        return;
    }

    watch(element);
    element.scrollTop = Math.max(0, index * itemSize - element.clientHeight / 2);
}
