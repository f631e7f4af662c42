package com.schoolops.sla.ingest;

/** Names of the ingest stage's state stores; they name the changelog topics, so they never change. */
public final class IngestStores {
    /** Each registered device's site (deviceId -> siteId): where it was, to tell its old site when it moves or leaves. */
    public static final String DEVICE_SITES = "device-site-store";
    /** Each contract's and calendar's versions as numbered by the contract router (id -> history), the one writer of versions. */
    public static final String CONTRACT_HISTORIES = "contract-history-store";

    private IngestStores() {
    }
}
