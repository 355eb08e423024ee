package ch.uncloud.mail;

import java.util.List;
import java.util.Set;

/**
 * The notices a person is sent, each with its template's file name and the placeholders its
 * templates may use. {@code name} (the display name) and {@code account} (the user name) are known to
 * every notice.
 */
public enum NoticeKind {
  /** The balance went below a configured threshold. */
  LOW_BALANCE("low-balance", List.of("balance", "threshold", "service")),
  /** The account was locked (its paid credit is below zero). */
  ACCOUNT_LOCKED("account-locked", List.of("credit", "service")),
  /** A monthly bill was made final. */
  BILL_FINAL("bill-final", List.of("bill", "month", "total", "payment", "due"));

  private final String template;
  private final Set<String> placeholders;

  NoticeKind(String template, List<String> own) {
    this.template = template;
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(List.of("name", "account"));
    all.addAll(own);
    this.placeholders = java.util.Collections.unmodifiableSet(all);
  }

  /**
   * @return the template's base name, e.g. {@code low-balance} for {@code de/low-balance.txt}
   */
  public String template() {
    return template;
  }

  /**
   * @return every placeholder this notice's templates may use
   */
  public Set<String> placeholders() {
    return placeholders;
  }
}
