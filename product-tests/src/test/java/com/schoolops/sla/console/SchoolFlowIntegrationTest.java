package com.schoolops.sla.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.OpsAction;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.http.security.TlsFiles;
import com.schoolops.sla.http.security.WebConfig;
import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TestCertificates;
import com.schoolops.sla.testing.Testbed;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 38's done-when, on the application as deployed: {@code run} in a child JVM on a real broker, behind a district's
 * web-config (HTTPS, the login form), a school with terminals beating under seed-004 and a second school beside it. In
 * Chromium, li.hua, school-1's IT teacher (a customer scoped to it, a Chinese browser), signs in, sees her school only,
 * reports a fault on the terminal that does not start, and sees the ticket's RESPONSE clock run against the contract's
 * 15 minutes, due at a local time labelled with its zone; desk.lin, an operator in an English browser, finds the ticket
 * on the desk and resolves it; the teacher's page shows it resolved, she gives 4 stars, the rating reaches the engine
 * (fault-tickets, read_committed, and the ticket as the API answers it), she signs out, and her old cookie is good for
 * nothing any more. Her browser never held anything of the other school. Screenshots of each step are in
 * target/console-shots/flow-*.png.
 */
class SchoolFlowIntegrationTest {
    static final Path SHOTS = Path.of("target", "console-shots");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ZONE = "Asia/Shanghai";
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of(ZONE));
    static final Pattern LOCAL_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d " + ZONE);
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** What school-1's teacher must never be shown: the other school, its devices and its ticket. */
    static final List<String> NOT_HERS = List.of("school-2", "s2-t1", "s2-t2", "T-S2-1");
    static final String DESCRIPTION = "三年级二班的云终端无法开机";

    final Map<String, Device> devices = new HashMap<>();

    @Test
    void aSchoolsTeacherReportsAFaultFollowsItsResponseClockAndRatesTheRepairTheDeskResolved() throws Exception {
        try (Testbed testbed = Testbed.start("school-flow-it", Map.of("health.interval.CLOUD_TERMINAL", "1s"))) {
            Path webConfig = districtWebConfig(testbed.dir);
            HttpClient https = HttpClient.newBuilder().sslContext(TlsFiles.peerContext(WebConfig.read(webConfig).tls().orElseThrow()))
                    .connectTimeout(Duration.ofSeconds(2)).build();
            Map<String, String> settings = new HashMap<>(testbed.instance("school-flow-it", "a", 0));
            settings.put("http.web-config", webConfig.toString());
            try (AppProcess app = testbed.run("school-flow", settings)) {
                String base = app.url().replace("http://", "https://");
                Api desk = new Api(https, base, "Basic " + Base64.getEncoder().encodeToString("desk.lin:desk-pw".getBytes(StandardCharsets.UTF_8)));
                desk.awaitReady(app);
                twoSchools(testbed, desk);
                flow(testbed, https, base);
            }
        }
    }

    /** school-1 and school-2 under seed-004, three and two terminals beating; school-1's s1-t2 then stops; a ticket of school-2 open. */
    void twoSchools(Testbed testbed, Api desk) throws Exception {
        for (String school : List.of("school-1", "school-2")) {
            testbed.kafka.send("site-registry", school, Site.newBuilder().setSiteId(school).setContractId("seed-004")
                    .setAcceptedAt(Instant.now().minus(Duration.ofDays(60)).toEpochMilli()).build());
        }
        for (String id : List.of("s1-t1", "s1-t2", "s1-t3", "s2-t1", "s2-t2")) {
            Device d = Fleet.device(id, DeviceType.CLOUD_TERMINAL).at(id.startsWith("s1") ? "school-1" : "school-2").contract("seed-004").build();
            testbed.kafka.send("device-registry", id, d);
            devices.put(id, d);
        }
        testbed.pump.beating.addAll(devices.values());
        desk.await("/api/sites", s -> s.path("items").size() == 2 && count(s, "UP") == 5, "both schools' five terminals UP");
        testbed.pump.beating.remove(devices.get("s1-t2")); // the terminal in class 3-2 that does not start
        desk.await("/api/devices/s1-t2", d -> d.path("state").asText().equals("DOWN"), "s1-t2 DOWN");
        testbed.kafka.send("fault-tickets", "T-S2-1", TicketEvent.newBuilder().setTicketId("T-S2-1").setType(TicketEventType.OPENED)
                .setTimestamp(Instant.now().toEpochMilli()).setSiteId("school-2").setDeviceId("s2-t1").setContractId("seed-004")
                .setSeverity("B").setCategory(TicketCategory.NETWORK).setActor("zhao.min").setNote("school-2's own fault").build());
        desk.await("/api/tickets", t -> t.toString().contains("T-S2-1"), "school-2's ticket on the desk");
        for (String school : List.of("school-1", "school-2")) {
            desk.await("/api/sites/" + school + "/obligations", o -> true, school + " in site-registry");
        }
    }

    void flow(Testbed testbed, HttpClient https, String base) throws Exception {
        String[] ticket = new String[1];
        List<Cookie> hers = new ArrayList<>();
        chromium("flow-6-signed-out.png", "zh-CN", browser -> {
            ConsoleUser teacher = ConsoleUser.signIn(browser, base, "li.hua", "school-1-pw", PATIENCE, SHOTS);
            WebDriverWait wait = teacher.wait;
            // Her school only, in Chinese: its name, its three terminals, no choice of another, no ops console.
            assertEquals("zh-CN", browser.findElement(By.tagName("html")).getAttribute("lang"));
            wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("校园 IT 服务"));
            assertEquals("已登录：li.hua（学校用户）", browser.findElement(By.id("me")).getText());
            assertEquals("学校 school-1", wait.until(d -> d.findElement(By.id("school-name")).getText()));
            assertFalse(browser.findElement(By.id("school-pick")).isDisplayed(), "one school: nothing to pick");
            assertFalse(browser.findElement(By.id("console")).isDisplayed(), "a school sees its own page, not the ops console");
            wait.until(d -> d.findElements(By.cssSelector("#school-devices tbody tr")).size() == 3);
            assertEquals(List.of("s1-t1", "s1-t2", "s1-t3"), browser.findElements(By.cssSelector("#school-devices tbody tr")).stream()
                    .map(r -> r.getAttribute("data-device")).sorted().toList());
            String down = browser.findElement(By.cssSelector("#school-devices tr[data-device='s1-t2']")).getText();
            assertTrue(down.contains("云终端") && down.contains("离线") && LOCAL_TIME.matcher(down).find(), down);
            Select device = new Select(browser.findElement(By.cssSelector("#school-form select[name='deviceId']")));
            wait.until(d -> device.getOptions().size() == 4);
            assertEquals(List.of("不指定设备", "s1-t2 · 云终端（离线）", "s1-t1 · 云终端（正常）", "s1-t3 · 云终端（正常）"),
                    device.getOptions().stream().map(WebElement::getText).toList(), "her devices, the one not UP first");
            assertFalse(browser.findElement(By.cssSelector("#school-form .severity-field")).isDisplayed(), "the desk judges the severity");
            assertEquals("尚无服务记录", wait.until(d -> d.findElement(By.cssSelector("#school .visits-none")).getText()),
                    "no visit yet, said so under the empty table's headings");
            teacher.assertFitsWindow("the school's page");
            teacher.screenshot("flow-1-school.png");
            assertNothingOfAnotherSchool(teacher);

            // The fault, on the terminal that does not start.
            String accepted = teacher.reportFault("#school-form", "s1-t2", "硬件故障", DESCRIPTION);
            Matcher id = Pattern.compile("已受理，工单号 (W-\\d{8}-[0-9A-HJKMNP-TV-Z]{6})").matcher(accepted);
            assertTrue(id.matches(), accepted);
            ticket[0] = id.group(1);
            TicketEvent opened = written(testbed, ticket[0], TicketEventType.OPENED);
            assertEquals(List.of("li.hua", "school-1", "s1-t2", "seed-004", "D", "HARDWARE", DESCRIPTION), List.of(opened.getActor(),
                    opened.getSiteId(), opened.getDeviceId(), opened.getContractId(), opened.getSeverity(), opened.getCategory().name(),
                    opened.getNote()), "the OPENED on fault-tickets: the teacher as actor, seed-004's reportSeverity");

            // Its RESPONSE clock, running against seed-004's 15 minutes, due at the local time of the zone, counting down.
            By row = By.cssSelector("#school-tickets tr[data-ticket='" + ticket[0] + "'][data-state='OPEN']");
            By response = By.cssSelector("#school-tickets tr[data-ticket='" + ticket[0] + "'] li[data-clock='RESPONSE'][data-state='running']");
            String clock = wait.until(d -> d.findElement(response).getText());
            String due = LOCAL.format(Instant.ofEpochMilli(opened.getTimestamp()).plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS));
            assertTrue(clock.startsWith("响应：承诺 15 分钟，截止 " + due + " " + ZONE + " 剩余 "), clock);
            assertTrue(Pattern.compile("剩余 1[0-5]分\\d\\d秒$").matcher(clock).find(), "a live countdown: " + clock);
            List<String> mine = wait.until(d -> { // in one look, again if the list was redrawn under the reading
                WebElement r = d.findElement(row);
                return List.of(cell(r, 2), cell(r, 3), cell(r, 5), cell(r, 4), r.findElement(By.cssSelector(".rating")).getText());
            });
            assertEquals(List.of("s1-t2", "硬件故障", "已受理"), mine.subList(0, 3));
            assertEquals(LOCAL.format(Instant.ofEpochMilli(opened.getTimestamp())) + " " + ZONE, mine.get(3), "reported at, local, labelled");
            assertEquals("解决后可评价", mine.get(4));
            // Read out on the phone: the ticket number whole, in the form's answer and in the list; the device and category too.
            teacher.assertOnOneLine("#school-form .fault-result", ticket[0]);
            String cells = "#school-tickets tr[data-ticket='" + ticket[0] + "'] td:nth-child(";
            teacher.assertOnOneLine(cells + "1)", ticket[0]);
            teacher.assertOnOneLine(cells + "2)", "s1-t2");
            teacher.assertOnOneLine(cells + "3)", "硬件故障");
            teacher.assertFitsWindow("the school's page with its ticket");
            teacher.screenshot("flow-2-reported.png");

            // The desk, in another browser: finds it, resolves it.
            chromium("flow-4-desk-resolved.png", "en-US", other -> {
                ConsoleUser operator = ConsoleUser.signIn(other, base, "desk.lin", "desk-pw", PATIENCE, SHOTS);
                operator.wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("SLA console"));
                By onDesk = By.cssSelector("#desk tr[data-ticket='" + ticket[0] + "']");
                String line = operator.wait.until(d -> d.findElement(onDesk).getText());
                assertTrue(line.contains("school-1") && line.contains("s1-t2") && line.contains("hardware") && line.contains(" D ")
                        && line.contains("RESPONSE: target 15 min, due " + due + " " + ZONE), line);
                operator.scrollTo("#desk-section");
                operator.assertFitsWindow("the ticket desk at 1300 px");
                operator.screenshot("flow-3-desk.png");
                Alert asked = operator.ask("#desk", ticket[0], "resolve");
                assertEquals("Mark ticket " + ticket[0] + " as resolved?", asked.getText());
                asked.accept();
                operator.wait.until(d -> d.findElement(By.cssSelector("#desk tr[data-ticket='" + ticket[0] + "'][data-state='RESOLVED']")));
                operator.scrollTo("#desk-section");
                operator.assertFitsWindow("the ticket desk with the resolved ticket");
            });
            assertEquals("desk.lin", written(testbed, ticket[0], TicketEventType.RESOLVED).getActor());

            // Back on her page (it follows the ticket by itself): resolved, so she rates the repair.
            By resolved = By.cssSelector("#school-tickets tr[data-ticket='" + ticket[0] + "'][data-state='RESOLVED']");
            // The page redraws its lists every few seconds: the row is read in one look, and again if it was redrawn
            // under the reading (CI failed once with a stale element here).
            List<String> resolvedRow = wait.until(d -> {
                WebElement r = d.findElement(resolved);
                return List.of(cell(r, 5), r.findElement(By.cssSelector("li[data-clock='RESPONSE']")).getText());
            });
            assertEquals(List.of("已解决", "响应：承诺 15 分钟，已达成"), resolvedRow);
            assertEquals("★★★★☆ 已评价 4 星，谢谢！", teacher.rate(ticket[0], 4, "工程师很快修好了"));
            teacher.scrollToTop();
            teacher.screenshot("flow-5-rated.png");
            assertNothingOfAnotherSchool(teacher);
            hers.addAll(browser.manage().getCookies());

            teacher.signOut();
            assertTrue(browser.manage().getCookies().stream().noneMatch(c -> c.getName().startsWith("sla_")), "both cookies cleared");
        });

        // The rating reached the engine: a committed CALLBACK_DONE with 4 stars by the teacher, and the ticket says so.
        TicketEvent rating = written(testbed, ticket[0], TicketEventType.CALLBACK_DONE);
        assertEquals(List.of(4, "li.hua", "工程师很快修好了"), List.of(rating.getSatisfaction(), rating.getActor(), rating.getNote()));
        Api desk = new Api(https, base, "Basic " + Base64.getEncoder().encodeToString("desk.lin:desk-pw".getBytes(StandardCharsets.UTF_8)));
        JsonNode rated = desk.await("/api/tickets/" + ticket[0], t -> t.path("satisfaction").asInt() == 4, "the ticket's satisfaction");
        assertEquals("RESOLVED", rated.path("status").asText(), rated.toString());

        // Signed out: her old cookie is good for nothing, as a script's request or a browser's page.
        String cookie = hers.stream().filter(c -> c.getName().startsWith("sla_")).map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
        assertTrue(cookie.contains("sla_session="), "her session's cookie, kept before she signed out: " + cookie);
        Api old = new Api(https, base, null);
        assertEquals(401, old.send("/api/me", Map.of("Cookie", cookie)).statusCode());
        assertEquals(401, old.send("/api/tickets/" + ticket[0], Map.of("Cookie", cookie)).statusCode());
        HttpResponse<String> page = old.send("/", Map.of("Cookie", cookie, "Accept", "text/html"));
        assertEquals(303, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Location").orElse("").startsWith("/login"), page.headers().toString());

        // The page asked nothing her role may not: no refusal of hers in ops-audit.
        List<OpsAction> refused = testbed.kafka.readAll("ops-audit").stream().map(r -> (OpsAction) testbed.kafka.decode(r))
                .filter(a -> "li.hua".equals(a.getActor()) && a.getOutcome().startsWith("REFUSED")).toList();
        assertEquals(List.of(), refused);
    }

    /** Her browser, everything it holds: no other school's site, device or ticket. */
    static void assertNothingOfAnotherSchool(ConsoleUser teacher) {
        String seen = teacher.everythingSeen();
        for (String other : NOT_HERS) {
            assertFalse(seen.contains(other), other + " in the teacher's page:\n" + seen);
        }
        assertTrue(seen.contains("s1-t1"), "not vacuous: her own terminals are there");
    }

    /** The text of a row's {@code n}th cell (1-based). */
    static String cell(WebElement row, int n) {
        return row.findElement(By.cssSelector("td:nth-child(" + n + ")")).getText();
    }

    /** The committed record of {@code type} of a ticket on fault-tickets (a read_committed consumer), waited for. */
    static TicketEvent written(Testbed testbed, String ticket, TicketEventType type) {
        Predicate<TicketEvent> wanted = e -> e.getTicketId().equals(ticket) && e.getType() == type;
        return testbed.kafka.readUntil("fault-tickets", rs -> rs.stream().map(r -> (TicketEvent) testbed.kafka.decode(r)).anyMatch(wanted),
                PATIENCE).stream().map(r -> (TicketEvent) testbed.kafka.decode(r)).filter(wanted).findFirst().orElseThrow();
    }

    /** A Chromium session of {@link Chromium}, its last page saved as {@code shot}; one may run inside another (two people at once). */
    static void chromium(String shot, String language, Consumer<WebDriver> look) {
        try {
            Files.createDirectories(SHOTS);
            Chromium.session(SHOTS.resolve(shot), true, language, look);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The district's web-config of README "A district's set-up", cut to this test: HTTPS with a certificate made here;
     * li.hua, school-1's IT teacher (customer, scoped to it), and desk.lin of the service desk (operator, every school).
     */
    static Path districtWebConfig(Path dir) throws Exception {
        TestCertificates.pem(dir);
        Path file = dir.resolve("web-config.yml");
        Files.writeString(file, """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                basic_auth_users:
                  li.hua: %s
                  desk.lin: %s
                roles:
                  li.hua: customer
                  desk.lin: operator
                scopes:
                  li.hua: {sites: [school-1]}
                """.formatted(hash("school-1-pw"), hash("desk-pw")));
        return file;
    }

    static String hash(String password) {
        return BCrypt.withDefaults().hashToString(4, password.toCharArray());
    }

    static int count(JsonNode sites, String state) {
        int n = 0;
        for (JsonNode s : sites.path("items")) {
            n += s.path("devicesByState").path(state).asInt();
        }
        return n;
    }

    /** The query API over HTTPS, as one user (an Authorization header) or with the headers given. */
    record Api(HttpClient http, String base, String authorization) {
        HttpResponse<String> send(String path, Map<String, String> headers) throws IOException, InterruptedException {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
            if (authorization != null) {
                r.header("Authorization", authorization);
            }
            headers.forEach(r::header);
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Asks until the answer is 200 and {@code done}. */
        JsonNode await(String path, Predicate<JsonNode> done, String what) throws Exception {
            long end = System.nanoTime() + PATIENCE.toNanos();
            String last = "(nothing)";
            while (System.nanoTime() < end) {
                HttpResponse<String> r = send(path, Map.of());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && done.test(JSON.readTree(r.body()))) {
                    return JSON.readTree(r.body());
                }
                Thread.sleep(250);
            }
            throw new AssertionError(what + ": not within " + PATIENCE + " from " + path + "; last answer " + last);
        }

        void awaitReady(AppProcess app) throws Exception {
            long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < end) {
                try {
                    if (send("/health/ready", Map.of()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError("not ready:\n" + app.logTail());
        }
    }
}
