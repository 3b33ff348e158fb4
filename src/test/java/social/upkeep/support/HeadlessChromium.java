package social.upkeep.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through its own chromedriver (installed by {@code .ci/browser-tools}), with axe-core
 * from npm for accessibility checks. Nothing here downloads a browser.
 */
public final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path AXE = Path.of(".tools/axe/node_modules/axe-core/axe.min.js");
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    public final ChromeDriver driver;
    private final Path profile;

    public HeadlessChromium() throws IOException {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER, AXE)) {
            assertThat(tool).as("%s is needed for the browser tests: run `bash .ci/browser-tools` once", tool).exists();
        }
        profile = Files.createTempDirectory("upkeep-chromium");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1200,1600", "--user-data-dir=" + profile);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    /** Runs axe-core's WCAG 2.1 A and AA rules on the open page and returns the violations, described. */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityViolations() throws IOException {
        driver.executeScript(Files.readString(AXE));
        var violations = (List<Map<String, Object>>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})
                   .then(result => done(result.violations.map(v => ({id: v.id, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' ')).join(', ')}))))
                   .catch(error => done([{id: 'axe-error', help: String(error), nodes: ''}]));""", WCAG_21_AA);
        return violations.stream().map(v -> v.get("id") + ": " + v.get("help") + " at " + v.get("nodes")).toList();
    }

    public Path screenshot(String name) throws IOException {
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Resizes the window to a viewport this wide (and 900 px high), as a phone or a laptop shows the page. */
    public void width(int pixels) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(pixels, 900));
    }

    /** How wide the open page is laid out: more than the window means the reader scrolls sideways. */
    public long scrollWidth() {
        return (Long) driver.executeScript("return document.documentElement.scrollWidth");
    }

    /** How wide the window shows the page (without a scroll bar). */
    public long viewportWidth() {
        return (Long) driver.executeScript("return document.documentElement.clientWidth");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
