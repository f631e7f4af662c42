package com.schoolops.sla.http;

import com.schoolops.sla.config.DeclaredSettings;
import com.schoolops.sla.config.Setting;

import java.util.List;

import static com.schoolops.sla.config.Setting.Type.*;

/**
 * The settings of the HTTP side of {@code run} and {@code demo}: console, query API, metrics, probes, login.
 */
public final class HttpSettings extends DeclaredSettings {
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised-host";
    public static final String HTTP_WEB_CONFIG = "http.web-config";
    public static final String HTTP_OPEN_PROBES = "http.open-probes";
    public static final String HTTP_MAX_STREAMS = "http.max-streams";
    public static final String HTTP_ZONE = "http.zone";
    public static final String HTTP_SESSION_IDLE = "http.session-idle";
    public static final String HTTP_SESSION_LIFETIME = "http.session-lifetime";

    /** The one instance; the class path's service loader makes its own. */
    public static final HttpSettings CATALOGUE = new HttpSettings();

    public HttpSettings() {
        super("http", List.of(
                new Setting(HTTP_PORT, WHOLE_NUMBER, "8080", "Port of the HTTP side of `run` and `demo`: the console at `/`, the query API at `/api`, `/metrics`, the probes at `/health/live` and `/health/ready`, and the schema registry API with the in-memory registry; -1 turns it off (and the query API with it)."),
                new Setting(HTTP_WEB_CONFIG, TEXT, "", "TLS and login for every HTTP path: a web-config.yml in the form of Prometheus exporter-toolkit (tls_server_config, basic_auth_users with bcrypt hashes) plus roles (viewer, operator, admin, customer) and scopes (a user's sites and/or contracts). Empty: plain HTTP, no login (a WARN at start says so). README, Securing the console."),
                new Setting(HTTP_OPEN_PROBES, BOOLEAN, "false", "With http.web-config: leave /metrics and the probes (/health/live, /health/ready) open to anyone, for scrapers and kubelets that carry no credentials."),
                new Setting(HTTP_ZONE, ZONE, "Asia/Shanghai", "The time zone the console writes every time in, labelled with it (`2026-03-02 09:40:32 Asia/Shanghai`), and the query API's texts for people (a device's reason); the bundled calendar's zone. A console over sites in several zones shows them all in this one."),
                new Setting(HTTP_MAX_STREAMS, WHOLE_NUMBER, "200", "Live escalation streams (server-sent events) served at once by an instance; one more is answered 429 with Retry-After, so idle connections cannot pile up."),
                new Setting(HTTP_SESSION_IDLE, DURATION, "30m", "With http.web-config: a browser's session (the login form's) ends after this long without a request; an open console page polls, so it keeps its session until http.session-lifetime."),
                new Setting(HTTP_SESSION_LIFETIME, DURATION, "12h", "With http.web-config: a browser's session ends this long after its login at the latest, used or not."),
                new Setting(HTTP_ADVERTISED_HOST, TEXT, "", "The host name other instances use to reach this one's HTTP port (Kafka Streams' `application.server`), so that any instance answers for the whole application. Empty: this machine's host name.")));
    }
}
