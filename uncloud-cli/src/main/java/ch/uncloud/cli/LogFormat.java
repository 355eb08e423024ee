package ch.uncloud.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The log's format: {@code text} lines (the default) or {@code json} lines, chosen by
 * {@code --log-format}, else the environment variable {@code UNCLOUD_LOG_FORMAT}, else the key
 * {@code uncloud.log.format} of the {@code --config} file. Logback reads its configuration once, when
 * the first logger is made, so {@link Main} decides before anything logs.
 */
enum LogFormat {
  /** Text lines: time, thread, level, logger, message. */
  TEXT("logback.xml"),
  /** One JSON object per line ({@link JsonLogLayout}). */
  JSON("logback-json.xml");

  /** The configuration key. */
  static final String KEY = "uncloud.log.format";
  static final String OPTION = "--log-format";

  private final String logbackConfiguration;

  LogFormat(String logbackConfiguration) {
    this.logbackConfiguration = logbackConfiguration;
  }

  /** @return the Logback configuration resource of this format */
  String logbackConfiguration() {
    return logbackConfiguration;
  }

  /**
   * @param value {@code text} or {@code json}, in any case
   * @return the format, or empty for anything else
   */
  static Optional<LogFormat> parse(String value) {
    return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(TEXT);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  /** @return the problem with the configured {@code uncloud.log.format}, or null if there is none */
  static String problem(String configured) {
    return configured == null || parse(configured).isPresent() ? null
        : KEY + " must be text or json, not '" + configured + "'";
  }

  /**
   * The format a command line asks for. A value that is not a format is left for the command's own
   * parsing to refuse (then the text format logs meanwhile).
   *
   * @param args the command line
   * @param environment the process environment
   * @return the format
   */
  static LogFormat choose(List<String> args, Map<String, String> environment) {
    Optional<String> option = valueOf(args, OPTION);
    if (option.isPresent()) {
      return parse(option.get()).orElse(TEXT);
    }
    String fromEnvironment = environment.get("UNCLOUD_LOG_FORMAT");
    if (fromEnvironment != null) {
      return parse(fromEnvironment).orElse(TEXT);
    }
    return valueOf(args, "--config").flatMap(LogFormat::fromFile).flatMap(LogFormat::parse).orElse(TEXT);
  }

  private static Optional<String> valueOf(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(name) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (arg.startsWith(name + "=")) {
        return Optional.of(arg.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** The key from the file; a file that cannot be read is the command's to report. */
  private static Optional<String> fromFile(String file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      properties.load(in);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(properties.getProperty(KEY));
  }
}
