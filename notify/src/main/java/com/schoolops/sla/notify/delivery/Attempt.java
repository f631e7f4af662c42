package com.schoolops.sla.notify.delivery;

/**
 * How one try to deliver went: the receiver took it; it may take it later (a connection refused, a timeout, HTTP 5xx:
 * retried with backoff, given up in the end); it said "too fast" (HTTP 429, a robot's rate limit: waited out, never given
 * up, since it takes messages again once the window passes); or it refused it for good (HTTP 400, a robot's bad
 * signature: no retry changes that, so it goes to dead-letters at once).
 */
public record Attempt(Result result, String reason) {
    public enum Result { DELIVERED, RETRY, LIMITED, REFUSED }

    public static Attempt delivered() {
        return new Attempt(Result.DELIVERED, null);
    }

    public static Attempt retry(String reason) {
        return new Attempt(Result.RETRY, reason);
    }

    public static Attempt limited(String reason) {
        return new Attempt(Result.LIMITED, reason);
    }

    public static Attempt refused(String reason) {
        return new Attempt(Result.REFUSED, reason);
    }

    /** The usual reading of an HTTP status: 2xx taken, 429 too fast, 408/425/5xx later, any other refused. */
    public static Attempt ofStatus(int status, String body) {
        if (status >= 200 && status < 300) {
            return delivered();
        }
        String reason = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        if (status == 429) {
            return limited(reason);
        }
        return status == 408 || status == 425 || status >= 500 ? retry(reason) : refused(reason);
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
