package com.schoolops.sla.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issues 37 and 38, the browser side, in Chromium against {@link FakeConsoleApi} (the page and its texts as the product
 * serves them, the API of the HTTP contract answered from memory): a school's IT teacher logs in, reports a fault on a
 * terminal, follows its RESPONSE clock; an operator resolves it from the desk; the teacher gives 4 stars and logs out.
 * The page speaks the browser's language, or the one chosen in its header, and remembers the choice.
 */
class SchoolPageTest {
    static final Path SHOTS = Path.of("target", "console-shots");
    static final Pattern LOCAL_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d Asia/Shanghai");
    FakeConsoleApi api;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(SHOTS);
        api = new FakeConsoleApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aSchoolReportsAFaultFollowsItsClockAndRatesItAfterTheDeskResolvesIt() throws Exception {
        Chromium.session(SHOTS.resolve("school-reported.png"), false, "zh-CN", browser -> {
            ConsoleUser teacher = login(browser, "li.hua");
            WebDriverWait wait = teacher.wait;
            assertEquals("zh-CN", browser.findElement(By.tagName("html")).getAttribute("lang"), "the browser's language");
            wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("校园 IT 服务"));
            assertEquals("学校 school-3", wait.until(d -> d.findElement(By.id("school-name")).getText()));
            assertFalse(browser.findElement(By.id("console")).isDisplayed(), "a school sees its own page, not the ops console");
            String down = wait.until(d -> d.findElement(By.cssSelector("#school-devices tr[data-device='s3-t1']")).getText());
            assertTrue(down.contains("云终端") && down.contains("离线"), down);
            // The reports of its quarter, in its language, and no control of the desk anywhere.
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            String quarter = today.getYear() + "Q" + ((today.getMonthValue() - 1) / 3 + 1);
            String report = browser.findElement(By.cssSelector("#reports a[data-report='inspection'][data-period='" + quarter + "'][data-format='html']"))
                    .getAttribute("href");
            assertTrue(report.endsWith("/api/sites/school-3/reports/inspection?quarter=" + quarter + "&lang=zh&format=html"), report);
            assertFalse(browser.findElement(By.cssSelector("#school-form .severity-field")).isDisplayed(), "the desk judges the severity, not the school");

            // The fault: a terminal that does not start, picked from the school's own devices (the one not UP first).
            Select device = new Select(browser.findElement(By.cssSelector("#school-form form select[name='deviceId']")));
            wait.until(d -> device.getOptions().size() == 5);
            assertEquals("s3-t1 · 云终端（离线）", device.getOptions().get(1).getText(), "the device not UP first");
            assertEquals("已受理，工单号 W-1", teacher.reportFault("#school-form", "s3-t1", "硬件故障", "三年级二班的云终端无法开机"));
            FakeConsoleApi.Write written = api.writes.get(0);
            assertEquals("/api/tickets", written.path());
            assertEquals("li.hua", written.user());
            assertEquals("{\"siteId\":\"school-3\",\"category\":\"HARDWARE\",\"description\":\"三年级二班的云终端无法开机\",\"deviceId\":\"s3-t1\"}",
                    written.body().toString(), "no severity from a school; written with the session's CSRF token");

            // Followed to the end: its RESPONSE clock against the contract's 30 minutes, due at a local time, counting down.
            By response = By.cssSelector("#school-tickets tr[data-ticket='W-1'][data-state='OPEN'] li[data-clock='RESPONSE'][data-state='running']");
            String clock = wait.until(d -> d.findElement(response).getText());
            assertTrue(clock.startsWith("响应：承诺 30 分钟，截止 ") && LOCAL_TIME.matcher(clock).find(), clock);
            assertTrue(Pattern.compile("剩余 (29|30)分\\d\\d秒$").matcher(clock).find(), "a live countdown: " + clock);
            String reported = browser.findElement(By.cssSelector("#school-tickets tr[data-ticket='W-1'] td:nth-child(4)")).getText();
            assertTrue(LOCAL_TIME.matcher(reported).matches(), "local time of the zone, to the second, labelled: " + reported);
            assertEquals("解决后可评价", browser.findElement(By.cssSelector("#school-tickets tr[data-ticket='W-1'] .rating")).getText());
            assertTrue(browser.findElements(By.cssSelector("button[data-action]")).stream().noneMatch(WebElement::isDisplayed),
                    "no operator control for a school");
        });

        Chromium.session(SHOTS.resolve("desk.png"), false, "en-US", browser -> {
            ConsoleUser operator = login(browser, "otto");
            WebDriverWait wait = operator.wait;
            assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
            wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("SLA console"));
            By row = By.cssSelector("#desk tr[data-ticket='W-1']");
            String desk = wait.until(d -> d.findElement(row).getText());
            assertTrue(desk.contains("school-3") && desk.contains("s3-t1") && desk.contains("hardware") && desk.contains("RESPONSE: target 30 min"), desk);
            operator.assertFitsWindow("the ticket desk at 1300 px");
            // The severity first (asked in a prompt with the contract's levels), then resolved; each asked before it is written.
            org.openqa.selenium.Alert asked = operator.ask("#desk", "W-1", "severity");
            assertEquals("New severity of ticket W-1 (A, B, C, D):", asked.getText());
            asked.sendKeys("B");
            asked.accept();
            wait.until(d -> api.tickets.get("W-1").severity.equals("B"));
            wait.until(d -> d.findElement(row).getText().contains(" B "));
            asked = operator.ask("#desk", "W-1", "resolve");
            assertEquals("Mark ticket W-1 as resolved?", asked.getText());
            asked.accept();
            wait.until(d -> api.tickets.get("W-1").resolvedAt != null);
            wait.until(d -> d.findElement(By.cssSelector("#desk tr[data-ticket='W-1'][data-state='RESOLVED']")));
            assertFalse(browser.findElements(By.cssSelector("#desk tr[data-ticket='W-1'] button[data-action='reopen']")).isEmpty(),
                    "a resolved ticket may be reopened");

            // The desk opens a ticket itself: the same form, with the site and the contract's severities.
            browser.findElement(By.id("open-ticket")).click();
            WebElement form = wait.until(d -> d.findElement(By.cssSelector("#desk-form form")));
            assertTrue(form.findElement(By.cssSelector(".severity-field")).isDisplayed() && form.findElement(By.cssSelector(".site-field")).isDisplayed());
            form.findElement(By.name("siteId")).sendKeys("school-1", org.openqa.selenium.Keys.TAB);
            Select severity = new Select(form.findElement(By.name("severity")));
            wait.until(d -> severity.getOptions().size() == 5);
            assertEquals(List.of("the contract’s default", "A", "B", "C", "D"), severity.getOptions().stream().map(WebElement::getText).toList());
            severity.selectByValue("A");
            operator.scrollTo("#desk-section");
            operator.screenshot("desk-open-ticket.png");
            assertEquals("reported: ticket W-2", operator.reportFault("#desk-form", "s1-switch", "network", "the switch of building 2 is down"));
            assertEquals("{\"siteId\":\"school-1\",\"category\":\"NETWORK\",\"description\":\"the switch of building 2 is down\","
                    + "\"deviceId\":\"s1-switch\",\"severity\":\"A\"}", api.writes.get(api.writes.size() - 1).body().toString());
            wait.until(d -> d.findElement(By.cssSelector("#desk tr[data-ticket='W-2'][data-state='OPEN']")));
            operator.scrollTo("#desk-section");
            operator.assertFitsWindow("the ticket desk with two tickets");
        });

        Chromium.session(SHOTS.resolve("school-logged-out.png"), false, "zh-CN", browser -> {
            ConsoleUser teacher = login(browser, "li.hua");
            WebDriverWait wait = teacher.wait;
            By row = By.cssSelector("#school-tickets tr[data-ticket='W-1'][data-state='RESOLVED']");
            wait.until(d -> d.findElement(row));
            String clock = browser.findElement(row).findElement(By.cssSelector("li[data-clock='RESPONSE']")).getText();
            assertEquals("响应：承诺 30 分钟，已达成", clock);
            assertEquals("★★★★☆ 已评价 4 星，谢谢！", teacher.rate("W-1", 4, "工程师很快修好了"));
            assertEquals(4, api.tickets.get("W-1").satisfaction);
            FakeConsoleApi.Write rated = api.writes.get(api.writes.size() - 1);
            assertEquals(List.of("/api/tickets/W-1/rating", "li.hua", "{\"satisfaction\":4,\"note\":\"工程师很快修好了\"}"),
                    List.of(rated.path(), rated.user(), rated.body().toString()));
            teacher.scrollToTop();
            teacher.screenshot("school-rated.png");
            browser.navigate().refresh(); // the rating as the server has it: not offered again
            wait.until(d -> d.findElement(By.cssSelector("#school-tickets tr[data-ticket='W-1'] .rating[data-rated='4']")));
            assertTrue(browser.findElements(By.cssSelector(".rating .star")).isEmpty());

            teacher.signOut();
            assertTrue(browser.getCurrentUrl().endsWith("/login"), browser.getCurrentUrl());
            assertTrue(browser.manage().getCookies().stream().noneMatch(c -> c.getName().startsWith("sla_")), "both cookies cleared");
        });
        assertEquals("/logout", api.writes.get(api.writes.size() - 1).path(), "logged out by a POST with the CSRF token");
        assertEquals(List.of(), api.refused, "the page asked nothing its users may not, and every write carried the token");
    }

    @Test
    void theConsoleSpeaksTheBrowsersLanguageOrTheOneChosenInItsHeaderAndRemembersIt() throws Exception {
        Chromium.session(SHOTS.resolve("console-en.png"), false, "en-US", browser -> {
            WebDriverWait wait = login(browser, "otto").wait;
            wait.until(d -> d.findElement(By.cssSelector("#sites .site[data-site='school-3']")).getText().contains("3 of 4 up · 1 DOWN"));
            assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
            assertEquals("SLA console", browser.getTitle());
            String status = wait.until(d -> d.findElement(By.id("status")).getText());
            assertTrue(status.startsWith("no site in outage, 1 with a device not up, 1 all up · 1 instance · updated "), status);
            // A school's page from the console: the operator's view of it, with the desk's buttons.
            wait.until(d -> {
                d.findElement(By.cssSelector("#sites .site[data-site='school-3']")).click();
                return true;
            });
            wait.until(d -> d.findElement(By.id("school-link")).isDisplayed());
            browser.findElement(By.id("school-link")).click();
            assertEquals("School school-3", wait.until(d -> d.findElement(By.id("school-name")).getText()));
            assertTrue(browser.findElement(By.cssSelector("#school-form .severity-field")).isDisplayed(), "an operator sets the severity");
            assertTrue(browser.findElement(By.id("to-console")).isDisplayed());
            browser.findElement(By.id("to-console")).click();
            wait.until(d -> d.findElement(By.id("console")).isDisplayed());
        });
        Chromium.session(SHOTS.resolve("console-zh.png"), false, "en-US", browser -> {
            WebDriverWait wait = login(browser, "otto").wait;
            wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("SLA console"));
            // A site open (#site=… in the address): the switch loads the page again all the same, the site kept.
            wait.until(d -> {
                d.findElement(By.cssSelector("#sites .site[data-site='school-3']")).click();
                return true;
            });
            wait.until(d -> d.getCurrentUrl().endsWith("#site=school-3"));
            new Select(browser.findElement(By.id("lang"))).selectByValue("zh");
            wait.until(d -> "zh-CN".equals(d.findElement(By.tagName("html")).getAttribute("lang"))
                    && d.findElement(By.cssSelector("header h1")).getText().equals("运维控制台"));
            assertEquals("school-3 的设备", wait.until(d -> d.findElement(By.id("device-site")).getText()));
            String card = wait.until(d -> d.findElement(By.cssSelector("#sites .site[data-site='school-3'] .counts")).getText());
            assertEquals("4 台中 3 台正常 · 1 台离线", card);
            browser.navigate().refresh();
            wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("运维控制台"));
            assertEquals("zh", new Select(browser.findElement(By.id("lang"))).getFirstSelectedOption().getAttribute("value"), "remembered");
            String kpi = wait.until(d -> d.findElement(By.cssSelector("#kpi-charts .chart[data-contract='seed-004'] .today")).getText());
            assertEquals("今天迄今：响应 100.0%，修复 100.0%，可用率 98.2% · 开单 1 张", kpi);
            browser.get(api.url() + "/?lang=en");
            wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("SLA console"));
            String english = wait.until(d -> d.findElement(By.cssSelector("#kpi-charts .chart[data-contract='seed-004'] .today")).getText());
            assertEquals("today so far: response 100.0 %, restore 100.0 %, availability 98.2 % · 1 ticket opened", english);
            browser.get(api.url() + "/");
            wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("SLA console"));
            browser.findElement(By.id("lang")); // the last choice (?lang=en) is the one kept
            new Select(browser.findElement(By.id("lang"))).selectByValue("zh");
            wait.until(d -> d.findElement(By.cssSelector("header h1")).getText().equals("运维控制台"));
            wait.until(d -> d.findElements(By.cssSelector("#kpi-charts canvas")).size() == 1);
        });
        assertEquals(List.of(), api.refused);
    }

    /** Signs {@code user} in through the login page the console sends an unknown browser to (the fake's password: pw-user). */
    ConsoleUser login(WebDriver browser, String user) {
        return ConsoleUser.signIn(browser, api.url(), user, "pw-" + user, Duration.ofSeconds(20), SHOTS);
    }
}
