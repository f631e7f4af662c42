package com.schoolops.sla.notify.delivery;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import com.schoolops.sla.avro.DigestSite;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationDigest;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.notify.routes.ReceiverSpec;
import com.schoolops.sla.text.LocalTimes;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A notification as people read it: a title and a text, from the receiver's Mustache templates (its own, or the
 * built-in ones of its language, {@code notify/<zh|en>.{title,text}.mustache}). A template sees {@code kind},
 * {@code type}, {@code clock} (in words), {@code tier}, {@code repeat}, {@code site}, {@code ticket}, {@code device},
 * {@code contract}, {@code severity}, {@code deadline}, {@code periodStart} (an obligation's period or a major event's
 * window: its start), {@code happenedAt} (the escalation's own time),
 * {@code obligation} (a scheduled obligation in the receiver's words, its id after it: {@code 巡检（inspection）}; the id
 * alone where the words have none), {@code period} (its period's first and last local day, labelled with the zone),
 * {@code sentAt} (when notify decided to send it; also {@code at}), {@code summary} (one sentence in the receiver's
 * language, made from the escalation's fields), {@code message} (the engine's English sentence, UTC instants),
 * {@code outage} ({@code devicesDown}, {@code devicesTotal}), {@code hasGrouped}, {@code groupedCount},
 * {@code grouped} (each with {@code type}, {@code device}, {@code summary}, {@code message}), {@code answeredBy},
 * {@code id}. Every time is written by {@link LocalTimes} in the receiver's zone.
 * <p>
 * A digest (a route that groups across sites) is written by the built-in digest templates of the language
 * ({@code notify/<zh|en>.digest.{title,text}.mustache}), whatever the receiver's own templates: {@code total} (schools
 * down in this storm), {@code back}, {@code stillDown}, {@code downList} and {@code backList} (at most
 * {@value #NAMES_LISTED} names each, then how many more), {@code group} (its scope in words), {@code since}, {@code update},
 * {@code resolved}, {@code kind}, {@code sentAt}.
 */
public final class MessageText {
    private static final Mustache.Compiler MUSTACHE = Mustache.compiler().escapeHTML(false).zeroIsFalse(true).emptyStringIsFalse(true)
            .defaultValue("");

    private final ReceiverSpec receiver;
    private final Template title;
    private final Template text;
    private final Properties words;
    private final Map<EscalationType, Template> summaries = new EnumMap<>(EscalationType.class);
    private final Template obligationNamed;
    private final Template period;
    private final Template digestTitle;
    private final Template digestText;
    private final Template more;
    /** A digest names this many schools of each list, then says how many more: a robot's message stays readable. */
    static final int NAMES_LISTED = 10;

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
        this.obligationNamed = MUSTACHE.compile(words.getProperty("format.obligation"));
        this.period = MUSTACHE.compile(words.getProperty("format.period"));
        this.digestTitle = MUSTACHE.compile(resource(language + ".digest.title.mustache").strip());
        this.digestText = MUSTACHE.compile(resource(language + ".digest.text.mustache"));
        this.more = MUSTACHE.compile(words.getProperty("digest.more"));
        for (EscalationType type : EscalationType.values()) {
            summaries.put(type, MUSTACHE.compile(words.getProperty("summary." + type, "")));
        }
    }

    public String title(Notification n) {
        return n.getDigest() != null ? digestTitle.execute(digest(n)).strip() : title.execute(context(n)).strip();
    }

    public String text(Notification n) {
        return n.getDigest() != null ? digestText.execute(digest(n)).strip() : text.execute(context(n)).strip();
    }

    /** What a digest says: how many schools are down and back, and which, at most {@link #NAMES_LISTED} of each. */
    Map<String, Object> digest(Notification n) {
        NotificationDigest d = n.getDigest();
        Map<String, Object> c = new HashMap<>();
        int down = d.getDown().size();
        int back = d.getBack().size();
        c.put("kind", word("kind." + n.getKind()));
        c.put("resolved", n.getKind() == NotificationKind.RESOLVED);
        c.put("total", down + back);
        c.put("back", back);
        c.put("stillDown", down);
        c.put("hasDown", down > 0);
        c.put("hasBack", back > 0);
        c.put("downList", names(d.getDown()));
        c.put("backList", names(d.getBack()));
        c.put("group", d.getGroup().startsWith("contract=")
                ? MUSTACHE.compile(words.getProperty("digest.group.contract")).execute(Map.of("contract", d.getGroup().substring("contract=".length())))
                : words.getProperty("digest.group.all"));
        c.put("since", time(d.getSince()));
        c.put("update", d.getUpdate());
        c.put("sentAt", time(n.getPlannedAt()));
        c.put("id", n.getNotificationId());
        return c;
    }

    private String names(List<DigestSite> sites) {
        String listed = String.join(words.getProperty("digest.separator"), sites.stream().limit(NAMES_LISTED).map(DigestSite::getSiteId).toList());
        return sites.size() <= NAMES_LISTED ? listed : listed + more.execute(Map.of("more", sites.size() - NAMES_LISTED));
    }

    Map<String, Object> context(Notification n) {
        Map<String, Object> c = escalation(n.getHeadline(), n.getOutage());
        c.put("id", n.getNotificationId());
        c.put("kind", word("kind." + n.getKind()));
        c.put("tier", n.getTier());
        c.put("repeat", n.getRepeat());
        c.put("site", n.getSiteId());
        c.put("sentAt", time(n.getPlannedAt()));
        c.put("at", c.get("sentAt"));
        c.put("answeredBy", nullToEmpty(n.getAnsweredBy()));
        List<Map<String, Object>> grouped = n.getGrouped().stream().map(g -> escalation(g, null)).toList();
        c.put("grouped", grouped);
        c.put("hasGrouped", !grouped.isEmpty());
        c.put("groupedCount", grouped.size());
        return c;
    }

    /** What one escalation says, in the receiver's words and zone; {@code summary} is its sentence, made of these. */
    private Map<String, Object> escalation(Escalation e, SiteOutage outage) {
        Map<String, Object> c = new HashMap<>();
        c.put("type", word("type." + e.getType()));
        c.put("clock", e.getClock() == null ? "" : word("clock." + e.getClock()));
        c.put("site", e.getSiteId());
        c.put("ticket", nullToEmpty(e.getTicketId()));
        c.put("device", nullToEmpty(e.getDeviceId()));
        c.put("contract", nullToEmpty(e.getContractId()));
        c.put("severity", nullToEmpty(e.getSeverity()));
        c.put("obligation", obligation(e.getObligationId()));
        c.put("period", period(e));
        c.put("deadline", e.getDeadline() == null ? "" : time(e.getDeadline()));
        c.put("periodStart", e.getPeriodStart() == null ? "" : time(e.getPeriodStart())); // a major event's start, an obligation's period
        c.put("happenedAt", time(e.getAt()));
        c.put("message", e.getMessage());
        c.put("outage", outage == null ? List.of() : List.of(Map.of("devicesDown", outage.getDevicesDown(),
                "devicesTotal", outage.getDevicesTotal())));
        c.put("summary", summaries.get(e.getType()).execute(c).strip());
        return c;
    }

    /** The bundled obligations' ids have words ({@code obligation.<id>}); a contract's own ids are said as they are. */
    private String obligation(String id) {
        if (id == null) {
            return "";
        }
        String word = words.getProperty("obligation." + id);
        return word == null ? id : obligationNamed.execute(Map.of("word", word, "id", id));
    }

    /**
     * The period as people count it: its first and its last day (the end is exclusive, so the day before a period
     * that ends at midnight), in the receiver's zone, which is named.
     */
    private String period(Escalation e) {
        if (e.getPeriodStart() == null || e.getPeriodEnd() == null) {
            return "";
        }
        return period.execute(Map.of("first", day(e.getPeriodStart()), "last", day(e.getPeriodEnd() - 1),
                "zone", receiver.zone().getId()));
    }

    private String day(long at) {
        return Instant.ofEpochMilli(at).atZone(receiver.zone()).toLocalDate().toString();
    }

    private String time(long at) {
        return LocalTimes.format(at, receiver.zone());
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
