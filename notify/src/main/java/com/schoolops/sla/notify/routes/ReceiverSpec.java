package com.schoolops.sla.notify.routes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One receiver of the routes file: where messages go and in what form. {@code kind} is webhook, wecom, dingtalk,
 * feishu or email; {@code url}, {@code headers} and {@code secret} serve the HTTP kinds, {@code mail} the e-mail one.
 * {@code title} and {@code text} are Mustache templates that replace the built-in ones of the {@code language}; times are
 * written in {@code zone}. {@code rateLimits}: what it may be sent in any window, the platform's documented limits
 * unless the file says otherwise ({@link RateLimit#documented}).
 */
public record ReceiverSpec(String name, Kind kind, String url, Map<String, String> headers, Optional<String> secret,
                           Optional<Mail> mail, Language language, java.time.ZoneId zone, Optional<String> title, Optional<String> text,
                           List<RateLimit> rateLimits) {

    public enum Kind { WEBHOOK, WECOM, DINGTALK, FEISHU, EMAIL }

    public enum Language { ZH, EN }

    /** An SMTP server and the envelope. */
    public record Mail(String host, int port, boolean startTls, boolean ssl, Optional<String> username, Optional<String> password,
                       String from, List<String> to) {
    }
}
