package io.hardmax.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.attention.TokenContribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The interactive page in a real browser: Selenium WebDriver with Debian's headless {@code chromium} and
 * {@code chromium-driver}, against a server on an ephemeral loopback port with the bundled model. Skipped with a
 * one-line message when they are absent, unless {@code -Dhardmax.requireBrowser=true} (see {@link Browsers}).
 * Saves a screenshot to {@code ${hardmax.screenshots}/serve.png} (default {@code target/browser}; the README's
 * docs/serve.png is refreshed with {@code -Dhardmax.screenshots=../docs}).
 */
@Tag("browser")
@Timeout(value = 180)
class ServePageBrowserTest {
  static SentimentModel model;
  static HardmaxServer server;
  static ChromeDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() {
    if (!Browsers.present(Browsers.chromium(), Browsers.chromedriver())) {
      return; // then each test skips (or fails, when required) in open()
    }
    model = SentimentModel.loadDefault();
    server = HardmaxServer.start(model, ServeConfig.defaults(0, 2));
    ChromeOptions o = new ChromeOptions();
    o.setBinary(Browsers.chromium().toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--window-size=1200,1700", "--hide-scrollbars");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService svc = new ChromeDriverService.Builder()
        .usingDriverExecutable(Browsers.chromedriver().toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(svc, o);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void open() {
    Browsers.require("ServePageBrowserTest", Browsers.chromium(), Browsers.chromedriver());
    driver.get(server.url());
    wait.until(d -> !text("model").startsWith("Loading"));
  }

  /** No page may log anything to the console: no error, no blocked resource, no injected script. */
  @AfterEach
  void consoleIsQuiet() {
    if (driver == null) {
      return; // skipped: no browser
    }
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    assertThat(entries).as("browser console").isEmpty();
  }

  static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** Types {@code review} into the text box and waits for its explanation. */
  static Explanation typeAndWait(String review) {
    WebElement box = driver.findElement(By.id("text"));
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    box.sendKeys(review);
    Explanation e = model.explain(review);
    wait.until(d -> Math.abs(logitIn("decision") - e.logit()) < 1e-3 && !text("status").startsWith("explaining")
        && driver.findElements(By.cssSelector("#tokens .tok")).size() > 0);
    return e;
  }

  /** The first "logit X" number in an element's text, NaN when there is none. */
  static double logitIn(String id) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("logit (-?[0-9]+\\.[0-9]+)").matcher(text(id));
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** The tokens the page shows as spans: non-overlapping, in text order (bigrams only in the table). */
  static List<Integer> shownTokens(Explanation e) {
    List<TokenContribution> toks = e.tokens();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < toks.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> toks.get(i).begin()).thenComparingInt(i -> toks.get(i).end()));
    List<Integer> shown = new ArrayList<>();
    int pos = 0;
    for (int i : order) {
      if (toks.get(i).begin() >= pos) {
        shown.add(i);
        pos = toks.get(i).end();
      }
    }
    return shown;
  }

  @Test
  void typingShowsColouredTokensLeadersClustersAndThePlot() {
    String review = "A wonderful, moving film. The acting is superb, but the ending was a little boring.";
    Explanation e = typeAndWait(review);
    List<WebElement> spans = driver.findElements(By.cssSelector("#tokens .tok"));
    List<Integer> shown = shownTokens(e);
    assertThat(spans).hasSize(shown.size());
    for (int k = 0; k < spans.size(); k++) {
      TokenContribution t = e.tokens().get(shown.get(k));
      WebElement s = spans.get(k);
      assertThat(s.getText()).isEqualTo(review.substring(t.begin(), t.end()));
      assertThat(s.getAttribute("data-index")).isEqualTo(Integer.toString(shown.get(k)));
      assertThat(s.getCssValue("background-color")).as("token colour").isNotEmpty();
      assertThat(s.getAttribute("class").contains("leader")).isEqualTo(t.leader() == shown.get(k));
    }
    // colours follow the sign and size of the contribution, scaled by the largest |contribution| of all tokens
    // (bigram entries included, though the page shows them only in the clusters table)
    double max = e.tokens().stream().mapToDouble(t -> Math.abs(t.contribution())).max().orElse(1e-12);
    WebElement strongest = spans.stream().max(Comparator.comparingDouble(
        s -> Math.abs(e.tokens().get(Integer.parseInt(s.getAttribute("data-index"))).contribution()))).orElseThrow();
    double c = e.tokens().get(Integer.parseInt(strongest.getAttribute("data-index"))).contribution();
    double a = Math.min(1, Math.abs(c) / max);
    long fade = Math.round(255 - 150 * a);
    String expected = c < 0 ? "rgba(255, " + fade + ", " + fade + ", 1)"
        : "rgba(" + fade + ", " + Math.round(255 - 40 * a) + ", " + fade + ", 1)";
    assertThat(strongest.getCssValue("background-color")).as("colour of the strongest shown token").isEqualTo(expected);
    assertThat(driver.findElements(By.cssSelector("#tokens .tok.leader"))).isNotEmpty();
    List<WebElement> rows = driver.findElements(By.cssSelector("#clusters tbody tr"));
    assertThat(rows).hasSize(e.clusters().size());
    assertThat(rows.get(0).findElements(By.tagName("td")).get(0).getText()).isEqualTo(e.clusters().get(0).leaderText());
    assertThat(text("cluster-count")).isEqualTo(Integer.toString(e.clusters().size()));
    WebElement plot = driver.findElement(By.id("trajectory"));
    wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
        "const i = document.getElementById('trajectory'); return i.complete ? i.naturalWidth : 0;")).intValue() > 0);
    assertThat(plot.isDisplayed()).isTrue();
    assertThat(plot.getAttribute("src")).startsWith("blob:");
  }

  @Test
  void clickingATokenShowsItsLeaderContributionsAndFollowers() {
    Explanation e = typeAndWait("The acting is superb and the film is wonderful, the music moving.");
    WebElement leaderSpan = driver.findElements(By.cssSelector("#tokens .tok.leader")).get(0);
    int i = Integer.parseInt(leaderSpan.getAttribute("data-index"));
    leaderSpan.click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("details")));
    TokenContribution t = e.tokens().get(i);
    assertThat(text("d-token")).contains(t.text());
    assertThat(text("d-leader")).isEqualTo(t.text() + " (itself: a leader)");
    assertThat(Double.parseDouble(text("d-contribution"))).isCloseTo(t.contribution(), within(1e-4));
    assertThat(Double.parseDouble(text("d-alone"))).isCloseTo(t.contributionAlone(), within(1e-4));
    List<String> followers = new ArrayList<>();
    for (int j = 0; j < e.tokens().size(); j++) {
      if (j != i && e.tokens().get(j).leader() == i) {
        followers.add(e.tokens().get(j).text());
      }
    }
    assertThat(text("d-followers")).isEqualTo(followers.isEmpty() ? "none" : String.join(", ", followers));
    assertThat(leaderSpan.getAttribute("class")).contains("selected");
  }

  @Test
  void whatIfShowsTheNewLogitBesideTheOld() {
    String review = "The acting is superb but the plot is boring.";
    Explanation e = typeAndWait(review);
    List<Integer> shown = shownTokens(e);
    int superb = shown.stream().filter(i -> e.tokens().get(i).text().equals("superb")).findFirst().orElseThrow();
    TokenContribution t = e.tokens().get(superb);
    driver.findElement(By.cssSelector("#tokens .tok[data-index='" + superb + "']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("details")));

    driver.findElement(By.id("remove")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("whatif-logit")));
    String removed = review.substring(0, t.begin()) + review.substring(t.end());
    assertThat(Double.parseDouble(text("whatif-logit"))).isCloseTo(model.predict(removed).logit(), within(1e-4));
    assertThat(logitIn("whatif-result")).as("the old logit beside the new").isCloseTo(e.logit(), within(1e-4));
    assertThat(driver.findElement(By.id("whatif-text")).getAttribute("textContent")).isEqualTo("text: " + removed);

    driver.findElement(By.id("replacement")).sendKeys("awful");
    driver.findElement(By.id("replace")).click();
    String replaced = review.substring(0, t.begin()) + "awful" + review.substring(t.end());
    double expected = model.predict(replaced).logit();
    wait.until(d -> driver.findElement(By.id("whatif-text")).getAttribute("textContent").equals("text: " + replaced));
    assertThat(Double.parseDouble(text("whatif-logit"))).isCloseTo(expected, within(1e-4));
    // and "use this text" explains the changed review
    driver.findElement(By.id("whatif-apply")).click();
    wait.until(d -> driver.findElement(By.id("text")).getAttribute("value").equals(replaced)
        && Math.abs(logitIn("decision") - expected) < 1e-3);
  }

  @Test
  void hostileTextIsShownAsTextAndRunsNothing() {
    String hostile = "<script>alert(1)</script> \"onerror=alert(2)\" <img src=x onerror=\"window.__pwned=1;alert(3)\">"
        + " <svg onload=alert(4)></svg> a great film </textarea><b>bold</b>";
    typeAndWait(hostile);
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    JavascriptExecutor js = driver;
    assertThat(js.executeScript("return window.__pwned === undefined")).isEqualTo(true);
    assertThat(js.executeScript("return document.getElementById('tokens').textContent")).isEqualTo(hostile);
    assertThat(driver.findElements(By.cssSelector("#tokens img, #tokens script, #tokens svg, #tokens b"))).isEmpty();
    assertThat(js.executeScript("return document.scripts.length")).isEqualTo(1L);
    // the what-if path and the details panel take the same text
    driver.findElements(By.cssSelector("#tokens .tok")).get(0).click();
    driver.findElement(By.id("replacement")).sendKeys("<img src=y onerror=alert(5)>");
    driver.findElement(By.id("replace")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("whatif-logit")));
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.findElements(By.cssSelector("#details img"))).isEmpty();
  }

  @Test
  void screenshotForTheReadme() throws Exception {
    String review = "A wonderful, moving film. The acting is superb and the music beautiful, "
        + "but the ending was a little too long.";
    Explanation e = typeAndWait(review);
    List<Integer> shown = shownTokens(e);
    int pick = shown.stream().filter(i -> e.tokens().get(i).text().equals("superb")).findFirst().orElse(shown.get(0));
    driver.findElement(By.cssSelector("#tokens .tok[data-index='" + pick + "']")).click();
    driver.findElement(By.id("replacement")).sendKeys("decent");
    driver.findElement(By.id("replace")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("whatif-logit")));
    wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
        "const i = document.getElementById('trajectory'); return i.complete ? i.naturalWidth : 0;")).intValue() > 0);
    Path dir = Path.of(System.getProperty("hardmax.screenshots", "target/browser"));
    Files.createDirectories(dir);
    Path png = dir.resolve("serve.png");
    Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(png)).isGreaterThan(20_000);
  }
}
