package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Readiness;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Currency;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The core's meters")
class CoreMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();

  private UncloudBuilder lab() {
    return UncloudCore.builder().ledger(ledger).directory(directory).currency(Currency.getInstance("CHF"))
        .admin("raplab", Secret.of("verygeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .service(ServiceDefinition.builder("deposits").owners("raplab").maxCharge("500.00").build());
  }

  @Test
  @DisplayName("count bookings by service and kind, a replayed booking once, and refusals by error code")
  void countsBookingsAndRefusals() {
    try (Uncloud uncloud = lab().meterRegistry(registry).build()) {
      CreditService credit = uncloud.credit();
      AdminSession raplab = credit.authenticate("raplab", Secret.of("verygeheim"));
      credit.chargeUser(raplab, ChargeRequest.of("3dprint", "nethzuser", "1.50", "CHF", "job 1").withIdempotencyKey("k1"));
      credit.chargeUser(raplab, ChargeRequest.of("3dprint", "nethzuser", "1.50", "CHF", "job 1").withIdempotencyKey("k1"));
      Charge second = credit.chargeUser(raplab, ChargeRequest.of("3dprint", "nethzuser", "2.00", "CHF", "job 2"));
      credit.deposit(raplab, DepositRequest.of("nethzuser", "10.00", "CHF", "cash"));
      credit.reverse(raplab, second.id(), "misprint", null);
      assertThatThrownBy(() -> credit.chargeUser(raplab, ChargeRequest.of("3dprint", "nobody", "1.00", "CHF", "x")))
          .isInstanceOf(UncloudException.class);
      assertThatThrownBy(() -> credit.chargeUser(raplab, ChargeRequest.of("3dprint", "nethzuser", "900.00", "CHF", "x")))
          .isInstanceOf(UncloudException.class);

      assertThat(count("uncloud.bookings", "service", "3dprint", "kind", "charge")).isEqualTo(2);
      assertThat(count("uncloud.bookings", "service", "deposits", "kind", "deposit")).isEqualTo(1);
      assertThat(count("uncloud.bookings", "service", "3dprint", "kind", "reversal")).isEqualTo(1);
      assertThat(registry.find("uncloud.refusals").counters()).extracting(c -> c.getId().getTag("code"))
          .containsExactlyInAnyOrder("unknown_user", "amount_above_maximum");
      assertThat(registry.get("uncloud.booking.latency").tag("operation", "charge").timer().count()).isEqualTo(5);
      assertThat(registry.get("uncloud.booking.latency").tag("operation", "reverse").timer().count()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("count a refusal its caller made before the call with the service's own refusals, under its code")
  void countsRefusalsMadeBeforeTheCall() {
    try (Uncloud uncloud = lab().meterRegistry(registry).build()) {
      AdminSession raplab = uncloud.credit().authenticate("raplab", Secret.of("verygeheim"));
      assertThatThrownBy(() -> uncloud.credit().chargeUser(raplab,
          ChargeRequest.of("3dprint", "nethzuser", "900.00", "CHF", "x"))).isInstanceOf(UncloudException.class);
      uncloud.credit().refusedBeforeCall("malformed_amount");
      uncloud.credit().refusedBeforeCall("amount_above_maximum");

      assertThat(count("uncloud.refusals", "code", "malformed_amount")).isEqualTo(1);
      assertThat(count("uncloud.refusals", "code", "amount_above_maximum")).isEqualTo(2);
      assertThat(registry.find("uncloud.bookings").counters()).isEmpty();
    }
  }

  @Test
  @DisplayName("refuse as a refusal's code anything but a short lower-case token, with or without a registry")
  void refusalCodesAreTokens() {
    try (Uncloud measured = lab().meterRegistry(registry).build(); Uncloud plain = lab().build()) {
      for (CreditService credit : new CreditService[] {measured.credit(), plain.credit()}) {
        for (String code : new String[] {"abc def", "Malformed", "nethzuser@example.org", "", "_x", "x".repeat(65)}) {
          assertThatThrownBy(() -> credit.refusedBeforeCall(code)).as(code)
              .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never the request's input");
        }
        assertThatThrownBy(() -> credit.refusedBeforeCall(null)).isInstanceOf(IllegalArgumentException.class);
      }
    }
    assertThat(registry.find("uncloud.refusals").counters()).isEmpty();
  }

  @Test
  @DisplayName("tag no meter with a person's name")
  void noUserNamesInTags() {
    try (Uncloud uncloud = lab().meterRegistry(registry).build()) {
      AdminSession raplab = uncloud.credit().authenticate("raplab", Secret.of("verygeheim"));
      uncloud.credit().chargeUser(raplab, ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "job"));
      assertThatThrownBy(() -> uncloud.credit().chargeUser(raplab,
          ChargeRequest.of("3dprint", "nosuchperson", "1.00", "CHF", "job"))).isInstanceOf(UncloudException.class);
    }
    assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags())
        .noneMatch(tag -> tag.getValue().contains("nethzuser") || tag.getValue().contains("nosuchperson"));
  }

  @Test
  @DisplayName("record nothing and hand out the unmeasured service when no registry is given")
  void noRegistryNoMeters() {
    try (UncloudCore uncloud = lab().build()) {
      assertThat(uncloud.credit()).isInstanceOf(ch.uncloud.core.internal.CoreCreditService.class);
    }
  }

  @Test
  @DisplayName("refuse a registry that is not a Micrometer MeterRegistry, naming the type it needs")
  void refusesOtherRegistries() {
    assertThatThrownBy(() -> lab().meterRegistry("not a registry"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("io.micrometer.core.instrument.MeterRegistry").hasMessageContaining("java.lang.String");
  }

  @Test
  @DisplayName("report the ledger and directory ready when both answer, and the directory down when its reads fail")
  void readiness() {
    try (Uncloud uncloud = lab().build()) {
      assertThat(uncloud.readiness(Duration.ofSeconds(2)).ready()).isTrue();
      directory.failNextReads(1);
      Readiness down = uncloud.readiness(Duration.ofSeconds(2));
      assertThat(down.ready()).isFalse();
      assertThat(down.down()).containsExactly("directory");
    }
  }

  private double count(String name, String... tags) {
    MeterRegistry r = registry;
    return r.get(name).tags(tags).counter().count();
  }
}
