package ch.uncloud.core.internal;

import ch.uncloud.api.Secret;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.events.EventType;
import ch.uncloud.core.EventSettings;
import ch.uncloud.spi.ProviderConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the events' keys: {@code uncloud.events.thresholds}, {@code uncloud.events.service.NAME.thresholds},
 * {@code uncloud.events.account.NAME.thresholds}, {@code .retry-for}, {@code .first-retry},
 * {@code .max-retry-interval}, {@code .poll-interval}, {@code .lease}, {@code .retention}, and the webhooks ({@code uncloud.events.webhooks}
 * with {@code uncloud.events.webhook.NAME.url}, {@code .types}, {@code .secret}, {@code .timeout}),
 * reporting every problem at once.
 */
public final class EventConfiguration {
  /** The key listing the webhooks' names. */
  public static final String WEBHOOKS_KEY = "uncloud.events.webhooks";
  private static final String PREFIX = "uncloud.events.";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern AMOUNT = Pattern.compile("-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,4})?");

  /**
   * A webhook as configured.
   *
   * @param name its name
   * @param url where to POST
   * @param types what it subscribes to
   * @param secret its signing secret
   * @param timeout connect and answer timeout
   */
  public record Webhook(String name, URI url, Set<EventType> types, Secret secret, Duration timeout) {}

  private final ProviderConfig config;
  private final List<String> problems = new ArrayList<>();
  private EventSettings settings = EventSettings.defaults();
  private final List<Webhook> webhooks = new ArrayList<>();

  /** @param config the configuration, read at once */
  public EventConfiguration(ProviderConfig config) {
    this.config = config;
    read();
  }

  /** @return every problem with the events' keys, each naming the key; empty if none */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** @return the settings the keys give (defaults where a key is missing or bad) */
  public EventSettings settings() {
    return settings;
  }

  /** @return the webhooks the keys describe (those without problems) */
  public List<Webhook> webhooks() {
    return List.copyOf(webhooks);
  }

  private void read() {
    thresholds(PREFIX + "thresholds").ifPresent(values -> settings = settings.withThresholds(values));
    for (String scope : List.of("service", "account")) {
      String prefix = PREFIX + scope + ".";
      for (String key : config.keysWithPrefix(prefix)) {
        String name = key.endsWith(".thresholds") ? key.substring(prefix.length(), key.length() - ".thresholds".length()) : "";
        if (name.isBlank()) {
          problems.add(key + " is not a key uncloud knows; write " + prefix + "NAME.thresholds");
          continue;
        }
        thresholds(key).ifPresent(values -> settings = scope.equals("service")
            ? settings.withServiceThresholds(name, values) : settings.withAccountThresholds(name, values));
      }
    }
    duration("retry-for").ifPresent(d -> settings = apply(() -> settings.withRetryFor(d), "retry-for"));
    Optional<Duration> first = duration("first-retry");
    Optional<Duration> max = duration("max-retry-interval");
    if (first.isPresent() || max.isPresent()) {
      settings = apply(() -> settings.withBackoff(first.orElse(settings.firstRetry()),
          max.orElse(settings.maxRetryInterval())), "first-retry");
    }
    duration("poll-interval").ifPresent(d -> settings = apply(() -> settings.withPollInterval(d), "poll-interval"));
    duration("lease").ifPresent(d -> settings = apply(() -> settings.withLease(d), "lease"));
    duration("retention").ifPresent(d -> settings = apply(() -> settings.withRetention(d), "retention"));
    for (String name : list(WEBHOOKS_KEY)) {
      if (!NAME.matcher(name).matches()) {
        problems.add(WEBHOOKS_KEY + ": '" + shown(name) + "' is not a webhook name (lower-case letters, digits, - and _)");
        continue;
      }
      webhook(name);
    }
  }

  private void webhook(String name) {
    String prefix = PREFIX + "webhook." + name + ".";
    int before = problems.size();
    URI url = null;
    Optional<String> urlText = config.get(prefix + "url");
    if (urlText.isEmpty()) {
      problems.add(prefix + "url is missing: where to POST the events, e.g. https://print.example.org/uncloud-events");
    } else {
      try {
        url = new URI(urlText.get());
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.getUserInfo() != null) {
          problems.add(prefix + "url must be http://HOST/PATH or https://HOST/PATH without a user name");
        }
      } catch (URISyntaxException e) {
        problems.add(prefix + "url is not a URL");
      }
    }
    Set<EventType> types = EnumSet.allOf(EventType.class);
    Optional<String> typesText = config.get(prefix + "types");
    if (typesText.isPresent() && !typesText.get().equals("*")) {
      types = EnumSet.noneOf(EventType.class);
      for (String code : typesText.get().split(",")) {
        try {
          types.add(EventType.fromCode(code.trim()));
        } catch (UncloudException e) {
          problems.add(prefix + "types: " + e.getMessage());
        }
      }
    }
    Secret secret = null;
    try {
      secret = config.secret(prefix + "secret").orElse(null);
      if (secret == null) {
        problems.add(prefix + "secret is missing: the signing secret, as env:VARIABLE or file:PATH");
      } else if (secret.reveal().length() < 16) {
        problems.add(prefix + "secret is shorter than 16 characters; use a long random one");
      }
    } catch (UncloudException e) {
      problems.add(prefix + "secret: " + e.getMessage());
    }
    Duration timeout = Duration.ofSeconds(10);
    Optional<String> timeoutText = config.get(prefix + "timeout");
    if (timeoutText.isPresent()) {
      try {
        timeout = ProviderConfig.parseDuration(timeoutText.get());
        if (timeout.isZero() || timeout.isNegative()) {
          problems.add(prefix + "timeout must be positive");
        }
      } catch (IllegalArgumentException e) {
        problems.add(prefix + "timeout: " + e.getMessage());
      }
    }
    if (problems.size() == before) {
      webhooks.add(new Webhook(name, url, types, secret, timeout));
    }
  }

  /** A comma-separated list of amounts; an empty value is an empty list (for an account: none of the global ones). */
  private Optional<List<BigDecimal>> thresholds(String key) {
    Optional<String> text = config.get(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    List<BigDecimal> values = new ArrayList<>();
    for (String part : text.get().split(",")) {
      String v = part.trim();
      if (v.isEmpty() && text.get().isBlank()) {
        break;
      }
      if (!AMOUNT.matcher(v).matches()) {
        problems.add(key + ": '" + shown(v) + "' is not an amount; write e.g. 5.00,0.00");
        return Optional.empty();
      }
      BigDecimal value = new BigDecimal(v);
      if (values.stream().noneMatch(known -> known.compareTo(value) == 0)) {
        values.add(value);
      }
    }
    return Optional.of(values);
  }

  private Optional<Duration> duration(String key) {
    Optional<String> text = config.get(PREFIX + key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProviderConfig.parseDuration(text.get()));
    } catch (IllegalArgumentException e) {
      problems.add(PREFIX + key + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private EventSettings apply(java.util.function.Supplier<EventSettings> change, String key) {
    try {
      return change.get();
    } catch (UncloudException e) {
      problems.add(PREFIX + key + ": " + e.getMessage());
      return settings;
    }
  }

  private List<String> list(String key) {
    return config.get(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  private static String shown(String text) {
    String cleaned = text.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
  }
}
