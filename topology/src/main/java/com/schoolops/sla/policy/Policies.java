package com.schoolops.sla.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.avro.ContractKind;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.config.Durations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The SLA policies in force: contracts and business calendars, from the bundled file and optionally a user's
 * file whose contracts and calendars are added to (or replace) the bundled ones, so a contract is added or
 * changed without a rebuild. Every error names the file, the contract and the field.
 */
public final class Policies {
    public static final String BUNDLED = "policies/seed-contracts.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Contract> contracts;
    private final Map<String, BusinessCalendar> calendars;
    private final Map<String, String> siteCalendars;
    private final Tiers tiers;
    private final Map<String, Document> documents;

    /** A contract or calendar of the file as its JSON object: what seeds {@code sla-contracts}. */
    public record Document(ContractKind kind, String id, JsonNode json) {
    }

    private Policies(Map<String, Contract> contracts, Map<String, BusinessCalendar> calendars, Map<String, String> siteCalendars, Tiers tiers,
                     Map<String, Document> documents) {
        this.contracts = contracts;
        this.calendars = calendars;
        this.siteCalendars = siteCalendars;
        this.tiers = tiers;
        this.documents = documents;
    }

    /** The file's contracts and calendars (the user's over the bundled), calendars first: version 1 of each. */
    public List<Document> documents() {
        List<Document> all = new ArrayList<>(documents.values());
        all.sort(java.util.Comparator.comparing(d -> d.kind() == ContractKind.CALENDAR ? 0 : 1));
        return all;
    }

    /** The site's own calendar id where {@code siteCalendars} sets one. */
    public Optional<String> siteCalendarId(String siteId) {
        return Optional.ofNullable(siteId).map(siteCalendars::get);
    }

    /** The calendars the file gives to sites of their own ({@code siteCalendars}). */
    public java.util.Collection<String> siteCalendarIds() {
        return siteCalendars.values();
    }

    /** A calendar of the file. */
    public Optional<BusinessCalendar> calendar(String id) {
        return Optional.ofNullable(id).map(calendars::get);
    }

    /** A contract from its JSON object, every error prefixed with {@code where} (a file or topic name) as the file check gives it. */
    public static Contract readContract(String where, JsonNode json) {
        return contract(where, json);
    }

    /** A calendar from its JSON object, every error prefixed with {@code where}. */
    public static BusinessCalendar readCalendar(String where, JsonNode json) {
        return calendar(where, json);
    }

    /** The tiers of escalations that belong to no contract (site outages), and the base of every contract's. */
    public Tiers tiers() {
        return tiers;
    }

    /** The tiers of a contract's escalations: the policies' own, with the contract's on top. */
    public Tiers tiers(Contract contract) {
        return tiers.with(contract.tiers());
    }

    /** The bundled contracts, and the user's file on top when {@code userFile} is given. */
    public static Policies load(Optional<Path> userFile) {
        Map<String, Contract> contracts = new LinkedHashMap<>();
        Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();
        Map<String, String> sites = new LinkedHashMap<>();
        Map<String, Document> documents = new LinkedHashMap<>();
        Tiers[] tiers = {null};
        try (InputStream in = Policies.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            read(BUNDLED, JSON.readTree(in), contracts, calendars, sites, tiers, documents);
        } catch (IOException e) {
            throw new PolicyException(BUNDLED + ": cannot read the bundled policies: " + e.getMessage());
        }
        if (userFile.isPresent()) {
            Path file = userFile.get();
            try {
                read(file.toString(), JSON.readTree(Files.readString(file)), contracts, calendars, sites, tiers, documents);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new PolicyException(file + ": no such file");
            } catch (IOException e) {
                throw new PolicyException(file + ": cannot read it: " + e.getMessage());
            }
        }
        return new Policies(contracts, calendars, sites, tiers[0], documents);
    }

    public Optional<Contract> contract(String id) {
        return Optional.ofNullable(id).map(contracts::get);
    }

    public Set<String> contractIds() {
        return contracts.keySet();
    }

    // Reading -----------------------------------------------------------------------------------------------

    private static void read(String file, JsonNode root, Map<String, Contract> contracts, Map<String, BusinessCalendar> calendars,
                             Map<String, String> sites, Tiers[] tiers, Map<String, Document> documents) {
        if (root == null || !root.isObject()) {
            throw new PolicyException(file + ": must be a JSON object with \"calendars\" and \"contracts\"");
        }
        if (root.has("tiers")) {
            Tiers read = tiers(file, "tiers", root.get("tiers"));
            tiers[0] = tiers[0] == null ? read : tiers[0].with(read);
        }
        if (tiers[0] == null || !tiers[0].byType().keySet().containsAll(List.of(EscalationType.values()))) {
            throw new PolicyException(file + ": tiers: every escalation type needs a tier " + List.of(EscalationType.values()));
        }
        for (JsonNode c : root.path("calendars")) {
            BusinessCalendar calendar = calendar(file, c);
            calendars.put(calendar.id(), calendar);
            documents.put(calendar.id(), new Document(ContractKind.CALENDAR, calendar.id(), c));
        }
        root.path("siteCalendars").fields().forEachRemaining(e -> sites.put(e.getKey(), e.getValue().asText()));
        for (JsonNode c : root.path("contracts")) {
            Contract contract = contract(file, c);
            contracts.put(contract.id(), contract);
            documents.put(contract.id(), new Document(ContractKind.CONTRACT, contract.id(), c));
        }
        for (Contract c : contracts.values()) {
            if (!calendars.containsKey(c.calendarId())) {
                throw new PolicyException(file + ": contract " + c.id() + ": calendar: no calendar '" + c.calendarId() + "'");
            }
        }
        sites.forEach((site, cal) -> {
            if (!calendars.containsKey(cal)) {
                throw new PolicyException(file + ": siteCalendars." + site + ": no calendar '" + cal + "'");
            }
        });
    }

    private static BusinessCalendar calendar(String file, JsonNode c) {
        String id = text(file, "calendar", c, "id");
        String where = file + ": calendar " + id + ": ";
        try {
            Set<DayOfWeek> days = new HashSet<>();
            c.path("workdays").forEach(d -> days.add(DayOfWeek.valueOf(d.asText())));
            return new BusinessCalendar(id, ZoneId.of(text(file, "calendar " + id, c, "zone")), days,
                    LocalTime.parse(text(file, "calendar " + id, c, "workStart")), LocalTime.parse(text(file, "calendar " + id, c, "workEnd")),
                    dates(c.path("holidays")), dates(c.path("makeUpWorkdays")));
        } catch (RuntimeException e) {
            throw new PolicyException(where + e.getMessage());
        }
    }

    private static Set<LocalDate> dates(JsonNode array) {
        Set<LocalDate> set = new HashSet<>();
        array.forEach(d -> set.add(LocalDate.parse(d.asText())));
        return set;
    }

    private static Contract contract(String file, JsonNode c) {
        String id = text(file, "contract", c, "id");
        String where = file + ": contract " + id;
        List<Double> fractions = new ArrayList<>();
        c.path("warningFractions").forEach(f -> fractions.add(f.asDouble()));
        if (!c.has("warningFractions")) {
            fractions.addAll(List.of(0.5, 0.8));
        }
        for (double f : fractions) {
            if (f <= 0 || f >= 1) {
                throw new PolicyException(where + ": warningFractions: " + f + " is not between 0 and 1");
            }
        }
        TicketEventType onSiteFrom = c.has("onSiteFrom") ? startEvent(where, "onSiteFrom", c.get("onSiteFrom").asText()) : TicketEventType.DISPATCHED;
        Map<String, Map<SlaClock, ClockTarget>> severities = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("severities").fields(); it.hasNext(); ) {
            var e = it.next();
            severities.put(e.getKey(), clocks(where, "severities." + e.getKey(), e.getValue(), onSiteFrom));
        }
        if (severities.isEmpty()) {
            throw new PolicyException(where + ": severities: a contract needs at least one severity");
        }
        Map<TicketCategory, Map<SlaClock, ClockTarget>> categories = new EnumMap<>(TicketCategory.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("categories").fields(); it.hasNext(); ) {
            var e = it.next();
            TicketCategory category;
            try {
                category = TicketCategory.valueOf(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new PolicyException(where + ": categories." + e.getKey() + ": not a ticket category");
            }
            categories.put(category, clocks(where, "categories." + e.getKey(), e.getValue(), onSiteFrom));
        }
        Optional<Contract.Upgrade> upgrade = Optional.empty();
        if (c.has("upgrade")) {
            String to = text(where, "upgrade", c.get("upgrade"), "to");
            if (!severities.containsKey(to)) {
                throw new PolicyException(where + ": upgrade.to: '" + to + "' is not one of the contract's severities " + severities.keySet());
            }
            upgrade = Optional.of(new Contract.Upgrade(duration(where, "upgrade.after", c.get("upgrade").path("after")), to));
        }
        Optional<Contract.MajorEvent> major = Optional.empty();
        if (c.has("majorEvent")) {
            JsonNode m = c.get("majorEvent");
            Optional<String> severity = m.hasNonNull("severity") ? Optional.of(m.get("severity").asText()) : Optional.empty();
            if (severity.isPresent() && !severities.containsKey(severity.get())) {
                throw new PolicyException(where + ": majorEvent.severity: '" + severity.get() + "' is not one of the contract's severities");
            }
            major = Optional.of(new Contract.MajorEvent(clocks(where, "majorEvent.clocks", m.path("clocks"), onSiteFrom), severity,
                    m.path("raiseFault").asBoolean(true)));
        }
        Optional<Warranty> warranty = c.has("warranty") ? Optional.of(warranty(where, c.get("warranty"))) : Optional.empty();
        Optional<String> reportSeverity = c.hasNonNull("reportSeverity") ? Optional.of(c.get("reportSeverity").asText()) : Optional.empty();
        if (reportSeverity.isPresent() && !severities.containsKey(reportSeverity.get())) {
            throw new PolicyException(where + ": reportSeverity: '" + reportSeverity.get() + "' is not one of the contract's severities " + severities.keySet());
        }
        return new Contract(id, c.path("name").asText(id), c.path("calendar").asText("cn-default"), List.copyOf(fractions),
                clocks(where, "clocks", c.path("clocks"), onSiteFrom), severities,
                c.has("remoteWindow") ? Optional.of(duration(where, "remoteWindow", c.get("remoteWindow"))) : Optional.empty(),
                c.path("pauseRestoreForParts").asBoolean(false), categories,
                clocks(where, "outOfWarranty", c.path("outOfWarranty"), onSiteFrom), upgrade, major,
                c.has("tiers") ? tiers(where, "tiers", c.get("tiers")) : Tiers.NONE, kpiTargets(where, c.path("kpiTargets")),
                warranty, obligations(where, c.path("obligations"), warranty.isPresent()),
                c.has("majorEvent") ? Optional.of(majorEventTerms(where, c.get("majorEvent"))) : Optional.empty(),
                firmwareTargets(where, c.path("firmwareTargets")),
                c.has("repeatFailure") ? repeatFailure(where, c.get("repeatFailure")) : RepeatFailureTerms.DEFAULT,
                reportSeverity);
    }

    /** {@code {"CLOUD_TERMINAL": "2.4.1", …}}: the firmware a device type should run, as its heartbeats write it. */
    private static Map<DeviceType, String> firmwareTargets(String where, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new PolicyException(where + ": firmwareTargets: an object of device type to firmware version, e.g. "
                    + "{\"CLOUD_TERMINAL\": \"2.4.1\"}, not " + node);
        }
        Map<DeviceType, String> targets = new EnumMap<>(DeviceType.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            DeviceType type = enumValue(where + ": firmwareTargets." + e.getKey(), JSON.getNodeFactory().textNode(e.getKey()), DeviceType.class);
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new PolicyException(where + ": firmwareTargets." + e.getKey() + ": a firmware version as text, e.g. \"2.4.1\", not " + e.getValue());
            }
            targets.put(type, e.getValue().asText().trim());
        }
        return targets;
    }

    /** {@code {"count": 3, "within": "30d"}}; either may be left out for its default ({@link RepeatFailureTerms#DEFAULT}). */
    private static RepeatFailureTerms repeatFailure(String where, JsonNode node) {
        if (!node.isObject()) {
            throw new PolicyException(where + ": repeatFailure: an object such as {\"count\": 3, \"within\": \"30d\"}, not " + node);
        }
        RepeatFailureTerms d = RepeatFailureTerms.DEFAULT;
        JsonNode count = node.path("count");
        if (!count.isMissingNode() && (!count.isInt() || count.asInt() < 2)) {
            throw new PolicyException(where + ": repeatFailure.count: a whole number of faults, 2 or more, not " + count);
        }
        java.time.Duration within = node.has("within") ? duration(where, "repeatFailure.within", node.get("within")) : d.within();
        if (within.isNegative() || within.isZero()) {
            throw new PolicyException(where + ": repeatFailure.within: a length of time longer than nothing, not " + node.get("within"));
        }
        for (java.util.Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("count") && !field.equals("within")) {
                throw new PolicyException(where + ": repeatFailure." + field + ": not a field of repeatFailure (count, within)");
            }
        }
        return new RepeatFailureTerms(count.isMissingNode() ? d.count() : count.asInt(), within);
    }

    /** {@code {"years": N}}, from a site's acceptance. */
    private static Warranty warranty(String where, JsonNode node) {
        JsonNode years = node.path("years");
        if (!years.isInt() || years.asInt() < 1) {
            throw new PolicyException(where + ": warranty.years: a whole number of years, 1 or more, not " + (years.isMissingNode() ? "nothing" : years));
        }
        return new Warranty(years.asInt());
    }

    /** The {@code obligations} list (SPEC section 9): each refused with its id and field when it cannot be judged. */
    private static List<Obligation> obligations(String where, JsonNode list, boolean hasWarranty) {
        if (!list.isMissingNode() && !list.isArray()) {
            throw new PolicyException(where + ": obligations: a list of obligations, not " + list);
        }
        List<Obligation> obligations = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode o : list) {
            String id = o.path("id").asText("");
            String at = where + ": obligations[" + (id.isBlank() ? String.valueOf(i) : id) + "]";
            i++;
            if (id.isBlank() || id.contains("|")) {
                throw new PolicyException(at + ".id: missing, or holds '|' (it is part of each occurrence's id)");
            }
            if (!ids.add(id)) {
                throw new PolicyException(at + ".id: two obligations have this id");
            }
            VisitKind kind = enumValue(at + ".kind", o.path("kind"), VisitKind.class);
            if (kind == VisitKind.PRECHECK || kind == VisitKind.STANDBY) {
                throw new PolicyException(at + ".kind: " + kind + " visits are judged by majorEvent, not by an obligation");
            }
            Cadence cadence;
            int count = 1;
            if (o.has("every") == (o.has("count") || o.has("per"))) {
                throw new PolicyException(at + ": give either \"every\" (MONTH, QUARTER, HALF_YEAR, YEAR) or \"count\" and \"per\" (CONTRACT_YEAR)");
            }
            if (o.has("every")) {
                cadence = enumValue(at + ".every", o.get("every"), Cadence.class);
                if (!cadence.calendarAligned()) {
                    throw new PolicyException(at + ".every: one of MONTH, QUARTER, HALF_YEAR, YEAR, not " + cadence + " (write \"count\" and \"per\")");
                }
            } else {
                cadence = enumValue(at + ".per", o.path("per"), Cadence.class);
                if (cadence.calendarAligned()) {
                    throw new PolicyException(at + ".per: CONTRACT_YEAR, not " + cadence + " (write \"every\")");
                }
                JsonNode n = o.path("count");
                if (!n.isInt() || n.asInt() < 1) {
                    throw new PolicyException(at + ".count: a whole number of visits, 1 or more, not " + (n.isMissingNode() ? "nothing" : n));
                }
                count = n.asInt();
            }
            Set<VisitMode> modes = EnumSet.noneOf(VisitMode.class);
            for (JsonNode m : o.path("modes")) {
                modes.add(enumValue(at + ".modes", m, VisitMode.class));
            }
            boolean allModes = o.path("allModes").asBoolean(false);
            if (allModes && modes.size() < 2) {
                throw new PolicyException(at + ".allModes: needs two or more modes, not " + modes);
            }
            List<Hours> hours = new ArrayList<>();
            for (JsonNode h : o.path("hours")) {
                try {
                    hours.add(Hours.parse(h.asText()));
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(at + ".hours: " + e.getMessage());
                }
            }
            Obligation.Phase phase = o.has("phase") ? enumValue(at + ".phase", o.get("phase"), Obligation.Phase.class) : Obligation.Phase.ALWAYS;
            if (phase == Obligation.Phase.IN_WARRANTY && !hasWarranty) {
                throw new PolicyException(at + ".phase: IN_WARRANTY needs the contract's warranty ({\"years\": N})");
            }
            obligations.add(new Obligation(id, kind, cadence, count, modes, allModes, hours,
                    o.has("startAfter") ? span(at + ".startAfter", o.get("startAfter")) : Span.parse("0 months"), phase,
                    o.hasNonNull("record") ? Optional.of(span(at + ".record", o.get("record"))) : Optional.empty(),
                    span(at + ".dueSoon", o.has("dueSoon") ? o.get("dueSoon") : JSON.getNodeFactory().textNode(Obligation.DEFAULT_DUE_SOON))));
        }
        return obligations;
    }

    /** The pre-check, standby and device clocks of {@code majorEvent}; its ticket targets are {@link Contract.MajorEvent}'s. */
    private static MajorEventTerms majorEventTerms(String where, JsonNode m) {
        Optional<Span> precheck = m.hasNonNull("precheck") ? Optional.of(span(where + ": majorEvent.precheck", m.get("precheck"))) : Optional.empty();
        OptionalInt minEngineers = OptionalInt.empty();
        if (m.has("standby")) {
            JsonNode n = m.get("standby").path("minEngineers");
            if (!n.isInt() || n.asInt() < 1) {
                throw new PolicyException(where + ": majorEvent.standby.minEngineers: a whole number of engineers, 1 or more, not "
                        + (n.isMissingNode() ? "nothing" : n));
            }
            minEngineers = OptionalInt.of(n.asInt());
        }
        Map<DeviceClock, Target> clocks = new EnumMap<>(DeviceClock.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("deviceClocks").fields(); it.hasNext(); ) {
            var e = it.next();
            String f = "majorEvent.deviceClocks." + e.getKey();
            DeviceClock clock;
            try {
                clock = DeviceClock.valueOf(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new PolicyException(where + ": " + f + ": not a device clock (one of " + List.of(DeviceClock.values()) + ")");
            }
            try {
                clocks.put(clock, Target.parse(e.getValue().asText()));
            } catch (IllegalArgumentException ex) {
                throw new PolicyException(where + ": " + f + ": " + ex.getMessage());
            }
        }
        return new MajorEventTerms(precheck, minEngineers, clocks);
    }

    /** A span ({@link Span#parse}); {@code field} is the file, contract and field. */
    private static Span span(String field, JsonNode node) {
        try {
            return Span.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new PolicyException(field + ": " + e.getMessage());
        }
    }

    /** A name of {@code type}, or a refusal that lists the names; {@code field} is the file, contract and field. */
    private static <E extends Enum<E>> E enumValue(String field, JsonNode node, Class<E> type) {
        try {
            return Enum.valueOf(type, node.asText());
        } catch (IllegalArgumentException e) {
            throw new PolicyException(field + ": '" + (node.isMissingNode() ? "" : node.asText()) + "' is not one of " + List.of(type.getEnumConstants()));
        }
    }

    private static Map<String, Double> kpiTargets(String where, JsonNode node) {
        Map<String, Double> targets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!Contract.KPI_TARGETS.contains(e.getKey())) {
                throw new PolicyException(where + ": kpiTargets." + e.getKey() + ": not one of " + Contract.KPI_TARGETS);
            }
            double pct = e.getValue().asDouble(-1);
            if (!e.getValue().isNumber() || pct < 0 || pct > 100) {
                throw new PolicyException(where + ": kpiTargets." + e.getKey() + ": " + e.getValue() + " is not a percentage 0-100");
            }
            targets.put(e.getKey(), pct);
        }
        return Map.copyOf(targets);
    }

    /** The clocks a ticket can have: every {@link SlaClock} but the device clocks of a major event ({@link DeviceClock}). */
    private static final List<SlaClock> TICKET_CLOCKS = java.util.Arrays.stream(SlaClock.values()).filter(c -> !isDeviceClock(c)).toList();

    private static boolean isDeviceClock(SlaClock clock) {
        return java.util.Arrays.stream(DeviceClock.values()).anyMatch(d -> d.name().equals(clock.name()));
    }

    private static Map<SlaClock, ClockTarget> clocks(String where, String field, JsonNode node, TicketEventType onSiteFrom) {
        Map<SlaClock, ClockTarget> map = new EnumMap<>(SlaClock.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String f = field + "." + e.getKey();
            SlaClock clock;
            try {
                clock = SlaClock.valueOf(e.getKey());
            } catch (IllegalArgumentException ex) {
                clock = null;
            }
            if (clock == null || isDeviceClock(clock)) { // a device's clock is majorEvent.deviceClocks', not a ticket's
                throw new PolicyException(where + ": " + f + ": not a clock (one of " + TICKET_CLOCKS + ")");
            }
            JsonNode v = e.getValue();
            String targetText = v.isObject() ? v.path("target").asText() : v.asText();
            TicketEventType from = clock == SlaClock.ON_SITE
                    ? (v.isObject() && v.has("from") ? startEvent(where, f + ".from", v.get("from").asText()) : onSiteFrom)
                    : null;
            try {
                map.put(clock, new ClockTarget(Target.parse(targetText), from));
            } catch (IllegalArgumentException ex) {
                throw new PolicyException(where + ": " + f + ": " + ex.getMessage());
            }
        }
        return map;
    }

    /**
     * {@code {"SLA_WARNING": 1, …, "breachOf": {"RESTORE": 3}, "breachDuringMajorEvent": 3}}: a tier per escalation
     * type, and the breaches that go higher.
     */
    private static Tiers tiers(String where, String field, JsonNode node) {
        Map<EscalationType, Integer> byType = new EnumMap<>(EscalationType.class);
        Map<SlaClock, Integer> byClock = new EnumMap<>(SlaClock.class);
        Integer majorEvent = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String f = field + "." + e.getKey();
            if (e.getKey().equals("breachOf")) {
                for (Iterator<Map.Entry<String, JsonNode>> c = e.getValue().fields(); c.hasNext(); ) {
                    var ce = c.next();
                    try {
                        byClock.put(SlaClock.valueOf(ce.getKey()), tier(where, f + "." + ce.getKey(), ce.getValue()));
                    } catch (IllegalArgumentException ex) {
                        throw new PolicyException(where + ": " + f + "." + ce.getKey() + ": not a clock");
                    }
                }
            } else if (e.getKey().equals("breachDuringMajorEvent")) {
                majorEvent = tier(where, f, e.getValue());
            } else {
                try {
                    byType.put(EscalationType.valueOf(e.getKey()), tier(where, f, e.getValue()));
                } catch (IllegalArgumentException ex) {
                    throw new PolicyException(where + ": " + f + ": not an escalation type (one of " + List.of(EscalationType.values()) + ")");
                }
            }
        }
        return new Tiers(byType, byClock, majorEvent);
    }

    private static int tier(String where, String field, JsonNode v) {
        if (!v.isInt() || v.asInt() < Tiers.REMOTE || v.asInt() > Tiers.EXPERTS) {
            throw new PolicyException(where + ": " + field + ": a tier is 1 (remote support), 2 (on-site service) or 3 (experts and management), not " + v);
        }
        return v.asInt();
    }

    private static TicketEventType startEvent(String where, String field, String text) {
        if (!text.equals("OPENED") && !text.equals("DISPATCHED")) {
            throw new PolicyException(where + ": " + field + ": ON_SITE starts at OPENED or DISPATCHED, not '" + text + "'");
        }
        return TicketEventType.valueOf(text);
    }

    private static java.time.Duration duration(String where, String field, JsonNode node) {
        try {
            return Durations.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new PolicyException(where + ": " + field + ": " + e.getMessage());
        }
    }

    private static String text(String where, String what, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new PolicyException(where + ": " + what + ": missing \"" + field + "\"");
        }
        return v.asText();
    }
}
