package com.schoolops.sla.site;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Each site's record from site-registry as readers outside the engine see it (the query API): which contract a site is
 * under, for the scopes of the HTTP side (SPEC section 12). Read from the site task's own copy, on the instance whose
 * active task holds the site.
 */
public final class SiteRegistryReadSide {
    /** A site as registered: its name, contract, own calendar (null: the contract's) and language. */
    public record SiteRegistration(String siteId, String name, String contractId, String calendarId, String language) {
    }

    private final KafkaStreams streams;

    public SiteRegistryReadSide(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The site's record, or null when it has none or no active task of this instance holds it. */
    public SiteRegistration registration(String siteId) {
        com.schoolops.sla.avro.Site site = streams.store(StoreQueryParameters.fromNameAndType(SiteStores.REGISTRY,
                QueryableStoreTypes.<String, com.schoolops.sla.avro.Site>keyValueStore())).get(siteId);
        return site == null ? null : new SiteRegistration(site.getSiteId(), site.getName(), site.getContractId(), site.getCalendarId(),
                site.getLanguage());
    }

    /** Which instance holds a site's record (null or NOT_AVAILABLE while the group rebalances). */
    public KeyQueryMetadata holderOfSite(String siteId) {
        return streams.queryMetadataForKey(SiteStores.REGISTRY, siteId, Serdes.String().serializer());
    }
}
