package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps the README's embedding example honest: the same code, compiled and run here. */
class ReadmeExampleTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCE = Path.of("src", "test", "java", "ch", "uncloud", "core", "ReadmeExampleTest.java");

  @Test
  @DisplayName("the README's embedding example is this test's code, and it runs")
  void readmeExampleRuns() throws IOException {
    assertThat(block(Files.readAllLines(README), "<!-- example:embedding -->", "```"))
        .isEqualTo(block(Files.readAllLines(SOURCE), "// README:begin", "// README:end"));

    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      example();
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("-4.20 CHF (locked)" + System.lineSeparator());
  }

  private static void example() {
    // README:begin
    InMemoryLedger ledger = InMemoryLedger.create();  // production: JdbcLedger (uncloud-jdbc)
    InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();  // production: LDAP
    try (Uncloud uncloud = UncloudCore.builder()
        .ledger(ledger)
        .directory(directory)
        .currency(Currency.getInstance("CHF"))
        .admin("raplab", Secret.of("verygeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .build()) {
      CreditService credit = uncloud.credit();
      AdminSession raplab = credit.authenticate("raplab", Secret.of("verygeheim"));
      Charge charge = credit.chargeUser(raplab,
          ChargeRequest.of("3dprint", "nethzuser", "4.20", "CHF", "PLA print, job 42").withIdempotencyKey("job-42"));
      System.out.println(charge.balance() + (charge.locked() ? " (locked)" : ""));
    }
    // README:end
  }

  private static List<String> block(List<String> lines, String startMarker, String endMarker) {
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(startMarker)) {
        start = i + 1;
        break;
      }
    }
    assertThat(start).as("marker %s", startMarker).isPositive();
    if (lines.get(start).trim().startsWith("```")) {
      start++;
    }
    int end = start;
    while (!lines.get(end).trim().equals(endMarker)) {
      end++;
    }
    return lines.subList(start, end).stream().map(String::trim).toList();
  }
}
