package ch.uncloud.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;

/**
 * One log event as one line of JSON: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message} and, for an event with one, {@code exception} (the stack trace as
 * text). What journald, Loki or Elasticsearch read without a parsing rule. The message is what the
 * code logged: the code never logs secrets, and this layout adds nothing but the fields above.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
  /** Made by Logback from logback-json.xml. */
  public JsonLogLayout() {}

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"timestamp\":");
    string(json, Instant.ofEpochMilli(event.getTimeStamp()).toString());
    json.append(",\"level\":");
    string(json, event.getLevel().toString());
    json.append(",\"logger\":");
    string(json, event.getLoggerName());
    json.append(",\"thread\":");
    string(json, event.getThreadName());
    json.append(",\"message\":");
    string(json, event.getFormattedMessage());
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      json.append(",\"exception\":");
      string(json, ThrowableProxyUtil.asString(thrown));
    }
    return json.append("}\n").toString();
  }

  /** Appends {@code text} as a JSON string: quotes, backslashes and control characters escaped. */
  static void string(StringBuilder json, String text) {
    json.append('"');
    if (text != null) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> json.append("\\\"");
          case '\\' -> json.append("\\\\");
          case '\n' -> json.append("\\n");
          case '\r' -> json.append("\\r");
          case '\t' -> json.append("\\t");
          default -> {
            if (c < 0x20 || c == 0x2028 || c == 0x2029) {
              json.append(String.format("\\u%04x", (int) c));
            } else {
              json.append(c);
            }
          }
        }
      }
    }
    json.append('"');
  }
}
