package com.schoolops.sla.notify.planner;

import com.schoolops.sla.state.NotifyPage;

/**
 * A page's key: its site and its id. In {@code notify-pages-store} it is {@code siteId|pageId} (a site's pages are one
 * prefix scan); as the subject of the page's timer, {@code siteId} and {@code pageId} joined by NUL, read back exactly.
 */
record PageKey(String siteId, String pageId) {
    private static final char TIMER_SEPARATOR = '\u0000';

    static PageKey of(NotifyPage page) {
        return new PageKey(page.getSiteId(), page.getPageId());
    }

    /** The key in the pages store. */
    String text() {
        return siteId + "|" + pageId;
    }

    String timerId() {
        return siteId + TIMER_SEPARATOR + pageId;
    }

    static PageKey ofTimerId(String id) {
        int at = id.indexOf(TIMER_SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("a page's timer id is siteId NUL pageId, not " + id);
        }
        return new PageKey(id.substring(0, at), id.substring(at + 1));
    }
}
