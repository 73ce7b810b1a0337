package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian chromium driven by its chromedriver, with Chrome's fake media: a microphone
 * that plays {@link #TONE_HZ} in a loop (a WAV written here) and a permission prompt that always
 * says yes. Owns the driver, its chromium and the fresh profile folder; {@link #close()} ends all
 * three. The driver and browser paths are given explicitly, so Selenium Manager never goes to the
 * network to fetch its own.
 */
public final class Browser implements AutoCloseable {

    /** The fake microphone's tone. Below 4 kHz, so it survives the call's 8 kHz G.711 leg. */
    public static final int TONE_HZ = 600;
    public static final Duration WAIT = Duration.ofSeconds(15);
    /** Where screenshots of the console's states go (test artifacts). */
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static final List<String> CHROMIUM = List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium",
            "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final Path profile;
    private final ChromeDriver driver;

    public Browser() {
        String chromium = first(CHROMIUM);
        String chromedriver = first(DRIVER);
        if (chromium == null || chromedriver == null) {
            throw new IllegalStateException("The console tests need Debian's chromium and chromedriver: "
                    + "apt-get install -y chromium chromium-driver (looked for " + CHROMIUM + " and " + DRIVER + ")");
        }
        try {
            profile = Files.createTempDirectory("console-browser-");
            Path tone = profile.resolve("tone.wav");
            // 10 s at 48 kHz (Chrome loops the file): a whole number of periods, so the loop has no click.
            Files.write(tone, Wavs.tone(48000, TONE_HZ, 480000, 0.5));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile.resolve("profile"),
                    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + tone, "--autoplay-policy=no-user-gesture-required",
                    "--window-size=1280,800");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(chromedriver).toFile())
                    .usingAnyFreePort()
                    .build();
            driver = new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String first(List<String> candidates) {
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    public void click(String id) {
        WebElement button = byId(id);
        until(d -> button.isEnabled());
        button.click();
    }

    public void type(String id, String text) {
        WebElement field = byId(id);
        field.clear();
        field.sendKeys(text);
    }

    public String text(String id) {
        return byId(id).getText();
    }

    /** Runs {@code return <expression>} in the page. */
    public Object eval(String expression) {
        return ((JavascriptExecutor) driver).executeScript("return " + expression + ";");
    }

    /** Polls until the condition holds (or is non-null), failing after {@link #WAIT}. */
    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(condition);
    }

    public void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG of the window as target/console-screenshots/{name}.png and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A profile file chromium still held is left in /tmp; nothing to fail a test over.
            }
        }
    }
}
