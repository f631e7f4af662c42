package com.schoolops.sla.http.security;

import com.schoolops.sla.query.PeerAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** What one instance sends the others on the query API's fan-out is what their access check lets through. */
class PeersTest {
    @TempDir
    Path dir;

    @Test
    void instancesSharingAWebConfigSendEachOtherItsPeerTokenAndNoTlsWhereItSetsNone() throws Exception {
        Path file = dir.resolve("web-config.yml");
        Files.writeString(file, "basic_auth_users:\n  vera: $2a$04$abcdefghijklmnopqrstuuJ3ZqY4pWl4tSKcyC5q4m1nVnBGOBwGa\n");
        WebConfig web = WebConfig.read(file);

        PeerAccess peers = Access.peers(web);

        assertEquals(Map.of(Access.PEER_HEADER, web.peerToken()), peers.headers());
        assertTrue(peers.tls().isEmpty(), "plain HTTP: the web-config sets no tls_server_config");
    }

    @Test
    void withoutAWebConfigTheOthersAreAskedPlainlyWithNothingToShow() {
        assertEquals(Map.of(), PeerAccess.OPEN.headers());
        assertTrue(PeerAccess.OPEN.tls().isEmpty());
    }
}
