package com.schoolops.sla.serde;

import java.util.concurrent.atomic.AtomicLong;

/** How many calls a schema registry client made over the network, and how many of them failed transiently, for metrics. */
public record RegistryCalls(AtomicLong calls, AtomicLong failures) {
    public RegistryCalls() {
        this(new AtomicLong(), new AtomicLong());
    }
}
