package com.schoolops.sla.console;

import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person at the console in Chromium, doing the steps of issue 38 as the page offers them (the login form, the fault
 * report, a button of the ticket desk, the stars of a rating, signing out), whatever answers the page: {@link FakeConsoleApi}
 * in {@code SchoolPageTest}, the application itself in {@code SchoolFlowIntegrationTest}. The tests assert what each step shows.
 */
final class ConsoleUser {
    final WebDriver browser;
    final WebDriverWait wait;
    private final Path shots;

    private ConsoleUser(WebDriver browser, Duration patience, Path shots) {
        this.browser = browser;
        this.wait = new WebDriverWait(browser, patience);
        this.wait.ignoring(StaleElementReferenceException.class); // the page redraws its lists every few seconds
        this.wait.ignoring(NoSuchElementException.class);
        this.shots = shots;
    }

    /**
     * Opens the console at {@code base}, is sent to the login form, signs in there and waits for the page to say who
     * is signed in.
     *
     * @param patience how long a step waits for what it expects (an engine on a real broker takes seconds)
     * @param shots    where {@link #screenshot} saves
     */
    static ConsoleUser signIn(WebDriver browser, String base, String user, String password, Duration patience, Path shots) {
        ConsoleUser u = new ConsoleUser(browser, patience, shots);
        browser.get(base + "/");
        u.wait.until(d -> d.getCurrentUrl().startsWith(base + "/login"));
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        u.wait.until(d -> !d.getCurrentUrl().contains("/login") && !d.findElement(By.id("me")).getText().isEmpty());
        return u;
    }

    /**
     * The fault report of the form in {@code holder} (the school's #school-form, the desk's #desk-form): the device by
     * its id, the category by its words, what is wrong; sent, and the form's answer when it is accepted.
     */
    String reportFault(String holder, String deviceId, String category, String description) {
        WebElement form = browser.findElement(By.cssSelector(holder + " form"));
        Select device = new Select(form.findElement(By.name("deviceId")));
        wait.until(d -> device.getOptions().stream().anyMatch(o -> deviceId.equals(o.getAttribute("value"))));
        device.selectByValue(deviceId);
        new Select(form.findElement(By.name("category"))).selectByVisibleText(category);
        form.findElement(By.name("description")).sendKeys(description);
        form.findElement(By.name("send")).click();
        return wait.until(d -> d.findElement(By.cssSelector(holder + " .fault-result.ok")).getText());
    }

    /** Clicks the button {@code action} of ticket {@code ticketId} in the table {@code table} (its rows are redrawn as it goes); the question it asks. */
    Alert ask(String table, String ticketId, String action) {
        wait.until(d -> {
            d.findElement(By.cssSelector(table + " tr[data-ticket='" + ticketId + "'] button[data-action='" + action + "']")).click();
            return true;
        });
        return wait.until(ExpectedConditions.alertIsPresent());
    }

    /** On the school's list: {@code stars} of five and a comment for the resolved ticket, sent; the rating as it then reads. */
    String rate(String ticketId, int stars, String note) {
        By row = By.cssSelector("#school-tickets tr[data-ticket='" + ticketId + "'][data-state='RESOLVED']");
        wait.until(d -> {
            d.findElement(row).findElement(By.cssSelector(".rating .star[data-stars='" + stars + "']")).click();
            return true;
        });
        WebElement rating = browser.findElement(row).findElement(By.cssSelector(".rating"));
        String chosen = rating.findElements(By.cssSelector(".star")).stream().map(WebElement::getText).reduce("", String::concat);
        assertTrue(chosen.equals("★".repeat(stars) + "☆".repeat(5 - stars)), "the stars chosen: " + chosen);
        rating.findElement(By.cssSelector(".rating-note")).sendKeys(note);
        rating.findElement(By.cssSelector(".rating-send")).click();
        return wait.until(d -> d.findElement(By.cssSelector("#school-tickets tr[data-ticket='" + ticketId + "'] .rating[data-rated='" + stars + "']"))
                .getText());
    }

    /** "退出登录 · Sign out" in the header, and back on the login form. */
    void signOut() {
        browser.findElement(By.id("logout")).click();
        wait.until(d -> d.getCurrentUrl().contains("/login"));
    }

    /**
     * Whether the document is no wider than the window: nothing cut off on the right, no sideways scrolling (the
     * desk's buttons once were, at 1300 px). The widest element is named when it is not.
     */
    void assertFitsWindow(String what) {
        Object overflow = ((JavascriptExecutor) browser).executeScript("""
                const width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= width) return null;
                let widest = null;
                for (const e of document.querySelectorAll('body *')) {
                  const right = e.getBoundingClientRect().right + window.scrollX;
                  if (right > width && (!widest || right > widest.right)) widest = {right, e};
                }
                return document.documentElement.scrollWidth + ' px wide in a window of ' + width + ' px; widest: '
                  + (widest ? widest.e.tagName + (widest.e.id ? '#' + widest.e.id : '') + '.' + widest.e.className
                  + ' "' + widest.e.textContent.slice(0, 60) + '" to ' + Math.round(widest.right) + ' px' : '?');""");
        assertTrue(overflow == null, what + " does not fit the window: " + overflow);
    }

    /**
     * Whether {@code text} within the element {@code selector} is shown on one line: a ticket number read out on the
     * phone, a device id, a word, is not broken in two.
     */
    void assertOnOneLine(String selector, String text) {
        Object lines = ((JavascriptExecutor) browser).executeScript("""
                const [root, text] = [document.querySelector(arguments[0]), arguments[1]];
                const nodes = [];
                let all = '';
                for (const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); walk.nextNode();) {
                  nodes.push([walk.currentNode, all.length]);
                  all += walk.currentNode.data;
                }
                const at = all.indexOf(text);
                if (at < 0) return 'not there: "' + all + '"';
                const point = (i, end) => nodes.filter(([, from]) => end ? from < i : from <= i).map(([n, from]) => [n, i - from]).pop();
                const range = document.createRange();
                range.setStart(...point(at, false));
                range.setEnd(...point(at + text.length, true));
                const half = parseFloat(getComputedStyle(root).fontSize) / 2;
                const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top).sort((a, b) => a - b);
                const count = tops.filter((top, i) => i === 0 || top - tops[i - 1] > half).length;
                return count === 1 ? null : count + ' lines: "' + all + '"';""", selector, text);
        assertTrue(lines == null, text + " in " + selector + " is broken: " + lines);
    }

    /** Everything the page holds now: its document and the addresses it asked. */
    String everythingSeen() {
        return ((JavascriptExecutor) browser).executeScript("return document.documentElement.outerHTML + '\\n'"
                + " + performance.getEntriesByType('resource').map((r) => r.name).join('\\n') + '\\n' + location.href"
                + " + '\\n' + JSON.stringify(localStorage)").toString();
    }

    void scrollTo(String selector) {
        ((JavascriptExecutor) browser).executeScript("document.querySelector(arguments[0]).scrollIntoView()", selector);
    }

    void scrollToTop() {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    }

    /** What the page shows now, as {@code name} (the session's own screenshot is of its last page). */
    void screenshot(String name) {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.createDirectories(shots);
            Files.copy(shot, shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
