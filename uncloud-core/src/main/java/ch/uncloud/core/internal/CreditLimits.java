package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.ServiceDefinition;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

/**
 * How far below zero a charge may take an account: the smaller of its service's limit and the
 * account's own (or the default for every account); unlimited where neither is set, as the lab's
 * overdraft rule has it. The ledger enforces the resulting floor atomically with the booking.
 */
public final class CreditLimits {
  private final Map<Username, BigDecimal> perAccount = new HashMap<>();
  private BigDecimal defaultLimit;

  /**
   * @param amount a limit as an operator writes it, e.g. {@code 20.00}
   * @param what what it limits, for the message
   * @return the limit
   * @throws InvalidRequestException ({@code invalid_argument}) unless it is a plain decimal at or above zero
   */
  public static BigDecimal parse(String amount, String what) {
    if (amount == null || !amount.matches("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,18})?")) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + ": credit limit '" + amount
          + "' is not a plain decimal number at or above zero such as 20.00");
    }
    return new BigDecimal(amount);
  }

  /**
   * @param account the account (the directory's spelling)
   * @param limit how far below zero charges may take it
   */
  public void account(Username account, BigDecimal limit) {
    perAccount.put(account, limit);
  }

  /** @param limit how far below zero charges may take an account without a limit of its own */
  public void defaultLimit(BigDecimal limit) {
    this.defaultLimit = limit;
  }

  /**
   * @return a copy, so a built core does not change with its builder
   */
  public CreditLimits copy() {
    CreditLimits copy = new CreditLimits();
    copy.perAccount.putAll(perAccount);
    copy.defaultLimit = defaultLimit;
    return copy;
  }

  /**
   * @param service the charging service
   * @param account the charged account
   * @param currency the ledger's currency
   * @return the lowest the account's available amount may be after a charge; {@code null} if unlimited
   */
  Money floorFor(ServiceDefinition service, Username account, Currency currency) {
    BigDecimal limit = smaller(service.creditLimit(), perAccount.getOrDefault(account, defaultLimit));
    return limit == null ? null : Money.of(limit.negate(), currency);
  }

  private static BigDecimal smaller(BigDecimal a, BigDecimal b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.min(b);
  }
}
