package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's first command, {@code ./uncloud serve --demo}, through the real launcher script
 * at the repository root (which uses the jar this build just packaged), pastes the curl example it
 * prints, and stops it with SIGTERM.
 */
@DisplayName("./uncloud serve --demo works as the README says")
class DemoLauncherIT {

  @TempDir
  Path work;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName("prints URL, credentials and curl examples that charge and order from the shop; SIGTERM stops it cleanly; a restart keeps the balance")
  void demoFromTheLauncher() throws Exception {
    Path data = work.resolve("uncloud-data");

    LaunchedUncloud first = start(data);
    List<String> banner = first.banner();
    assertThat(banner).anySatisfy(l -> assertThat(l).contains("raplab / verygeheim"));
    assertThat(banner).anySatisfy(l -> assertThat(l).contains("bursar / bursargeheim"));
    assertThat(banner).anySatisfy(l -> assertThat(l).isEqualTo("Web pages: open " + first.url() + "/app/ in a browser."));
    assertThat(banner).anySatisfy(l -> assertThat(l).contains("people log in there as nethzuser / nethzgeheim"));
    assertThat(banner).anySatisfy(l -> assertThat(l).contains(first.url() + "/app/admin/login as raplab / verygeheim"));
    assertThat(banner).anySatisfy(l -> assertThat(l).contains("mail:      off in the demo"));
    assertThat(banner).anySatisfy(l -> assertThat(l).contains("/stripe/webhook, signed with a secret generated"))
        .noneSatisfy(l -> assertThat(l).contains("whsec_"));
    String chargeCurl = banner.stream().map(String::trim).filter(l -> l.startsWith("curl -s -X POST")).findFirst()
        .orElseThrow();
    String balanceCurl = banner.stream().map(String::trim).filter(l -> l.startsWith("curl -s -u")).findFirst()
        .orElseThrow();

    HttpResponse<String> charged = http.send(asRequest(chargeCurl), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> balance = http.send(asRequest(balanceCurl), HttpResponse.BodyHandlers.ofString());

    assertThat(charged.statusCode()).as(charged.body()).isEqualTo(200);
    assertThat(json(charged).getString("balance")).isEqualTo("18.50");
    assertThat(json(balance).getString("amount_available")).isEqualTo("18.50");
    String metricsUrl = urlIn(banner, "metrics:\\s+(http://127\\.0\\.0\\.1:\\d+/metrics) ");
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(DemoHealthAndMetricsTest.value(metrics.body(), "uncloud_bookings_total", "kind=\"charge\"",
        "service=\"3dprint\"")).as("the banner's charge").isEqualTo(1.0);
    assertThat(DemoHealthAndMetricsTest.value(metrics.body(), "http_server_requests_seconds_count", "route=\"/charge\"",
        "status=\"200\"")).isEqualTo(1.0);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(first.url() + "/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).as("not on the gateway's port").isEqualTo(404);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(first.url() + "/health/ready")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    String shopOrderCurl = banner.stream().map(String::trim).filter(l -> l.contains("/api/v1/orders -d product="))
        .findFirst().orElseThrow();
    String shopListCurl = banner.stream().map(String::trim).filter(l -> l.endsWith("/api/v1/orders")).findFirst()
        .orElseThrow();
    HttpResponse<String> ordered = http.send(asRequest(shopOrderCurl), HttpResponse.BodyHandlers.ofString());
    assertThat(ordered.statusCode()).as(ordered.body()).isEqualTo(201);
    assertThat(json(http.send(asRequest(shopListCurl), HttpResponse.BodyHandlers.ofString())).getJsonArray("orders"))
        .hasSize(1);
    String vmOrderCurl = banner.stream().map(String::trim).filter(l -> l.contains("-d product=ipv6-vm")).findFirst()
        .orElseThrow();
    String vmListCurl = banner.stream().map(String::trim).filter(l -> l.endsWith("/api/v1/vms")).findFirst()
        .orElseThrow();
    String snapshotCurl = banner.stream().map(String::trim).filter(l -> l.contains("/snapshots -d name=")).findFirst()
        .orElseThrow();
    HttpResponse<String> vmOrdered = http.send(asRequest(vmOrderCurl), HttpResponse.BodyHandlers.ofString());
    assertThat(vmOrdered.statusCode()).as(vmOrdered.body()).isEqualTo(201);
    String vmId = json(http.send(asRequest(vmListCurl), HttpResponse.BodyHandlers.ofString())).getJsonArray("vms")
        .getJsonObject(0).getString("vm_id");
    HttpResponse<String> snapshot = http.send(asRequest(snapshotCurl.replace("VM_ID", vmId)),
        HttpResponse.BodyHandlers.ofString());
    assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(201);
    assertThat(json(snapshot).getString("name")).isEqualTo("first");
    stopCleanly(first);

    LaunchedUncloud second = start(data);
    HttpResponse<String> again = http.send(asRequest(balanceCurl.replace(first.url(), second.url())),
        HttpResponse.BodyHandlers.ofString());
    assertThat(json(again).getString("amount_available")).as("seed deposits are not booked twice").isEqualTo("18.50");
    stopCleanly(second);
  }

  @Test
  @DisplayName("./uncloud serve --config FILE runs the gateway on the configured ledger and LDAP directory, and "
      + "reconciles the lock flags at start")
  void production() throws Exception {
    try (ch.uncloud.testservers.ldap.EmbeddedLdapServer ldap = ch.uncloud.testservers.ldap.EmbeddedLdapServer.builder()
        .ldifResource(Demo.LDIF).build().start()) {
      Path config = work.resolve("uncloud.properties");
      Files.write(config, productionConfig(work, ldap));

      LaunchedUncloud running = start(java.util.Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword()),
          "serve", "--config", config.toString());
      HttpResponse<String> charged = http.send(HttpRequest.newBuilder(URI.create(running.url() + "/charge"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("admin_username=labadmin&admin_password=a+real+admin+secret"
              + "&service_name=3dprint&username=schuldner&amount=2.00&currency=CHF&payment_comment=print"))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(running.banner()).noneSatisfy(l -> assertThat(l).contains("DEMO"));
      assertThat(running.banner()).anySatisfy(l -> assertThat(l).contains("service:   3dprint (owners labadmin"));
      assertThat(running.banner()).anySatisfy(l -> assertThat(l).contains("mail:      off (set uncloud.mail.host"));
      assertThat(running.banner()).anySatisfy(l -> assertThat(l).contains("metrics:   off (set uncloud.gateway.metrics.enabled"));
      assertThat(http.send(HttpRequest.newBuilder(URI.create(running.url() + "/metrics")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("metrics off unless configured").isEqualTo(404);
      assertThat(charged.statusCode()).as(charged.body()).isEqualTo(200);
      assertThat(json(charged).getString("balance")).isEqualTo("-2.00");
      String schuldner = "uid=schuldner,ou=people," + ldap.baseDn();
      assertThat(ldap.entry(schuldner).orElseThrow().getAttributeValue("vppLock")).isEqualTo("TRUE");
      stopCleanly(running);

      // the flag drifts while the gateway is down (an operator, another tool); the next start repairs it
      try (com.unboundid.ldap.sdk.LDAPConnection service = ldap.openServiceConnection()) {
        service.modify(schuldner, new com.unboundid.ldap.sdk.Modification(
            com.unboundid.ldap.sdk.ModificationType.REPLACE, "vppLock", "FALSE"));
      }
      LaunchedUncloud again = start(java.util.Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword()),
          "serve", "--config", config.toString());
      for (int i = 0; i < 300 && !"TRUE".equals(ldap.entry(schuldner).orElseThrow().getAttributeValue("vppLock")); i++) {
        Thread.sleep(100);
      }
      assertThat(ldap.entry(schuldner).orElseThrow().getAttributeValue("vppLock")).isEqualTo("TRUE");
      stopCleanly(again);
    }
  }

  @Test
  @DisplayName("./uncloud fake ldap --port 0 serves the demo directory to a real LDAP client until SIGTERM")
  void fakeLdap() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    Process process = new ProcessBuilder(root.resolve("uncloud").toString(), "fake", "ldap", "--port", "0")
        .directory(work.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Pattern listening = Pattern.compile("listening on ldap://127\\.0\\.0\\.1:(\\d+), base (\\S+)");
    Pattern account = Pattern.compile("service account: (\\S+) / (\\S+)");
    Matcher where = null;
    Matcher who = null;
    for (String line = in.readLine(); line != null && !line.startsWith("Stop with"); line = in.readLine()) {
      Matcher m = listening.matcher(line);
      if (m.find()) {
        where = m;
      }
      Matcher a = account.matcher(line);
      if (a.find()) {
        who = a;
      }
    }
    assertThat(where).as("the printed address").isNotNull();
    assertThat(who).as("the printed service account").isNotNull();

    try (com.unboundid.ldap.sdk.LDAPConnection ldap = new com.unboundid.ldap.sdk.LDAPConnection("127.0.0.1",
        Integer.parseInt(where.group(1)), who.group(1), who.group(2))) {
      assertThat(ldap.getEntry("uid=schuldner,ou=people," + where.group(2)).getAttributeValue("vppLock"))
          .isEqualTo("TRUE");
    }
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(143);
  }

  @Test
  @DisplayName("./uncloud fake stripe and fake ovh (HTTPS, with the certificate it prints) answer on loopback until SIGTERM")
  void fakeStripeAndOvh() throws Exception {
    LaunchedUncloud stripe = start(java.util.Map.of(), "fake", "stripe", "--port", "0");
    LaunchedUncloud ovh = start(java.util.Map.of(), "fake", "ovh");
    String stripeUrl = urlIn(stripe.banner(), "fake Stripe API listening on (http://\\S+)");
    String ovhUrl = urlIn(ovh.banner(), "fake OVH API listening on (https://\\S+)");
    Path ovhCertificate = Path.of(urlIn(ovh.banner(), "uncloud.ovh.trust-certificate=(\\S+)"));

    HttpResponse<String> customer = http.send(HttpRequest.newBuilder(URI.create(stripeUrl + "/v1/customers"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            "sk_test_uncloud:".getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("email=nethzuser%40example.org")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> time = trusting(ovhCertificate).send(HttpRequest.newBuilder(URI.create(ovhUrl + "/auth/time"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(customer.statusCode()).as(customer.body()).isEqualTo(200);
    assertThat(json(customer).getString("id")).startsWith("cus_");
    assertThat(time.statusCode()).isEqualTo(200);
    assertThat(Long.parseLong(time.body().trim())).isPositive();
    for (LaunchedUncloud fake : List.of(stripe, ovh)) {
      fake.process().destroy();
      assertThat(fake.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(fake.process().exitValue()).isEqualTo(143);
    }
  }

  /** A client that trusts the certificate the fake OVH API printed, as a user's client would be told to. */
  private static java.net.http.HttpClient trusting(Path pem) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(pem)) {
      trust.setCertificateEntry("fake-ovh", java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return java.net.http.HttpClient.newBuilder().sslContext(context).build();
  }

  private static String urlIn(List<String> lines, String regex) {
    Pattern pattern = Pattern.compile(regex);
    return lines.stream().map(pattern::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
        .orElseThrow(() -> new AssertionError("no line matches " + regex + " in " + lines));
  }

  private LaunchedUncloud start(Path data) throws Exception {
    return LaunchedUncloud.start(work, java.util.Map.of(), "serve", "--demo", "--port", "0", "--data", data.toString());
  }

  private LaunchedUncloud start(java.util.Map<String, String> environment, String... args) throws Exception {
    return LaunchedUncloud.start(work, environment, args);
  }

  private static void stopCleanly(LaunchedUncloud running) throws Exception {
    running.stopCleanly();
  }

  /** Turns the printed curl command into the request curl would send (-d, --data-urlencode, -u). */
  private static HttpRequest asRequest(String curl) {
    List<String> words = shellWords(curl);
    assertThat(words.get(0)).isEqualTo("curl");
    String url = null;
    String auth = null;
    List<String> data = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      switch (words.get(i)) {
        case "-s" -> { }
        case "-X" -> assertThat(words.get(++i)).isEqualTo("POST");
        case "-d" -> data.add(words.get(++i));
        case "--data-urlencode" -> {
          String[] pair = words.get(++i).split("=", 2);
          data.add(pair[0] + "=" + URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
        }
        case "-u" -> auth = words.get(++i);
        default -> url = words.get(i);
      }
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (auth != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }
    if (data.isEmpty()) {
      return request.GET().build();
    }
    return request.header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", data))).build();
  }

  private static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        inWord = true;
      } else if (c == ' ' && !quoted) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /**
   * @param work where the SQLite ledger goes
   * @param ldap the directory
   * @return a production configuration: admin labadmin ("a real admin secret", hashed), service 3dprint,
   *     the SQLite ledger, the LDAP directory with its password from TEST_LDAP_PASSWORD, any free port
   */
  static List<String> productionConfig(Path work, ch.uncloud.testservers.ldap.EmbeddedLdapServer ldap) {
    return List.of(
        "uncloud.admins=labadmin",
        "uncloud.admin.labadmin.password-hash=" + ch.uncloud.core.PasswordHash.create(
            ch.uncloud.api.Secret.of("a real admin secret"), 1_000).encoded(),
        "uncloud.services=3dprint",
        "uncloud.service.3dprint.owners=labadmin",
        "uncloud.service.3dprint.max-charge=100.00",
        "uncloud.jdbc.url=jdbc:sqlite:" + work.resolve("prod.db"),
        "uncloud.ldap.urls=" + ldap.url(),
        "uncloud.ldap.tls=none",
        "uncloud.ldap.bind-dn=" + ldap.bindDn(),
        "uncloud.ldap.bind-password=env:TEST_LDAP_PASSWORD",
        "uncloud.ldap.user-base=ou=people," + ldap.baseDn(),
        "uncloud.gateway.port=0");
  }
}
