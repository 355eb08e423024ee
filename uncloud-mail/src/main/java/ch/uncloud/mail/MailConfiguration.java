package ch.uncloud.mail;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.spi.ProviderConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code uncloud.mail.*} keys. Notices are on when {@code uncloud.mail.host} is set; other
 * {@code uncloud.mail.*} keys without it are a mistake and reported as one. Every problem is reported
 * at once, without connecting anywhere.
 */
final class MailConfiguration {
  static final String PREFIX = "uncloud.mail.";
  static final String HOST = PREFIX + "host";
  static final String PORT = PREFIX + "port";
  static final String SECURITY = PREFIX + "security";
  static final String USER = PREFIX + "user";
  static final String PASSWORD = PREFIX + "password";
  static final String FROM = PREFIX + "from";
  static final String CONNECT_TIMEOUT = PREFIX + "connect-timeout";
  static final String TIMEOUT = PREFIX + "timeout";
  static final String WRITE_TIMEOUT = PREFIX + "write-timeout";
  static final String TRUST_STORE = PREFIX + "trust-store";
  static final String TRUST_STORE_PASSWORD = PREFIX + "trust-store-password";
  static final String ADDRESS_ATTRIBUTE = PREFIX + "address-attribute";
  static final String LANGUAGE_ATTRIBUTE = PREFIX + "language-attribute";
  static final String DEFAULT_LANGUAGE = PREFIX + "default-language";
  static final String TEMPLATE_DIR = PREFIX + "template-dir";
  static final String NOTICES = PREFIX + "notices";

  private MailConfiguration() {}

  /**
   * @param config the configuration
   * @return whether it turns notices on ({@code uncloud.mail.host} is set)
   */
  static boolean enabled(ProviderConfig config) {
    return config.get(HOST).isPresent();
  }

  /**
   * @param config the configuration
   * @return every problem with the {@code uncloud.mail.*} keys; empty if none or if mail is off and no
   *     mail key is set
   */
  static List<String> problems(ProviderConfig config) {
    List<String> problems = new ArrayList<>();
    if (!enabled(config)) {
      List<String> stray = config.keysWithPrefix(PREFIX);
      if (!stray.isEmpty()) {
        problems.add(stray + " set without " + HOST + ": set " + HOST + " to send e-mail notices, or remove them");
      }
      return problems;
    }
    try {
      read(config);
    } catch (ConfigurationException e) {
      problems.addAll(Problems.of(e));
    }
    return problems;
  }

  /**
   * @param config the configuration, with {@code uncloud.mail.host} set
   * @return the settings
   * @throws ConfigurationException listing every problem
   */
  static MailNoticeSettings read(ProviderConfig config) {
    ProviderConfig.Validator v = config.validator().require(HOST).require(FROM);
    SmtpSecurity security = SmtpSecurity.STARTTLS;
    String securityText = config.get(SECURITY, "starttls");
    try {
      security = SmtpSecurity.valueOf(securityText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      v.problem(SECURITY + ": '" + securityText + "' is not starttls, smtps or none");
    }
    int port = security.defaultPort();
    if (config.get(PORT).isPresent()) {
      try {
        port = Integer.parseInt(config.get(PORT).get());
        if (port < 1 || port > 65535) {
          v.problem(PORT + ": " + port + " is not between 1 and 65535");
        }
      } catch (NumberFormatException e) {
        v.problem(PORT + ": '" + config.get(PORT).get() + "' is not a port number");
      }
    }
    Duration connect = duration(config, CONNECT_TIMEOUT, Duration.ofSeconds(10), v);
    Duration read = duration(config, TIMEOUT, Duration.ofSeconds(30), v);
    Duration write = duration(config, WRITE_TIMEOUT, Duration.ofSeconds(30), v);
    String user = config.get(USER).orElse(null);
    Secret password = null;
    if (user != null) {
      v.requireSecret(PASSWORD);
    } else if (config.get(PASSWORD).isPresent()) {
      v.problem(PASSWORD + " is set without " + USER + "; set the login name too, or remove the password");
    }
    try {
      password = user == null ? null : config.secret(PASSWORD).orElse(null);
    } catch (ConfigurationException e) {
      // reported by requireSecret above
    }
    String host = config.get(HOST).orElse(null);
    if (security == SmtpSecurity.NONE && user != null && host != null && !isLoopback(host)) {
      v.problem(USER + " with " + SECURITY + "=none would send the password in clear text to " + host
          + "; use starttls or smtps (none is for a relay on this host)");
    }
    config.get(FROM).ifPresent(from -> {
      try {
        SmtpMailer.sender(from);
      } catch (ConfigurationException e) {
        v.problem(e.getMessage());
      }
    });
    Path trustStore = config.get(TRUST_STORE).map(Path::of).orElse(null);
    v.optionalSecret(TRUST_STORE_PASSWORD);
    if (trustStore != null && security == SmtpSecurity.NONE) {
      v.problem(TRUST_STORE + " is set but " + SECURITY + "=none uses no TLS; use starttls or smtps");
    }
    Secret trustPassword = null;
    try {
      trustPassword = config.secret(TRUST_STORE_PASSWORD).orElse(null);
    } catch (ConfigurationException e) {
      // reported by optionalSecret above
    }
    Set<NoticeKind> notices = EnumSet.noneOf(NoticeKind.class);
    for (String name : config.get(NOTICES, "low-balance,account-locked,bill-final").split("[,\\s]+")) {
      NoticeKind kind = kind(name);
      if (kind == null) {
        v.problem(NOTICES + ": '" + name + "' is not a notice; use low-balance, account-locked, bill-final");
      } else {
        notices.add(kind);
      }
    }
    String defaultLanguage = NoticeTemplates.normalize(config.get(DEFAULT_LANGUAGE, "en"));
    Path templateDir = config.get(TEMPLATE_DIR).map(Path::of).orElse(null);
    NoticeTemplates templates = null;
    try {
      templates = NoticeTemplates.load(templateDir);
      if (!templates.languages().contains(defaultLanguage)) {
        v.problem(DEFAULT_LANGUAGE + ": there are no templates for '" + defaultLanguage + "'; languages with "
            + "templates: " + templates.languages());
      }
    } catch (ConfigurationException e) {
      v.problem(e.getMessage());
    }
    v.validate();
    SmtpSettings smtp = new SmtpSettings(host, port, security, user, password, config.require(FROM), connect, read,
        write, trustStore, trustPassword);
    return new MailNoticeSettings(smtp, config.get(ADDRESS_ATTRIBUTE, "mail"),
        config.get(LANGUAGE_ATTRIBUTE, "preferredLanguage"), defaultLanguage, templates, notices);
  }

  static NoticeKind kind(String name) {
    for (NoticeKind kind : NoticeKind.values()) {
      if (kind.template().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    return null;
  }

  private static Duration duration(ProviderConfig config, String key, Duration fallback, ProviderConfig.Validator v) {
    if (config.get(key).isEmpty()) {
      return fallback;
    }
    try {
      Duration d = ProviderConfig.parseDuration(config.get(key).get());
      if (d.isNegative() || d.isZero()) {
        v.problem(key + ": must be positive");
        return fallback;
      }
      return d;
    } catch (IllegalArgumentException e) {
      v.problem(key + ": " + e.getMessage());
      return fallback;
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // a literal address is not looked up; a name is not resolved here (no network at validation)
      return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?") && InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Splits a validator's message back into its problems. */
  private static final class Problems {
    static List<String> of(ConfigurationException e) {
      String message = e.getMessage();
      int start = message.indexOf("\n  - ");
      if (start < 0) {
        return List.of(message);
      }
      return List.of(message.substring(start + 5).split("\n  - "));
    }
  }
}
