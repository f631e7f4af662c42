package com.schoolops.sla.policy;

/** Names of the policy's state stores; they name the changelog topics, so they never change. */
public final class PolicyStores {
    /** Every accepted version of every contract and calendar, on every instance (a global store of {@code sla-contract-versions}). */
    public static final String CONTRACT_VERSIONS = "contract-versions-store";

    private PolicyStores() {
    }
}
