package ch.uncloud.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("LedgerBenchmark")
class LedgerBenchmarkTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return LedgerBenchmark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("prints a table and writes one JSON row per store, mode and caller count")
  void tableAndJson() throws Exception {
    Path json = dir.resolve("bench.json");

    int status = run("ledger", "--store", "memory", "--callers", "1,2", "--seconds", "1", "--warmup", "1",
        "--users", "300", "--json", json.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("charges/s", "p99.9 ms", "memory    uncloud        1", "memory    uncloud        2");
    String rows = Files.readString(json);
    assertThat(rows).startsWith("[").contains("\"store\": \"memory\"", "\"mode\": \"uncloud\"", "\"callers\": 2",
        "\"charges_per_s\": ", "\"p50_ms\": ", "\"p99_ms\": ", "\"p999_ms\": ", "\"errors\": 0");
    assertThat(rows.lines().filter(l -> l.contains("\"store\""))).hasSize(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("charges/s");
  }

  @Test
  @DisplayName("runs the naive baseline next to the ledger on SQLite and prints the ratio")
  void sqliteWithBaseline() {
    int status = run("ledger", "--store", "sqlite", "--callers", "2", "--seconds", "1", "--warmup", "1",
        "--users", "300");

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("sqlite    uncloud", "sqlite    naive").containsPattern("\\d+\\.\\dx");
  }

  @Test
  @DisplayName("measures the SQLite ceiling at each caller count and prints how much of it uncloud reaches")
  void sqliteCeiling() throws Exception {
    Path json = dir.resolve("bench.json");

    int status = run("ledger", "--store", "sqlite", "--callers", "1,4", "--seconds", "1", "--warmup", "1",
        "--users", "300", "--json", json.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("of ceiling", "sqlite    ceiling        1", "sqlite    ceiling        4")
        .containsPattern("sqlite    uncloud +4 .* \\d+%")
        .contains("sqlite durability: journal_mode=wal synchronous=2", "sqlite    hold           1")
        .containsPattern("sqlite    schema +4 .* \\d+\\.\\dx");
    assertThat(Files.readString(json).lines().filter(l -> l.contains("\"mode\": \"ceiling\""))).hasSize(2);
  }

  @Test
  @DisplayName("with --rounds interleaves the modes, prints each ratio as the median of the rounds with their range, and "
      + "the cost of waking a caller")
  void roundsInterleaved() throws Exception {
    Path json = dir.resolve("bench.json");

    int status = run("ledger", "--store", "sqlite", "--callers", "2", "--seconds", "1", "--warmup", "1",
        "--users", "300", "--rounds", "3", "--json", json.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("3 rounds interleaved", "3 rounds, modes interleaved")
        .containsPattern("waking a thread parked on a future takes the waker \\d+\\.\\d us")
        .containsPattern("sqlite    uncloud +2 .* \\d+\\.\\dx \\(\\d+\\.\\d-\\d+\\.\\d\\) +\\d+% \\(\\d+-\\d+\\)");
    // one row per mode, the median round, not one per round
    assertThat(Files.readString(json).lines().filter(l -> l.contains("\"mode\": \"uncloud\""))).hasSize(1);
    assertThat(run("ledger", "--rounds", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rounds takes a positive whole number, not 0");
  }

  @Test
  @DisplayName("with --metrics on books through a core that records into a Prometheus registry, and says so")
  void metricsOn() {
    int status = run("ledger", "--store", "memory", "--callers", "1", "--seconds", "1", "--warmup", "1",
        "--users", "300", "--metrics", "on");

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("metrics on (the core and the ledger record into a Prometheus registry)", "memory    uncloud        1");
    assertThat(run("ledger", "--metrics", "maybe")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--metrics takes on or off, not maybe");
  }

  @Test
  @DisplayName("refuses unknown stores and options with a usage line")
  void badArguments() {
    assertThat(run("ledger", "--store", "oracle")).isEqualTo(2);
    assertThat(run("ledger", "--callers", "a,b")).isEqualTo(2);
    assertThat(run("ldap", "--bogus", "1")).isEqualTo(2);
    assertThat(run("memcached")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ledger", "--store must be");
  }
}
