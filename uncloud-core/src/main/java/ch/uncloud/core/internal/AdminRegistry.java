package ch.uncloud.core.internal;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.spi.AccountDirectory;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * Checks admin passwords: against stored salted hashes (from configuration), against passwords the
 * embedding program handed over directly, and for other admins (when enabled) by binding to the
 * account directory and checking membership of the directory admins' group. Knows which admins are
 * readers (may read any account without owning a service).
 *
 * <p>An unknown name costs the same work as a known name with a wrong password: it is checked
 * against a dummy hash with the configured hashes' parameters (or a dummy password when no hash is
 * configured), so response times do not tell which admin names exist.
 */
public final class AdminRegistry {
  /** Checks a candidate against a stored hash: the one place the slow hash runs. */
  @FunctionalInterface
  interface HashCheck {
    boolean matches(PasswordHash hash, Secret candidate);
  }

  private final Map<String, PasswordHash> hashes;
  private final Map<String, Secret> passwords;
  private final AccountDirectory directory;
  private final String directoryGroup;
  private final Set<String> readers;
  private final HashCheck hashCheck;
  private final PasswordHash dummyHash;
  private final Secret dummyPassword = Secret.of(randomText(24));

  /**
   * @param hashes admins with a stored hash
   * @param passwords admins whose password the embedding program holds
   * @param directory the directory other admins bind to
   * @param directoryGroup the group whose members may log in as admins by a directory bind, or
   *     {@code null} for none
   * @param readers admins who may read every account's balance and start decision
   */
  public AdminRegistry(Map<String, PasswordHash> hashes, Map<String, Secret> passwords, AccountDirectory directory,
      String directoryGroup, Set<String> readers) {
    this(hashes, passwords, directory, directoryGroup, readers, PasswordHash::matches);
  }

  AdminRegistry(Map<String, PasswordHash> hashes, Map<String, Secret> passwords, AccountDirectory directory,
      String directoryGroup, Set<String> readers, HashCheck hashCheck) {
    this.hashes = Map.copyOf(hashes);
    this.passwords = Map.copyOf(passwords);
    this.directory = directory;
    this.directoryGroup = directoryGroup;
    this.readers = Set.copyOf(readers);
    this.hashCheck = hashCheck;
    this.dummyHash = this.hashes.values().stream().max(Comparator.comparingInt(PasswordHash::iterations))
        .map(AdminRegistry::dummyLike).orElse(null);
  }

  boolean isEmpty() {
    return hashes.isEmpty() && passwords.isEmpty() && directoryGroup == null;
  }

  /** @return whether the admin may read every account without owning a service */
  boolean isReader(String admin) {
    return readers.contains(admin);
  }

  /**
   * @throws BadCredentialsException if the name or password is wrong, or a directory user is not in
   *     the directory admins' group
   */
  void verify(String admin, Secret password) {
    PasswordHash hash = hashes.get(admin);
    if (hash != null) {
      if (!hashCheck.matches(hash, password)) {
        throw new BadCredentialsException(BadCredentialsException.Reason.WRONG_PASSWORD);
      }
      return;
    }
    Secret known = passwords.get(admin);
    if (known != null) {
      if (!known.matches(password)) {
        throw new BadCredentialsException(BadCredentialsException.Reason.WRONG_PASSWORD);
      }
      return;
    }
    if (directoryGroup != null) {
      Username user = directory.authenticate(Username.of(admin), password).username();
      if (!directory.isMember(user, directoryGroup)) {
        throw new BadCredentialsException(BadCredentialsException.Reason.UNKNOWN_NAME);
      }
      return;
    }
    if (dummyHash != null) {
      hashCheck.matches(dummyHash, password);
    } else {
      dummyPassword.matches(password);
    }
    throw new BadCredentialsException(BadCredentialsException.Reason.UNKNOWN_NAME);
  }

  /** A hash of nothing anyone knows, with the model's iterations, made without running the hash. */
  private static PasswordHash dummyLike(PasswordHash model) {
    Base64.Encoder b64 = Base64.getEncoder();
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[16];
    byte[] hash = new byte[32];
    random.nextBytes(salt);
    random.nextBytes(hash);
    return PasswordHash.parse("pbkdf2-sha256$" + model.iterations() + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(hash));
  }

  private static String randomText(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }
}
