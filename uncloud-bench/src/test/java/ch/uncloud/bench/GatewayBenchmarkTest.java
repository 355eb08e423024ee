package ch.uncloud.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GatewayBenchmark")
class GatewayBenchmarkTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return GatewayBenchmark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("charges over HTTP without an error, beside the same charges in process, with the CPU of each and of the client")
  void httpBesideInProcess() {
    int status = run("gateway", "--connections", "2", "--seconds", "1", "--warmup", "1", "--users", "50");

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("cpu us/charge", "of it client")
        .containsPattern("gateway +2 +[\\d,]+ .* 0 +\\d+% +\\d+ +\\d+")
        .containsPattern("in-proc +2 +[\\d,]+ .* 0 +\\d+")
        .contains("without its client");
  }

  @Test
  @DisplayName("refuses an unknown option with its usage")
  void unknownOption() {
    assertThat(run("gateway", "--nonsense", "1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --nonsense", "usage: gateway");
  }
}
