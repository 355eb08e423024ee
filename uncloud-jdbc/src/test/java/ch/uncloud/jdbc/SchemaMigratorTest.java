package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaMigratorTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgres"})
  @DisplayName("schema versions are unique and contiguous from 1, whichever part of the schema owns them")
  void versionsAreLinear(String store) {
    Dialect dialect = store.equals("sqlite") ? new SqliteDialect() : new PostgresDialect();

    List<Integer> versions = new SchemaMigrator(dialect).migrations().stream().map(Migration::version).toList();

    assertThat(versions).containsExactlyElementsOf(IntStream.rangeClosed(1, versions.size()).boxed().toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgres"})
  @DisplayName("the schema's versions are 1 to 11, the dispatcher's lease the newest")
  void leaseIsVersionEleven(String store) {
    Dialect dialect = store.equals("sqlite") ? new SqliteDialect() : new PostgresDialect();

    List<Integer> versions = new SchemaMigrator(dialect).migrations().stream().map(Migration::version).toList();

    assertThat(versions).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(new SchemaMigrator(dialect).latestVersion()).isEqualTo(DispatchLeaseRows.VERSION);
  }
}
