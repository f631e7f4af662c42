package com.schoolops.sla.query;

import java.util.List;

/** What the query API answers of the whole application, as JSON; the items are the stages' read-side records. */
public final class Views {
    private Views() {
    }

    /** An answer of the whole application: the items, and the instances that could not answer (then it is partial). */
    /** {@code next}: where the following page starts, for the paged lists (null on the last page, and for lists not paged). */
    public record Answer<T>(List<T> items, int instances, List<String> unreachable, String next) {
        public Answer(List<T> items, int instances, List<String> unreachable) {
            this(items, instances, unreachable, null);
        }
    }
}
