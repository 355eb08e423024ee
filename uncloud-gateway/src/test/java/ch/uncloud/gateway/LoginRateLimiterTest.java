package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.testkit.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LoginRateLimiter")
class LoginRateLimiterTest {
  private final TestClock clock = TestClock.at("2026-11-22T08:00:00Z");
  private final LoginRateLimiter limiter = new LoginRateLimiter(LoginLimit.parse("3/1m"),
      LoginLimit.parse("5/1m"), clock);

  @Test
  @DisplayName("refuses a name after its failures, says how long to wait, and lets it try again once the window has passed")
  void slidingWindow() {
    for (int i = 0; i < 3; i++) {
      limiter.checkAllowed("raplab", "10.0.0.1");
      limiter.failed("raplab", "10.0.0.1");
      clock.advance(Duration.ofSeconds(10));
    }

    assertThatThrownBy(() -> limiter.checkAllowed("raplab", "10.0.0.2"))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.headers()).containsEntry("Retry-After", "30");
        });
    clock.advance(Duration.ofSeconds(30));
    assertThatCode(() -> limiter.checkAllowed("raplab", "10.0.0.2")).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a success clears the name's failures but not the address's")
  void successClearsName() {
    for (int i = 0; i < 2; i++) {
      limiter.failed("raplab", "10.0.0.1");
    }
    limiter.succeeded("raplab");
    limiter.failed("raplab", "10.0.0.1");
    limiter.failed("raplab", "10.0.0.1");
    assertThatCode(() -> limiter.checkAllowed("raplab", "10.0.0.9")).doesNotThrowAnyException();

    limiter.failed("bursar", "10.0.0.1");
    assertThatThrownBy(() -> limiter.checkAllowed("vppadmin", "10.0.0.1")).isInstanceOf(GatewayError.class);
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
