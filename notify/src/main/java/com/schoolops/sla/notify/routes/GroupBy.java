package com.schoolops.sla.notify.routes;

import com.schoolops.sla.avro.Escalation;

import java.util.Locale;
import java.util.Set;

/**
 * A route's {@code group_by}, as Alertmanager names it: the labels whose values form one group. With {@code site} (the
 * default) each school's page is a group of its own; without it one digest spans the schools: {@code []} all of a
 * route's schools, {@code [contract]} those of one contract.
 */
public record GroupBy(Set<Label> labels) {
    public enum Label { SITE, CONTRACT }

    public static final GroupBy SITE = new GroupBy(Set.of(Label.SITE));

    public boolean acrossSites() {
        return !labels.contains(Label.SITE);
    }

    /** The group {@code e} falls in, as its digest names it: {@code *} for all, {@code contract=<id>} for one contract. */
    public String groupOf(Escalation e) {
        if (labels.contains(Label.CONTRACT)) {
            return "contract=" + (e.getContractId() == null ? "" : e.getContractId());
        }
        return "*";
    }

    static Label label(String name) {
        try {
            return Label.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a label notify groups by (site, contract)");
        }
    }
}
