package com.schoolops.sla.kpi;

import com.schoolops.sla.serde.KeySerde;
import org.apache.kafka.common.serialization.Serde;

/** One site's device counts within a scope, in the census store: the scope, then the site (a scope's sites are adjacent). */
record CensusKey(ScopeKey scope, String siteId) {
    static final Serde<CensusKey> SERDE = KeySerde.of(CensusKey::text, CensusKey::parse);

    String text() {
        return KeySerde.join(scope.text(), siteId);
    }

    static CensusKey parse(String text) {
        String[] parts = KeySerde.parts(text, 2);
        return new CensusKey(ScopeKey.parse(parts[0]), parts[1]);
    }

    /** The prefix of every census key of a scope, for a prefix scan (with a string serializer). */
    static String prefixOf(ScopeKey scope) {
        return scope.text() + KeySerde.SEP;
    }
}
