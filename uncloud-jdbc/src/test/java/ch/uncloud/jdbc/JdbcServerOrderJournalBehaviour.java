package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.spi.ServerOrderJournal;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@link JdbcServerOrderJournal} guarantees on each store: two journals on one database (two
 * processes sharing the ledger's database) see each other's orders and share the order locks.
 */
abstract class JdbcServerOrderJournalBehaviour {
  private ServerOrderJournal first;
  private ServerOrderJournal second;

  /** @return a builder for a journal on the database under test (the same database each call within a test) */
  abstract JdbcServerOrderJournal.Builder builder();

  private void open() {
    first = builder().build();
    second = builder().build();
  }

  @AfterEach
  void close() {
    if (first != null) {
      first.close();
      second.close();
    }
  }

  @Test
  @DisplayName("an order saved by one journal is read, listed and replaced through another on the same database")
  void anOrderSavedByOneIsSeenByTheOther() {
    open();
    first.save("order-1", "{\"state\": \"PREPARED\"}");

    assertThat(second.find("order-1")).contains("{\"state\": \"PREPARED\"}");
    assertThat(second.all()).containsExactly("{\"state\": \"PREPARED\"}");
    second.save("order-1", "{\"state\": \"SENDING\"}");
    assertThat(first.find("order-1")).contains("{\"state\": \"SENDING\"}");
    assertThat(first.find("order-2")).isEmpty();
  }

  @Test
  @DisplayName("an order's lock released by one journal is taken by the other; locks of different orders are independent")
  void locksAreSharedAcrossJournals() throws Exception {
    open();
    try (ServerOrderJournal.Lock held = first.lock("order-1")) {
      // another order's lock is free while order-1 is held, also from another thread (the in-JVM lock is per order)
      CompletableFuture.runAsync(() -> second.lock("order-2").close()).get();
    }
    try (ServerOrderJournal.Lock again = second.lock("order-1")) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  @DisplayName("the journal's table is a schema step of its own, version 6")
  void schemaStep() {
    assertThat(JdbcServerOrderJournal.migrations()).singleElement()
        .satisfies(m -> assertThat(m.version()).isEqualTo(6));
  }
}
