package org.wsgateway.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A headless Chromium driven through WebDriver: Debian's {@code chromium} and {@code chromium-driver} (never a
 * browser downloaded at test time). Missing either fails the test with what to install: browser tests never skip.
 */
final class TesterBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String origin;

    private TesterBrowser(ChromeDriver driver, String origin) {
        this.driver = driver;
        this.origin = origin;
    }

    /** A browser 1280 px wide, signed in to the portal at {@code origin} (http://127.0.0.1:port) as {@code user}. */
    static TesterBrowser signedIn(String origin, String user, String password) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: the portal's browser tests need Debian's chromium and chromium-driver "
                        + "(apt-get install chromium chromium-driver; .ci/run installs them)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        TesterBrowser browser = new TesterBrowser(new ChromeDriver(service, options), origin);
        browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        browser.signIn(user, password);
        return browser;
    }

    /**
     * Signs in through the container's BASIC login as a person would answer the browser's prompt: the protected
     * sign-in page, opened with the credentials in the URL, puts them in the browser's authentication cache, which
     * then answers the REST API's challenges. Then the portal is opened at a URL without credentials.
     */
    private void signIn(String user, String password) {
        driver.get(origin.replace("://", "://" + user + ":" + password + "@") + "/ws-admin/signin/");
        open("apis");
        waitFor(d -> d.findElement(By.id("user-name")).getText().equals(user) ? true : null);
    }

    /** Opens a page of the portal ("apis", "apis/new", "console/EchoWebSocket:1.0"). */
    void open(String page) {
        driver.get(origin + "/ws-admin/#/" + page);
    }

    WebDriver driver() {
        return driver;
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits (10 s at most) for an element to be shown, and returns it. */
    WebElement shown(String css) {
        return waitFor(10, "an element " + css + " to be shown", d -> d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Waits (10 s at most) until an element's text contains {@code text}, and returns that whole text. */
    String text(String css, String text) {
        return waitFor(10, "the text '" + text + "' in " + css, d -> d.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText).filter(t -> t.contains(text)).findFirst().orElse(null));
    }

    /** Waits (10 s at most) for an element to be shown, and clicks it (found anew if the page was redrawn). */
    void click(String css) {
        waitFor(d -> {
            shown(css).click();
            return true;
        });
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(10, "a condition", condition);
    }

    /** Waits until the condition gives something but null or false, failing after {@code seconds} with what. */
    <T> T waitFor(int seconds, String what, Function<WebDriver, T> condition) {
        // A page that redraws (a list reloaded, a poll) replaces elements: look again rather than fail.
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).withMessage("waiting for " + what).until(condition);
    }

    /** Replaces an input's value as typing would. */
    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows as target/screenshots/{name}.png. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
