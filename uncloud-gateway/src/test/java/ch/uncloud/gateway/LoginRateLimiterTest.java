package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LoginRateLimiter")
class LoginRateLimiterTest {
  private static final String ATTACKER = "10.6.6.6";
  private static final String ADMIN_DESK = "10.0.0.1";

  private final TestClock clock = TestClock.at("2026-11-22T08:00:00Z");
  private final LoginRateLimiter limiter = new LoginRateLimiter(new LoginLimits(LoginLimit.parse("3/1m"),
      LoginLimit.parse("60/15m"), LoginLimit.parse("5/1m")), clock);

  /**
   * @param name a lower-case ASCII name
   * @param count how many
   * @return distinct spellings of the name that caseIgnoreMatch treats as the name itself: case,
   *     full-width letters, surrounding spaces
   */
  static List<String> variants(String name, int count) {
    Set<String> spellings = new LinkedHashSet<>();
    for (int mask = 0; spellings.size() < count; mask++) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean upper = (mask >> i & 1) == 1;
        boolean wide = (mask >> (i + name.length()) & 1) == 1;
        char shown = upper ? Character.toUpperCase(c) : c;
        s.append(wide ? (char) (shown - 'A' + '\uFF21') : shown);
      }
      spellings.add((mask >> (2 * name.length()) & 1) == 1 ? " " + s + " " : s.toString());
    }
    return new ArrayList<>(spellings);
  }

  private void fail(String name, String address, boolean exists) {
    limiter.checkAllowed(name, address);
    limiter.failed(name, address, exists);
  }

  private boolean allowed(String name, String address) {
    try {
      limiter.checkAllowed(name, address);
      return true;
    } catch (GatewayError e) {
      return false;
    }
  }

  @Test
  @DisplayName("refuses a name from an address after its failures, says how long to wait, and lets it try again once the window has passed")
  void slidingWindow() {
    for (int i = 0; i < 3; i++) {
      fail("raplab", ATTACKER, true);
      clock.advance(Duration.ofSeconds(10));
    }

    assertThatThrownBy(() -> limiter.checkAllowed("raplab", ATTACKER))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.headers()).containsEntry("Retry-After", "30");
        });
    clock.advance(Duration.ofSeconds(30));
    assertThatCode(() -> limiter.checkAllowed("raplab", ATTACKER)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("the canonical name is NFKC, case folded and stripped, as LDAP's caseIgnoreMatch compares")
  void canonicalName() {
    assertThat(LoginRateLimiter.canonical("  RapLab ")).isEqualTo("raplab");
    assertThat(LoginRateLimiter.canonical("\uFF52\uFF41\uFF50\uFF4C\uFF41\uFF42")).isEqualTo("raplab");
    assertThat(LoginRateLimiter.canonical("Stra\u00DFe")).isEqualTo(LoginRateLimiter.canonical("STRASSE"));
    assertThat(LoginRateLimiter.canonical("a  \t b")).isEqualTo("a b");
    assertThat(LoginRateLimiter.canonical("x".repeat(5000))).hasSize(256);
  }

  @Test
  @DisplayName("90 case and width variants of a name share one count: after 3 failures every variant is refused")
  void caseVariantsShareOneCount() {
    List<String> variants = variants("raplab", 90);
    assertThat(variants).hasSize(90).doesNotHaveDuplicates();
    assertThat(variants.stream().map(LoginRateLimiter::canonical).distinct()).containsExactly("raplab");

    int allowed = 0;
    for (String variant : variants) {
      if (allowed(variant, ATTACKER)) {
        limiter.failed(variant, ATTACKER, false);
        allowed++;
      }
    }

    assertThat(allowed).isEqualTo(3);
  }

  @Test
  @DisplayName("ten times the capacity in distinct unknown names from many addresses does not reset a real name's count")
  void floodOfUnknownNamesKeepsRealCounts() {
    LoginRateLimiter small = new LoginRateLimiter(new LoginLimits(LoginLimit.parse("3/1m"),
        LoginLimit.parse("60/15m"), LoginLimit.parse("999999/1m")), clock, 1_000);
    for (int i = 0; i < 3; i++) {
      small.failed("raplab", ATTACKER, true);
    }
    for (int address = 0; address < 20; address++) {
      for (int i = 0; i < 3; i++) {
        small.failed("bursar", "10.1.0." + address, true); // 60 together: bursar is locked everywhere
      }
    }

    for (int i = 0; i < 10 * 1_000; i++) {
      small.failed("nosuch" + i, "10.2." + (i / 250) + "." + (i % 250), false);
    }

    assertThatThrownBy(() -> small.checkAllowed("raplab", ATTACKER)).isInstanceOf(GatewayError.class);
    assertThatThrownBy(() -> small.checkAllowed("bursar", "10.9.9.9")).isInstanceOf(GatewayError.class);
    assertThat(small.trackedNames()).isLessThanOrEqualTo(2 * 1_000);
  }

  @Test
  @DisplayName("an attacker on one address, trying all the time, never locks the admin out at another address")
  void oneAddressCannotLockOutEverywhere() {
    int attempts = 0;
    for (int second = 0; second < 2 * 60 * 60; second++) {
      if (allowed("raplab", ATTACKER)) {
        limiter.failed("raplab", ATTACKER, true);
        attempts++;
      }
      assertThat(allowed("raplab", ADMIN_DESK)).as("second %d", second).isTrue();
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(attempts).isGreaterThan(300);
  }

  @Test
  @DisplayName("many addresses together use up the slower global limit, and the name is refused everywhere")
  void manyAddressesLockTheNameEverywhere() {
    for (int address = 0; address < 20; address++) {
      for (int i = 0; i < 3; i++) {
        fail("raplab", "10.3.0." + address, true);
      }
    }

    assertThat(allowed("raplab", ADMIN_DESK)).isFalse();
    assertThat(allowed("bursar", ADMIN_DESK)).isTrue();
  }

  @Test
  @DisplayName("a success clears that name's failures from that address, not the address's own count")
  void successClearsNameAtAddress() {
    fail("raplab", ADMIN_DESK, true);
    fail("raplab", ADMIN_DESK, true);
    limiter.succeeded("RAPLAB", ADMIN_DESK);
    fail("raplab", ADMIN_DESK, true);
    fail("raplab", ADMIN_DESK, true);
    assertThat(allowed("raplab", ADMIN_DESK)).isTrue();

    fail("bursar", ADMIN_DESK, true);
    assertThat(allowed("vppadmin", ADMIN_DESK)).isFalse();
  }

  @Test
  @DisplayName("a global limit that one address could use up on its own is refused, with the smallest safe value")
  void globalLimitMustOutlastOneAddress() {
    assertThatThrownBy(() -> new LoginLimits(LoginLimit.parse("5/1m"), LoginLimit.parse("50/15m"),
        LoginLimit.parse("20/1m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allow at least 81");
    assertThatCode(() -> new LoginLimits(LoginLimit.parse("5/1m"), LoginLimit.parse("81/15m"),
        LoginLimit.parse("20/1m"))).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("parses limits such as 5/1m, 20/30s and 100/1h and refuses anything else")
  void parsing() {
    assertThat(LoginLimit.parse("20/30s")).isEqualTo(new LoginLimit(20, Duration.ofSeconds(30)));
    assertThat(LoginLimit.parse("100/1h").window()).isEqualTo(Duration.ofHours(1));
    for (String bad : new String[] {"0/1m", "5/0s", "5", "5/1d", "-1/1m", "five/1m"}) {
      assertThatThrownBy(() -> LoginLimit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
