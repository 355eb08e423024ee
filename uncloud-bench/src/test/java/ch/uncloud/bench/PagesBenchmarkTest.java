package ch.uncloud.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("bench pages")
class PagesBenchmarkTest {
  @Test
  @DisplayName("measures page 1, the middle page (4 of 6) reached by the next-page links, and a CSV with every entry")
  void measuresTheStatementPages() throws Exception {
    List<PagesBenchmark.Row> rows = PagesBenchmark.measure(260, 2, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));

    assertThat(rows).extracting(PagesBenchmark.Row::page)
        .containsExactly("statement page 1", "statement page 4", "statement CSV (all)");
    assertThat(rows).extracting(PagesBenchmark.Row::rows).containsExactly(50, 50, 260);
    assertThat(rows).allSatisfy(r -> assertThat(r.bytes()).isPositive());
  }

  @Test
  @DisplayName("refuses an unknown option with the usage")
  void usage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = LedgerBenchmark.run(new String[] {"pages", "--bogus", "1"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: pages [--entries N] [--rounds N]");
  }
}
