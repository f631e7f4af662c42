package com.schoolops.sla.health;

import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.state.KpiFact;
import org.apache.kafka.common.serialization.Serde;

/** The changes of one site's device counts under one contract, in the census-change store: the site, then the contract. */
record CensusChangeKey(String siteId, String contractId) {
    static final Serde<CensusChangeKey> SERDE = KeySerde.of(CensusChangeKey::text, CensusChangeKey::parse);

    static CensusChangeKey of(KpiFact change) {
        return new CensusChangeKey(change.getSiteId(), change.getContractId());
    }

    String text() {
        return KeySerde.join(siteId, contractId);
    }

    static CensusChangeKey parse(String text) {
        String[] parts = KeySerde.parts(text, 2);
        return new CensusChangeKey(parts[0], parts[1]);
    }
}
