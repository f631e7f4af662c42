package com.schoolops.sla.query;

import javax.net.ssl.SSLContext;
import java.util.Map;
import java.util.Optional;

/**
 * How this instance asks the others for their parts: over HTTPS trusting {@code tls} where the HTTP side speaks TLS,
 * with {@code headers} (the peer token where it has logins). What they are is the HTTP side's security
 * ({@code http.security.Access#peers}); the query layer only sends them.
 */
public record PeerAccess(Optional<SSLContext> tls, Map<String, String> headers) {
    /** Plain HTTP, nothing to show: the HTTP side without a web-config. */
    public static final PeerAccess OPEN = new PeerAccess(Optional.empty(), Map.of());

    public PeerAccess {
        headers = Map.copyOf(headers);
    }
}
