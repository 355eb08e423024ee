package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.ProviderConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GatewaySettings from uncloud.gateway.* keys")
class GatewaySettingsTest {
  @Test
  @DisplayName("defaults to 127.0.0.1:8080, plain HTTP, 64 KiB bodies, 5 failed logins per name and address a minute, "
      + "100 per name in 15 minutes, 20 per address a minute")
  void defaults() {
    GatewaySettings s = GatewaySettings.from(ProviderConfig.of(Map.of()).withEnvironment(Map.of()));

    assertThat(s.bind()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8080);
    assertThat(s.https()).isFalse();
    assertThat(s.maxBodyBytes()).isEqualTo(65536);
    assertThat(s.loginLimits()).isEqualTo(new LoginLimits(new LoginLimit(5, Duration.ofMinutes(1)),
        new LoginLimit(100, Duration.ofMinutes(15)), new LoginLimit(20, Duration.ofMinutes(1))));
    assertThat(s.connectionLimits()).isEqualTo(new ConnectionLimits(Duration.ofSeconds(20), 1000, 64, 1024,
        Duration.ofSeconds(5)));
  }

  @Test
  @DisplayName("reads the connection limits: idle timeout, connections in total and per address, minimum body rate")
  void connectionLimits() {
    GatewaySettings s = GatewaySettings.from(ProviderConfig.of(Map.of(
        "uncloud.gateway.idle-timeout", "30s",
        "uncloud.gateway.max-connections", "500",
        "uncloud.gateway.max-connections-per-address", "16",
        "uncloud.gateway.min-body-rate", "256",
        "uncloud.gateway.body-grace", "PT2S")).withEnvironment(Map.of()));

    assertThat(s.connectionLimits()).isEqualTo(new ConnectionLimits(Duration.ofSeconds(30), 500, 16, 256,
        Duration.ofSeconds(2)));
  }

  @Test
  @DisplayName("reads every key, and environment variables override them")
  void reads() {
    GatewaySettings s = GatewaySettings.from(ProviderConfig.of(Map.of(
        "uncloud.gateway.bind", "0.0.0.0",
        "uncloud.gateway.allow-plain-http", "true",
        "uncloud.gateway.port", "9090",
        "uncloud.gateway.max-body-bytes", "4096",
        "uncloud.gateway.login-rate-limit", "3/30s",
        "uncloud.gateway.login-rate-limit-per-name", "400/1h",
        "uncloud.gateway.login-rate-limit-per-address", "50/1h"))
        .withEnvironment(Map.of("UNCLOUD_GATEWAY_PORT", "9443")));

    assertThat(s.bind()).isEqualTo("0.0.0.0");
    assertThat(s.port()).isEqualTo(9443);
    assertThat(s.maxBodyBytes()).isEqualTo(4096);
    assertThat(s.loginLimits()).isEqualTo(new LoginLimits(new LoginLimit(3, Duration.ofSeconds(30)),
        new LoginLimit(400, Duration.ofHours(1)), new LoginLimit(50, Duration.ofHours(1))));
  }

  @Test
  @DisplayName("refuses a global per-name limit that one address could use up, naming the key")
  void globalLoginLimitOutlastsOneAddress() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.gateway.login-rate-limit-per-name", "10/1h"))
        .withEnvironment(Map.of());

    assertThatThrownBy(() -> GatewaySettings.from(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.gateway.login-rate-limit-per-name")
        .hasMessageContaining("allow at least 306");
  }

  @Test
  @DisplayName("plain HTTP beyond loopback is refused with the fixes, unless allow-plain-http=true says a TLS proxy is in front")
  void plainHttpBeyondLoopback() {
    ProviderConfig exposed = ProviderConfig.of(Map.of("uncloud.gateway.bind", "0.0.0.0")).withEnvironment(Map.of());

    assertThat(GatewaySettings.problems(exposed)).singleElement().asString()
        .contains("uncloud.gateway.bind is 0.0.0.0", "uncloud.gateway.keystore", "127.0.0.1",
            "uncloud.gateway.allow-plain-http=true");
    assertThatThrownBy(() -> GatewaySettings.from(exposed)).isInstanceOf(ConfigurationException.class);
    assertThat(GatewaySettings.problems(ProviderConfig.of(Map.of("uncloud.gateway.bind", "::1"))
        .withEnvironment(Map.of()))).isEmpty();
    GatewaySettings allowed = GatewaySettings.from(ProviderConfig.of(Map.of("uncloud.gateway.bind", "0.0.0.0",
        "uncloud.gateway.allow-plain-http", "true")).withEnvironment(Map.of()));
    assertThat(allowed.exposed()).isTrue();
    assertThat(allowed.plainHttpProblem()).isEmpty();
  }

  @Test
  @DisplayName("reports every bad key at once")
  void problems() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.gateway.port", "80800",
        "uncloud.gateway.max-body-bytes", "12",
        "uncloud.gateway.login-rate-limit", "lots",
        "uncloud.gateway.keystore", "/nonexistent/gateway.p12",
        "uncloud.gateway.idle-timeout", "soon",
        "uncloud.gateway.min-body-rate", "0")).withEnvironment(Map.of());

    assertThatThrownBy(() -> GatewaySettings.from(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.gateway.port")
        .hasMessageContaining("uncloud.gateway.max-body-bytes")
        .hasMessageContaining("uncloud.gateway.login-rate-limit")
        .hasMessageContaining("uncloud.gateway.keystore")
        .hasMessageContaining("uncloud.gateway.keystore-password")
        .hasMessageContaining("uncloud.gateway.idle-timeout")
        .hasMessageContaining("uncloud.gateway.min-body-rate");
  }
}
