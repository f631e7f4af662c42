package com.schoolops.sla.site;

import com.schoolops.sla.serde.StateStores;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Each site's record (contract, acceptance, go-live, calendar, language), as last read from site-registry: the site task's own. */
final class SiteRegistry {
    /** It names the changelog topic, so it never changes. */
    static final String STORE = SiteStores.REGISTRY;

    private final KeyValueStore<String, com.schoolops.sla.avro.Site> sites;

    SiteRegistry(ProcessorContext<?, ?> context) {
        this.sites = context.getStateStore(STORE);
    }

    static StoreBuilder<?> store(boolean caching) {
        return StateStores.of(STORE, com.schoolops.sla.avro.Site.class, caching);
    }

    void read(com.schoolops.sla.avro.Site site) {
        sites.put(site.getSiteId(), site);
    }

    void left(String siteId) {
        sites.delete(siteId);
    }

    com.schoolops.sla.avro.Site site(String siteId) {
        return sites.get(siteId);
    }
}
