package io.reckon.dashboard;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.time.Duration;
import java.util.logging.Level;

/**
 * Headless Chromium for the page test: Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs
 * them), named explicitly so that Selenium Manager never tries to download a browser. {@code RECKON_CHROMIUM} and
 * {@code RECKON_CHROMEDRIVER} point elsewhere.
 */
final class Browser {
    private Browser() {
    }

    static ChromeDriver start() {
        String chromium = System.getenv().getOrDefault("RECKON_CHROMIUM", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("RECKON_CHROMEDRIVER", "/usr/bin/chromedriver");
        for (String f : new String[] {chromium, driver}) {
            if (!new File(f).canExecute()) {
                throw new IllegalStateException(f + " is missing: apt-get install -y chromium chromium-driver "
                        + "(.ci/run does), or set RECKON_CHROMIUM and RECKON_CHROMEDRIVER");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return chrome;
    }
}
