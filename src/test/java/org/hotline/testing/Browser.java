package org.hotline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromedriver}) for end-to-end
 * tests, with a fresh profile each time and a 1366x768 window. Outside CI a machine without
 * Chromium skips the test with a message; with {@code CI=true} a missing Chromium fails it.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * Long enough for a heartbeat-driven change on a loaded 2-core machine, short enough to fail
   * fast.
   */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final WebDriver driver;
  private final Path profile;
  private final String base;

  private Browser(WebDriver driver, Path profile, String base) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
  }

  /** Skips (outside CI) or fails (in CI) when Chromium or its driver is missing. */
  public static void requireChromium() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (present) {
      return;
    }
    String message =
        "browser tests need Debian's chromium and chromium-driver ("
            + CHROMIUM
            + ", "
            + CHROMEDRIVER
            + "): apt-get install -y chromium chromium-driver";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but " + message);
    }
    Assumptions.abort("skipped: " + message);
  }

  /** A new browser whose relative paths go to {@code base} (e.g. http://127.0.0.1:8080). */
  public static Browser open(String base) {
    requireChromium();
    try {
      Path profile = Files.createTempDirectory("hotline-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-dev-shm-usage",
          "--autoplay-policy=no-user-gesture-required",
          "--user-data-dir=" + profile,
          "--window-size=1366,768",
          "--lang=en-US");
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().window().setSize(new Dimension(1366, 768));
      return new Browser(driver, profile, base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  public Browser go(String path) {
    driver.get(base + path);
    return this;
  }

  public String path() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public java.util.List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public boolean present(String css) {
    return !all(css).isEmpty();
  }

  /** Waits for {@code css} to match an element and returns it. */
  public WebElement await(String css) {
    return until(
        d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null),
        "an element matching " + css);
  }

  public void awaitGone(String css) {
    until(
        d -> d.findElements(By.cssSelector(css)).isEmpty() ? Boolean.TRUE : null,
        "no element matching " + css);
  }

  public <T> T until(Function<WebDriver, T> condition, String what) {
    try {
      // A live update may replace an element the condition found before it reads it: look again.
      return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
          .withMessage("waiting for " + what + " on " + driver.getCurrentUrl())
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(e.getMessage() + "\npage:\n" + driver.getPageSource(), e);
    }
  }

  public Object script(String javascript, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
  }

  /**
   * Clicks the element matching {@code css}, finding it again if a live update replaced it between
   * finding and clicking (a stale element).
   */
  public void click(String css) {
    until(
        d -> {
          try {
            d.findElement(By.cssSelector(css)).click();
            return Boolean.TRUE;
          } catch (org.openqa.selenium.StaleElementReferenceException
              | org.openqa.selenium.NoSuchElementException replaced) {
            return null;
          }
        },
        "a click on " + css);
  }

  /** Signs in through the form and waits to leave it. */
  public Browser signIn(String username, String password) {
    go("/signin");
    find("#username").sendKeys(username);
    find("#password").sendKeys(password);
    find("#signin").click();
    until(d -> !path().equals("/signin") ? Boolean.TRUE : null, "the sign-in to finish");
    return this;
  }

  /** Writes a PNG of the page as it stands to {@code directory/name}. */
  public void screenshot(Path directory, String name) {
    try {
      Files.createDirectories(directory);
      byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(directory.resolve(name), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a leftover temporary profile is harmless
      }
    }
  }
}
