package ch.uncloud.jdbc;

/**
 * One balance row: an account in one currency. Sorted by account, then currency, which is the
 * order every writer locks rows in, so that two writers cannot deadlock each other.
 *
 * @param account the user name
 * @param currency the ISO 4217 code
 */
record BalanceKey(String account, String currency) implements Comparable<BalanceKey> {
  @Override
  public int compareTo(BalanceKey other) {
    int byAccount = account.compareTo(other.account);
    return byAccount != 0 ? byAccount : currency.compareTo(other.currency);
  }
}
