package com.schoolops.sla.notify;

import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.serde.StateSchemaContract;
import com.schoolops.sla.state.DigestSignal;
import com.schoolops.sla.state.NotifyDigest;
import com.schoolops.sla.state.NotifyPage;
import com.schoolops.sla.state.SiteSignal;
import org.apache.avro.specific.SpecificRecord;

import java.util.List;

/** notify's state upgrades: its pages, the sites' open outages, its digests and their members, and its two repartitions' records. */
class NotifyStateSchemaTest extends StateSchemaContract {
    @Override
    protected List<Class<? extends SpecificRecord>> stateTypes() {
        return List.of(NotifyPage.class, SiteSignal.class, SiteOutage.class, DigestSignal.class, NotifyDigest.class);
    }
}
