package ch.uncloud.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BillingBenchmark")
class BillingBenchmarkTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return LedgerBenchmark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("bench billing prints a row per store: every account billed, and a re-run that books nothing")
  void table() {
    int status = run("billing", "--store", "sqlite", "--accounts", "20", "--threads", "2");

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("fsync", "accounts", "bills/s", "rerun s", "rerun adds");
    // 20 accounts: 20 bills; 2 charges each, 2 more for the 2 hostings, 1 more for the 1 snapshot; the re-run adds 0
    assertThat(table.lines().filter(l -> l.startsWith("sqlite")).findFirst().orElseThrow().trim().split("\\s+"))
        .satisfies(cells -> {
          assertThat(cells[1]).isEqualTo("20");
          assertThat(cells[2]).isEqualTo("20");
          assertThat(cells[7]).isEqualTo("45");
          assertThat(cells[8]).isEqualTo("0");
        });
  }

  @Test
  @DisplayName("refuses an unknown store or option with the usage")
  void badArguments() {
    assertThat(run("billing", "--store", "oracle")).isEqualTo(2);
    assertThat(run("billing", "--accounts", "0")).isEqualTo(2);
    assertThat(run("billing", "--colour", "red")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown store 'oracle'", "must be positive",
        "unknown option --colour", "usage: billing");
  }
}
