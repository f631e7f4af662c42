package com.schoolops.sla.bench;

import java.time.Duration;

import com.schoolops.sla.config.Durations;

/**
 * The routes of a district in a storm (issue 39): the service desk's WeCom robot and the on-call engineer's DingTalk robot
 * get one digest for all schools (group_by: [], continuing to the schools' routes), each school's own WeCom robot its own
 * school's page (group_by: [site], the default), and a NOC webhook whatever else comes. Each school's page is not
 * repeated up the tiers (its robot is its people; the desk has the digest). Schools are {@code site-<k>}, as the bench's fleet.
 * For comparison, a {@code flood} DingTalk robot may get the pages of the first schools too: a desk routed without a digest.
 */
public final class StormRoutes {
    public static final String DIGEST_ROUTE = "district-digest";
    public static final String DESK = "desk";
    public static final String ON_CALL = "on-call";
    public static final String NOC = "noc";
    public static final String FLOOD = "flood";

    private StormRoutes() {
    }

    /**
     * The routes file of {@code schools} schools whose receivers are paths under {@code baseUrl} ({@link #path}); the
     * first {@code flooded} schools' pages go to the flood robot too.
     */
    public static String yaml(int schools, int flooded, String baseUrl, Duration groupWait, Duration groupInterval) {
        StringBuilder y = new StringBuilder();
        y.append("defaults: {group_wait: ").append(Durations.format(groupWait)).append(", group_interval: ").append(Durations.format(groupInterval))
                .append(", repeat_interval: 0s, language: zh, zone: Asia/Shanghai}\n");
        y.append("receivers:\n");
        y.append("  - {name: ").append(DESK).append(", wecom: {url: \"").append(baseUrl).append(path(DESK)).append("\"}}\n");
        y.append("  - {name: ").append(ON_CALL).append(", dingtalk: {url: \"").append(baseUrl).append(path(ON_CALL)).append("\", secret: storm}}\n");
        y.append("  - {name: ").append(NOC).append(", webhook: {url: \"").append(baseUrl).append(path(NOC)).append("\"}}\n");
        if (flooded > 0) {
            y.append("  - {name: ").append(FLOOD).append(", dingtalk: {url: \"").append(baseUrl).append(path(FLOOD)).append("\", secret: storm}}\n");
        }
        for (int k = 0; k < schools; k++) {
            y.append("  - {name: ").append(robot(k)).append(", wecom: {url: \"").append(baseUrl).append(path(robot(k))).append("\"}}\n");
        }
        y.append("routes:\n");
        y.append("  - {name: ").append(DIGEST_ROUTE).append(", match: {type: SITE_OUTAGE}, group_by: [], receivers: [").append(DESK).append(", ")
                .append(ON_CALL).append("], continue: true}\n");
        for (int k = 0; k < schools; k++) {
            y.append("  - {name: school-").append(k).append(", match: {site: ").append(site(k)).append("}, receivers: [").append(robot(k))
                    .append(k < flooded ? ", " + FLOOD : "").append("]}\n");
        }
        y.append("  - {name: everything-else, receivers: [").append(NOC).append("]}\n");
        return y.toString();
    }

    public static String site(int k) {
        return "site-" + k;
    }

    /** The receiver of school {@code k}'s own robot. */
    public static String robot(int k) {
        return "robot-" + site(k);
    }

    /** Where a receiver's requests go under the base URL. */
    public static String path(String receiver) {
        return "/" + receiver;
    }
}
