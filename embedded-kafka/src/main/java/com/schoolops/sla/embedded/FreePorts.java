package com.schoolops.sla.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports on localhost that nothing listens on now: for brokers, their controllers and child JVMs' HTTP sides. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port the OS has just handed out and taken back; the caller binds it soon after. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on localhost", e);
        }
    }
}
