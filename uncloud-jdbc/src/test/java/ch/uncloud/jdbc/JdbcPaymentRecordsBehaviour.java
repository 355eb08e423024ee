package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link JdbcPaymentRecords} does on every database it supports. */
abstract class JdbcPaymentRecordsBehaviour {
  private static final Username ALICE = Username.of("alice");
  private static final Instant FIRST = Instant.parse("2001-02-03T04:05:06.123456789Z");

  abstract JdbcPaymentRecords.Builder builder();

  @Test
  @DisplayName("a customer id saved through one handle is read through another on the same database")
  void customerIdsAreShared() {
    try (JdbcPaymentRecords one = builder().build(); JdbcPaymentRecords two = builder().build()) {
      one.saveCustomerId("stripe", ALICE, "cus_1");

      assertThat(two.customerId("stripe", ALICE)).contains("cus_1");
      assertThat(two.customerId("stripe", Username.of("bob"))).isEmpty();
      assertThat(two.customerId("other", ALICE)).isEmpty();
    }
  }

  @Test
  @DisplayName("the first customer id saved for an account stays; a later one is answered with it")
  void firstCustomerIdStays() {
    try (JdbcPaymentRecords records = builder().build()) {
      assertThat(records.saveCustomerId("stripe", ALICE, "cus_1")).isEqualTo("cus_1");

      assertThat(records.saveCustomerId("stripe", ALICE, "cus_2")).isEqualTo("cus_1");
      assertThat(records.customerId("stripe", ALICE)).contains("cus_1");
    }
  }

  @Test
  @DisplayName("an applied event is known to every handle and recording it again changes nothing")
  void appliedEvents() {
    try (JdbcPaymentRecords one = builder().build(); JdbcPaymentRecords two = builder().build()) {
      assertThat(two.isEventApplied("stripe", "evt_1")).isFalse();

      one.eventApplied("stripe", "evt_1", FIRST);
      two.eventApplied("stripe", "evt_1", FIRST.plusSeconds(60));

      assertThat(two.isEventApplied("stripe", "evt_1")).isTrue();
      assertThat(two.isEventApplied("stripe", "evt_2")).isFalse();
    }
  }

  @Test
  @DisplayName("an applied event keeps the time it was first recorded with, to the nanosecond, not the database's or the JVM's clock")
  void appliedEventKeepsTheGivenTime() {
    try (JdbcPaymentRecords records = builder().build()) {
      records.eventApplied("stripe", "evt_1", FIRST);
      records.eventApplied("stripe", "evt_1", FIRST.plusSeconds(60));

      assertThat(records.appliedAt("stripe", "evt_1")).contains(FIRST);
      assertThat(records.appliedAt("stripe", "evt_2")).isEmpty();
    }
  }
}
