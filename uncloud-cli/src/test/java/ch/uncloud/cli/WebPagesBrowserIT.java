package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewaySettings;
import ch.uncloud.testkit.TestClock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web pages in a real browser: Debian's chromium, headless, driven by Selenium through Debian's
 * chromedriver (named explicitly, so Selenium Manager never downloads anything), over the real gateway in
 * front of the demo (SQLite ledger, embedded LDAP, the real Stripe provider on the Stripe test server,
 * whose stand-in for Stripe.js confirms the chosen test card). The demo runs on a test clock, so a month
 * can end and its bills become payable. Every page visited is checked with axe-core (no serious or critical
 * finding), photographed into {@code target/screenshots/}, and weighed (HTML and assets) into
 * {@code target/page-weight.txt}. The tests run in order: they are one person's and two admins' day.
 */
@DisplayName("the web pages in chromium")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPagesBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path AXE = Path.of("src/test/node/node_modules/axe-core/axe.min.js");
  static final Path SCREENSHOTS = Path.of("target/screenshots");
  static final Path DOWNLOADS = Path.of("target/browser-downloads");
  static final Instant JANUARY = Instant.parse("2026-01-12T09:00:00Z");

  private static TestClock clock;
  private static Backend demo;
  private static Gateway gateway;
  private static String axe;
  private static final Map<String, Long> WEIGHTS = new LinkedHashMap<>();
  private static Path work;

  private WebDriver browser;
  private Path profile;

  @BeforeAll
  static void startDemoAndDriver() throws IOException {
    assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
    assertThat(CHROMEDRIVER).as("Debian's chromium-driver (apt-get install chromium-driver)").isExecutable();
    assertThat(AXE).as("axe-core (npm ci --prefix uncloud-cli/src/test/node; .ci/run runs it)").isRegularFile();
    axe = Files.readString(AXE);
    work = Files.createTempDirectory("uncloud-browser");
    clock = TestClock.at(JANUARY);
    demo = Demo.start(work.resolve("data"), clock);
    GatewaySettings settings = GatewaySettings.defaults().withPort(0);
    gateway = Gateway.start(demo.uncloud(), settings.withPages(settings.pages()
        .withStripeJs(URI.create(demo.stripe().baseUrl() + "/v3/"))), clock);
    demo.sendStripeWebhooksTo(gateway.uri());
    // erstsemester's membership is paid by invoice: once January is billed, an admin marks it paid
    demo.uncloud().orders().placeOrder(new OrderRequest(Username.of("erstsemester"), "membership", Map.of(),
        PaymentChoice.INVOICE, null));
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Files.createDirectories(SCREENSHOTS);
    Files.createDirectories(DOWNLOADS);
  }

  @AfterAll
  static void stopAll() throws IOException {
    if (gateway != null) {
      gateway.close();
    }
    if (demo != null) {
      demo.close();
    }
    StringBuilder table = new StringBuilder(String.format("%-28s %10s%n", "page", "bytes"));
    WEIGHTS.forEach((page, bytes) -> table.append(String.format("%-28s %10d%n", page, bytes)));
    Files.writeString(Path.of("target/page-weight.txt"), table);
    System.out.print("page weight (HTML + its CSS, scripts and images, uncompressed):\n" + table);
  }

  @BeforeEach
  void openBrowser() throws IOException {
    openBrowser("en");
  }

  private void openBrowser(String language) throws IOException {
    profile = Files.createTempDirectory(work, "profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1200,1000", "--user-data-dir=" + profile.toAbsolutePath());
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language,
        "download.default_directory", DOWNLOADS.toAbsolutePath().toString(), "download.prompt_for_download", false));
    // a driver service of its own per browser: quitting the browser stops its service
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  // --- the person ---

  @Test
  @Order(1)
  @DisplayName("a person logs in, reads the balance, downloads the statement, registers a test card, orders, changes and cancels, and snapshots a VM")
  void personsDay() throws Exception {
    open("/app/");
    check("login");
    logIn("nethzuser", "nethzgeheim");
    assertThat(text("h1")).isEqualTo("Your account");
    assertThat(text("#balance")).isEqualTo("20.00 CHF");
    assertThat(text("#lock")).contains("not locked");
    Cookie session = browser.manage().getCookieNamed("uncloud_session");
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(session.getPath()).isEqualTo("/app");

    click("a[href='/app/statement']");
    check("statement");
    assertThat(text("#entries")).contains("demo: starting credit", "20.00 CHF");
    Path csv = download("#csv", "statement-nethzuser.csv");
    assertThat(Files.readAllLines(csv)).hasSize(2).first().asString().startsWith("entry_id,booked_at");

    click("a[href='/app/cards']");
    check("cards-none");
    click("#register-card");
    check("card-setup");
    press("#pm_card_visa");
    click("#save-card");
    waitFor("#flash");
    assertThat(text("#flash")).isEqualTo("Saved: visa ending in 4242.");
    assertThat(text("#cards")).contains("visa •••• 4242", "default");
    check("cards");

    click("a[href='/app/orders']");
    check("orders-none");
    click("#order-membership");
    check("order-new-membership");
    press("#pay-invoice");
    click("#place-order");
    assertThat(text("#flash")).isEqualTo("Ordered: Membership.");
    click("#order-ipv6-vm");
    check("order-new-vm");
    clearAndType("#param\\.cores", "1");
    new Select(browser.findElement(By.id("param.os"))).selectByValue("debian-12");
    click("#place-order");
    assertThat(text("#flash")).startsWith("Ordered: ");
    click("#order-ipv6-vpn");
    click("#place-order");
    assertThat(browser.findElements(By.cssSelector("#orders tbody tr"))).hasSize(3);
    check("orders");

    // upgrade the VM: two cores cost more, so the change applies now
    followFrom(browser.findElements(By.cssSelector("#orders a")).stream().filter(a -> a.getText().equals("Change"))
        .findFirst().orElseThrow());
    check("order-change");
    clearAndType("#param\\.cores", "2");
    click("#change-order");
    assertThat(text("#flash")).startsWith("Changed: ");
    assertThat(text("#orders")).contains("cores=2");
    // cancel the VPN: it ends at the end of its period
    WebElement vpn = browser.findElements(By.cssSelector("#orders tbody tr")).stream()
        .filter(r -> r.getText().contains("VPN")).findFirst().orElseThrow();
    followFrom(vpn.findElement(By.cssSelector("button.cancel")));
    assertThat(text("#flash")).startsWith("Cancelled: the order ends on 2026-02-12");

    click("a[href='/app/vms']");
    check("vms-no-snapshot");
    WebElement vm = browser.findElement(By.cssSelector("section.vm"));
    vm.findElement(By.cssSelector("input[name='name']")).sendKeys("before-upgrade");
    followFrom(vm.findElement(By.cssSelector("button.take-snapshot")));
    assertThat(text("#flash")).isEqualTo("Snapshot before-upgrade taken; it is billed by the GB-second until you delete it.");
    browser.findElement(By.cssSelector("section.vm input[name='name']")).sendKeys("nightly");
    click("section.vm button.take-snapshot");
    assertThat(text("section.vm table")).contains("before-upgrade", "nightly");
    click("section.vm button.delete-snapshot");
    assertThat(text("#flash")).isEqualTo("Snapshot before-upgrade deleted.");
    assertThat(text("section.vm table")).contains("nightly").doesNotContain("before-upgrade");
    check("vms");
  }

  @Test
  @Order(2)
  @DisplayName("after the month is billed, the person pays the open invoice by card, sees the charges per service on the account page, and logs out")
  void personPaysABill() throws Exception {
    clock.set(Instant.parse("2026-02-02T08:00:00Z"));
    // the operator's monthly run: the membership's invoice is open, the person pays it by card
    demo.uncloud().billing().run(YearMonth.of(2026, 1));
    open("/app/");
    logIn("nethzuser", "nethzgeheim");
    click("a[href='/app/bills']");
    List<WebElement> open = browser.findElements(By.cssSelector("#bills button.pay"));
    assertThat(open).as("an open bill to pay").isNotEmpty();
    check("bills-open");
    followFrom(open.get(0));
    assertThat(text("#flash")).isEqualTo("The bills of 2026-01 are paid.");
    assertThat(browser.findElements(By.cssSelector("#bills button.pay"))).isEmpty();
    assertThat(text("#bills")).contains("paid");
    check("bills");

    click("a[href='/app/home']");
    assertThat(browser.findElements(By.cssSelector("#charges-chart rect"))).isNotEmpty();
    assertThat(text("#charges-chart + figcaption, figure figcaption")).isNotEmpty();
    assertThat(browser.findElement(By.cssSelector("#balance-chart polyline")).getAttribute("points")).contains(",");
    check("home");

    click("#logout");
    assertThat(text("h1")).isEqualTo("Log in");
    assertThat(browser.manage().getCookieNamed("uncloud_session")).isNull();
    open("/app/home");
    assertThat(browser.getCurrentUrl()).endsWith("/app/login");
  }

  @Test
  @Order(3)
  @DisplayName("a locked person reads why and what to do")
  void lockedPerson() throws Exception {
    open("/app/login");
    logIn("schuldner", "schuldgeheim");
    assertThat(text("#lock")).isEqualTo("Locked. Your paid credit is below zero: deposit 5.00 CHF to unlock it.");
    check("home-locked");
  }

  @Test
  @Order(4)
  @DisplayName("security: a form without its CSRF token is refused, another person's URLs answer 404, error pages show no stack trace")
  void security() throws Exception {
    open("/app/login");
    logIn("erstsemester", "erstgeheim");
    click("a[href='/app/orders']");
    click("#order-ipv6-vpn");
    ((JavascriptExecutor) browser).executeScript("document.querySelector('#order-form input[name=csrf]').remove();");
    click("#place-order");
    assertThat(text("h1")).isEqualTo("Error 403");
    assertThat(text("#error-message")).startsWith("This form has expired or did not come from this site");
    check("error-403");
    String nethzOrder = demo.uncloud().orders().orders(Username.of("nethzuser")).get(0).id();
    open("/app/orders/" + nethzOrder + "/change");
    assertThat(text("h1")).isEqualTo("Error 404");
    assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("nethzuser");
    check("error-404");
    String vm = demo.uncloud().vms().list(Username.of("nethzuser")).get(0).id().toString();
    open("/app/vms");
    replacingThePage(() -> ((JavascriptExecutor) browser).executeScript(
        "var f = document.createElement('form'); f.method = 'post';"
        + "f.action = '/app/vms/" + vm + "/snapshots';"
        + "[['csrf', document.querySelector('input[name=csrf]').value], ['name', 'stolen'], ['idempotency_key', 'x']]"
        + ".forEach(function (p) { var i = document.createElement('input'); i.type = 'hidden'; i.name = p[0];"
        + " i.value = p[1]; f.appendChild(i); }); document.body.appendChild(f); f.submit();"));
    assertThat(text("h1")).isEqualTo("Error 404");
    assertThat(demo.uncloud().snapshots().list(Username.of("nethzuser"), java.util.Optional.empty()))
        .extracting(s -> s.name()).doesNotContain("stolen");
  }

  // --- the admins ---

  @Test
  @Order(5)
  @DisplayName("an admin finds an account, reverses an entry after confirming it, settles the quarter and downloads the CSV")
  void adminsDay() throws Exception {
    open("/app/admin/login");
    check("admin-login");
    logIn("vppadmin", "vppgeheim");
    assertThat(text("h1")).isEqualTo("Accounts");
    browser.findElement(By.id("prefix")).sendKeys("schuld");
    click("#find");
    check("admin-accounts");
    click("#accounts a");
    assertThat(text("h1")).isEqualTo("Account schuldner");
    assertThat(text("#balance")).isEqualTo("-5.00 CHF");
    check("admin-account");
    click("#entries a.reverse");
    assertThat(text("h1")).isEqualTo("Reverse an entry");
    assertThat(text("#entry-amount")).isEqualTo("-5.00 CHF");
    check("admin-reverse");
    browser.findElement(By.id("reason")).sendKeys("printer jam, job reprinted for free");
    click("#confirm-reverse");
    assertThat(text("#flash")).contains("reversed; the balance is now 0.00 CHF");
    assertThat(text("#locked")).isEqualTo("not locked");
    assertThat(text("#entries")).contains("printer jam, job reprinted for free");

    click("a[href='/app/admin/settlement']");
    new Select(browser.findElement(By.id("service"))).selectByValue("vpp-print");
    new Select(browser.findElement(By.id("quarter"))).selectByValue("2026-Q1");
    click("#settle");
    assertThat(text("h2")).isEqualTo("Settlement of vpp-print in 2026-Q1");
    assertThat(browser.findElements(By.cssSelector("#settlement-chart rect"))).isNotEmpty();
    check("admin-settlement");
    Path csv = download("#csv", "settlement-vpp-print-2026-Q1.csv");
    assertThat(Files.readString(csv)).startsWith("entry_id,kind,booked_at").contains(",net,");
  }

  @Test
  @Order(6)
  @DisplayName("the cashier books a deposit, marks an open invoice paid and reconciles the lock flags")
  void cashiersDay() throws Exception {
    open("/app/admin/login");
    logIn("bursar", "bursargeheim");
    open("/app/admin/account?user=erstsemester");
    browser.findElement(By.id("amount")).sendKeys("12.50");
    browser.findElement(By.id("comment")).sendKeys("cash at the desk");
    click("#deposit");
    assertThat(text("#flash")).startsWith("Deposit of 12.50 CHF booked");
    click("a[href='/app/admin/invoices']");
    assertThat(text("#invoices")).contains("erstsemester", "2026-01");
    check("admin-invoices");
    browser.findElement(By.cssSelector("#invoices input[name='reference']")).sendKeys("RF18 5390 0754");
    click("#invoices button.mark-paid");
    assertThat(text("#flash")).contains("is marked paid");
    assertThat(browser.findElements(By.id("no-invoices"))).hasSize(1);
    click("a[href='/app/admin/locks']");
    click("#reconcile");
    assertThat(text("h2")).endsWith("accounts checked");
    check("admin-locks");
  }

  @Test
  @Order(7)
  @DisplayName("in German: a session id planted before the login is not adopted, the pages speak German, and the statement filters by service")
  void germanBrowserAndPlantedSession() throws Exception {
    browser.quit();
    openBrowser("de");
    open("/app/login");
    assertThat(text("h1")).isEqualTo("Anmelden");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
    check("de-login");
    // a well-formed id an attacker made up and planted in this browser before the login
    String planted = "PLANTEDplantedPLANTEDplantedPLANTEDplanted0";
    browser.manage().addCookie(new Cookie.Builder("uncloud_session", planted).path("/app").build());
    open("/app/login");
    logIn("nethzuser", "nethzgeheim");
    assertThat(text("h1")).isEqualTo("Ihr Konto");
    Cookie session = browser.manage().getCookieNamed("uncloud_session");
    assertThat(session.getValue()).isNotEqualTo(planted);
    assertThat(session.isHttpOnly()).isTrue();
    check("de-home");

    click("a[href='/app/statement']");
    List<String> servicesOfEntries = browser.findElements(By.cssSelector("#entries tbody tr")).stream()
        .map(row -> row.findElements(By.tagName("td")).get(1).getText()).toList();
    assertThat(servicesOfEntries).as("the person's entries (fewer than a page)").hasSizeBetween(2, 49);
    assertThat(new HashSet<>(servicesOfEntries)).as("the entries' services").hasSizeGreaterThan(1);
    String service = servicesOfEntries.get(0);
    new Select(browser.findElement(By.id("service"))).selectByValue(service);
    click("#filter");
    assertThat(browser.getCurrentUrl()).contains("service=" + service);
    List<WebElement> rows = browser.findElements(By.cssSelector("#entries tbody tr"));
    assertThat(rows).hasSize((int) servicesOfEntries.stream().filter(service::equals).count()).allSatisfy(row ->
        assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo(service));
    assertThat(text("#csv")).isEqualTo("Als CSV herunterladen");
    check("de-statement-filtered");

    // the planted id opens nothing: it was never made a session
    browser.manage().deleteCookieNamed("uncloud_session");
    browser.manage().addCookie(new Cookie.Builder("uncloud_session", planted).path("/app").build());
    open("/app/home");
    assertThat(browser.getCurrentUrl()).endsWith("/app/login");
  }

  // --- helpers ---

  private void open(String path) {
    browser.get(gateway.uri() + path);
  }

  private void logIn(String name, String password) {
    browser.findElement(By.id("username")).sendKeys(name);
    browser.findElement(By.id("password")).sendKeys(password);
    click("#login");
  }

  /**
   * Clicks a link or a form's button once it is on the page, and waits until the browser has replaced the page
   * with the answer: on a busy machine the next step would otherwise look at the old page.
   */
  private void click(String css) {
    followFrom(waitFor(css));
  }

  private void followFrom(WebElement linkOrButton) {
    replacingThePage(linkOrButton::click);
  }

  /**
   * Runs an action that loads a new page and waits until the new page has loaded. The old page is told
   * apart by a mark on its window, which a new document does not have; asking an old element whether it
   * is stale instead makes chromedriver fail now and then while the page is being replaced.
   */
  private void replacingThePage(Runnable action) {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript("window.uncloudOldPage = true;");
    action.run();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(WebDriverException.class)
        .withMessage(() -> "the page at " + browser.getCurrentUrl() + " was not replaced")
        .until(d -> Boolean.TRUE.equals(js.executeScript(
            "return window.uncloudOldPage === undefined && document.readyState === 'complete';")));
  }

  /** Clicks an element that changes the page in place (a radio button) or starts a download. */
  private void press(String css) {
    waitFor(css).click();
  }

  private void clearAndType(String css, String text) {
    WebElement input = browser.findElement(By.cssSelector(css));
    input.clear();
    input.sendKeys(text);
  }

  /** @return the element's text once it is on the page (a page that is still being replaced is waited for) */
  private String text(String css) {
    return new WebDriverWait(browser, Duration.ofSeconds(10))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().map(e -> e.getText().trim()).orElse(null));
  }

  private WebElement waitFor(String css) {
    return new WebDriverWait(browser, Duration.ofSeconds(10))
        .withMessage(() -> "no " + css + " on " + browser.getCurrentUrl())
        .until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  private Path download(String linkCss, String fileName) throws Exception {
    Path file = DOWNLOADS.resolve(fileName);
    Files.deleteIfExists(file);
    press(linkCss);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(file).as("the downloaded file").exists();
    return file;
  }

  /**
   * Checks the page in the browser now: axe-core finds nothing serious or critical; takes its screenshot
   * and records its weight (the document and every resource it loaded).
   */
  @SuppressWarnings("unchecked")
  private void check(String name) throws IOException {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript(axe);
    List<String> findings = (List<String>) js.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "axe.run(document, { resultTypes: ['violations'] }).then(function (r) {"
        + "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
        + "    .map(function (v) { return v.impact + ' ' + v.id + ': ' + v.help + ' at '"
        + "      + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));"
        + "}, function (e) { done(['axe failed: ' + e]); });");
    assertThat(findings).as("axe-core's serious and critical findings on %s", name).isEmpty();
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    Object bytes = js.executeScript("var n = performance.getEntriesByType('navigation')[0];"
        + "var total = n ? n.decodedBodySize : document.documentElement.outerHTML.length;"
        + "performance.getEntriesByType('resource').forEach(function (r) {"
        + "  if (r.name.indexOf('/app/') >= 0 || r.name.indexOf('/v3/') >= 0) { total += r.decodedBodySize; } });"
        + "return total;");
    WEIGHTS.put(name, ((Number) bytes).longValue());
  }

  static List<String> screenshots() throws IOException {
    try (Stream<Path> files = Files.list(SCREENSHOTS)) {
      return new ArrayList<>(files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
