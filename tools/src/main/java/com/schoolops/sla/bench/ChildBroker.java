package com.schoolops.sla.bench;

import com.schoolops.sla.embedded.EmbeddedKafka;

import java.io.IOException;
import java.util.Map;

/** The main of the benchmark's broker JVM: a fresh temporary broker until its standard input ends. */
public final class ChildBroker {
    static final String READY = "BROKER READY ";

    private ChildBroker() {
    }

    public static void main(String[] args) throws IOException {
        try (EmbeddedKafka broker = EmbeddedKafka.start(null, 0, Map.of())) {
            System.out.println(READY + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input (or to die)
            }
        }
    }
}
