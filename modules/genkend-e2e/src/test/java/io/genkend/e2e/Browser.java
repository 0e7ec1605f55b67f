package io.genkend.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A headless Debian chromium driven by chromedriver (both from apt: {@code chromium}, {@code chromium-driver}),
 * with a fresh profile folder and every background network feature off (the machine may have no internet),
 * plus the few steps every test needs: open a page, log in, log out.
 */
public final class Browser {

    private final String baseUrl;
    private final Path profile;
    private final WebDriver driver;

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        try {
            this.profile = Files.createTempDirectory("genkend-e2e-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("GENKEND_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=en-GB", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("GENKEND_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    private static String executable(String env, String fallback) {
        String path = System.getenv(env) != null ? System.getenv(env) : fallback;
        if (!new File(path).canExecute()) {
            throw new IllegalStateException(path + " is missing: apt-get install -y chromium chromium-driver"
                    + " (or set " + env + ")");
        }
        return path;
    }

    /** @return the WebDriver, for what the helpers do not cover */
    public WebDriver driver() {
        return driver;
    }

    /** @return the application's base URL */
    public String baseUrl() {
        return baseUrl;
    }

    /** Opens {@code path} (such as {@code /journeys}) on the application. */
    public Browser open(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** Logs in through the login form as a demo user and waits until the start page is shown. */
    public Browser login(String email) {
        return login(email, GenkendApp.PASSWORD);
    }

    /** Logs in through the login form and waits until the browser has left the login page. */
    public Browser login(String email, String password) {
        open("/login");
        find(By.id("username")).sendKeys(email);
        find(By.id("password")).sendKeys(password);
        find(By.cssSelector("main form button[type=submit]")).click();
        await(d -> !d.getCurrentUrl().contains("/login"));
        return this;
    }

    /** Clicks "Log out" and waits for the login page. */
    public Browser logout() {
        find(By.id("logout")).click();
        await(d -> d.getCurrentUrl().contains("/login"));
        return this;
    }

    /** @return the first element found, waiting up to 15 s for it to appear */
    public WebElement find(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** @return the text of the page's {@code h1} */
    public String heading() {
        return find(By.tagName("h1")).getText();
    }

    /** Waits up to 30 s for {@code condition}. */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
    }

    /** Runs a script in the page and returns its result. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Sets the window's width (and a phone-like height for narrow widths). */
    public Browser width(int width) {
        driver.manage().window().setSize(new Dimension(width, width < 600 ? 844 : 900));
        return this;
    }

    void reset() {
        open("/login");
        driver.manage().deleteAllCookies();
        width(1280);
    }

    void quit() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }
}
