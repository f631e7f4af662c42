package com.schoolops.sla.notify.routes;

import com.schoolops.sla.avro.Escalation;

import java.util.List;
import java.util.Map;

/** The routes file, checked: receivers by name, and the routes in order, the last one a catch-all. First match wins. */
public record Routes(Map<String, ReceiverSpec> receivers, List<Route> routes) {

    /** The route of {@code e} when its message goes to {@code tier}: always one, since the last takes everything. */
    public Route route(Escalation e, int tier) {
        return routes.stream().filter(r -> r.match().matches(e, tier)).findFirst().orElseThrow();
    }

    public Route named(String name) {
        return routes.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no route " + name));
    }
}
