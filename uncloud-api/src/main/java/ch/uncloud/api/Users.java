package ch.uncloud.api;

/**
 * The people being charged, as the account directory knows them: their own login (for the shop and
 * the customer API). Admin logins go through {@link ch.uncloud.api.credit.CreditService#authenticate}.
 * Thread-safe. Obtain it from {@link Uncloud#users()}.
 */
public interface Users {
  /**
   * Checks a person's own name and password against the directory.
   *
   * @param name the user name as typed
   * @param password the password
   * @return the user, as the directory stores the name (the one canonical spelling: {@code NethzUser}
   *     logs in as {@code nethzuser})
   * @throws BadCredentialsException if the name is not a user or the password is wrong (the same
   *     answer for both, so a stranger cannot tell which names exist)
   * @throws ProviderUnavailableException if the directory does not answer
   */
  Username authenticate(String name, Secret password);
}
