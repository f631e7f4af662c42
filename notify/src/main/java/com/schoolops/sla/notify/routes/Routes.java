package com.schoolops.sla.notify.routes;

import com.schoolops.sla.avro.Escalation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The routes file, checked: receivers by name, and the routes in order, the last one a catch-all. First match wins;
 * a digest route with {@code continue} passes what it takes on to the routes after it.
 */
public record Routes(Map<String, ReceiverSpec> receivers, List<Route> routes) {

    /**
     * The route of a site's page for {@code e} when its message goes to {@code tier}: the first match that is not a
     * continuing digest route. Always one, since the last takes everything; one that sends nothing when a digest
     * route without continue took {@code e}.
     */
    public Route route(Escalation e, int tier) {
        for (Route r : routes) {
            if (r.match().matches(e, tier)) {
                if (!r.digests()) {
                    return r;
                }
                if (!r.continues()) {
                    return r.silent();
                }
            }
        }
        throw new IllegalStateException("the last route takes everything");
    }

    /** The digest routes {@code e} joins at {@code tier}: those it meets before the route that takes it for good. */
    public List<Route> digests(Escalation e, int tier) {
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            if (r.match().matches(e, tier)) {
                if (!r.digests()) {
                    break;
                }
                out.add(r);
                if (!r.continues()) {
                    break;
                }
            }
        }
        return out;
    }

    public Route named(String name) {
        return routes.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no route " + name));
    }
}
