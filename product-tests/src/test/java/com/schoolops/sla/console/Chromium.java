package com.schoolops.sla.console;

import com.schoolops.sla.testing.Prerequisites;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/** Debian's headless Chromium through its chromedriver, as the console tests drive it; a screenshot of each session is kept. */
public final class Chromium {
    private Chromium() {
    }

    /** As {@link #session(Path, boolean, String, Consumer)} in a browser whose language is English (en-US). */
    public static void session(Path screenshot, boolean trustAnyCertificate, Consumer<WebDriver> look) throws Exception {
        session(screenshot, trustAnyCertificate, "en-US", look);
    }

    /**
     * Runs {@code look} in a fresh browser (its own profile) whose language is {@code language} (navigator.languages and
     * Accept-Language: the console speaks it), then saves what it showed last as {@code screenshot}.
     *
     * @param trustAnyCertificate for a console served with a certificate made in the test
     */
    public static void session(Path screenshot, boolean trustAnyCertificate, String language, Consumer<WebDriver> look) throws Exception {
        Prerequisites.browser();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1300,1100", "--user-data-dir=" + Files.createTempDirectory("chromium"),
                "--lang=" + language);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        if (trustAnyCertificate) {
            options.addArguments("--ignore-certificate-errors");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            look.accept(browser);
        } finally {
            try {
                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, screenshot, StandardCopyOption.REPLACE_EXISTING); // looked at when it fails
            } finally {
                browser.quit();
            }
        }
    }
}
