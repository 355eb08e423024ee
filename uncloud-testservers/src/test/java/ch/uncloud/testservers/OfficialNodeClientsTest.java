package ch.uncloud.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ch.uncloud.testservers.ovh.FakeOvhServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendors' official Node clients, npm {@code stripe} and {@code @ovhcloud/node-ovh} at the versions
 * pinned in {@code src/test/node/package.json}, run their suites ({@code node --test}) against the
 * test servers. {@code .ci/run} installs them ({@code npm ci}); without node or the installed
 * packages these tests fail under {@code CI=true} and are skipped elsewhere, like the slapd tests.
 */
@DisplayName("The vendors' official Node clients cannot tell the test servers from the vendors")
class OfficialNodeClientsTest {
  static final Path SUITE = Path.of("src", "test", "node").toAbsolutePath();

  @BeforeAll
  static void requireNodeAndPackages() throws InterruptedException {
    String problem = null;
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
        problem = "node does not run";
      }
    } catch (IOException e) {
      problem = "node is not installed (" + e.getMessage() + "); install nodejs and npm";
    }
    if (problem == null && (!Files.isDirectory(SUITE.resolve("node_modules/stripe"))
        || !Files.isDirectory(SUITE.resolve("node_modules/@ovhcloud/node-ovh")))) {
      problem = "the official clients are not installed; run: npm ci --prefix " + SUITE + " (.ci/run does)";
    }
    if (problem == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(problem);
    }
    Assumptions.abort(problem);
  }

  @Test
  @DisplayName("stripe-node: versions, setup and payment flows, validation, expansions, lists and errors as at Stripe")
  void stripeNode() throws Exception {
    try (FakeStripeServer stripe = FakeStripeServer.start()) {
      run("stripe.test.mjs", Map.of("STRIPE_PORT", Integer.toString(stripe.port())));
    }
  }

  @Test
  @DisplayName("node-ovh over HTTPS: the ordering guide's whole cart flow, the schema, 401, and tampered requests")
  void nodeOvh(@TempDir Path dir) throws Exception {
    try (FakeOvhServer ovh = FakeOvhServer.builder().applicationKey("nodeAppKey").applicationSecret("nodeAppSecret")
        .consumerKey("nodeConsumerKey").build().start()) {
      Path certificate = ovh.exportCertificate(dir.resolve("fake-ovh.pem"));
      run("ovh.test.mjs", Map.of("OVH_PORT", Integer.toString(ovh.port()), "OVH_APP_KEY", "nodeAppKey",
          "OVH_APP_SECRET", "nodeAppSecret", "OVH_CONSUMER_KEY", "nodeConsumerKey",
          "NODE_EXTRA_CA_CERTS", certificate.toString()));
    }
  }

  private static void run(String script, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of("node", "--test", "--test-reporter=spec", script))
        .directory(SUITE.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String printed = new String(output, StandardCharsets.UTF_8);
    System.out.println(printed);
    assertThat(ended && process.exitValue() == 0).as("node --test %s failed:%n%s", script, printed).isTrue();
    assertThat(printed).as("the suite ran tests").containsPattern("pass [1-9]").contains("fail 0");
  }
}
