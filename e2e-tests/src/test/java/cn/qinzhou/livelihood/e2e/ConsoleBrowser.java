package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.ScratchDirectories;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Debian's headless Chromium driven through its own chromedriver, as a person uses the console: load a page,
 * sign in at Keycloak's login page, read what is shown, fill a form. The system binaries are named explicitly so Selenium Manager
 * downloads nothing; each browser gets a fresh profile directory. Screenshots go to e2e-tests/target/screenshots.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final Path screenshots;
    private final ChromeDriver driver;

    ConsoleBrowser(Path repositoryRoot) {
        if (!Files.isExecutable(Paths.get(CHROMIUM)) || !Files.isExecutable(Paths.get(CHROMEDRIVER))) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed (apt-get install chromium chromium-driver; deploy/local/test.sh installs them)");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        try {
            profile = Files.createTempDirectory("console-chromium-");
            screenshots = Files.createDirectories(repositoryRoot.resolve("e2e-tests/target/screenshots"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1500", "--lang=zh-CN", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    /**
     * Opens a console page as nobody (every cookie gone: the services' sessions and Keycloak's), is sent to
     * Keycloak's login page, signs in there as the role's or the lead unit's user, and waits until the page,
     * back from the login, shows who is signed in.
     */
    void signIn(String url, String role, String leadUnit) {
        String username = EndToEndStacks.user(role, leadUnit);
        signOutEverywhere();
        // The page's own storage too (the language chosen, the other services' addresses), as a fresh browser has it.
        java.net.URI page = java.net.URI.create(url);
        driver.executeCdpCommand("Storage.clearDataForOrigin", java.util.Map.of(
                "origin", page.getScheme() + "://" + page.getAuthority(), "storageTypes", "local_storage,session_storage"));
        driver.get(url);
        logIn(username, EndToEndStacks.keycloak().userPassword());
        await(d -> d.findElement(By.id("signed-in-as")));
    }

    /** Fills Keycloak's login form (the page the browser is on) and submits it. */
    void logIn(String username, String password) {
        awaitLoginPage();
        WebElement user = driver.findElement(By.id("username"));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    /** Waits until the browser shows Keycloak's login form. */
    void awaitLoginPage() {
        await(d -> d.findElement(By.id("kc-login")));
    }

    /** True while the browser is on Keycloak's login page. */
    boolean onLoginPage() {
        return !driver.findElements(By.id("kc-login")).isEmpty();
    }

    /** Drops every cookie of the browser, whatever its host and path: no session anywhere. */
    void signOutEverywhere() {
        driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Reloads the page as a person pressing F5 would. */
    void reload() {
        driver.navigate().refresh();
    }

    /** The browser window's size, e.g. a 1366x768 office screen. */
    void windowSize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    /** Lays the page out for print (true) or the screen again (false), as its @media print rules say. */
    void printMedia(boolean print) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.<String, Object>of("media", print ? "print" : ""));
    }

    void open(String url) {
        driver.get(url);
    }

    <T> T await(Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(200))
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                // A form the page shows once the data it depends on has loaded.
                .ignoring(org.openqa.selenium.ElementNotInteractableException.class)
                .until(d -> {
                    T value = condition.apply(driver);
                    return value instanceof Boolean b && !b ? null : value;
                });
    }

    /** The visible text of the first element the CSS selector finds, waiting until it is there and not empty. */
    String text(String css) {
        return await(d -> {
            String text = d.findElement(By.cssSelector(css)).getText().strip();
            return text.isEmpty() ? null : text;
        });
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement find(String css) {
        return await(d -> d.findElement(By.cssSelector(css)));
    }

    /** Retried while the page redraws the element (a live list re-renders its rows as changes arrive). */
    void type(String css, String value) {
        await(d -> {
            WebElement field = d.findElement(By.cssSelector(css));
            field.clear();
            field.sendKeys(value);
            return true;
        });
    }

    void click(String css) {
        await(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /**
     * The status of a call the page makes with its session, as the console's script makes it (a redirect is not
     * followed: 0 then).
     */
    int fetchStatus(String path) {
        Object status = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {headers: {'X-Requested-With': 'JavaScript', Accept: 'application/json'},"
                + " credentials: 'same-origin', redirect: 'manual'}).then(r => done(r.status)).catch(e => done(-1));", path);
        return ((Number) status).intValue();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            ScratchDirectories.deleteQuietly(profile);
        }
    }
}
