package com.schoolops.sla.notify.planner;

/** The planner's stores and the digest stage's (their names are the changelogs', so they never change). */
final class PlannerStores {
    /** Each site's open pages ({@code NotifyPage}), by site and page. */
    static final String PAGES = "notify-pages-store";
    /** When each page's next step is due: the pages' timers. */
    static final String DUE = "notify-due-store";
    /** Each site's open outage, as published. */
    static final String OUTAGES = "notify-outages-store";
    /** The digests each school's open outage is in ({@code DigestSignal}), by site and digest. */
    static final String DIGEST_MEMBERS = "notify-digest-members-store";
    /** The digest stage's digests ({@code NotifyDigest}), by route and group. */
    static final String DIGESTS = "notify-digests-store";
    /** When each digest is due next: the digests' timers. */
    static final String DIGEST_DUE = "notify-digest-due-store";

    private PlannerStores() {
    }
}
