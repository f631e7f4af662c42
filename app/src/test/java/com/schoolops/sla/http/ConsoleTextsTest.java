package com.schoolops.sla.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.avro.DeliveryOutcome;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketStatus;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.http.security.Role;
import com.schoolops.sla.obligations.ObligationReadSide;
import com.schoolops.sla.query.ApiJson;
import com.schoolops.sla.text.Texts;
import com.schoolops.sla.text.Texts.Lang;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 37: the console's one catalogue per language. Both languages have the same keys; every text is a pattern the
 * page's script formats as MessageFormat does; the page uses no key the catalogue lacks, and the catalogue holds no
 * text the page never shows; every value of the enums the page names (health states, clocks, categories…) has its words.
 */
class ConsoleTextsTest {
    /** The groups of enum texts the script reads with tEnum('group', value), and the values each must cover. */
    static final Map<String, List<String>> ENUMS = Map.ofEntries(
            Map.entry("category", names(TicketCategory.values())), Map.entry("clock", names(SlaClock.values())),
            Map.entry("deviceType", names(DeviceType.values())), Map.entry("escalation", names(EscalationType.values())),
            Map.entry("health", names(HealthState.values())), Map.entry("notificationKind", names(NotificationKind.values())),
            Map.entry("obligationState", names(ObligationReadSide.State.values())), Map.entry("outcome", names(DeliveryOutcome.values())),
            Map.entry("role", Arrays.stream(Role.values()).map(Role::toString).toList()), // as /api/me writes it
            Map.entry("ticketState", names(TicketStatus.values())), Map.entry("visitKind", names(VisitKind.values())),
            Map.entry("visitMode", names(VisitMode.values())), Map.entry("visitType", names(VisitType.values())));

    static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    final Map<String, String> zh = Texts.of(ConsoleTexts.BUNDLE, Lang.ZH).all();
    final Map<String, String> en = Texts.of(ConsoleTexts.BUNDLE, Lang.EN).all();

    @Test
    void bothLanguagesHaveTheSameKeys() {
        assertEquals(List.of(), Texts.missingKeys(ConsoleTexts.BUNDLE));
        assertTrue(zh.size() > 100, "the whole console: " + zh.size());
    }

    @Test
    void everyTextIsAPatternThePageFormatsAsMessageFormatDoes() {
        // The script reads {n}, {n,number} and {n,choice,…} (ChoiceFormat's # and <), and no quotes: an ASCII apostrophe
        // would be a quote to MessageFormat (and vanish), so the catalogue writes ’.
        Pattern argument = Pattern.compile("\\{(\\d+)(,number|,choice,[^{}]*(\\{\\d+}[^{}]*)*)?}");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> language : Map.of("zh", zh, "en", en).entrySet()) {
            language.getValue().forEach((key, pattern) -> {
                new MessageFormat(pattern, Lang.of(language.getKey(), Lang.ZH).locale()); // throws on a malformed one
                String rest = argument.matcher(pattern).replaceAll("");
                if (pattern.contains("'") || rest.contains("{") || rest.contains("}")) {
                    wrong.add(language.getKey() + " " + key + "=" + pattern);
                }
            });
        }
        assertEquals(List.of(), wrong);
        // Counts in English: the choice the script takes is MessageFormat's.
        assertEquals("1 version", Texts.of(ConsoleTexts.BUNDLE, Lang.EN).get("contracts.versions", 1));
        assertEquals("3 versions", Texts.of(ConsoleTexts.BUNDLE, Lang.EN).get("contracts.versions", 3));
        assertEquals("3 个版本", Texts.of(ConsoleTexts.BUNDLE, Lang.ZH).get("contracts.versions", 3));
    }

    @Test
    void thePageUsesNoKeyTheCatalogueLacksAndTheCatalogueNoTextThePageNeverShows() throws IOException {
        String html = resource("/console/index.html");
        Matcher scripts = Pattern.compile("<script src=\"/([a-z0-9-]+\\.js)\"").matcher(html);
        List<String> files = new ArrayList<>();
        while (scripts.find()) {
            files.add(scripts.group(1));
        }
        assertTrue(files.containsAll(List.of("i18n.js", "console.js", "desk.js", "school.js")), files.toString());

        Set<String> used = new TreeSet<>(all(Pattern.compile("data-t(?:-[a-z-]+)?=\"([^\"]+)\""), html));
        Set<String> groups = new TreeSet<>();
        List<String> dynamic = new ArrayList<>();
        for (String file : files) {
            String js = resource("/console/" + file);
            used.addAll(all(Pattern.compile("\\bt\\(\\s*'([^']+)'"), js));
            used.addAll(all(Pattern.compile("'data-pattern':\\s*'([^']+)'"), js));
            groups.addAll(all(Pattern.compile("\\btEnum\\(\\s*'([^']+)'"), js));
            if (!file.equals("i18n.js")) { // where t is defined, and the page's data-t keys read (checked above)
                dynamic.addAll(all(Pattern.compile("(\\bt\\((?!\\s*').{0,40})"), js));
            }
        }
        assertEquals(List.of(), dynamic, "a key that is not written out where it is used: this test cannot see it");
        assertEquals(Set.of(), difference(used, zh.keySet()), "keys the page uses and the catalogue lacks");
        assertEquals(Set.of(), difference(groups, ENUMS.keySet()), "enum groups this test does not know: add them to ENUMS");
        Set<String> missing = new TreeSet<>();
        ENUMS.forEach((group, values) -> values.stream().map(v -> group + "." + v).filter(k -> !zh.containsKey(k)).forEach(missing::add));
        assertEquals(Set.of(), missing, "values of an enum the page shows without words for them");
        Set<String> unused = zh.keySet().stream().filter(k -> !used.contains(k) && !ENUMS.containsKey(k.substring(0, Math.max(0, k.lastIndexOf('.')))))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), unused, "texts the page never shows");
    }

    @Test
    void theServerServesTheCatalogueInTheAskedLanguageElseTheBrowsersElseChinese() throws Exception {
        assertEquals("en", ConsoleTexts.messages("en", null).get("lang"));
        assertEquals("en", ConsoleTexts.messages(null, "en-GB,en;q=0.9,zh;q=0.5").get("lang"));
        assertEquals("zh", ConsoleTexts.messages("", "fr-FR").get("lang"), "neither: Chinese");
        assertEquals("zh", ConsoleTexts.messages("zh-CN", "en").get("lang"), "the page's choice before the browser's");
        try (OpsServer server = OpsServerProbesTest.probesOnly(() -> KafkaStreams.State.RUNNING, Optional::empty)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> english = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                    + ConsoleTexts.PATH + "?lang=en")).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, english.statusCode(), english.body());
            JsonNode body = ApiJson.MAPPER.readTree(english.body());
            assertEquals("SLA console", body.path("messages").path("title").asText());
            HttpResponse<String> chinese = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                    + ConsoleTexts.PATH)).header("Accept-Language", "zh-CN,zh;q=0.9").build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals("运维控制台", ApiJson.MAPPER.readTree(chinese.body()).path("messages").path("title").asText());
            HttpResponse<String> french = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                    + ConsoleTexts.PATH + "?lang=fr")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, french.statusCode(), "no language of ours: " + french.body());
        }
    }

    static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static String resource(String path) throws IOException {
        try (InputStream in = ConsoleTextsTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
