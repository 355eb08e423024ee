package ch.uncloud.core.internal;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.spi.AccountDirectory;
import java.util.Map;

/**
 * Checks admin passwords: against stored salted hashes (from configuration), against passwords the
 * embedding program handed over directly, and for other admins (when enabled) by binding to the
 * account directory. Unknown names cost as much time as known ones.
 */
public final class AdminRegistry {
  private static final PasswordHash DUMMY = PasswordHash.create(Secret.of("timing-equalizer"), 1_000);

  private final Map<String, PasswordHash> hashes;
  private final Map<String, Secret> passwords;
  private final AccountDirectory directory;
  private final boolean directoryAdmins;

  public AdminRegistry(Map<String, PasswordHash> hashes, Map<String, Secret> passwords, AccountDirectory directory,
      boolean directoryAdmins) {
    this.hashes = Map.copyOf(hashes);
    this.passwords = Map.copyOf(passwords);
    this.directory = directory;
    this.directoryAdmins = directoryAdmins;
  }

  boolean isEmpty() {
    return hashes.isEmpty() && passwords.isEmpty() && !directoryAdmins;
  }

  /**
   * @throws BadCredentialsException if the name or password is wrong
   */
  void verify(String admin, Secret password) {
    PasswordHash hash = hashes.get(admin);
    Secret known = passwords.get(admin);
    if (hash != null || known != null) {
      boolean ok = hash != null ? hash.matches(password) : known.matches(password);
      if (!ok) {
        throw new BadCredentialsException(BadCredentialsException.Reason.WRONG_PASSWORD);
      }
      return;
    }
    if (directoryAdmins) {
      directory.authenticate(Username.of(admin), password);
      return;
    }
    DUMMY.matches(password);
    throw new BadCredentialsException(BadCredentialsException.Reason.UNKNOWN_NAME);
  }
}
