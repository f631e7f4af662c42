package com.schoolops.sla.notify.delivery;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.notify.routes.ReceiverSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A notification as people read it: a title and a text, from the receiver's Mustache templates (its own, or the
 * built-in ones of its language, {@code notify/<zh|en>.{title,text}.mustache}). A template sees {@code kind},
 * {@code type}, {@code clock} (in words), {@code tier}, {@code repeat}, {@code site}, {@code ticket}, {@code device},
 * {@code contract}, {@code severity}, {@code deadline}, {@code at} (in the receiver's zone), {@code message},
 * {@code outage} ({@code devicesDown}, {@code devicesTotal}), {@code hasGrouped}, {@code groupedCount},
 * {@code grouped} (each with {@code type}, {@code device}, {@code message}), {@code answeredBy}, {@code id}.
 */
public final class MessageText {
    private static final Mustache.Compiler MUSTACHE = Mustache.compiler().escapeHTML(false).zeroIsFalse(true).emptyStringIsFalse(true)
            .defaultValue("");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final ReceiverSpec receiver;
    private final Template title;
    private final Template text;
    private final Properties words;

    public MessageText(ReceiverSpec receiver) {
        this.receiver = receiver;
        String language = receiver.language().name().toLowerCase(Locale.ROOT);
        this.title = MUSTACHE.compile(receiver.title().orElseGet(() -> resource(language + ".title.mustache")).strip());
        this.text = MUSTACHE.compile(receiver.text().orElseGet(() -> resource(language + ".text.mustache")));
        this.words = new Properties();
        try (InputStream in = MessageText.class.getResourceAsStream("/notify/" + language + ".properties")) {
            words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String title(Notification n) {
        return title.execute(context(n)).strip();
    }

    public String text(Notification n) {
        return text.execute(context(n)).strip();
    }

    Map<String, Object> context(Notification n) {
        Escalation e = n.getHeadline();
        Map<String, Object> c = new HashMap<>();
        c.put("id", n.getNotificationId());
        c.put("kind", word("kind." + n.getKind()));
        c.put("type", word("type." + e.getType()));
        c.put("clock", e.getClock() == null ? "" : word("clock." + e.getClock()));
        c.put("tier", n.getTier());
        c.put("repeat", n.getRepeat());
        c.put("site", n.getSiteId());
        c.put("ticket", nullToEmpty(e.getTicketId()));
        c.put("device", nullToEmpty(e.getDeviceId()));
        c.put("contract", nullToEmpty(e.getContractId()));
        c.put("severity", nullToEmpty(e.getSeverity()));
        c.put("deadline", e.getDeadline() == null ? "" : time(e.getDeadline()));
        c.put("at", time(n.getPlannedAt()));
        c.put("message", e.getMessage());
        c.put("answeredBy", nullToEmpty(n.getAnsweredBy()));
        c.put("outage", n.getOutage() == null ? List.of() : List.of(Map.of("devicesDown", n.getOutage().getDevicesDown(),
                "devicesTotal", n.getOutage().getDevicesTotal())));
        List<Map<String, Object>> grouped = n.getGrouped().stream().map(g -> Map.<String, Object>of("type", word("type." + g.getType()),
                "device", nullToEmpty(g.getDeviceId()), "message", g.getMessage())).toList();
        c.put("grouped", grouped);
        c.put("hasGrouped", !grouped.isEmpty());
        c.put("groupedCount", grouped.size());
        return c;
    }

    private String time(long at) {
        return TIME.format(Instant.ofEpochMilli(at).atZone(receiver.zone()));
    }

    private String word(String key) {
        return words.getProperty(key, key.substring(key.indexOf('.') + 1));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String resource(String name) {
        try (InputStream in = MessageText.class.getResourceAsStream("/notify/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
